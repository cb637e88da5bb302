#!/usr/bin/env bash
# Regenerates the weights from benchmarks, on this machine: builds the node with
# `runtime-benchmarks`, then
# - for each pallet named, runs `benchmark pallet` once and writes both the runtime's
#   `runtime/src/weights/pallet_<name>.rs` and the pallet's own `pallets/<name>/src/weights.rs`;
# - for `storage`, fills a dev chain's database with the load generator (scripts/load.mjs: a few
#   thousand accounts, allocations, models and channels) and runs `benchmark storage` on it,
#   writing the database's read and write costs to `runtime/src/weights/paritydb_weights.rs`.
# Every file comes out of a template in scripts/weight-templates/ as it is: nothing is edited
# afterwards.
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

templates=scripts/weight-templates
work=$(mktemp -d /tmp/openledger-weights-XXXXXX)
trap 'rm -rf "$work"' EXIT
steps=${STEPS:-20}
repeat=${REPEAT:-5}

for target in "${targets[@]}"; do
	if [ "$target" = storage ]; then
		db="$work/storage"
		(cd scripts && node load.mjs --base-path "$db" --models 64 --consumers 2000 --batches 2 --direct 500)
		# Writes are timed in batches of 1,000 keys, each with its storage root, as in a loaded
		# block; the 95th percentile is taken, not the mean, so that a slow key is still covered.
		# This machine's timings vary by half from run to run: of three runs, the one with the
		# slowest reads and writes is kept.
		best=0
		for run in 1 2 3; do
			mkdir -p "$work/run$run"
			"$node_bin" benchmark storage --dev --base-path "$db" --state-version 1 \
				--batch-size 1000 --warmups 2 --metric p95 \
				--template-path "$templates/storage.hbs" --weight-path "$work/run$run/"
			cost=$(sed -n 's/^\s*\(read\|write\): \([0-9_]*\) \*.*/\2/p' "$work/run$run/paritydb_weights.rs" |
				tr -d _ | paste -sd+ | bc)
			echo "run $run: read + write = $cost ns"
			if [ "$cost" -gt "$best" ]; then
				best=$cost
				cp "$work/run$run/paritydb_weights.rs" runtime/src/weights/paritydb_weights.rs
			fi
		done
		continue
	fi
	# One run of the benchmarks, written twice: the runtime's weights and the pallet's own.
	"$node_bin" benchmark pallet --runtime "$wasm" --genesis-builder runtime \
		--genesis-builder-preset development --pallet "pallet_${target}" --extrinsic '*' \
		--steps "$steps" --repeat "$repeat" --json-file "$work/pallet_${target}.json" \
		--template "$templates/runtime.hbs" --output "runtime/src/weights/pallet_${target}.rs"
	"$node_bin" benchmark pallet --json-input "$work/pallet_${target}.json" \
		--steps "$steps" --repeat "$repeat" \
		--template "$templates/pallet.hbs" --output "pallets/${target}/src/weights.rs"
done
