#!/usr/bin/env bash
# Regenerates the runtime's weights of the OpenLedger pallets from their benchmarks, on this
# machine: builds the node with `runtime-benchmarks`, runs `benchmark pallet` for each pallet and
# writes `runtime/src/weights/pallet_<name>.rs`. Rebuild the node without the feature afterwards
# (`cargo build --release --workspace`), as setup.sh and test.sh do.
#
#   scripts/benchmark-weights.sh [pallet ...]     (default: datanets models inference attribution)
set -euo pipefail
cd "$(dirname "$0")/.."

pallets=("$@")
[ ${#pallets[@]} -gt 0 ] || pallets=(datanets models inference attribution)

cargo build --release --locked -p openledger-node --features runtime-benchmarks
node_bin=$(scripts/node-path.sh)
wasm="$(dirname "$node_bin")/wbuild/openledger-runtime/openledger_runtime.compact.compressed.wasm"

for pallet in "${pallets[@]}"; do
	out="runtime/src/weights/pallet_${pallet}.rs"
	"$node_bin" benchmark pallet --runtime "$wasm" --genesis-builder runtime \
		--genesis-builder-preset development --pallet "pallet_${pallet}" --extrinsic '*' \
		--steps 20 --repeat 5 --output "$out"
	# The runtime reaches the SDK through the umbrella crate.
	sed -i 's/^use frame_support::/use polkadot_sdk::frame_support::/;
		s/^impl<T: frame_system::Config>/impl<T: polkadot_sdk::frame_system::Config>/;
		s|^// /.*/openledger-node$|// openledger-node|;
		s|^// /.*/openledger_runtime.compact.compressed.wasm$|// <target>/release/wbuild/openledger-runtime/openledger_runtime.compact.compressed.wasm|' "$out"
done
