#!/usr/bin/env bash
# Runs the development chain: Alice authors and finalizes blocks, the well-known dev accounts are
# funded, the demo content is there from genesis, and the state is thrown away on exit.
# Polkadot.js Apps connects at ws://127.0.0.1:9944. Beside the node it starts
#   - the demo gateway (scripts/demo.mjs serve) on http://127.0.0.1:8080: the demo datanets'
#     documents and the demo's usage logs, as `ipfs://openledger-demo/...` URIs are fetched;
#   - Alice's attributor daemon (openledger-attributor run), which settles every epoch by itself
#     (score, commit, reveal, close) and serves its reports on http://127.0.0.1:9960.
# Their output goes to files named at start. Extra arguments go to the node, e.g.
# `scripts/run-dev.sh --rpc-port 9955`. OPENLEDGER_DEV_ATTRIBUTOR=none leaves the daemon out,
# OPENLEDGER_DEV_GATEWAY=none the gateway.
set -euo pipefail
scripts=$(cd "$(dirname "$0")" && pwd)
node_bin=$("$scripts/node-path.sh")
if [ ! -x "$node_bin" ]; then
	echo "$node_bin is missing: run scripts/setup.sh first." >&2
	exit 1
fi
attributor_bin=$(dirname "$node_bin")/openledger-attributor

rpc_port=9944
args=("$@")
for i in "${!args[@]}"; do
	case "${args[$i]}" in
		--rpc-port) rpc_port=${args[$((i + 1))]} ;;
		--rpc-port=*) rpc_port=${args[$i]#--rpc-port=} ;;
	esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/openledger-dev-XXXXXX")
pids=()
cleanup() {
	trap - EXIT INT TERM
	[ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

"$node_bin" --dev --rpc-cors all "$@" &
pids+=($!)

if [ "${OPENLEDGER_DEV_GATEWAY:-}" != none ]; then
	node "$scripts/demo.mjs" serve >"$work/gateway.log" 2>&1 &
	pids+=($!)
	echo "demo gateway on http://127.0.0.1:8080 (log: $work/gateway.log)" >&2
fi
if [ "${OPENLEDGER_DEV_ATTRIBUTOR:-}" != none ]; then
	if [ ! -x "$attributor_bin" ]; then
		echo "$attributor_bin is missing: run scripts/setup.sh first." >&2
		exit 1
	fi
	"$attributor_bin" run --url "ws://127.0.0.1:$rpc_port" --suri //Alice \
		--data-dir "$work/attributor" >"$work/attributor.log" 2>&1 &
	pids+=($!)
	echo "Alice's attributor daemon: reports on http://127.0.0.1:9960/reports/<epoch>.json (log: $work/attributor.log)" >&2
fi

# Runs until the node exits or Ctrl-C.
wait "${pids[0]}"
