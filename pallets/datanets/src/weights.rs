//! Weights of the datanets pallet's calls: the pallet's defaults, for tests and for runtimes
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

/// Weight functions needed by the datanet pallet.
pub trait WeightInfo {
	fn create_datanet(c: u32) -> Weight;
	fn update_metadata() -> Weight;
	fn set_contribution_bond() -> Weight;
	fn add_curator() -> Weight;
	fn remove_curator() -> Weight;
	fn transfer_ownership() -> Weight;
	fn close_datanet() -> Weight;
	fn contribute() -> Weight;
	fn withdraw_contribution() -> Weight;
	fn review(n: u32) -> Weight;
	fn publish_version() -> Weight;
	fn sweep_rate_windows(n: u32) -> Weight;
}

/// Weights for the datanet pallet, priced with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `NextDatanetId` (r:1 w:1), `Datanets` (r:0 w:1), `Balances::Holds` (r:1 w:1),
	/// `System::Account` (r:1 w:1).
	fn create_datanet(c: u32) -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(Weight::from_parts(400_000, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads_writes(3, 4))
	}
	/// Storage: `Datanets` (r:1 w:1), `Balances::Holds` (r:1 w:1), `System::Account` (r:1 w:1).
	fn update_metadata() -> Weight {
		Weight::from_parts(55_000_000, 8_000).saturating_add(T::DbWeight::get().reads_writes(3, 3))
	}
	/// Storage: `Datanets` (r:1 w:1).
	fn set_contribution_bond() -> Weight {
		Weight::from_parts(20_000_000, 8_000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	/// Storage: `Datanets` (r:1 w:1).
	fn add_curator() -> Weight {
		Weight::from_parts(25_000_000, 8_000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	/// Storage: `Datanets` (r:1 w:1).
	fn remove_curator() -> Weight {
		Weight::from_parts(25_000_000, 8_000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	/// Storage: `Datanets` (r:1 w:1), `Balances::Holds` (r:2 w:2), `System::Account` (r:2 w:2).
	fn transfer_ownership() -> Weight {
		Weight::from_parts(80_000_000, 12_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	/// Storage: `Datanets` (r:1 w:1), `Balances::Holds` (r:1 w:1), `System::Account` (r:1 w:1).
	fn close_datanet() -> Weight {
		Weight::from_parts(50_000_000, 8_000).saturating_add(T::DbWeight::get().reads_writes(3, 3))
	}
	/// Storage: `Datanets` (r:1 w:1), `ContentIndex` (r:1 w:1), `RateLimits` (r:1 w:1),
	/// `ContributorStatsOf` (r:1 w:1), `Contributions` (r:0 w:1), `Balances::Holds` (r:1 w:1),
	/// `System::Account` (r:1 w:1).
	fn contribute() -> Weight {
		Weight::from_parts(75_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(6, 7))
	}
	/// Storage: `Datanets` (r:1 w:1), `Contributions` (r:1 w:1), `ContributorStatsOf` (r:1 w:1),
	/// `Balances::Holds` (r:1 w:1), `System::Account` (r:1 w:1), `ContentIndex` (w:1).
	fn withdraw_contribution() -> Weight {
		Weight::from_parts(60_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 6))
	}
	/// Storage: `Datanets` (r:1 w:1); per entry: `Contributions` (r:1 w:1),
	/// `ContributorStatsOf` (r:1 w:1), `Balances::Holds` (r:1 w:1), `System::Account` (r:2 w:2).
	fn review(n: u32) -> Weight {
		Weight::from_parts(30_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads_writes(2, 2))
			.saturating_add(Weight::from_parts(80_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(5, 5).saturating_mul(n.into()))
	}
	/// Storage: `Datanets` (r:1 w:1), `Versions` (r:1 w:1).
	fn publish_version() -> Weight {
		Weight::from_parts(30_000_000, 8_000).saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
	/// Storage: `RateLimitSweep` (r:1 w:1); per window: `RateLimits` (r:1 w:1),
	/// `Balances::Holds` (r:1 w:1), `System::Account` (r:1 w:1).
	fn sweep_rate_windows(n: u32) -> Weight {
		Weight::from_parts(10_000_000, 2_000)
			.saturating_add(T::DbWeight::get().reads_writes(1, 1))
			.saturating_add(Weight::from_parts(40_000_000, 4_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(3, 3).saturating_mul(n.into()))
	}
}

/// The same weights priced with RocksDB's database weights, for tests.
impl WeightInfo for () {
	fn create_datanet(c: u32) -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(Weight::from_parts(400_000, 0).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(3, 4))
	}
	fn update_metadata() -> Weight {
		Weight::from_parts(55_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 3))
	}
	fn set_contribution_bond() -> Weight {
		Weight::from_parts(20_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn add_curator() -> Weight {
		Weight::from_parts(25_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn remove_curator() -> Weight {
		Weight::from_parts(25_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn transfer_ownership() -> Weight {
		Weight::from_parts(80_000_000, 12_000)
			.saturating_add(RocksDbWeight::get().reads_writes(5, 5))
	}
	fn close_datanet() -> Weight {
		Weight::from_parts(50_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 3))
	}
	fn contribute() -> Weight {
		Weight::from_parts(75_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads_writes(6, 7))
	}
	fn withdraw_contribution() -> Weight {
		Weight::from_parts(60_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads_writes(5, 6))
	}
	fn review(n: u32) -> Weight {
		Weight::from_parts(30_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
			.saturating_add(Weight::from_parts(80_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(5, 5).saturating_mul(n.into()))
	}
	fn publish_version() -> Weight {
		Weight::from_parts(30_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}
	fn sweep_rate_windows(n: u32) -> Weight {
		Weight::from_parts(10_000_000, 2_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
			.saturating_add(Weight::from_parts(40_000_000, 4_000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(3, 3).saturating_mul(n.into()))
	}
}
