#!/usr/bin/env bash
# Build-time helper: download one pinned release artefact, check its SHA-256, and unpack
# it under /out (the stage's output, copied into the final image with `COPY --from`).
#
#   fetch-artefact NAME URL SHA256 file DEST            a single executable, installed at DEST
#   fetch-artefact NAME URL SHA256 tar DEST [OPTIONS]   a tarball, unpacked into the directory DEST
#     --strip N          drop N leading path components (tar only)
#     --member PATH      unpack only this member of the tarball (tar only)
#     --link LINK=TARGET create the symlink LINK (absolute, in the image) pointing to TARGET
#
# Nothing is ever piped into a shell, and nothing lands in /out before its checksum matched.
#
# SKIP_DOWNLOADS (a space-separated list of NAMEs, or "all") exists for builds on machines
# that cannot reach the release hosts (the local buildah test). A skipped artefact is NOT
# installed: a marker file /usr/local/share/devspaces/skipped/NAME records what was left
# out, the entrypoint warns about it, and the CI workflow refuses to publish such an image.
set -euo pipefail

usage() {
  echo "usage: fetch-artefact NAME URL SHA256 file|tar DEST [--strip N] [--member PATH] [--link LINK=TARGET]..." >&2
  exit 2
}

[ "$#" -ge 5 ] || usage
name=$1 url=$2 sha256=$3 kind=$4 dest=$5
shift 5

strip=0
member=""
links=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --strip) strip=${2:?}; shift 2 ;;
    --member) member=${2:?}; shift 2 ;;
    --link) links+=("${2:?}"); shift 2 ;;
    *) usage ;;
  esac
done

if ! [[ $sha256 =~ ^[0-9a-f]{64}$ ]]; then
  echo "fetch-artefact: $name: '$sha256' is not a SHA-256 digest" >&2
  exit 2
fi
case "$url" in https://*) ;; *) echo "fetch-artefact: $name: only https URLs are allowed" >&2; exit 2 ;; esac
case "$dest" in /*) ;; *) echo "fetch-artefact: $name: DEST must be absolute" >&2; exit 2 ;; esac

out=/out
mkdir -p "$out"

for skipped in ${SKIP_DOWNLOADS:-}; do
  if [ "$skipped" = "$name" ] || [ "$skipped" = all ]; then
    mkdir -p "$out/usr/local/share/devspaces/skipped"
    printf '%s %s\n' "$url" "$sha256" >"$out/usr/local/share/devspaces/skipped/$name"
    echo "fetch-artefact: $name: SKIPPED on request (SKIP_DOWNLOADS); the image does NOT contain it" >&2
    exit 0
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fetch-artefact: $name: downloading $url" >&2
curl --fail --silent --show-error --location --proto '=https' --tlsv1.2 \
  --retry 3 --retry-delay 2 --connect-timeout 30 --output "$work/download" "$url"
echo "$sha256  $work/download" | sha256sum --check --strict --quiet
echo "fetch-artefact: $name: sha256 verified" >&2

case "$kind" in
  file)
    install -D -m 0755 "$work/download" "$out$dest"
    ;;
  tar)
    mkdir -p "$out$dest"
    args=(--extract --file "$work/download" --directory "$out$dest" --no-same-owner --strip-components "$strip")
    if [ -n "$member" ]; then args+=("$member"); fi
    tar "${args[@]}"
    ;;
  *) usage ;;
esac

for link in "${links[@]}"; do
  path=${link%%=*}
  target=${link#*=}
  mkdir -p "$out$(dirname "$path")"
  ln -sfn "$target" "$out$path"
done
