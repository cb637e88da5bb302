//! Weights of the inference pallet's calls: the pallet's defaults, for tests and for runtimes
//! without benchmarks of their own. They are conservative estimates from each call's storage
//! accesses; the OpenLedger runtime uses weights generated from the benchmarks in
//! `benchmarking.rs` instead (`runtime/src/weights`, by `scripts/benchmark-weights.sh`).

#![allow(unused_parens)]
#![allow(unused_imports)]

use core::marker::PhantomData;
use polkadot_sdk::frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed by the metering pallet.
pub trait WeightInfo {
	fn pay_for_inference() -> Weight;
	fn deposit() -> Weight;
	fn request_withdrawal() -> Weight;
	fn withdraw() -> Weight;
	fn settle(n: u32) -> Weight;
	fn settle_models(m: u32) -> Weight;
	fn set_fee_split() -> Weight;
}

/// Weights for the metering pallet, priced with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Models::Models` (r:1), `FeeSplitOverride` (r:1), `System::Account` (r:6 w:6).
	fn pay_for_inference() -> Weight {
		Weight::from_parts(120_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads_writes(8, 6))
	}
	/// Storage: `Escrows` (r:1 w:1), `NextAllocationId` (r:1 w:1), the operator's
	/// `Balances::Holds` (r:1 w:1), `System::Account` of both (r:2 w:2).
	fn deposit() -> Weight {
		Weight::from_parts(50_000_000, 6_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	/// Storage: `Escrows` (r:1 w:1).
	fn request_withdrawal() -> Weight {
		Weight::from_parts(20_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	/// Storage: `Escrows` (r:1 w:1), the operator's `Balances::Holds` (r:1 w:1), `System::Account`
	/// of both (r:2 w:2).
	fn withdraw() -> Weight {
		Weight::from_parts(50_000_000, 6_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	/// Storage: `FeeSplitOverride` (r:1), the operator's `Balances::Holds` and
	/// `System::Account` (r:2 w:2), the payouts' `System::Account` (r:6 w:6); per receipt:
	/// `Escrows` (r:1 w:1) and a signature check; per extra model: `Models::Models` (r:2), the
	/// owners' `System::Account` (r:2 w:2), the epoch's pool of the model (r:1 w:1).
	fn settle(n: u32) -> Weight {
		Weight::from_parts(60_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads_writes(9, 8))
			.saturating_add(Weight::from_parts(90_000_000, 3_500).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(1, 1).saturating_mul(n.into()))
	}
	fn settle_models(m: u32) -> Weight {
		Weight::from_parts(60_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads_writes(7, 6))
			.saturating_add(Weight::from_parts(240_000_000, 15_500).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads_writes(11, 9).saturating_mul(m.into()))
	}
	/// Storage: `FeeSplitOverride` (r:0 w:1).
	fn set_fee_split() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(T::DbWeight::get().writes(1))
	}
}

/// The same weights priced with RocksDB's database weights, for tests.
impl WeightInfo for () {
	fn pay_for_inference() -> Weight {
		Weight::from_parts(120_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads_writes(8, 6))
	}
	fn deposit() -> Weight {
		Weight::from_parts(50_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads_writes(5, 5))
	}
	fn request_withdrawal() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(50_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads_writes(4, 4))
	}
	fn settle(n: u32) -> Weight {
		Weight::from_parts(60_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads_writes(9, 8))
			.saturating_add(Weight::from_parts(90_000_000, 3_500).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1).saturating_mul(n.into()))
	}
	fn settle_models(m: u32) -> Weight {
		Weight::from_parts(60_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads_writes(7, 6))
			.saturating_add(Weight::from_parts(240_000_000, 15_500).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(11, 9).saturating_mul(m.into()))
	}
	fn set_fee_split() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(RocksDbWeight::get().writes(1))
	}
}
