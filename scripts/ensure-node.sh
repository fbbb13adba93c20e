#!/usr/bin/env bash
# The project runs on Node.js 22 LTS (Node 20 reached its end of life in April 2026). When the
# machine's own node is older, install Node 22 from the npm registry (the `node` package ships the
# binary; the version is pinned in tools/node/package-lock.json). The Makefile puts
# tools/node/node_modules/.bin first on PATH, so npm, tsx, vitest and the app all run on it.
set -euo pipefail
cd "$(dirname "$0")/.."
want=22
major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
local_node=tools/node/node_modules/.bin/node
if [ -x "$local_node" ] && [ "$(major "$local_node")" -ge "$want" ]; then exit 0; fi
if [ "$(major node)" -ge "$want" ]; then exit 0; fi
echo "node $(node --version 2>/dev/null || echo missing) is older than $want: installing Node $want from the npm registry into tools/node..."
npm ci --prefix tools/node --no-audit --no-fund --loglevel=error
"$local_node" --version
