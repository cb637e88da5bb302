#!/usr/bin/env bash
# Regenerates the runtime's weights from benchmarks, on this machine: builds the node with
# `runtime-benchmarks`, then
# - for each pallet named, runs `benchmark pallet` and writes `runtime/src/weights/pallet_<name>.rs`;
# - for `storage`, fills a dev chain's database with the load generator (scripts/load.mjs: a few
#   thousand accounts, allocations, models and channels) and runs `benchmark storage` on it,
#   writing the database's read and write costs to `runtime/src/weights/paritydb_weights.rs`.
# Rebuild the node without the feature afterwards (`cargo build --release --workspace`), as
# setup.sh and test.sh do.
#
#   [STEPS=20] [REPEAT=5] scripts/benchmark-weights.sh [storage] [pallet ...]
#     (default: storage datanets models inference attribution)
set -euo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(storage datanets models inference attribution)

cargo build --release --locked -p openledger-node --features runtime-benchmarks
node_bin=$(scripts/node-path.sh)
wasm="$(dirname "$node_bin")/wbuild/openledger-runtime/openledger_runtime.compact.compressed.wasm"

# The runtime reaches the SDK through the umbrella crate; paths of this machine are left out.
tidy() {
	sed -i 's/^use frame_support::/use polkadot_sdk::frame_support::/;
		s/^impl<T: frame_system::Config>/impl<T: polkadot_sdk::frame_system::Config>/;
		s/^\(\s*\)use frame_support::/\1use polkadot_sdk::frame_support::/;
		s/^\(\s*\)use sp_weights::/\1use polkadot_sdk::sp_weights::/;
		s/^\(\s*\)use sp_core::/\1use polkadot_sdk::sp_core::/;
		s/^\(\s*\)use sp_runtime::/\1use polkadot_sdk::sp_runtime::/;
		s|^// /.*/openledger-node$|// openledger-node|;
		s|^//   /.*/openledger-node$|//   openledger-node|;
		s|^// /.*/openledger_runtime.compact.compressed.wasm$|// <target>/release/wbuild/openledger-runtime/openledger_runtime.compact.compressed.wasm|;
		s|^// --base-path$|&|;
		s|/tmp/openledger-storage-[A-Za-z0-9]*|<dev chain database>|g;
		s|^//! HOSTNAME: `[^`]*`|//! HOSTNAME: `vm`|' "$1"
	sed -i '1{/^$/d}' "$1"
}

for target in "${targets[@]}"; do
	if [ "$target" = storage ]; then
		db=$(mktemp -d /tmp/openledger-storage-XXXXXX)
		(cd scripts && node load.mjs --base-path "$db" --models 64 --consumers 2000 --batches 2 --direct 500)
		# Writes are timed in batches of 1,000 keys, each with its storage root, as in a loaded
		# block; the 95th percentile is taken, not the mean, so that a slow key is still covered.
		# This machine's timings vary by half from run to run: of three runs, the one with the
		# slowest reads and writes is kept.
		best=0
		for run in 1 2 3; do
			mkdir -p "$db/run$run"
			"$node_bin" benchmark storage --dev --base-path "$db" --state-version 1 \
				--batch-size 1000 --warmups 2 --metric p95 --weight-path "$db/run$run/"
			cost=$(sed -n 's/^\s*\(read\|write\): \([0-9_]*\) \*.*/\2/p' "$db/run$run/paritydb_weights.rs" |
				tr -d _ | paste -sd+ | bc)
			echo "run $run: read + write = $cost ns"
			if [ "$cost" -gt "$best" ]; then
				best=$cost
				cp "$db/run$run/paritydb_weights.rs" runtime/src/weights/paritydb_weights.rs
			fi
		done
		rm -rf "$db"
		tidy runtime/src/weights/paritydb_weights.rs
		# The template documents the struct's fields inside an expression.
		sed -i 's/^use polkadot_sdk::sp_weights::RuntimeDbWeight;/use polkadot_sdk::frame_support::weights::RuntimeDbWeight;/;
			s/^\(\s*\)use polkadot_sdk::sp_weights::/\1use polkadot_sdk::frame_support::weights::/;
			s|^/// Storage DB weights|#![allow(unused_doc_comments)]\n\n&|;
			s|<dev chain database>/run[0-9]/|runtime/src/weights/ (the slowest of three runs)|' runtime/src/weights/paritydb_weights.rs
		continue
	fi
	out="runtime/src/weights/pallet_${target}.rs"
	"$node_bin" benchmark pallet --runtime "$wasm" --genesis-builder runtime \
		--genesis-builder-preset development --pallet "pallet_${target}" --extrinsic '*' \
		--steps "${STEPS:-20}" --repeat "${REPEAT:-5}" --output "$out"
	tidy "$out"
done
