//! What the rush measured and checked, printed as a table and written as JSON.

use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The traffic classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
	Settle,
	Claim,
	Review,
	Pay,
	Contribute,
	Transfer,
}

impl Class {
	pub const ALL: [Class; 6] = [
		Class::Settle,
		Class::Claim,
		Class::Review,
		Class::Pay,
		Class::Contribute,
		Class::Transfer,
	];
	/// The classes offered at a rate, by accounts free for their next transaction.
	pub const RATED: [Class; 3] = [Class::Pay, Class::Contribute, Class::Transfer];

	/// The classes whose inclusion the load tool takes back when a re-organisation retracted it
	/// and the winning branch cannot include it: the rate-driven ones, and settle batches.
	pub const TAKEN_BACK: [Class; 4] =
		[Class::Pay, Class::Contribute, Class::Transfer, Class::Settle];

	pub fn name(self) -> &'static str {
		match self {
			Class::Settle => "settle",
			Class::Claim => "claim",
			Class::Review => "review",
			Class::Pay => "pay",
			Class::Contribute => "contribute",
			Class::Transfer => "transfer",
		}
	}
}

/// The figures of one traffic class.
#[derive(Default)]
pub struct ClassStats {
	pub offered: u64,
	/// The reference time offered, summed over the offered transactions.
	pub offered_weight: u128,
	pub accepted: u64,
	pub refused: BTreeMap<String, u64>,
	pub included: u64,
	pub failed: BTreeMap<String, u64>,
	/// Accepted, then given up by the pool (its watcher told why), and never included.
	pub given_up: BTreeMap<String, u64>,
	/// Included although a pool had given them up (another node's pool included them).
	pub included_after_given_up: u64,
	/// Sent again, unchanged, to another node after the one holding them went away.
	pub sent_again: u64,
	/// Sent again, unchanged, to another node after `RESEND_BLOCKS` blocks in a pool without
	/// being included (a node does not gossip again what its peers once refused).
	pub resent_waiting: u64,
	/// Copies sent at once, unchanged, to the other nodes that had the best block (settle
	/// batches and claims: gossip does not carry them under a flood).
	pub sent_to_more_nodes: u64,
	/// Accepted, not included when the drain ended, and still in a node's pool.
	pub waiting: u64,
	/// The waiting ones by the nodes whose pools hold them.
	pub waiting_in: BTreeMap<String, u64>,
	/// Accepted, never included, in no pool, and no pool said why: must be none.
	pub silent: u64,
	/// The silent ones by the last status their watcher heard and the node it was sent to.
	pub silent_last: BTreeMap<String, u64>,
	/// Blocks from the best block at submission to the block that included it.
	pub latencies: Vec<u32>,
	/// The same for transactions first tried before a runtime upgrade and included after it:
	/// they were signed again for the new runtime, and are reported apart.
	pub latencies_across_upgrade: Vec<u32>,
	/// Milliseconds from sending to the node's acceptance (its validation, behind everything
	/// sent to it before).
	pub accept_ms: Vec<u64>,
}

/// The `p`-th percentile (nearest rank) of `values`.
pub fn percentile<T: Copy + Ord + Default>(values: &[T], p: usize) -> T {
	if values.is_empty() {
		return T::default();
	}
	let mut sorted = values.to_vec();
	sorted.sort_unstable();
	let rank = (p * sorted.len()).div_ceil(100).max(1);
	sorted[rank - 1]
}

/// A block's figures.
pub struct BlockStats {
	pub number: u32,
	pub interval_ms: u64,
	pub extrinsics: usize,
	pub normal_permille: u64,
	pub operational_permille: u64,
	pub finality_lag: u32,
	pub ours: BTreeMap<Class, u64>,
}

/// What attribution did during the run: rounds closed, and the rush contributors' claims.
#[derive(Default)]
pub struct Attribution {
	/// The rounds whose closing a block of the rush showed: epoch, and whether it had a result.
	pub rounds_closed: Vec<(u32, bool)>,
	/// Leaves of the rush's contributors in the settlements of rounds closed during the rush and
	/// its drain.
	pub claims_queued: u64,
	/// What they come to.
	pub amount_queued: u128,
	/// Leaves paid (`Attribution::Claimed` of a claim this tool sent), and what they paid.
	pub claimed: u64,
	pub amount_claimed: u128,
	/// Rounds whose settlement could not be claimed against: why.
	pub unclaimable: Vec<String>,
}

/// The run's figures and checks.
#[derive(Default)]
pub struct Report {
	pub attribution: Attribution,
	pub classes: BTreeMap<Class, ClassStats>,
	pub blocks: Vec<BlockStats>,
	pub seconds: f64,
	pub capacity_per_second: u128,
	pub receipts_settled: u64,
	pub receipts_per_second: f64,
	/// The finalised block that enacted a runtime upgrade, if one was.
	pub upgraded_at: Option<u32>,
	pub checks: BTreeMap<&'static str, Result<String, String>>,
}

impl Report {
	/// Whether every check passed.
	pub fn ok(&self) -> bool {
		!self.checks.is_empty() && self.checks.values().all(Result::is_ok)
	}

