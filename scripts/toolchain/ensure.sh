# Sourced by scripts/run and .ci/run: puts Node 24 LTS on PATH and installs the
# project's packages when they are missing or stale. Users with Node 24 skip the bootstrap.
root="${DEVSPACES_ROOT:?set DEVSPACES_ROOT to the checkout}"
toolchain="$root/scripts/toolchain"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 24 ]; then
  if [ ! -x "$toolchain/node_modules/.bin/node" ]; then
    echo "toolchain: this machine has Node $(node --version 2>/dev/null || echo none); installing Node 24 LTS from the npm registry" >&2
    npm ci --prefix "$toolchain" --no-audit --no-fund --loglevel=error >&2
  fi
  export PATH="$toolchain/node_modules/.bin:$PATH"
fi
if [ "$(node_major)" -lt 24 ]; then
  echo "toolchain: Node 24 is required, found $(node --version)" >&2
  exit 1
fi

# npm ci when the lock file changed since the last install (npm records its own copy).
if [ ! -f "$root/node_modules/.package-lock.json" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
  echo "toolchain: installing packages (npm ci)" >&2
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
