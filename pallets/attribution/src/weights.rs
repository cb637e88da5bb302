//! Weights of the attribution pallet's calls: the pallet's defaults, for tests and for runtimes
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

/// Weight functions needed by the attribution pallet.
pub trait WeightInfo {
	fn register_attributor() -> Weight;
	fn unregister() -> Weight;
	fn withdraw_bond() -> Weight;
	fn commit() -> Weight;
	fn reveal() -> Weight;
	fn close_round(n: u32) -> Weight;
	fn claim(d: u32) -> Weight;
	fn claim_batch(n: u32) -> Weight;
	fn prune_epoch(n: u32) -> Weight;
	fn annul() -> Weight;
	fn resolve() -> Weight;
	fn set_engine_params() -> Weight;
	fn name_report() -> Weight;
}

/// Weights for the attribution pallet, priced with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Attributors` (r:2 w:2), `Balances::Holds` (r:1 w:1), `System::Account` (r:1 w:1).
	fn register_attributor() -> Weight {
		Weight::from_parts(60_000_000, 6_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	/// Storage: `Attributors` (r:1 w:1).
	fn unregister() -> Weight {
		Weight::from_parts(20_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	/// Storage: `Attributors` (r:2 w:2), `Balances::Holds` (r:1 w:1), `System::Account` (r:1 w:1).
	fn withdraw_bond() -> Weight {
		Weight::from_parts(60_000_000, 6_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	/// Storage: `Schedule` (r:1), `Attributors` (r:1 w:1), `Commitments` (r:1 w:1), `Rounds`
	/// (r:1 w:1).
	fn commit() -> Weight {
		Weight::from_parts(40_000_000, 6_000).saturating_add(T::DbWeight::get().reads_writes(4, 3))
	}
	/// Storage: `Schedule` (r:1), `Commitments` (r:1 w:1), `Pools` (r:1), `Tallies` (r:1 w:1),
	/// `Rounds` (r:1 w:1), `Settlements` (w:1).
	fn reveal() -> Weight {
		Weight::from_parts(60_000_000, 8_000).saturating_add(T::DbWeight::get().reads_writes(5, 4))
	}
	/// Storage: per committer `Attributors` (r:1 w:1), `Balances::Holds` and `System::Account`
	/// (r:2 w:2); `Rounds`, `Pools`, `Settlements`, `Tallies`, the pot and the treasury.
	fn close_round(n: u32) -> Weight {
		Weight::from_parts(80_000_000, 10_000)
			.saturating_add(Weight::from_parts(60_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(8, 6))
			.saturating_add(T::DbWeight::get().reads_writes(4, 4).saturating_mul(n.into()))
	}
	/// Storage: `Schedule` (r:1), `Settlements` (r:1 w:1), `Claimed` (r:1 w:1), `System::Account`
	/// (r:2 w:2).
	fn claim(d: u32) -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(d.into()))
			.saturating_add(T::DbWeight::get().reads_writes(5, 4))
	}
	/// Storage: `Schedule` (r:1), `Settlements` (r:1 w:1), the pot (r:1 w:1); per claim (each
	/// with a proof of the deepest allowed depth) `Claimed` (r:1 w:1) and `System::Account`
	/// (r:1 w:1).
	fn claim_batch(n: u32) -> Weight {
		Weight::from_parts(40_000_000, 6_000)
			.saturating_add(Weight::from_parts(114_000_000, 3_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(3, 2))
			.saturating_add(T::DbWeight::get().reads_writes(2, 2).saturating_mul(n.into()))
	}
	/// Storage: `Schedule` (r:1), `Rounds`, `Pools`, `Settlements` (r:1 w:1 each), the pot and
	/// the treasury (r:2 w:2); `n` records removed.
	fn prune_epoch(n: u32) -> Weight {
		Weight::from_parts(50_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads_writes(6, 5))
			.saturating_add(T::DbWeight::get().writes(1).saturating_mul(n.into()))
	}
	/// Storage: `Schedule` (r:1), `Rounds`, `Settlements` (r:1 w:1 each).
	fn annul() -> Weight {
		Weight::from_parts(30_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(3, 2))
	}
	/// Storage: `Schedule` (r:1), `Rounds` (r:1 w:1), `Tallies` (r:1), `Settlements` (w:1).
	fn resolve() -> Weight {
		Weight::from_parts(30_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(3, 2))
	}
	/// Storage: `EngineParameters` (w:1).
	fn set_engine_params() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Commitments` (r:1), `ReportUris` (w:1).
	fn name_report() -> Weight {
		Weight::from_parts(20_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
}

impl WeightInfo for () {
	fn register_attributor() -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads_writes(4, 4))
	}
	fn unregister() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn withdraw_bond() -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads_writes(4, 4))
	}
	fn commit() -> Weight {
		Weight::from_parts(40_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads_writes(4, 3))
	}
	fn reveal() -> Weight {
		Weight::from_parts(60_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads_writes(5, 4))
	}
	fn close_round(n: u32) -> Weight {
		Weight::from_parts(80_000_000, 10_000)
			.saturating_add(Weight::from_parts(60_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(8, 6))
			.saturating_add(RocksDbWeight::get().reads_writes(4, 4).saturating_mul(n.into()))
	}
	fn claim(d: u32) -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(d.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(5, 4))
	}
	fn claim_batch(n: u32) -> Weight {
		Weight::from_parts(40_000_000, 6_000)
			.saturating_add(Weight::from_parts(114_000_000, 3_000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(3, 2))
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2).saturating_mul(n.into()))
	}
	fn prune_epoch(n: u32) -> Weight {
		Weight::from_parts(50_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads_writes(6, 5))
			.saturating_add(RocksDbWeight::get().writes(1).saturating_mul(n.into()))
	}
	fn annul() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 2))
	}
	fn resolve() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 2))
	}
	fn set_engine_params() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(RocksDbWeight::get().writes(1))
	}
	fn name_report() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
}