	/// The missed slots: block intervals beyond one slot, in slots.
	pub fn missed_slots(&self, slot_ms: u64) -> u64 {
		self.blocks
			.iter()
			.skip(1)
			.map(|b| (b.interval_ms + slot_ms / 2) / slot_ms)
			.map(|slots| slots.saturating_sub(1))
			.sum()
	}

	/// Prints the figures as tables.
	pub fn print(&self, slot_ms: u64) {
		let offered_weight: u128 = self.classes.values().map(|c| c.offered_weight).sum();
		let capacity = self.capacity_per_second as f64 * self.seconds;
		println!("\n== OpenLedger rush: per traffic class ==");
		println!(
			"{:<11} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7} {:>5} {:>5} {:>5}",
			"class",
			"offered",
			"accepted",
			"refused",
			"included",
			"failed",
			"gaveup",
			"p50",
			"p99",
			"max"
		);
		for (class, s) in &self.classes {
			println!(
				"{:<11} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7} {:>5} {:>5} {:>5}",
				class.name(),
				s.offered,
				s.accepted,
				s.refused.values().sum::<u64>(),
				s.included,
				s.failed.values().sum::<u64>(),
				s.given_up.values().sum::<u64>(),
				percentile(&s.latencies, 50),
				percentile(&s.latencies, 99),
				s.latencies.iter().max().copied().unwrap_or_default(),
			);
			for (reason, n) in &s.refused {
				println!("{:<11}   refused {n}× {reason}", "");
			}
			for (reason, n) in &s.failed {
				println!("{:<11}   failed {n}× {reason}", "");
			}
			for (reason, n) in &s.given_up {
				println!("{:<11}   given up {n}× ({reason})", "");
			}
			if s.included_after_given_up > 0 {
				println!(
					"{:<11}   {} included after a pool gave them up",
					"", s.included_after_given_up
				);
			}
			if s.sent_again > 0 {
				println!(
					"{:<11}   {} sent again to another node when theirs went away",
					"", s.sent_again
				);
			}
			if s.resent_waiting > 0 {
				println!(
					"{:<11}   {} sent again to another node after waiting in a pool",
					"", s.resent_waiting
				);
			}
			if s.sent_to_more_nodes > 0 {
				println!(
					"{:<11}   {} copies sent at once to the other nodes with the best block",
					"", s.sent_to_more_nodes
				);
			}
			if s.waiting > 0 {
				println!("{:<11}   {} still waiting in a pool when the drain ended", "", s.waiting);
				for (nodes, n) in &s.waiting_in {
					println!("{:<11}     {n} in the pool of {nodes}", "");
				}
			}
			if !s.accept_ms.is_empty() {
				println!(
					"{:<11}   accepted by the node after p50 {:.1} s, p99 {:.1} s",
					"",
					percentile(&s.accept_ms, 50) as f64 / 1000.0,
					percentile(&s.accept_ms, 99) as f64 / 1000.0
				);
			}
			if !s.latencies_across_upgrade.is_empty() {
				println!(
					"{:<11}   {} first tried before the upgrade and included after it, latency max {}",
					"",
					s.latencies_across_upgrade.len(),
					s.latencies_across_upgrade.iter().max().copied().unwrap_or_default()
				);
			}
			if s.silent > 0 {
				println!("{:<11}   {} accepted and silently lost", "", s.silent);
				for (last, n) in &s.silent_last {
					println!("{:<11}     {n}× after {last}", "");
				}
			}
		}
		println!("(latency: blocks from the best block at submission to inclusion)");
		if capacity > 0.0 {
			println!(
				"offered: {:.1}× what the blocks' normal class holds over {:.0} s",
				offered_weight as f64 / capacity,
				self.seconds
			);
		}
		println!(
			"receipts settled: {} ({:.0} receipts/s over the blocks that settled them)",
			self.receipts_settled, self.receipts_per_second
		);
		let a = &self.attribution;
		let rounds: Vec<String> = a
			.rounds_closed
			.iter()
			.map(|(e, f)| format!("{e}{}", if *f { "" } else { " (no result)" }))
			.collect();
		println!(
			"attribution: rounds closed [{}]; contributors' leaves {} ({} units), claimed {} ({} units)",
			rounds.join(", "),
			a.claims_queued,
			a.amount_queued,
			a.claimed,
			a.amount_claimed
		);
		for why in &a.unclaimable {
			println!("  not claimable: {why}");
		}
		println!("\n== per block ==");
		println!(
			"{:>7} {:>8} {:>6} {:>7} {:>7} {:>4}  ours",
			"block", "interval", "xts", "normal", "operat.", "lag"
		);
		for b in &self.blocks {
			let ours: Vec<String> =
				b.ours.iter().map(|(c, n)| format!("{}={n}", c.name())).collect();
			println!(
				"{:>7} {:>7.1}s {:>6} {:>6.1}% {:>6.1}% {:>4}  {}",
				b.number,
				b.interval_ms as f64 / 1000.0,
				b.extrinsics,
				b.normal_permille as f64 / 10.0,
				b.operational_permille as f64 / 10.0,
				b.finality_lag,
				ours.join(" ")
			);
		}
		let lags: Vec<u32> = self.blocks.iter().map(|b| b.finality_lag).collect();
		let intervals: Vec<u64> = self.blocks.iter().skip(1).map(|b| b.interval_ms).collect();
		println!(
			"blocks: {}, missed slots: {}, interval p50 {:.1} s p99 {:.1} s, finality lag p50 {} p99 {} max {}",
			self.blocks.len(),
			self.missed_slots(slot_ms),
			percentile(&intervals, 50) as f64 / 1000.0,
			percentile(&intervals, 99) as f64 / 1000.0,
			percentile(&lags, 50),
			percentile(&lags, 99),
			lags.iter().max().copied().unwrap_or_default(),
		);
		println!("\n== nothing lost ==");
		for (name, result) in &self.checks {
			match result {
				Ok(detail) => println!("ok    {name}: {detail}"),
				Err(detail) => println!("FAIL  {name}: {detail}"),
			}
		}
	}

