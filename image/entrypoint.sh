#!/usr/bin/env bash
# Entrypoint of the devspace workstation, run by tini as the developer (never as root).
#
#   devspace-entrypoint              prepare $HOME, then run sshd and code-server until stopped
#   devspace-entrypoint CMD [ARG]... prepare $HOME, then exec CMD (debugging, tests)
#
# Preparing $HOME (the persistent volume) only ever adds what is missing:
#   1. DOTFILES_REPO (owner/repo): cloned to ~/.dotfiles and installed, once (marker file);
#   2. default dotfiles from /etc/skel-devspaces, each only where no file of that name exists;
#   3. ~/.gitconfig with the owner's name and email, only if there is none.
# A file the developer has is never overwritten, whatever its content.
#
# Environment (set by the provisioner's StatefulSet):
#   HOME                    /home/developer, the volume
#   DEVSPACE_OWNER          the owner's GitHub login (git user.name fallback, prompt)
#   DEVSPACE_GIT_NAME       optional git user.name   (default: DEVSPACE_OWNER)
#   DEVSPACE_GIT_EMAIL      optional git user.email
#   DOTFILES_REPO           optional owner/repo on GitHub
#   CODE_SERVER_BIND_ADDR   where code-server listens; must be loopback (default 127.0.0.1:8080)
# For tests and unusual setups:
#   DEVSPACE_DOTFILES_BASE_URL  where DOTFILES_REPO is cloned from (default https://github.com)
#   DEVSPACE_SSH_LISTEN         host:port for sshd instead of the config's port 2222
set -euo pipefail
shopt -s dotglob nullglob

readonly SKEL_DIR=${DEVSPACE_SKEL_DIR:-/etc/skel-devspaces}
readonly SSHD_CONFIG=/etc/devspaces/sshd_config
readonly SKIPPED_DIR=/usr/local/share/devspaces/skipped
readonly STATE_DIR="$HOME/.devspaces"
readonly DOTFILES_MARKER="$STATE_DIR/dotfiles-installed"
# Install scripts looked for in a dotfiles repository, first match wins.
readonly DOTFILES_SCRIPTS=(install.sh install bootstrap.sh bootstrap script/bootstrap setup.sh setup script/setup)

