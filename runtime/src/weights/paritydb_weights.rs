//! The cost of the node's database (`ParityDb`), measured by `benchmark storage` on a loaded
//! dev chain (block Number(15) of the `OpenLedger Development` runtime), on the development machine.
//!
//! Do not edit: regenerate with `scripts/benchmark-weights.sh storage` (template
//! `scripts/weight-templates/storage.hbs`), which keeps the slowest of three runs.
//!
//! Benchmark CLI 64.0.0, 2026-11-28 (Y/M/D); CPU `AMD EPYC`; state version 1,
//! 2 warm-ups; each cost is the *P95Percentile* of all
//! keys times 1.0 plus 0.

#![cfg_attr(rustfmt, rustfmt_skip)]

/// The database's read and write costs.
pub mod constants {
	use polkadot_sdk::{
		frame_support::weights::{constants, RuntimeDbWeight},
		sp_core::parameter_types,
	};

	parameter_types! {
		// Reads, in nanoseconds: min 711, max 4_096_786,
		// mean 4_295, median 2_874, std-dev 61665.44;
		// 75th percentile 3_385, 95th 4_877, 99th 11_357.
		// Writes, in nanoseconds: min 6_483, max 20_202,
		// mean 10_596, median 7_413, std-dev 5582.24;
		// 75th percentile 8_289, 95th 20_202, 99th 20_202.
		/// The time to read and to write one storage item in `ParityDb`.
		pub const ParityDbWeight: RuntimeDbWeight = RuntimeDbWeight {
			read: 4_877 * constants::WEIGHT_REF_TIME_PER_NANOS,
			write: 20_202 * constants::WEIGHT_REF_TIME_PER_NANOS,
		};
	}

	#[cfg(test)]
	mod tests {
		use super::constants::ParityDbWeight as W;
		use polkadot_sdk::frame_support::weights::constants;

		/// Each cost lies between one microsecond and one millisecond: a value outside is a
		/// measurement gone wrong.
		#[test]
		fn costs_are_sane() {
			for (what, cost) in [("read", W::get().reads(1)), ("write", W::get().writes(1))] {
				assert!(cost.ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS, "{what} < 1 µs");
				assert!(cost.ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS, "{what} > 1 ms");
			}
		}
	}
}
