#!/usr/bin/env bash
# Runs the coverage-guided runtime fuzzer (fuzz/README.md) for the given seconds (default 600):
# libFuzzer through `cargo fuzz` on nightly Rust, on a copy of the committed corpus, then prints
# executions, calls and coverage. A crash leaves its input in fuzz/artifacts/runtime/.
#
#   bash scripts/fuzz.sh [seconds] [jobs]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
jobs=${2:-1}

if ! command -v cargo-fuzz >/dev/null 2>&1; then
	echo "==> installing cargo-fuzz"
	cargo install cargo-fuzz --locked --target-dir "${TMPDIR:-/tmp}/cargo-fuzz-build"
fi
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
	echo "cargo fuzz needs a nightly toolchain (rustup toolchain install nightly)" >&2
	exit 1
fi

# Its own target directory: the instrumented build does not share artefacts with the others,
# and must not hold the shared one's lock meanwhile.
export CARGO_TARGET_DIR=${OPENLEDGER_FUZZ_TARGET:-$HOME/.cache/openledger/fuzz-target}
# The runtime's WASM blob is not what is fuzzed: the native runtime is.
export SKIP_WASM_BUILD=1

echo "==> building the instrumented target (the first time compiles the SDK once more)"
cargo +nightly fuzz build runtime --fuzz-dir fuzz --features libfuzzer -s none --release

# The corpus grows in a folder of its own across runs (the committed one is added each time).
work=${OPENLEDGER_FUZZ_CORPUS:-$HOME/.cache/openledger/fuzz-corpus}
mkdir -p "$work" fuzz/artifacts/runtime
cp -n fuzz/corpus/runtime/* "$work/"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "==> fuzzing for ${seconds} s (${jobs} job(s)) on $work ($(ls "$work" | wc -l) inputs)"
# More than one job: libFuzzer runs them as processes writing fuzz-<n>.log in the current folder.
parallel=()
if [ "$jobs" -gt 1 ]; then parallel=(-jobs="$jobs" -workers="$jobs"); fi
set +e
cargo +nightly fuzz run runtime --fuzz-dir fuzz --features libfuzzer \
	-s none --release "$work" -- -max_total_time="$seconds" "${parallel[@]}" \
	-print_final_stats=1 -timeout=10 -rss_limit_mb=4096 -dict="$PWD/fuzz/runtime.dict" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
echo
echo "==> figures"
grep -E '^#[0-9]+\s+DONE|stat::number_of_executed_units|stat::average_exec_per_sec' "$log" | tail -3 || true
grep 'calls executed' "$log" | tail -1 || true
echo "corpus: $(ls "$work" | wc -l) inputs in $work (from $(ls fuzz/corpus/runtime | wc -l) committed)"
ls fuzz/artifacts/runtime 2>/dev/null | sed 's/^/crash input: fuzz\/artifacts\/runtime\//' || true
exit "$status"