log() { printf '%s devspace: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }

# Present means "do not touch": a file, a directory, or a symlink, even a dangling one.
exists() { [ -e "$1" ] || [ -L "$1" ]; }

warn_about_skipped_artefacts() {
  local names=("$SKIPPED_DIR"/*)
  if [ "${#names[@]}" -gt 0 ]; then
    log "WARNING: this image was built WITHOUT: ${names[*]##*/} (offline test build; do not deploy it)"
  fi
}

# Copies every file of the skeleton whose path does not exist in $HOME yet.
seed_home() {
  local src rel dst seeded=()
  [ -d "$SKEL_DIR" ] || return 0
  while IFS= read -r -d '' src; do
    rel=${src#"$SKEL_DIR"/}
    dst="$HOME/$rel"
    if [ -d "$src" ] && [ ! -L "$src" ]; then
      exists "$dst" || mkdir -p "$dst" || log "could not create ~/$rel"
      continue
    fi
    exists "$dst" && continue
    if mkdir -p "$(dirname "$dst")" && cp -P --preserve=mode,timestamps "$src" "$dst"; then
      seeded+=("$rel")
    else
      log "could not seed ~/$rel"
    fi
  done < <(find "$SKEL_DIR" -mindepth 1 -print0 | sort -z)
  if [ "${#seeded[@]}" -gt 0 ]; then log "seeded ${seeded[*]}"; fi
}

# Writes ~/.gitconfig with the owner's identity, if there is no ~/.gitconfig at all.
seed_gitconfig() {
  local file="$HOME/.gitconfig"
  local name=${DEVSPACE_GIT_NAME:-${DEVSPACE_OWNER:-}}
  local email=${DEVSPACE_GIT_EMAIL:-}
  exists "$file" && return 0
  [ -n "$name" ] || [ -n "$email" ] || return 0
  printf '# Seeded once by the devspace image; yours now. Image-wide defaults: /etc/gitconfig\n' >"$file"
  if [ -n "$name" ]; then git config --file "$file" user.name "$name"; fi
  if [ -n "$email" ]; then git config --file "$file" user.email "$email"; fi
  log "seeded .gitconfig"
}

# Links the repository's top-level dotfiles into $HOME where nothing of that name exists.
link_dotfiles() {
  local dir=$1 path name
  for path in "$dir"/.*; do
    name=${path##*/}
    case "$name" in . | .. | .git | .github | .gitignore | .gitmodules | .gitattributes) continue ;; esac
    if exists "$HOME/$name"; then
      log "dotfiles: ~/$name exists, not linking it"
    else
      ln -s "$path" "$HOME/$name"
    fi
  done
}

# Clones DOTFILES_REPO and runs its install script (or links its dotfiles), once. A failed
# clone is retried at the next start; a failed install is not (see the marker to retry).
install_dotfiles() {
  local repo=${DOTFILES_REPO:-} base=${DEVSPACE_DOTFILES_BASE_URL:-https://github.com}
  local dir="$HOME/.dotfiles" script="" status=0 candidate
  [ -n "$repo" ] || return 0
  exists "$DOTFILES_MARKER" && return 0
  if ! [[ $repo =~ ^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$ ]] || [[ $repo == */. || $repo == */.. ]]; then
    log "dotfiles: ignoring DOTFILES_REPO '$repo' (expected owner/repo)"
    return 0
  fi
  if [ ! -d "$dir/.git" ]; then
    if exists "$dir"; then
      log "dotfiles: ~/.dotfiles exists and is not a git clone; leaving it alone"
      return 0
    fi
    log "dotfiles: cloning $repo"
    rm -rf "$dir.partial"
    if ! GIT_TERMINAL_PROMPT=0 timeout 180 git clone --quiet -- "$base/$repo.git" "$dir.partial"; then
      rm -rf "$dir.partial"
      log "dotfiles: could not clone $repo; will try again at the next start"
      return 0
    fi
    mv "$dir.partial" "$dir"
  fi
  for candidate in "${DOTFILES_SCRIPTS[@]}"; do
    if [ -f "$dir/$candidate" ]; then
      script=$candidate
      break
    fi
  done
  if [ -n "$script" ]; then
    log "dotfiles: running $script"
    if [ -x "$dir/$script" ]; then
      (cd "$dir" && timeout "${DOTFILES_INSTALL_TIMEOUT:-600}" "./$script") </dev/null || status=$?
    else
      (cd "$dir" && timeout "${DOTFILES_INSTALL_TIMEOUT:-600}" bash "./$script") </dev/null || status=$?
    fi
  else
    link_dotfiles "$dir"
  fi
  mkdir -p "$STATE_DIR"
  printf 'repo=%s\nscript=%s\nstatus=%s\ndate=%s\n' "$repo" "${script:-none (linked)}" "$status" \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$DOTFILES_MARKER"
  if [ "$status" -ne 0 ]; then
    log "dotfiles: $script exited with $status; not retried (delete $DOTFILES_MARKER to retry)"
  else
    log "dotfiles: installed $repo"
  fi
}

prepare_home() {
  if [ ! -d "$HOME" ] || [ ! -w "$HOME" ]; then
    log "HOME ($HOME) is missing or not writable by uid $(id -u); is the home volume mounted?"
    return 1
  fi
  mkdir -p "$STATE_DIR"
  chmod 0700 "$STATE_DIR"
  install_dotfiles
  seed_home
  seed_gitconfig
}

# Host keys on the volume: created once, permissions repaired at every start (the kubelet's
# fsGroup handling may widen them, and sshd refuses a readable private key).
prepare_ssh() {
  local dir="$STATE_DIR/ssh" type key
  mkdir -p "$dir"
  chmod 0700 "$dir"
  for type in ed25519 rsa; do
    key="$dir/ssh_host_${type}_key"
    if [ ! -s "$key" ] || [ ! -s "$key.pub" ]; then
      rm -f "$key" "$key.pub"
      ssh-keygen -q -t "$type" -N '' -C "devspace-host-key" -f "$key"
      log "generated the $type host key"
    fi
    chmod 0600 "$key"
    chmod 0644 "$key.pub"
  done
  # StrictModes ignores ~/.ssh/authorized_keys when $HOME or ~/.ssh is writable by others.
  if [ -O "$HOME" ]; then chmod go-w "$HOME"; fi
  if [ -d "$HOME/.ssh" ] && [ -O "$HOME/.ssh" ]; then chmod go-w "$HOME/.ssh"; fi
  if [ -n "$(find "$HOME" -maxdepth 0 -perm /022)" ]; then
    log "note: $HOME is writable by group or others and not ours to change, so sshd ignores" \
      "$HOME/.ssh/authorized_keys; keys from GitHub (/etc/devspaces/ssh/authorized_keys) still work"
  fi
}

sshd_pid="" code_server_pid="" stopping=0

start_sshd() {
  local args=(-D -e -f "$SSHD_CONFIG")
  # Keys elsewhere than the config's /home/developer (another HOME) are added explicitly.
  if [ "$HOME" != /home/developer ]; then
    args+=(-h "$STATE_DIR/ssh/ssh_host_ed25519_key" -h "$STATE_DIR/ssh/ssh_host_rsa_key")
  fi
  if [ -n "${DEVSPACE_SSH_LISTEN:-}" ]; then args+=(-o "ListenAddress=$DEVSPACE_SSH_LISTEN"); fi
  /usr/sbin/sshd "${args[@]}" &
  sshd_pid=$!
  log "sshd started (pid $sshd_pid)"
}

# code-server without its own login is only acceptable on loopback: the OAuth proxy in the
# same pod is the only way in.
start_code_server() {
  local bind=${CODE_SERVER_BIND_ADDR:-127.0.0.1:8080}
  if ! command -v code-server >/dev/null; then
    log "code-server is not installed in this image; no browser IDE"
    return 0
  fi
  case "${bind%:*}" in
    127.0.0.1 | localhost | "[::1]") ;;
    *)
      log "refusing to start code-server without authentication on $bind (not loopback)"
      return 0
      ;;
  esac
  code-server --bind-addr "$bind" --auth none --disable-telemetry --disable-update-check "$HOME" &
  code_server_pid=$!
  log "code-server started on $bind (pid $code_server_pid)"
}

stop_children() {
  local pids=() waited=0
  for pid in "$sshd_pid" "$code_server_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then pids+=("$pid"); fi
  done
  [ "${#pids[@]}" -gt 0 ] || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  while [ "$waited" -lt 100 ]; do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" -eq 1 ] || break
    sleep 0.1
    waited=$((waited + 1))
  done
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid ignored SIGTERM for 10 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  wait 2>/dev/null || true
}

serve() {
  local exited status restarts=0
  prepare_ssh
  trap 'stopping=1' TERM INT HUP
  start_sshd
  start_code_server
  while true; do
    if [ "$stopping" -eq 1 ]; then
      log "stopping"
      stop_children
      log "stopped"
      return 0
    fi
    exited="" status=0
    local pids=("$sshd_pid")
    if [ -n "$code_server_pid" ]; then pids+=("$code_server_pid"); fi
    # Returns when a child exits or a trapped signal arrives (then $exited stays empty).
    wait -n -p exited "${pids[@]}" || status=$?
    [ "$stopping" -eq 1 ] && continue
    if [ "$exited" = "$sshd_pid" ]; then
      log "sshd exited with status $status; stopping the workstation"
      sshd_pid=""
      stop_children
      return 1
    fi
    if [ -n "$exited" ] && [ "$exited" = "$code_server_pid" ]; then
      # A crashing IDE should not take the developer's ssh sessions down with it.
      restarts=$((restarts + 1))
      code_server_pid=""
      local delay=$((restarts < 6 ? restarts * 5 : 30))
      log "code-server exited with status $status; restarting it in $delay s"
      sleep "$delay" &
      wait $! || true
      [ "$stopping" -eq 1 ] && continue
      start_code_server
    fi
  done
}

main() {
  warn_about_skipped_artefacts
  if [ "$(id -u)" -eq 0 ]; then
    # Files created as root in the home volume would be unusable by the developer.
    if [ "$#" -gt 0 ]; then exec "$@"; fi
    log "refusing to run the workstation as root; run it as uid 1000 (the image's USER)"
    exit 1
  fi
  prepare_home
  if [ "$#" -gt 0 ]; then exec "$@"; fi
  serve
}

main "$@"