	/// The figures as JSON.
	pub fn json(&self, slot_ms: u64) -> Value {
		let classes: serde_json::Map<String, Value> = self
			.classes
			.iter()
			.map(|(class, s)| {
				(
					class.name().to_owned(),
					json!({
						"offered": s.offered,
						"offered_weight": s.offered_weight.to_string(),
						"accepted": s.accepted,
						"refused": s.refused,
						"included": s.included,
						"failed": s.failed,
						"given_up": s.given_up,
						"included_after_given_up": s.included_after_given_up,
						"sent_again": s.sent_again,
						"resent_waiting": s.resent_waiting,
						"sent_to_more_nodes": s.sent_to_more_nodes,
						"waiting": s.waiting,
						"waiting_in": s.waiting_in,
						"silent": s.silent,
						"silent_last": s.silent_last,
						"latency_p50": percentile(&s.latencies, 50),
						"latency_p99": percentile(&s.latencies, 99),
						"latency_max": s.latencies.iter().max().copied().unwrap_or_default(),
						"accept_ms_p50": percentile(&s.accept_ms, 50),
						"accept_ms_p99": percentile(&s.accept_ms, 99),
						"across_upgrade": s.latencies_across_upgrade.len(),
						"latency_across_upgrade_max":
							s.latencies_across_upgrade.iter().max().copied().unwrap_or_default(),
					}),
				)
			})
			.collect();
		let blocks: Vec<Value> = self
			.blocks
			.iter()
			.map(|b| {
				json!({
					"number": b.number,
					"interval_ms": b.interval_ms,
					"extrinsics": b.extrinsics,
					"normal_permille": b.normal_permille,
					"operational_permille": b.operational_permille,
					"finality_lag": b.finality_lag,
					"ours": b.ours.iter().map(|(c, n)| (c.name(), *n)).collect::<BTreeMap<_, _>>(),
				})
			})
			.collect();
		let checks: serde_json::Map<String, Value> = self
			.checks
			.iter()
			.map(|(name, r)| {
				let value = match r {
					Ok(detail) => json!({ "ok": true, "detail": detail }),
					Err(detail) => json!({ "ok": false, "detail": detail }),
				};
				((*name).to_owned(), value)
			})
			.collect();
		let offered_weight: u128 = self.classes.values().map(|c| c.offered_weight).sum();
		let capacity = self.capacity_per_second as f64 * self.seconds;
		json!({
			"seconds": self.seconds,
			"overload": if capacity > 0.0 { offered_weight as f64 / capacity } else { 0.0 },
			"classes": classes,
			"blocks": blocks,
			"missed_slots": self.missed_slots(slot_ms),
			"receipts_settled": self.receipts_settled,
			"receipts_per_second": self.receipts_per_second,
			"upgraded_at": self.upgraded_at,
			"attribution": {
				"rounds_closed": self.attribution.rounds_closed,
				"claims_queued": self.attribution.claims_queued,
				"amount_queued": self.attribution.amount_queued.to_string(),
				"claimed": self.attribution.claimed,
				"amount_claimed": self.attribution.amount_claimed.to_string(),
				"unclaimable": self.attribution.unclaimable,
			},
			"checks": checks,
			"ok": self.ok(),
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn percentiles_are_nearest_rank() {
		let values: Vec<u32> = (1..=100).collect();
		assert_eq!(percentile(&values, 50), 50);
		assert_eq!(percentile(&values, 99), 99);
		assert_eq!(percentile(&[3u32, 1, 2], 99), 3);
		assert_eq!(percentile(&[7u32], 50), 7);
		assert_eq!(percentile::<u32>(&[], 99), 0);
	}

	#[test]
	fn missed_slots_count_the_slots_between_blocks() {
		let block = |interval_ms| BlockStats {
			number: 0,
			interval_ms,
			extrinsics: 0,
			normal_permille: 0,
			operational_permille: 0,
			finality_lag: 0,
			ours: BTreeMap::new(),
		};
		let report = Report {
			blocks: vec![block(0), block(6_000), block(12_100), block(5_900), block(18_000)],
			..Default::default()
		};
		assert_eq!(report.missed_slots(6_000), 3);
	}
}
