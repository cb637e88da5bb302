//! Weights of the pallet's calls, generated from its benchmarks (`benchmarking.rs`) on the
//! development machine: `SubstrateWeight` prices database access with the runtime's `DbWeight`,
//! `()` with the SDK's RocksDB constants (for tests and mocks). The OpenLedger runtime uses its
//! own copy in `runtime/src/weights`, written from the same run, which also names the storage
//! each call reads and bounds its proof size by each item's largest encoding. Written from the
//! run's results alone, these copies have no storage information: their proof sizes are zero,
//! so a runtime that limits proof sizes (a parachain) needs its own.
//!
//! Do not edit: regenerate with `scripts/benchmark-weights.sh` (template
//! `scripts/weight-templates/pallet.hbs`).
//!
//! Benchmark CLI 64.0.0, 2026-11-28; CPU `AMD EPYC`; 20 steps, 5 repeats;
//! WASM execution `Compiled`, genesis: the OpenLedger runtime's `development` preset.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use polkadot_sdk::frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weight of each of `pallet_models`'s calls.
pub trait WeightInfo {
	fn register_model(t: u32, ) -> Weight;
	fn set_price() -> Weight;
	fn set_status(v: u32, ) -> Weight;
	fn publish_artifact(t: u32, ) -> Weight;
	fn add_operator() -> Weight;
	fn remove_operator() -> Weight;
	fn transfer_ownership() -> Weight;
}

/// `pallet_models`'s weights, with database access priced by the runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// The range of component `t` is `[0, 32]`.
	fn register_model(t: u32, ) -> Weight {
		// Minimum execution time: 75_702_000 picoseconds.
		Weight::from_parts(89_223_683, 0)
			.saturating_add(Weight::from_parts(3_721_968, 0).saturating_mul(t.into()))
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(t.into())))
			.saturating_add(T::DbWeight::get().writes(5))
	}
	fn set_price() -> Weight {
		// Minimum execution time: 17_546_000 picoseconds.
		Weight::from_parts(24_266_000, 0)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// The range of component `v` is `[1, 256]`.
	fn set_status(v: u32, ) -> Weight {
		// Minimum execution time: 70_815_000 picoseconds.
		Weight::from_parts(97_793_562, 0)
			.saturating_add(Weight::from_parts(1_371_457, 0).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(v.into())))
			.saturating_add(T::DbWeight::get().writes(3))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(v.into())))
	}
	/// The range of component `t` is `[0, 32]`.
	fn publish_artifact(t: u32, ) -> Weight {
		// Minimum execution time: 71_956_000 picoseconds.
		Weight::from_parts(91_575_257, 0)
			.saturating_add(Weight::from_parts(3_858_869, 0).saturating_mul(t.into()))
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(t.into())))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	fn add_operator() -> Weight {
		// Minimum execution time: 19_288_000 picoseconds.
		Weight::from_parts(22_834_000, 0)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn remove_operator() -> Weight {
		// Minimum execution time: 20_450_000 picoseconds.
		Weight::from_parts(24_987_000, 0)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn transfer_ownership() -> Weight {
		// Minimum execution time: 74_350_000 picoseconds.
		Weight::from_parts(80_440_000, 0)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(5))
	}
}

/// The same weights, with database access priced by the SDK's RocksDB constants.
impl WeightInfo for () {
	fn register_model(t: u32, ) -> Weight {
		Weight::from_parts(89_223_683, 0)
			.saturating_add(Weight::from_parts(3_721_968, 0).saturating_mul(t.into()))
			.saturating_add(RocksDbWeight::get().reads(4))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(t.into())))
			.saturating_add(RocksDbWeight::get().writes(5))
	}
	fn set_price() -> Weight {
		Weight::from_parts(24_266_000, 0)
			.saturating_add(RocksDbWeight::get().reads(1))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn set_status(v: u32, ) -> Weight {
		Weight::from_parts(97_793_562, 0)
			.saturating_add(Weight::from_parts(1_371_457, 0).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().reads(3))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(v.into())))
			.saturating_add(RocksDbWeight::get().writes(3))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(v.into())))
	}
	fn publish_artifact(t: u32, ) -> Weight {
		Weight::from_parts(91_575_257, 0)
			.saturating_add(Weight::from_parts(3_858_869, 0).saturating_mul(t.into()))
			.saturating_add(RocksDbWeight::get().reads(3))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(t.into())))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
	fn add_operator() -> Weight {
		Weight::from_parts(22_834_000, 0)
			.saturating_add(RocksDbWeight::get().reads(1))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn remove_operator() -> Weight {
		Weight::from_parts(24_987_000, 0)
			.saturating_add(RocksDbWeight::get().reads(1))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn transfer_ownership() -> Weight {
		Weight::from_parts(80_440_000, 0)
			.saturating_add(RocksDbWeight::get().reads(5))
			.saturating_add(RocksDbWeight::get().writes(5))
	}
}
