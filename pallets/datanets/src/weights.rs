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

/// The weight of each of `pallet_datanets`'s calls.
pub trait WeightInfo {
	fn create_datanet(c: u32, ) -> Weight;
	fn update_metadata() -> Weight;
	fn set_contribution_bond() -> Weight;
	fn add_curator() -> Weight;
	fn remove_curator() -> Weight;
	fn transfer_ownership() -> Weight;
	fn close_datanet() -> Weight;
	fn contribute() -> Weight;
	fn withdraw_contribution() -> Weight;
	fn review(n: u32, ) -> Weight;
	fn publish_version() -> Weight;
	fn sweep_rate_windows(n: u32, ) -> Weight;
}

/// `pallet_datanets`'s weights, with database access priced by the runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// The range of component `c` is `[0, 16]`.
	fn create_datanet(c: u32, ) -> Weight {
		// Minimum execution time: 64_145_000 picoseconds.
		Weight::from_parts(82_263_563, 0)
			.saturating_add(Weight::from_parts(88_498, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	fn update_metadata() -> Weight {
		// Minimum execution time: 68_251_000 picoseconds.
		Weight::from_parts(72_738_000, 0)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	fn set_contribution_bond() -> Weight {
		// Minimum execution time: 18_207_000 picoseconds.
		Weight::from_parts(21_782_000, 0)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn add_curator() -> Weight {
		// Minimum execution time: 18_998_000 picoseconds.
		Weight::from_parts(21_121_000, 0)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn remove_curator() -> Weight {
		// Minimum execution time: 18_978_000 picoseconds.
		Weight::from_parts(21_141_000, 0)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn transfer_ownership() -> Weight {
		// Minimum execution time: 74_670_000 picoseconds.
		Weight::from_parts(79_618_000, 0)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(5))
	}
	fn close_datanet() -> Weight {
		// Minimum execution time: 60_640_000 picoseconds.
		Weight::from_parts(65_738_000, 0)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	fn contribute() -> Weight {
		// Minimum execution time: 130_673_000 picoseconds.
		Weight::from_parts(141_730_000, 0)
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(7))
	}
	fn withdraw_contribution() -> Weight {
		// Minimum execution time: 156_793_000 picoseconds.
		Weight::from_parts(167_649_000, 0)
			.saturating_add(T::DbWeight::get().reads(7))
			.saturating_add(T::DbWeight::get().writes(8))
	}
	/// The range of component `n` is `[1, 64]`.
	fn review(n: u32, ) -> Weight {
		// Minimum execution time: 169_682_000 picoseconds.
		Weight::from_parts(32_061_488, 0)
			.saturating_add(Weight::from_parts(103_038_937, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(4))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(n.into())))
	}
	fn publish_version() -> Weight {
		// Minimum execution time: 26_890_000 picoseconds.
		Weight::from_parts(29_684_000, 0)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// The range of component `n` is `[0, 64]`.
	fn sweep_rate_windows(n: u32, ) -> Weight {
		// Minimum execution time: 8_543_000 picoseconds.
		Weight::from_parts(7_181_098, 0)
			.saturating_add(Weight::from_parts(53_143_754, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(n.into())))
	}
}

/// The same weights, with database access priced by the SDK's RocksDB constants.
impl WeightInfo for () {
	fn create_datanet(c: u32, ) -> Weight {
		Weight::from_parts(82_263_563, 0)
			.saturating_add(Weight::from_parts(88_498, 0).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(3))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
	fn update_metadata() -> Weight {
		Weight::from_parts(72_738_000, 0)
			.saturating_add(RocksDbWeight::get().reads(3))
			.saturating_add(RocksDbWeight::get().writes(3))
	}
	fn set_contribution_bond() -> Weight {
		Weight::from_parts(21_782_000, 0)
			.saturating_add(RocksDbWeight::get().reads(1))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn add_curator() -> Weight {
		Weight::from_parts(21_121_000, 0)
			.saturating_add(RocksDbWeight::get().reads(1))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn remove_curator() -> Weight {
		Weight::from_parts(21_141_000, 0)
			.saturating_add(RocksDbWeight::get().reads(1))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn transfer_ownership() -> Weight {
		Weight::from_parts(79_618_000, 0)
			.saturating_add(RocksDbWeight::get().reads(5))
			.saturating_add(RocksDbWeight::get().writes(5))
	}
	fn close_datanet() -> Weight {
		Weight::from_parts(65_738_000, 0)
			.saturating_add(RocksDbWeight::get().reads(3))
			.saturating_add(RocksDbWeight::get().writes(3))
	}
	fn contribute() -> Weight {
		Weight::from_parts(141_730_000, 0)
			.saturating_add(RocksDbWeight::get().reads(6))
			.saturating_add(RocksDbWeight::get().writes(7))
	}
	fn withdraw_contribution() -> Weight {
		Weight::from_parts(167_649_000, 0)
			.saturating_add(RocksDbWeight::get().reads(7))
			.saturating_add(RocksDbWeight::get().writes(8))
	}
	fn review(n: u32, ) -> Weight {
		Weight::from_parts(32_061_488, 0)
			.saturating_add(Weight::from_parts(103_038_937, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(4))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(4))
			.saturating_add(RocksDbWeight::get().writes((4_u64).saturating_mul(n.into())))
	}
	fn publish_version() -> Weight {
		Weight::from_parts(29_684_000, 0)
			.saturating_add(RocksDbWeight::get().reads(2))
			.saturating_add(RocksDbWeight::get().writes(2))
	}
	fn sweep_rate_windows(n: u32, ) -> Weight {
		Weight::from_parts(7_181_098, 0)
			.saturating_add(Weight::from_parts(53_143_754, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(1))
			.saturating_add(RocksDbWeight::get().writes((3_u64).saturating_mul(n.into())))
	}
}
