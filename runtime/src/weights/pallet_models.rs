//! Weights of `pallet_models` in the OpenLedger runtime, generated from the pallet's benchmarks.
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

/// The weights of `pallet_models`'s calls on this runtime.
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> pallet_models::WeightInfo for WeightInfo<T> {
	/// Storage: `Models::Models` (r:1 w:1)
	/// Proof: `Models::Models` (`max_values`: None, `max_size`: Some(2013), added: 4488, mode: `MaxEncodedLen`)
	/// Storage: `Datanets::Versions` (r:32 w:0)
	/// Proof: `Datanets::Versions` (`max_values`: None, `max_size`: Some(72), added: 2547, mode: `MaxEncodedLen`)
	/// Storage: `Models::NextModelId` (r:1 w:1)
	/// Proof: `Models::NextModelId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `Models::ArtifactVersions` (r:0 w:1)
	/// Proof: `Models::ArtifactVersions` (`max_values`: None, `max_size`: Some(317), added: 2792, mode: `MaxEncodedLen`)
	/// The range of component `t` is `[0, 32]`.
	fn register_model(t: u32, ) -> Weight {
		// Proof size in bytes: measured `2478 + t * (42 ±0)`, estimated `5478 + t * (2547 ±0)`.
		// Minimum execution time: 75_702_000 picoseconds.
		Weight::from_parts(89_223_683, 5478)
			// Standard error: 8_403
			.saturating_add(Weight::from_parts(3_721_968, 0).saturating_mul(t.into()))
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(t.into())))
			.saturating_add(T::DbWeight::get().writes(5))
			.saturating_add(Weight::from_parts(0, 2547).saturating_mul(t.into()))
	}
	/// Storage: `Models::Models` (r:1 w:1)
	/// Proof: `Models::Models` (`max_values`: None, `max_size`: Some(2013), added: 4488, mode: `MaxEncodedLen`)
	fn set_price() -> Weight {
		// Proof size in bytes: measured `1081`, estimated `5478`.
		// Minimum execution time: 17_546_000 picoseconds.
		Weight::from_parts(24_266_000, 5478)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Models::Models` (r:1 w:1)
	/// Proof: `Models::Models` (`max_values`: None, `max_size`: Some(2013), added: 4488, mode: `MaxEncodedLen`)
	/// Storage: `Models::ArtifactVersions` (r:256 w:256)
	/// Proof: `Models::ArtifactVersions` (`max_values`: None, `max_size`: Some(317), added: 2792, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// The range of component `v` is `[1, 256]`.
	fn set_status(v: u32, ) -> Weight {
		// Proof size in bytes: measured `1458 + v * (47 ±0)`, estimated `5478 + v * (2792 ±0)`.
		// Minimum execution time: 70_815_000 picoseconds.
		Weight::from_parts(97_793_562, 5478)
			// Standard error: 10_871
			.saturating_add(Weight::from_parts(1_371_457, 0).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(v.into())))
			.saturating_add(T::DbWeight::get().writes(3))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(v.into())))
			.saturating_add(Weight::from_parts(0, 2792).saturating_mul(v.into()))
	}
	/// Storage: `Models::Models` (r:1 w:1)
	/// Proof: `Models::Models` (`max_values`: None, `max_size`: Some(2013), added: 4488, mode: `MaxEncodedLen`)
	/// Storage: `Datanets::Versions` (r:32 w:0)
	/// Proof: `Datanets::Versions` (`max_values`: None, `max_size`: Some(72), added: 2547, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `Models::ArtifactVersions` (r:0 w:1)
	/// Proof: `Models::ArtifactVersions` (`max_values`: None, `max_size`: Some(317), added: 2792, mode: `MaxEncodedLen`)
	/// The range of component `t` is `[0, 32]`.
	fn publish_artifact(t: u32, ) -> Weight {
		// Proof size in bytes: measured `2325 + t * (42 ±0)`, estimated `5478 + t * (2547 ±0)`.
		// Minimum execution time: 71_956_000 picoseconds.
		Weight::from_parts(91_575_257, 5478)
			// Standard error: 24_037
			.saturating_add(Weight::from_parts(3_858_869, 0).saturating_mul(t.into()))
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(t.into())))
			.saturating_add(T::DbWeight::get().writes(4))
			.saturating_add(Weight::from_parts(0, 2547).saturating_mul(t.into()))
	}
	/// Storage: `Models::Models` (r:1 w:1)
	/// Proof: `Models::Models` (`max_values`: None, `max_size`: Some(2013), added: 4488, mode: `MaxEncodedLen`)
	fn add_operator() -> Weight {
		// Proof size in bytes: measured `1561`, estimated `5478`.
		// Minimum execution time: 19_288_000 picoseconds.
		Weight::from_parts(22_834_000, 5478)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Models::Models` (r:1 w:1)
	/// Proof: `Models::Models` (`max_values`: None, `max_size`: Some(2013), added: 4488, mode: `MaxEncodedLen`)
	fn remove_operator() -> Weight {
		// Proof size in bytes: measured `2169`, estimated `5478`.
		// Minimum execution time: 20_450_000 picoseconds.
		Weight::from_parts(24_987_000, 5478)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Models::Models` (r:1 w:1)
	/// Proof: `Models::Models` (`max_values`: None, `max_size`: Some(2013), added: 4488, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:2 w:2)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn transfer_ownership() -> Weight {
		// Proof size in bytes: measured `1584`, estimated `6254`.
		// Minimum execution time: 74_350_000 picoseconds.
		Weight::from_parts(80_440_000, 6254)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(5))
	}
}
