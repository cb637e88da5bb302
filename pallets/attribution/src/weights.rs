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

/// The weight of each of `pallet_attribution`'s calls.
pub trait WeightInfo {
	fn register_attributor() -> Weight;
	fn unregister() -> Weight;
	fn withdraw_bond() -> Weight;
	fn commit() -> Weight;
	fn reveal() -> Weight;
	fn close_round(n: u32, ) -> Weight;
	fn claim(d: u32, ) -> Weight;
	fn claim_batch(n: u32, ) -> Weight;
	fn prune_epoch(n: u32, ) -> Weight;
	fn annul() -> Weight;
	fn resolve() -> Weight;
	fn set_engine_params() -> Weight;
	fn name_report() -> Weight;
}

/// `pallet_attribution`'s weights, with database access priced by the runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_attributor() -> Weight {
		// Minimum execution time: 69_373_000 picoseconds.
		Weight::from_parts(72_928_000, 0)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	fn unregister() -> Weight {
		// Minimum execution time: 19_388_000 picoseconds.
		Weight::from_parts(21_492_000, 0)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	fn withdraw_bond() -> Weight {
		// Minimum execution time: 62_572_000 picoseconds.
		Weight::from_parts(66_098_000, 0)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	fn commit() -> Weight {
		// Minimum execution time: 32_157_000 picoseconds.
		Weight::from_parts(34_952_000, 0)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	fn reveal() -> Weight {
		// Minimum execution time: 38_106_000 picoseconds.
		Weight::from_parts(41_201_000, 0)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// The range of component `n` is `[1, 64]`.
	fn close_round(n: u32, ) -> Weight {
		// Minimum execution time: 106_939_000 picoseconds.
		Weight::from_parts(58_265_296, 0)
			.saturating_add(Weight::from_parts(65_822_602, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(9))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(5))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(n.into())))
	}
	/// The range of component `d` is `[1, 32]`.
	fn claim(d: u32, ) -> Weight {
		// Minimum execution time: 76_393_000 picoseconds.
		Weight::from_parts(80_846_424, 0)
			.saturating_add(Weight::from_parts(339_330, 0).saturating_mul(d.into()))
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// The range of component `n` is `[1, 1024]`.
	fn claim_batch(n: u32, ) -> Weight {
		// Minimum execution time: 92_216_000 picoseconds.
		Weight::from_parts(93_699_000, 0)
			.saturating_add(Weight::from_parts(70_726_630, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(2))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(n.into())))
	}
	/// The range of component `n` is `[0, 1000]`.
	fn prune_epoch(n: u32, ) -> Weight {
		// Minimum execution time: 71_977_000 picoseconds.
		Weight::from_parts(40_148_557, 0)
			.saturating_add(Weight::from_parts(1_557_657, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(3))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
	}
	fn annul() -> Weight {
		// Minimum execution time: 20_100_000 picoseconds.
		Weight::from_parts(21_963_000, 0)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	fn resolve() -> Weight {
		// Minimum execution time: 24_076_000 picoseconds.
		Weight::from_parts(26_209_000, 0)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	fn set_engine_params() -> Weight {
		// Minimum execution time: 5_618_000 picoseconds.
		Weight::from_parts(6_539_000, 0)
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn name_report() -> Weight {
		// Minimum execution time: 15_583_000 picoseconds.
		Weight::from_parts(17_616_000, 0)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
}

/// The same weights, with database access priced by the SDK's RocksDB constants.
impl WeightInfo for () {
	fn register_attributor() -> Weight {
		Weight::from_parts(72_928_000, 0)
			.saturating_add(RocksDbWeight::get().reads(5))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
	fn unregister() -> Weight {
		Weight::from_parts(21_492_000, 0)
			.saturating_add(RocksDbWeight::get().reads(3))
			.saturating_add(RocksDbWeight::get().writes(2))
	}
	fn withdraw_bond() -> Weight {
		Weight::from_parts(66_098_000, 0)
			.saturating_add(RocksDbWeight::get().reads(4))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
	fn commit() -> Weight {
		Weight::from_parts(34_952_000, 0)
			.saturating_add(RocksDbWeight::get().reads(5))
			.saturating_add(RocksDbWeight::get().writes(3))
	}
	fn reveal() -> Weight {
		Weight::from_parts(41_201_000, 0)
			.saturating_add(RocksDbWeight::get().reads(5))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
	fn close_round(n: u32, ) -> Weight {
		Weight::from_parts(58_265_296, 0)
			.saturating_add(Weight::from_parts(65_822_602, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(9))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(5))
			.saturating_add(RocksDbWeight::get().writes((3_u64).saturating_mul(n.into())))
	}
	fn claim(d: u32, ) -> Weight {
		Weight::from_parts(80_846_424, 0)
			.saturating_add(Weight::from_parts(339_330, 0).saturating_mul(d.into()))
			.saturating_add(RocksDbWeight::get().reads(6))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
	fn claim_batch(n: u32, ) -> Weight {
		Weight::from_parts(93_699_000, 0)
			.saturating_add(Weight::from_parts(70_726_630, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(4))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(2))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(n.into())))
	}
	fn prune_epoch(n: u32, ) -> Weight {
		Weight::from_parts(40_148_557, 0)
			.saturating_add(Weight::from_parts(1_557_657, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(6))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(3))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(n.into())))
	}
	fn annul() -> Weight {
		Weight::from_parts(21_963_000, 0)
			.saturating_add(RocksDbWeight::get().reads(3))
			.saturating_add(RocksDbWeight::get().writes(2))
	}
	fn resolve() -> Weight {
		Weight::from_parts(26_209_000, 0)
			.saturating_add(RocksDbWeight::get().reads(3))
			.saturating_add(RocksDbWeight::get().writes(2))
	}
	fn set_engine_params() -> Weight {
		Weight::from_parts(6_539_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn name_report() -> Weight {
		Weight::from_parts(17_616_000, 0)
			.saturating_add(RocksDbWeight::get().reads(1))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
}
