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

/// The weight of each of `pallet_inference`'s calls.
pub trait WeightInfo {
	fn pay_for_inference() -> Weight;
	fn deposit() -> Weight;
	fn request_withdrawal() -> Weight;
	fn withdraw() -> Weight;
	fn settle(n: u32, ) -> Weight;
	fn settle_models(m: u32, ) -> Weight;
	fn set_fee_split() -> Weight;
}

/// `pallet_inference`'s weights, with database access priced by the runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn pay_for_inference() -> Weight {
		// Minimum execution time: 243_441_000 picoseconds.
		Weight::from_parts(251_854_000, 0)
			.saturating_add(T::DbWeight::get().reads(11))
			.saturating_add(T::DbWeight::get().writes(7))
	}
	fn deposit() -> Weight {
		// Minimum execution time: 61_731_000 picoseconds.
		Weight::from_parts(65_176_000, 0)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	fn request_withdrawal() -> Weight {
		// Minimum execution time: 19_029_000 picoseconds.
		Weight::from_parts(20_891_000, 0)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn withdraw() -> Weight {
		// Minimum execution time: 58_076_000 picoseconds.
		Weight::from_parts(61_321_000, 0)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	/// The range of component `n` is `[1, 2048]`.
	fn settle(n: u32, ) -> Weight {
		// Minimum execution time: 522_394_000 picoseconds.
		Weight::from_parts(573_140_000, 0)
			.saturating_add(Weight::from_parts(62_381_214, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(16))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(12))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
	}
	/// The range of component `m` is `[1, 64]`.
	fn settle_models(m: u32, ) -> Weight {
		// Minimum execution time: 355_828_000 picoseconds.
		Weight::from_parts(247_110_270, 0)
			.saturating_add(Weight::from_parts(166_127_088, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(11))
			.saturating_add(T::DbWeight::get().reads((6_u64).saturating_mul(m.into())))
			.saturating_add(T::DbWeight::get().writes(9))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(m.into())))
	}
	fn set_fee_split() -> Weight {
		// Minimum execution time: 5_548_000 picoseconds.
		Weight::from_parts(6_450_000, 0)
			.saturating_add(T::DbWeight::get().writes(1))
	}
}

/// The same weights, with database access priced by the SDK's RocksDB constants.
impl WeightInfo for () {
	fn pay_for_inference() -> Weight {
		Weight::from_parts(251_854_000, 0)
			.saturating_add(RocksDbWeight::get().reads(11))
			.saturating_add(RocksDbWeight::get().writes(7))
	}
	fn deposit() -> Weight {
		Weight::from_parts(65_176_000, 0)
			.saturating_add(RocksDbWeight::get().reads(4))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
	fn request_withdrawal() -> Weight {
		Weight::from_parts(20_891_000, 0)
			.saturating_add(RocksDbWeight::get().reads(1))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(61_321_000, 0)
			.saturating_add(RocksDbWeight::get().reads(3))
			.saturating_add(RocksDbWeight::get().writes(3))
	}
	fn settle(n: u32, ) -> Weight {
		Weight::from_parts(573_140_000, 0)
			.saturating_add(Weight::from_parts(62_381_214, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(16))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(12))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(n.into())))
	}
	fn settle_models(m: u32, ) -> Weight {
		Weight::from_parts(247_110_270, 0)
			.saturating_add(Weight::from_parts(166_127_088, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(11))
			.saturating_add(RocksDbWeight::get().reads((6_u64).saturating_mul(m.into())))
			.saturating_add(RocksDbWeight::get().writes(9))
			.saturating_add(RocksDbWeight::get().writes((4_u64).saturating_mul(m.into())))
	}
	fn set_fee_split() -> Weight {
		Weight::from_parts(6_450_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1))
	}
}
