//! The libFuzzer target: `bash scripts/fuzz.sh` (fuzz/README.md).

#![no_main]

use std::{
	sync::{
		atomic::{AtomicU64, Ordering::Relaxed},
		OnceLock,
	},
	time::{Duration, Instant},
};

/// Inputs run, transactions applied (and of those, dispatched without error) and blocks made by
/// this process, printed every `EVERY` (and at powers of two of the inputs, for short runs).
static RUNS: AtomicU64 = AtomicU64::new(0);
static CALLS: AtomicU64 = AtomicU64::new(0);
static SUCCEEDED: AtomicU64 = AtomicU64::new(0);
static BLOCKS: AtomicU64 = AtomicU64::new(0);
/// When the last figures were printed, in seconds since the process started.
static PRINTED: AtomicU64 = AtomicU64::new(0);
const EVERY: Duration = Duration::from_secs(60);

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
	static STARTED: OnceLock<Instant> = OnceLock::new();
	let started = *STARTED.get_or_init(Instant::now);
	let summary = openledger_fuzz::run(input);
	let calls = CALLS.fetch_add(u64::from(summary.applied), Relaxed) + u64::from(summary.applied);
	let succeeded =
		SUCCEEDED.fetch_add(u64::from(summary.succeeded), Relaxed) + u64::from(summary.succeeded);
	let blocks = BLOCKS.fetch_add(u64::from(summary.blocks), Relaxed) + u64::from(summary.blocks);
	let runs = RUNS.fetch_add(1, Relaxed) + 1;
	let elapsed = started.elapsed().as_secs();
	let due = elapsed >= PRINTED.load(Relaxed) + EVERY.as_secs();
	if due || runs.is_power_of_two() {
		PRINTED.store(elapsed, Relaxed);
		eprintln!(
			"calls executed: {calls} ({succeeded} dispatched without error) in {runs} inputs, \
			 {blocks} blocks, {elapsed} s"
		);
	}
});
