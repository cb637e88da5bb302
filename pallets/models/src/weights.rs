//! Weights of the models pallet's calls: the pallet's defaults, for tests and for runtimes
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

/// Weight functions needed by the model pallet.
pub trait WeightInfo {
	fn register_model(t: u32) -> Weight;
	fn set_price() -> Weight;
	fn set_status(v: u32) -> Weight;
	fn publish_artifact(t: u32) -> Weight;
	fn add_operator() -> Weight;
	fn remove_operator() -> Weight;
	fn transfer_ownership() -> Weight;
}

/// Weights for the model pallet, priced with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `NextModelId` (r:1 w:1), `Models` (r:1 w:1), `ArtifactVersions` (r:0 w:1),
	/// `Balances::Holds` (r:1 w:1), `System::Account` (r:1 w:1); per training entry: one
	/// `Datanets::Versions` read.
	fn register_model(t: u32) -> Weight {
		Weight::from_parts(70_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads_writes(4, 5))
			.saturating_add(Weight::from_parts(3_000_000, 2_500).saturating_mul(t.into()))
			.saturating_add(T::DbWeight::get().reads(t.into()))
	}
	/// Storage: `Models` (r:1 w:1).
	fn set_price() -> Weight {
		Weight::from_parts(20_000_000, 6_000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	/// Storage: `Models` (r:1 w:1), `Balances::Holds` (r:1 w:1), `System::Account` (r:1 w:1);
	/// per artifact version removed: `ArtifactVersions` (w:1).
	fn set_status(v: u32) -> Weight {
		Weight::from_parts(50_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads_writes(3, 3))
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().writes(1).saturating_mul(v.into()))
	}
	/// Storage: `Models` (r:1 w:1), `ArtifactVersions` (r:0 w:1); per training entry: one
	/// `Datanets::Versions` read.
	fn publish_artifact(t: u32) -> Weight {
		Weight::from_parts(30_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads_writes(1, 2))
			.saturating_add(Weight::from_parts(3_000_000, 2_500).saturating_mul(t.into()))
			.saturating_add(T::DbWeight::get().reads(t.into()))
	}
	/// Storage: `Models` (r:1 w:1).
	fn add_operator() -> Weight {
		Weight::from_parts(25_000_000, 6_000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	/// Storage: `Models` (r:1 w:1).
	fn remove_operator() -> Weight {
		Weight::from_parts(25_000_000, 6_000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	/// Storage: `Models` (r:1 w:1), `Balances::Holds` (r:2 w:2), `System::Account` (r:2 w:2).
	fn transfer_ownership() -> Weight {
		Weight::from_parts(80_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
}

/// The same weights priced with RocksDB's database weights, for tests.
impl WeightInfo for () {
	fn register_model(t: u32) -> Weight {
		Weight::from_parts(70_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads_writes(4, 5))
			.saturating_add(Weight::from_parts(3_000_000, 2_500).saturating_mul(t.into()))
			.saturating_add(RocksDbWeight::get().reads(t.into()))
	}
	fn set_price() -> Weight {
		Weight::from_parts(20_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn set_status(v: u32) -> Weight {
		Weight::from_parts(50_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 3))
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().writes(1).saturating_mul(v.into()))
	}
	fn publish_artifact(t: u32) -> Weight {
		Weight::from_parts(30_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 2))
			.saturating_add(Weight::from_parts(3_000_000, 2_500).saturating_mul(t.into()))
			.saturating_add(RocksDbWeight::get().reads(t.into()))
	}
	fn add_operator() -> Weight {
		Weight::from_parts(25_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn remove_operator() -> Weight {
		Weight::from_parts(25_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn transfer_ownership() -> Weight {
		Weight::from_parts(80_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads_writes(5, 5))
	}
}
