//! THIS FILE WAS AUTO-GENERATED USING THE SUBSTRATE BENCHMARK CLI VERSION 64.0.0
//! DATE: 2026-11-26 (Y/M/D)
//! HOSTNAME: `vm`, CPU: `Intel(R) Xeon(R) Processor`
//!
//! DATABASE: `ParityDb`, RUNTIME: `OpenLedger Development`
//! BLOCK-NUM: `Number(19)`
//! SKIP-WRITE: `false`, SKIP-READ: `false`, WARMUPS: `2`
//! STATE-VERSION: `V1`, STATE-CACHE-SIZE: ``
//! WEIGHT-PATH: `runtime/src/weights/ (the slowest of three runs)`
//! METRIC: `P95Percentile`, WEIGHT-MUL: `1.0`, WEIGHT-ADD: `0`

// Executed Command:
//   openledger-node
//   benchmark
//   storage
//   --dev
//   --base-path
//   <dev chain database>
//   --state-version
//   1
//   --batch-size
//   1000
//   --warmups
//   2
//   --metric
//   p95
//   --weight-path
//   runtime/src/weights/ (the slowest of three runs)

#![allow(unused_doc_comments)]

/// Storage DB weights for the `OpenLedger Development` runtime and `ParityDb`.
pub mod constants {
	use polkadot_sdk::{
		frame_support::weights::{constants, RuntimeDbWeight},
		sp_core::parameter_types,
	};

	parameter_types! {
		/// `ParityDB` can be enabled with a feature flag, but is still experimental. These weights
		/// are available for brave runtime engineers who may want to try this out as default.
		pub const ParityDbWeight: RuntimeDbWeight = RuntimeDbWeight {
			/// Time to read one storage item.
			/// Calculated by multiplying the *P95Percentile* of all values with `1.0` and adding `0`.
			///
			/// Stats nanoseconds:
			///   Min, Max: 1_207, 6_650_133
			///   Average:  6_427
			///   Median:   4_789
			///   Std-Dev:  83086.08
			///
			/// Percentiles nanoseconds:
			///   99th: 20_712
			///   95th: 6_927
			///   75th: 5_411
			read: 6_927 * constants::WEIGHT_REF_TIME_PER_NANOS,

			/// Time to write one storage item.
			/// Calculated by multiplying the *P95Percentile* of all values with `1.0` and adding `0`.
			///
			/// Stats nanoseconds:
			///   Min, Max: 13_343, 26_325
			///   Average:  15_940
			///   Median:   13_706
			///   Std-Dev:  4665.53
			///
			/// Percentiles nanoseconds:
			///   99th: 26_325
			///   95th: 26_325
			///   75th: 14_794
			write: 26_325 * constants::WEIGHT_REF_TIME_PER_NANOS,
		};
	}

	#[cfg(test)]
	mod test_db_weights {
		use super::constants::ParityDbWeight as W;
		use polkadot_sdk::frame_support::weights::constants;

		/// Checks that all weights exist and have sane values.
		// NOTE: If this test fails but you are sure that the generated values are fine,
		// you can delete it.
		#[test]
		fn bound() {
			// At least 1 µs.
			assert!(
				W::get().reads(1).ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS,
				"Read weight should be at least 1 µs."
			);
			assert!(
				W::get().writes(1).ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS,
				"Write weight should be at least 1 µs."
			);
			// At most 1 ms.
			assert!(
				W::get().reads(1).ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS,
				"Read weight should be at most 1 ms."
			);
			assert!(
				W::get().writes(1).ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS,
				"Write weight should be at most 1 ms."
			);
		}
	}
}
