#!/usr/bin/env bash
# Runs the development chain: Alice authors and finalizes blocks, the well-known dev accounts are
# funded, and the state is thrown away on exit. Polkadot.js Apps connects at ws://127.0.0.1:9944.
# Extra arguments go to the node, e.g. `scripts/run-dev.sh --rpc-port 9955`.
set -euo pipefail
node_bin=$("$(dirname "$0")/node-path.sh")
if [ ! -x "$node_bin" ]; then
	echo "$node_bin is missing: run scripts/setup.sh first." >&2
	exit 1
fi
exec "$node_bin" --dev --rpc-cors all "$@"
