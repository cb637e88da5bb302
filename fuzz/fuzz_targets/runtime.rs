//! The libFuzzer target: `bash scripts/fuzz.sh` (fuzz/README.md).

#![no_main]

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// Inputs run and transactions applied by this process, printed now and then.
static RUNS: AtomicU64 = AtomicU64::new(0);
static CALLS: AtomicU64 = AtomicU64::new(0);

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
	let summary = openledger_fuzz::run(input);
	let calls = CALLS.fetch_add(u64::from(summary.applied), Relaxed) + u64::from(summary.applied);
	let runs = RUNS.fetch_add(1, Relaxed) + 1;
	if runs.is_power_of_two() || runs % 100_000 == 0 {
		eprintln!("calls executed: {calls} in {runs} inputs");
	}
});
