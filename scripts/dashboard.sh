#!/usr/bin/env bash
# Builds the dashboard (dashboard/, a static site) and serves it on loopback, beside a running
# dev chain (scripts/run-dev.sh):
#
#   scripts/dashboard.sh                    # http://127.0.0.1:8090, node ws://127.0.0.1:9944
#   scripts/dashboard.sh --port 8091        # another port
#
# The page reads the node named by `?node=ws://…` (default ws://127.0.0.1:9944), fetches
# attributors' reports from the URIs they named on chain, and `ipfs://` contents through the
# gateway named by `?ipfs=http://…` (default the demo gateway, http://127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/../dashboard"
port=8090
while [ $# -gt 0 ]; do
	case "$1" in
		--port) port=$2; shift 2 ;;
		--port=*) port=${1#--port=}; shift ;;
		*) echo "unknown argument: $1 (usage: scripts/dashboard.sh [--port N])" >&2; exit 2 ;;
	esac
done
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
	npm ci --no-audit --no-fund
fi
npx vite build --logLevel warn
echo "dashboard on http://127.0.0.1:$port (node: ?node=ws://127.0.0.1:9944)" >&2
exec npx vite preview --port "$port" --strictPort
