//! The committed corpus replays without a finding: every crash the fuzzer ever found stays
//! fixed, and the seeds still reach what they were written for.

// A test: a panic is its failure.
#![allow(clippy::expect_used)]

use std::path::Path;

fn corpus() -> Vec<(String, Vec<u8>)> {
	let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/runtime");
	let mut inputs: Vec<(String, Vec<u8>)> = std::fs::read_dir(&folder)
		.expect("the committed corpus")
		.map(|entry| {
			let path = entry.expect("an entry").path();
			let name = path.file_name().expect("a name").to_string_lossy().into_owned();
			(name, std::fs::read(&path).expect("readable"))
		})
		.collect();
	inputs.sort();
	inputs
}

#[test]
fn the_committed_corpus_replays_without_a_finding() {
	let inputs = corpus();
	assert!(inputs.len() >= openledger_fuzz::seeds::all().len(), "every seed is committed");
	for (name, input) in &inputs {
		let summary = std::panic::catch_unwind(|| openledger_fuzz::run(input))
			.unwrap_or_else(|_| panic!("{name}: a finding"));
		assert!(summary.actions > 0, "{name} decodes to actions");
	}
}

#[test]
fn the_seeds_reach_what_they_were_written_for() {
	let seeds: std::collections::BTreeMap<String, Vec<u8>> =
		openledger_fuzz::seeds::all().into_iter().collect();
	// A round of epoch 0 finalises and pays its three leaves once each: one plain claim, one
	// through a batch; the second claim of a leaf and a claim for another amount pay nothing.
	let round = openledger_fuzz::run(&seeds["flow-round-and-claims"]);
	assert_eq!(round.claims_paid, 3, "{round:?}");
	// With two attributors, one silent: root resolves the round, the silent one is slashed,
	// both leaves are paid through one batch.
	let silent = openledger_fuzz::run(&seeds["flow-two-attributors-one-silent"]);
	assert_eq!((silent.claims_paid, silent.slashes), (2, 1), "{silent:?}");
	assert_eq!(silent.applied, silent.succeeded, "{silent:?}");
	// Settle: four batches go through (a replayed or forged receipt is skipped, not fatal).
	let settle = openledger_fuzz::run(&seeds["flow-settle"]);
	assert_eq!((settle.applied, settle.succeeded), (4, 4), "{settle:?}");
	// A fuzz account allocates escrow, is charged, asks for most of it back and withdraws it
	// after the unlock delay.
	let escrow = openledger_fuzz::run(&seeds["flow-deposit-settle-withdraw"]);
	assert_eq!((escrow.applied, escrow.succeeded), (4, 4), "{escrow:?}");
	// Most calls, even with their smallest arguments, reach dispatch.
	let calls: Vec<_> = seeds.keys().filter(|name| name.starts_with("call-")).collect();
	assert!(calls.len() > 50, "{} calls", calls.len());
	for name in ["call-Inference-settle", "call-Attribution-claim", "call-Datanets-contribute"] {
		assert!(seeds.contains_key(name), "{name} is a seed");
	}
}
