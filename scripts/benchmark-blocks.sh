#!/usr/bin/env bash
# Shows, on this machine, that the runtime's weights cover what spammed blocks really cost: runs
# the load generator (scripts/load.mjs) against a dev node whose database is kept, in the worst
# case of `settle` (every batch names MaxModelsPerBatch models, each with owners of its own) and
# with direct payments, then re-executes the loaded blocks with `openledger-node benchmark block`,
# which prints for each block the share of its predicted weight that executing it took. Any
# share above 100% is a block the weights undercharged; the script fails on one.
#
#   scripts/benchmark-blocks.sh [load.mjs options]   (default: --models 64 --consumers 2000
#                                                      --batches 6 --direct 3000)
set -euo pipefail
cd "$(dirname "$0")/.."

# The everyday node leaves the benchmark commands out; this build has them (and is otherwise the
# same node). The whole workspace is named so that features unify as in setup.sh's build.
cargo build --release --locked --workspace --features openledger-node/benchmark
node_bin=$(scripts/node-path.sh)
db=$(mktemp -d /tmp/openledger-blocks-XXXXXX)
trap 'rm -rf "$db"' EXIT
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--models 64 --consumers 2000 --batches 6 --direct 3000)

(cd scripts && node load.mjs --base-path "$db" "${args[@]}") | tee "$db/load.txt"
range=$(sed -n 's/^loaded blocks: *\([0-9]*\)\.\.\([0-9]*\)$/\1 \2/p' "$db/load.txt")
read -r from to <<<"$range"

# The first block the tool executes also pays for compiling the runtime and warming the caches:
# a block before the load (the last of the setup) is executed first, and left out of the check.
warmup=$((from - 1))
echo
echo "==> benchmark block --from $warmup --to $to (each block re-executed 3 times; #$warmup warms up)"
"$node_bin" benchmark block --dev --base-path "$db" --from "$warmup" --to "$to" --repeat 3 2>&1 |
	tee "$db/blocks.txt" | grep -E 'used .* of its weight' || true
worst=$(grep -E 'used +[0-9.]+% of its weight' "$db/blocks.txt" | grep -v "Block $warmup with" |
	grep -oE 'used +[0-9.]+%' | grep -oE '[0-9.]+' | sort -g | tail -n 1)
[ -n "$worst" ] || { echo "benchmark block printed no block" >&2; exit 1; }
echo
echo "== the most a loaded block used of its predicted weight: $worst% =="
awk -v w="$worst" 'BEGIN { exit !(w <= 100) }' || { echo "a block cost more than its weight" >&2; exit 1; }
