#!/usr/bin/env bash
# Lints what goes into the devspaces repository's .github/:
#   1. every workflow in workflows/*.yml with actionlint (built once from the Go module
#      proxy into ~/.cache/devspaces/bin; it also checks `run:` scripts with ShellCheck
#      when that is installed);
#   2. every third-party action pinned to a full commit SHA, and a top-level `permissions:`;
#   3. the issue form(s) in workflows/ISSUE_TEMPLATE/ against GitHub's issue-form syntax
#      (check-issue-form.ts; GitHub publishes no schema or parser for it that we can fetch);
#   4. the image's shell scripts with shellcheck, when it is installed.
# Usage: test/workflows/lint.sh [ROOT]   (ROOT defaults to this repository; tests pass a copy)
# Exit status: 0 clean, 1 findings, 2 cannot run.
set -euo pipefail
shopt -s nullglob

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "${1:-$HERE/../..}" && pwd)
ACTIONLINT_VERSION=v1.7.12
CACHE_ROOT="${DEVSPACES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devspaces}"
BIN_DIR="$CACHE_ROOT/bin/actionlint-$ACTIONLINT_VERSION"
NODE=${NODE:-node}

command -v go >/dev/null || export PATH="$PATH:/usr/local/go/bin"
if [ ! -x "$BIN_DIR/actionlint" ]; then
  if ! command -v go >/dev/null; then
    echo "lint: Go is needed to build actionlint" >&2
    exit 2
  fi
  echo "lint: building actionlint $ACTIONLINT_VERSION into $BIN_DIR" >&2
  mkdir -p "$BIN_DIR"
  GOBIN="$BIN_DIR" GOFLAGS=-trimpath CGO_ENABLED=0 \
    go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi

status=0
workflows=("$ROOT"/workflows/*.yml)
if [ "${#workflows[@]}" -eq 0 ]; then
  echo "lint: no workflows in $ROOT/workflows" >&2
  exit 2
fi

echo "== actionlint $ACTIONLINT_VERSION: ${workflows[*]#"$ROOT"/}"
if ! command -v shellcheck >/dev/null; then
  echo "!! NOT CHECKED: shellcheck is not installed, so actionlint skips the run: scripts"
fi
if "$BIN_DIR/actionlint" -no-color "${workflows[@]}"; then
  echo "ok"
else
  status=1
fi

echo "== actions pinned to commit SHAs, explicit permissions"
for file in "${workflows[@]}"; do
  rel=${file#"$ROOT"/}
  # `uses: owner/repo[/path]@ref` — local actions (./...) and docker:// images aside.
  while IFS= read -r line; do
    ref=$(sed -E 's/^[^#]*uses:[[:space:]]*["'\'']?([^"'\''[:space:]#]+).*/\1/' <<<"${line#*:}")
    case "$ref" in ./* | docker://*) continue ;; esac
    if ! [[ $ref =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$ ]]; then
      echo "$rel:${line%%:*}: action not pinned to a full commit SHA: $ref"
      status=1
    fi
  done < <(grep -nE '^[[:space:]]*(-[[:space:]]*)?uses:' "$file" || true)
  if ! grep -qE '^permissions:' "$file"; then
    echo "$rel: no top-level permissions: (the default token gets more than a job needs)"
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "ok"

echo "== issue forms"
existing=()
for form in "$ROOT"/workflows/ISSUE_TEMPLATE/*.yml "$ROOT"/workflows/ISSUE_TEMPLATE/*.yaml; do
  # config.yml configures the template chooser; it is not a form.
  if [ "$(basename "$form")" != config.yml ]; then existing+=("$form"); fi
done
if [ "${#existing[@]}" -gt 0 ]; then
  if ! "$NODE" "$HERE/check-issue-form.ts" "${existing[@]}"; then status=1; fi
else
  echo "no issue forms"
fi

echo "== shellcheck of the image and test scripts"
scripts=("$ROOT"/image/*.sh "$ROOT"/image/build/*.sh "$ROOT"/image/config/*.sh "$ROOT"/test/image/*.sh "$ROOT"/test/workflows/*.sh)
if [ "${#scripts[@]}" -eq 0 ]; then
  echo "no scripts"
elif command -v shellcheck >/dev/null; then
  if shellcheck -S warning "${scripts[@]}"; then
    echo "ok"
  else
    status=1
  fi
else
  echo "!! NOT CHECKED: shellcheck is not installed (Debian package: shellcheck)"
fi

exit "$status"
