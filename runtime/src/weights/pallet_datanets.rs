//! Weights of `pallet_datanets` in the OpenLedger runtime, generated from the pallet's benchmarks.
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

/// The weights of `pallet_datanets`'s calls on this runtime.
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> pallet_datanets::WeightInfo for WeightInfo<T> {
	/// Storage: `Datanets::NextDatanetId` (r:1 w:1)
	/// Proof: `Datanets::NextDatanetId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `Datanets::Datanets` (r:0 w:1)
	/// Proof: `Datanets::Datanets` (`max_values`: None, `max_size`: Some(1690), added: 4165, mode: `MaxEncodedLen`)
	/// The range of component `c` is `[0, 16]`.
	fn create_datanet(c: u32, ) -> Weight {
		// Proof size in bytes: measured `433`, estimated `3622`.
		// Minimum execution time: 64_145_000 picoseconds.
		Weight::from_parts(82_263_563, 3622)
			// Standard error: 26_595
			.saturating_add(Weight::from_parts(88_498, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Datanets::Datanets` (r:1 w:1)
	/// Proof: `Datanets::Datanets` (`max_values`: None, `max_size`: Some(1690), added: 4165, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	fn update_metadata() -> Weight {
		// Proof size in bytes: measured `711`, estimated `5155`.
		// Minimum execution time: 68_251_000 picoseconds.
		Weight::from_parts(72_738_000, 5155)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	/// Storage: `Datanets::Datanets` (r:1 w:1)
	/// Proof: `Datanets::Datanets` (`max_values`: None, `max_size`: Some(1690), added: 4165, mode: `MaxEncodedLen`)
	fn set_contribution_bond() -> Weight {
		// Proof size in bytes: measured `1450`, estimated `5155`.
		// Minimum execution time: 18_207_000 picoseconds.
		Weight::from_parts(21_782_000, 5155)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Datanets::Datanets` (r:1 w:1)
	/// Proof: `Datanets::Datanets` (`max_values`: None, `max_size`: Some(1690), added: 4165, mode: `MaxEncodedLen`)
	fn add_curator() -> Weight {
		// Proof size in bytes: measured `1930`, estimated `5155`.
		// Minimum execution time: 18_998_000 picoseconds.
		Weight::from_parts(21_121_000, 5155)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Datanets::Datanets` (r:1 w:1)
	/// Proof: `Datanets::Datanets` (`max_values`: None, `max_size`: Some(1690), added: 4165, mode: `MaxEncodedLen`)
	fn remove_curator() -> Weight {
		// Proof size in bytes: measured `1962`, estimated `5155`.
		// Minimum execution time: 18_978_000 picoseconds.
		Weight::from_parts(21_141_000, 5155)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Datanets::Datanets` (r:1 w:1)
	/// Proof: `Datanets::Datanets` (`max_values`: None, `max_size`: Some(1690), added: 4165, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:2 w:2)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn transfer_ownership() -> Weight {
		// Proof size in bytes: measured `2465`, estimated `6254`.
		// Minimum execution time: 74_670_000 picoseconds.
		Weight::from_parts(79_618_000, 6254)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(5))
	}
	/// Storage: `Datanets::Datanets` (r:1 w:1)
	/// Proof: `Datanets::Datanets` (`max_values`: None, `max_size`: Some(1690), added: 4165, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	fn close_datanet() -> Weight {
		// Proof size in bytes: measured `1746`, estimated `5155`.
		// Minimum execution time: 60_640_000 picoseconds.
		Weight::from_parts(65_738_000, 5155)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	/// Storage: `Datanets::Datanets` (r:1 w:1)
	/// Proof: `Datanets::Datanets` (`max_values`: None, `max_size`: Some(1690), added: 4165, mode: `MaxEncodedLen`)
	/// Storage: `Datanets::ContentIndex` (r:1 w:1)
	/// Proof: `Datanets::ContentIndex` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Datanets::RateLimits` (r:1 w:1)
	/// Proof: `Datanets::RateLimits` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Datanets::ContributorStatsOf` (r:1 w:1)
	/// Proof: `Datanets::ContributorStatsOf` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `Datanets::Contributions` (r:0 w:1)
	/// Proof: `Datanets::Contributions` (`max_values`: None, `max_size`: Some(395), added: 2870, mode: `MaxEncodedLen`)
	fn contribute() -> Weight {
		// Proof size in bytes: measured `2008`, estimated `5155`.
		// Minimum execution time: 130_673_000 picoseconds.
		Weight::from_parts(141_730_000, 5155)
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(7))
	}
	/// Storage: `Datanets::Datanets` (r:1 w:1)
	/// Proof: `Datanets::Datanets` (`max_values`: None, `max_size`: Some(1690), added: 4165, mode: `MaxEncodedLen`)
	/// Storage: `Datanets::Contributions` (r:1 w:1)
	/// Proof: `Datanets::Contributions` (`max_values`: None, `max_size`: Some(395), added: 2870, mode: `MaxEncodedLen`)
	/// Storage: `Datanets::ContributorStatsOf` (r:1 w:1)
	/// Proof: `Datanets::ContributorStatsOf` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:2 w:2)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `Datanets::ContentIndex` (r:0 w:1)
	/// Proof: `Datanets::ContentIndex` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	fn withdraw_contribution() -> Weight {
		// Proof size in bytes: measured `2681`, estimated `6254`.
		// Minimum execution time: 156_793_000 picoseconds.
		Weight::from_parts(167_649_000, 6254)
			.saturating_add(T::DbWeight::get().reads(7))
			.saturating_add(T::DbWeight::get().writes(8))
	}
	/// Storage: `Datanets::Datanets` (r:1 w:1)
	/// Proof: `Datanets::Datanets` (`max_values`: None, `max_size`: Some(1690), added: 4165, mode: `MaxEncodedLen`)
	/// Storage: `Datanets::Contributions` (r:64 w:64)
	/// Proof: `Datanets::Contributions` (`max_values`: None, `max_size`: Some(395), added: 2870, mode: `MaxEncodedLen`)
	/// Storage: `Datanets::ContributorStatsOf` (r:64 w:64)
	/// Proof: `Datanets::ContributorStatsOf` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:65 w:65)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:66 w:66)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 64]`.
	fn review(n: u32, ) -> Weight {
		// Proof size in bytes: measured `2605 + n * (643 ±0)`, estimated `6196 + n * (2870 ±0)`.
		// Minimum execution time: 169_682_000 picoseconds.
		Weight::from_parts(32_061_488, 6196)
			// Standard error: 134_842
			.saturating_add(Weight::from_parts(103_038_937, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(4))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2870).saturating_mul(n.into()))
	}
	/// Storage: `Datanets::Datanets` (r:1 w:1)
	/// Proof: `Datanets::Datanets` (`max_values`: None, `max_size`: Some(1690), added: 4165, mode: `MaxEncodedLen`)
	/// Storage: `Datanets::Versions` (r:1 w:1)
	/// Proof: `Datanets::Versions` (`max_values`: None, `max_size`: Some(72), added: 2547, mode: `MaxEncodedLen`)
	fn publish_version() -> Weight {
		// Proof size in bytes: measured `1583`, estimated `5155`.
		// Minimum execution time: 26_890_000 picoseconds.
		Weight::from_parts(29_684_000, 5155)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `Datanets::RateLimitSweep` (r:1 w:1)
	/// Proof: `Datanets::RateLimitSweep` (`max_values`: Some(1), `max_size`: Some(130), added: 625, mode: `MaxEncodedLen`)
	/// Storage: `Datanets::RateLimits` (r:65 w:64)
	/// Proof: `Datanets::RateLimits` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:64 w:64)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:64 w:64)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[0, 64]`.
	fn sweep_rate_windows(n: u32, ) -> Weight {
		// Proof size in bytes: measured `593 + n * (258 ±0)`, estimated `3545 + n * (2632 ±0)`.
		// Minimum execution time: 8_543_000 picoseconds.
		Weight::from_parts(7_181_098, 3545)
			// Standard error: 189_145
			.saturating_add(Weight::from_parts(53_143_754, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2632).saturating_mul(n.into()))
	}
}
