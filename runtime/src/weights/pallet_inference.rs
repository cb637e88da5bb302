//! Weights of `pallet_inference` in the OpenLedger runtime, generated from the pallet's benchmarks.
//!
//! Do not edit: regenerate with `scripts/benchmark-weights.sh` (template
//! `scripts/weight-templates/runtime.hbs`).
//!
//! Benchmark CLI 64.0.0, 2026-11-28; CPU `AMD EPYC`; 20 steps, 5 repeats;
//! WASM execution `Compiled`, genesis: the runtime's `development` preset.
//! Database reads and writes are priced by the runtime's `DbWeight`.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use polkadot_sdk::frame_support::{traits::Get, weights::Weight};

/// The weights of `pallet_inference`'s calls on this runtime.
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> pallet_inference::WeightInfo for WeightInfo<T> {
	/// Storage: `Models::Models` (r:2 w:0)
	/// Proof: `Models::Models` (`max_values`: None, `max_size`: Some(2013), added: 4488, mode: `MaxEncodedLen`)
	/// Storage: `Inference::FeeSplitOverride` (r:1 w:0)
	/// Proof: `Inference::FeeSplitOverride` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:5 w:5)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Schedule` (r:1 w:0)
	/// Proof: `Attribution::Schedule` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Pools` (r:1 w:1)
	/// Proof: `Attribution::Pools` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::ModelPools` (r:1 w:1)
	/// Proof: `Attribution::ModelPools` (`max_values`: None, `max_size`: Some(72), added: 2547, mode: `MaxEncodedLen`)
	fn pay_for_inference() -> Weight {
		// Proof size in bytes: measured `1157`, estimated `14005`.
		// Minimum execution time: 243_441_000 picoseconds.
		Weight::from_parts(251_854_000, 14005)
			.saturating_add(T::DbWeight::get().reads(11))
			.saturating_add(T::DbWeight::get().writes(7))
	}
	/// Storage: `Inference::Escrows` (r:1 w:1)
	/// Proof: `Inference::Escrows` (`max_values`: None, `max_size`: Some(1485), added: 3960, mode: `MaxEncodedLen`)
	/// Storage: `Inference::NextAllocationId` (r:1 w:1)
	/// Proof: `Inference::NextAllocationId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	fn deposit() -> Weight {
		// Proof size in bytes: measured `411`, estimated `4950`.
		// Minimum execution time: 61_731_000 picoseconds.
		Weight::from_parts(65_176_000, 4950)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Inference::Escrows` (r:1 w:1)
	/// Proof: `Inference::Escrows` (`max_values`: None, `max_size`: Some(1485), added: 3960, mode: `MaxEncodedLen`)
	fn request_withdrawal() -> Weight {
		// Proof size in bytes: measured `1503`, estimated `4950`.
		// Minimum execution time: 19_029_000 picoseconds.
		Weight::from_parts(20_891_000, 4950)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Inference::Escrows` (r:1 w:1)
	/// Proof: `Inference::Escrows` (`max_values`: None, `max_size`: Some(1485), added: 3960, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn withdraw() -> Weight {
		// Proof size in bytes: measured `1799`, estimated `4950`.
		// Minimum execution time: 58_076_000 picoseconds.
		Weight::from_parts(61_321_000, 4950)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	/// Storage: `Inference::FeeSplitOverride` (r:1 w:0)
	/// Proof: `Inference::FeeSplitOverride` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Models::Models` (r:2 w:0)
	/// Proof: `Models::Models` (`max_values`: None, `max_size`: Some(2013), added: 4488, mode: `MaxEncodedLen`)
	/// Storage: `Inference::Escrows` (r:2048 w:2048)
	/// Proof: `Inference::Escrows` (`max_values`: None, `max_size`: Some(1485), added: 3960, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:6 w:6)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Schedule` (r:1 w:0)
	/// Proof: `Attribution::Schedule` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Pools` (r:1 w:1)
	/// Proof: `Attribution::Pools` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::ModelPools` (r:1 w:1)
	/// Proof: `Attribution::ModelPools` (`max_values`: None, `max_size`: Some(72), added: 2547, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::OperatorLogCount` (r:1 w:1)
	/// Proof: `Attribution::OperatorLogCount` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::UsageLogCount` (r:1 w:1)
	/// Proof: `Attribution::UsageLogCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::UsageLogs` (r:0 w:1)
	/// Proof: `Attribution::UsageLogs` (`max_values`: None, `max_size`: Some(414), added: 2889, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 2048]`.
	fn settle(n: u32, ) -> Weight {
		// Proof size in bytes: measured `3439 + n * (1410 ±0)`, estimated `16608 + n * (3960 ±0)`.
		// Minimum execution time: 522_394_000 picoseconds.
		Weight::from_parts(573_140_000, 16608)
			// Standard error: 263_522
			.saturating_add(Weight::from_parts(62_381_214, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(16))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(12))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 3960).saturating_mul(n.into()))
	}
	/// Storage: `Inference::FeeSplitOverride` (r:1 w:0)
	/// Proof: `Inference::FeeSplitOverride` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Models::Models` (r:128 w:0)
	/// Proof: `Models::Models` (`max_values`: None, `max_size`: Some(2013), added: 4488, mode: `MaxEncodedLen`)
	/// Storage: `Inference::Escrows` (r:64 w:64)
	/// Proof: `Inference::Escrows` (`max_values`: None, `max_size`: Some(1485), added: 3960, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:132 w:132)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Schedule` (r:1 w:0)
	/// Proof: `Attribution::Schedule` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Pools` (r:1 w:1)
	/// Proof: `Attribution::Pools` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::ModelPools` (r:64 w:64)
	/// Proof: `Attribution::ModelPools` (`max_values`: None, `max_size`: Some(72), added: 2547, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::OperatorLogCount` (r:1 w:1)
	/// Proof: `Attribution::OperatorLogCount` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::UsageLogCount` (r:1 w:1)
	/// Proof: `Attribution::UsageLogCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::UsageLogs` (r:0 w:1)
	/// Proof: `Attribution::UsageLogs` (`max_values`: None, `max_size`: Some(414), added: 2889, mode: `MaxEncodedLen`)
	/// The range of component `m` is `[1, 64]`.
	fn settle_models(m: u32, ) -> Weight {
		// Proof size in bytes: measured `1138 + m * (1969 ±0)`, estimated `11402 + m * (8976 ±0)`.
		// Minimum execution time: 355_828_000 picoseconds.
		Weight::from_parts(247_110_270, 11402)
			// Standard error: 837_364
			.saturating_add(Weight::from_parts(166_127_088, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(11))
			.saturating_add(T::DbWeight::get().reads((6_u64).saturating_mul(m.into())))
			.saturating_add(T::DbWeight::get().writes(9))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(m.into())))
			.saturating_add(Weight::from_parts(0, 8976).saturating_mul(m.into()))
	}
	/// Storage: `Inference::FeeSplitOverride` (r:0 w:1)
	/// Proof: `Inference::FeeSplitOverride` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	fn set_fee_split() -> Weight {
		// Proof size in bytes: measured `0`, estimated `0`.
		// Minimum execution time: 5_548_000 picoseconds.
		Weight::from_parts(6_450_000, 0)
			.saturating_add(T::DbWeight::get().writes(1))
	}
}
