#!/usr/bin/env bash
# Builds the pinned test control plane (kube-apiserver, kube-controller-manager,
# kube-scheduler, kubectl, etcd, kwok) from Go modules into a cache outside the repo.
# Skips everything that is already built. Prints how long the build took.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-v1.36.3}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.14}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
SNAPSHOTTER_VERSION="${SNAPSHOTTER_VERSION:-v8.6.0}"
CACHE_ROOT="${DEVSPACES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devspaces}"
BIN_DIR="$CACHE_ROOT/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION/bin"
WORK_DIR="$CACHE_ROOT/build"

export GOFLAGS="${GOFLAGS:-} -trimpath"
export CGO_ENABLED=0
# The build wants a few GB of RAM per package; two cores cap useful parallelism.
export GOMAXPROCS="${GOMAXPROCS:-2}"

# Go lives in /usr/local/go on these machines, which is not always on a non-login PATH.
command -v go >/dev/null || export PATH="$PATH:/usr/local/go/bin"
if ! command -v go >/dev/null; then
  echo "build: Go is required to build the test control plane (https://go.dev/doc/install)" >&2
  exit 1
fi

started=$(date +%s)
mkdir -p "$BIN_DIR" "$WORK_DIR"

have() { [ -x "$BIN_DIR/$1" ]; }

build_kubernetes() {
  local mod="$WORK_DIR/kubernetes-$K8S_VERSION"
  mkdir -p "$mod"
  cd "$mod"
  if [ ! -f go.mod ]; then
    go mod init devspaces.local/k8s-build >/dev/null 2>&1
  fi
  # k8s.io/kubernetes requires its staging modules at v0.0.0 and resolves them with
  # replace lines that only work inside its own repository; re-point each one here.
  local upstream_mod
  upstream_mod=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  local staging_version="v0${K8S_VERSION#v1}"
  local staging
  staging=$(awk '/^replace|^\t/ {print}' "$upstream_mod" | grep -oE 'k8s\.io/[a-z0-9-]+ => \./staging' | awk '{print $1}' | sort -u)
  if [ -z "$staging" ]; then
    staging=$(grep -E '^\s+k8s\.io/[a-z0-9-]+ v0\.0\.0' "$upstream_mod" | awk '{print $1}' | sort -u)
  fi
  go mod edit -require="k8s.io/kubernetes@$K8S_VERSION"
  for m in $staging; do
    go mod edit -replace="$m=$m@$staging_version"
  done
  echo "build: kubernetes $K8S_VERSION with $(echo "$staging" | wc -w) staging modules at $staging_version"
  local ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$(echo "$K8S_VERSION" | cut -d. -f2)"
  for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    if have "$cmd"; then continue; fi
    echo "build: $cmd"
    go build -mod=mod -tags selinux,notest,grpcnotrace -ldflags "$ldflags" -o "$BIN_DIR/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd"
    mv "$BIN_DIR/$cmd.tmp" "$BIN_DIR/$cmd"
  done
}

build_etcd() {
  have etcd && return 0
  local mod="$WORK_DIR/etcd-$ETCD_VERSION"
  mkdir -p "$mod"
  cd "$mod"
  [ -f go.mod ] || go mod init devspaces.local/etcd-build >/dev/null 2>&1
  echo "build: etcd $ETCD_VERSION"
  go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >/dev/null
  go build -mod=mod -ldflags "-s -w" -o "$BIN_DIR/etcd.tmp" go.etcd.io/etcd/server/v3
  mv "$BIN_DIR/etcd.tmp" "$BIN_DIR/etcd"
}

build_kwok() {
  have kwok && return 0
  echo "build: kwok $KWOK_VERSION"
  GOBIN="$BIN_DIR" go install -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
}

# Upstream data files (CRDs, kwok stages) come from the module cache, never from the repo.
fetch_upstream_files() {
  go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" >/dev/null
  go mod download -json "github.com/kubernetes-csi/external-snapshotter/client/v8@$SNAPSHOTTER_VERSION" >/dev/null
}

build_etcd
build_kwok
build_kubernetes
fetch_upstream_files

echo "build: binaries in $BIN_DIR ($(( $(date +%s) - started ))s)"
