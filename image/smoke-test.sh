#!/usr/bin/env bash
# Smoke test of a built workstation image with Docker, run by the CI workflow before it
# publishes anything. It runs the image roughly the way the pod does (uid 1000, every
# capability dropped, no privilege escalation, a fresh home volume) and checks that:
#   - no release download was skipped (a test build must never be published);
#   - every tool is on the login PATH, at the pinned version where one is pinned;
#   - sshd listens on 2222 and code-server on 127.0.0.1:8080 only, and answers;
#   - the home volume was seeded;
#   - `docker stop` (SIGTERM) ends the container cleanly with status 0.
# Usage: image/smoke-test.sh IMAGE
set -euo pipefail

image=${1:?usage: smoke-test.sh IMAGE}
dockerfile="$(dirname "${BASH_SOURCE[0]}")/Dockerfile"
name="devspace-smoke-$$"
volume="devspace-smoke-home-$$"
pinned() { sed -n "s/^ARG $1=//p" "$dockerfile" | head -n 1; }

cleanup() {
  docker rm -f "$name" >/dev/null 2>&1 || true
  docker volume rm "$volume" >/dev/null 2>&1 || true
}
trap cleanup EXIT

fail() {
  echo "smoke test FAILED: $*" >&2
  docker logs "$name" 2>&1 | tail -n 40 >&2 || true
  exit 1
}

docker run -d --name "$name" --user 1000:1000 --cap-drop ALL --security-opt no-new-privileges \
  -v "$volume:/home/developer" -e DEVSPACE_OWNER=smoke-test -e DEVSPACE_GIT_EMAIL=smoke@example.com \
  -e CODE_SERVER_BIND_ADDR=127.0.0.1:8080 "$image" >/dev/null

in_container() { docker exec "$name" bash -lc "$1"; }

ready=0
for _ in $(seq 1 60); do
  if in_container 'exec 3<>/dev/tcp/127.0.0.1/2222 && curl -fsS -o /dev/null http://127.0.0.1:8080/healthz' 2>/dev/null; then
    ready=1
    break
  fi
  sleep 1
done
[ "$ready" -eq 1 ] || fail "sshd on 2222 and code-server on 127.0.0.1:8080 did not both come up within 60 s"

in_container 'test ! -e /usr/local/share/devspaces/skipped' ||
  fail "the image was built with SKIP_DOWNLOADS: $(in_container 'ls /usr/local/share/devspaces/skipped')"

expect() { # COMMAND EXPECTED-SUBSTRING
  local output
  output=$(in_container "$1" 2>&1) || fail "\`$1\` failed: $output"
  grep -qF -- "$2" <<<"$output" || fail "\`$1\` printed '$output', expected '$2'"
  echo "ok: $1 -> $(head -n 1 <<<"$output")"
}
expect 'id -u' 1000
expect 'go version' "go$(pinned GO_VERSION) "
expect 'node --version' "v$(pinned NODE_VERSION)"
expect 'npm --version' .
expect 'kubectl version --client' "v$(pinned KUBECTL_VERSION)"
expect 'kubectx --help' kubectx
expect 'kubens --help' kubens
expect 'lazygit --version' "version=$(pinned LAZYGIT_VERSION)"
expect 'code-server --version' "$(pinned CODE_SERVER_VERSION)"
for tool in git vim tmux curl jq rg fzf make gcc python3 ssh tini; do
  expect "command -v $tool" "/$tool"
done
expect 'cat ~/.gitconfig' 'email = smoke@example.com'
expect 'test -s ~/.bashrc && test -s ~/.vimrc && test -s ~/.tmux.conf && echo seeded' seeded

# code-server must listen on loopback only: /proc/net/tcp lists 127.0.0.1:8080 as
# 0100007F:1F90, and any-address as 00000000:1F90.
in_container "grep -q ' 0100007F:1F90 ' /proc/net/tcp && ! grep -q ' 00000000:1F90 ' /proc/net/tcp" ||
  fail "code-server is not bound to 127.0.0.1:8080 only"
echo "ok: code-server listens on 127.0.0.1:8080 only"

docker stop -t 20 "$name" >/dev/null
status=$(docker inspect -f '{{.State.ExitCode}}' "$name")
[ "$status" = 0 ] || fail "the container exited with status $status after SIGTERM"
echo "ok: clean stop (exit status 0)"
echo "smoke test passed"
