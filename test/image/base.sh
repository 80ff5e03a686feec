#!/usr/bin/env bash
# Makes the local stand-in for the Dockerfile's BASE_IMAGE (debian:<suite>-slim), which
# cannot be pulled here: a minimal Debian root filesystem from debootstrap, imported into
# buildah's storage as localhost/devspaces-base:<suite>.
#
# The root filesystem is cached as a tarball outside the repository
# (~/.cache/devspaces/image-base/, or $DEVSPACES_CACHE/image-base/) and reused; pass
# --refresh to build it again. It may be weeks old: the Dockerfile runs apt-get upgrade.
#
# Prints the image name on the last line of stdout; progress goes to stderr.
set -euo pipefail

SUITE=${DEVSPACES_IMAGE_SUITE:-trixie}
CACHE_DIR="${DEVSPACES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devspaces}/image-base"
TARBALL="$CACHE_DIR/debian-$SUITE-minbase.tar"
IMAGE="localhost/devspaces-base:$SUITE"
EXTRA_CA_DIR=${DEVSPACES_EXTRA_CA_DIR:-/usr/local/share/ca-certificates}
export STORAGE_DRIVER=${STORAGE_DRIVER:-vfs}

refresh=0
[ "${1:-}" = --refresh ] && refresh=1

say() { echo "image-base: $*" >&2; }

for tool in buildah debootstrap; do
  if ! command -v "$tool" >/dev/null; then
    say "$tool is required (Debian packages: buildah debootstrap)"
    exit 2
  fi
done
if [ "$(id -u)" -ne 0 ]; then
  say "debootstrap and buildah's chroot isolation need root"
  exit 2
fi

mkdir -p "$CACHE_DIR"

build_tarball() {
  local rootfs started mirror
  rootfs=$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$rootfs'" RETURN
  started=$(date +%s)
  say "debootstrap --variant=minbase $SUITE (cold; takes about a minute)"
  debootstrap --variant=minbase "$SUITE" "$rootfs" ${DEBIAN_MIRROR:+"$DEBIAN_MIRROR"} >&2

  # Look like the official slim image: deb822 sources with the updates and security
  # suites, and no documentation installed by later packages.
  mirror=$(awk '$1 == "deb" { print $2; exit }' "$rootfs/etc/apt/sources.list")
  rm -f "$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/devspaces-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/man/*
EOF
  # This machine reaches HTTPS hosts through a TLS-inspecting proxy whose CA the host
  # trusts. Debian's ca-certificates package adds every *.crt found here to the bundle
  # when the Dockerfile installs it, so builds here trust what the host trusts. The
  # official base image has no such certificates; neither does the image built in CI.
  if compgen -G "$EXTRA_CA_DIR/*.crt" >/dev/null; then
    mkdir -p "$rootfs/usr/local/share/ca-certificates"
    cp "$EXTRA_CA_DIR"/*.crt "$rootfs/usr/local/share/ca-certificates/"
    say "added this machine's extra CA certificates: $(cd "$EXTRA_CA_DIR" && echo *.crt)"
  fi
  chroot "$rootfs" apt-get clean
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/*.log

  tar --numeric-owner --xattrs -C "$rootfs" -cf "$TARBALL.partial" .
  mv "$TARBALL.partial" "$TARBALL"
  say "root filesystem cached at $TARBALL after $(($(date +%s) - started)) s"
}

import_tarball() {
  local ctr started
  started=$(date +%s)
  buildah rmi "$IMAGE" >/dev/null 2>&1 || true
  ctr=$(buildah from scratch)
  buildah add --quiet "$ctr" "$TARBALL" / >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --cmd /bin/bash --label "devspaces.base.source=debootstrap $SUITE" "$ctr"
  buildah commit --quiet --rm "$ctr" "$IMAGE" >/dev/null
  say "imported as $IMAGE in $(($(date +%s) - started)) s"
}

if [ "$refresh" -eq 1 ] || [ ! -s "$TARBALL" ]; then
  build_tarball
  import_tarball
elif ! buildah inspect --type image "$IMAGE" >/dev/null 2>&1; then
  import_tarball
else
  say "reusing $IMAGE (cached root filesystem from $(date -u -r "$TARBALL" +%Y-%m-%d))"
fi
echo "$IMAGE"
