#!/usr/bin/env bash
# Runs a command with another Node.js version first on PATH: the official binary as the npm
# registry carries it (package node-<platform>-<arch>), kept in .cache/node-<version>/. Native
# addons compile against that Node's own headers, which the package ships.
#   scripts/with-node.sh 24.21.0 npm test
set -euo pipefail
version="$1"; shift
root="$(cd "$(dirname "$0")/.." && pwd)"
package="node-$(node -p 'process.platform')-$(node -p 'process.arch')"
home="$root/.cache/node-$version"
if [ ! -x "$home/node_modules/$package/bin/node" ]; then
  rm -rf "$home" && mkdir -p "$home"
  npm install --prefix "$home" --no-save --no-package-lock --no-audit --no-fund "$package@$version" >/dev/null
fi
prefix="$home/node_modules/$package"
export PATH="$prefix/bin:$PATH" npm_config_nodedir="$prefix"
echo "with-node: $(node --version) from $prefix" >&2
exec "$@"
