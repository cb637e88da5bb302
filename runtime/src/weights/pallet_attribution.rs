//! Weights of `pallet_attribution` in the OpenLedger runtime, generated from the pallet's benchmarks.
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

/// The weights of `pallet_attribution`'s calls on this runtime.
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> pallet_attribution::WeightInfo for WeightInfo<T> {
	/// Storage: `Attribution::Attributors` (r:1 w:1)
	/// Proof: `Attribution::Attributors` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::CounterForAttributors` (r:1 w:1)
	/// Proof: `Attribution::CounterForAttributors` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Schedule` (r:1 w:0)
	/// Proof: `Attribution::Schedule` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Stake` (r:1 w:1)
	/// Proof: `Attribution::Stake` (`max_values`: Some(1), `max_size`: Some(52), added: 547, mode: `MaxEncodedLen`)
	fn register_attributor() -> Weight {
		// Proof size in bytes: measured `418`, estimated `3622`.
		// Minimum execution time: 69_373_000 picoseconds.
		Weight::from_parts(72_928_000, 3622)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Attribution::Attributors` (r:1 w:1)
	/// Proof: `Attribution::Attributors` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Schedule` (r:1 w:0)
	/// Proof: `Attribution::Schedule` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Stake` (r:1 w:1)
	/// Proof: `Attribution::Stake` (`max_values`: Some(1), `max_size`: Some(52), added: 547, mode: `MaxEncodedLen`)
	fn unregister() -> Weight {
		// Proof size in bytes: measured `284`, estimated `3546`.
		// Minimum execution time: 19_388_000 picoseconds.
		Weight::from_parts(21_492_000, 3546)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `Attribution::Attributors` (r:1 w:1)
	/// Proof: `Attribution::Attributors` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::CounterForAttributors` (r:1 w:1)
	/// Proof: `Attribution::CounterForAttributors` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn withdraw_bond() -> Weight {
		// Proof size in bytes: measured `651`, estimated `3622`.
		// Minimum execution time: 62_572_000 picoseconds.
		Weight::from_parts(66_098_000, 3622)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Attribution::Attributors` (r:1 w:1)
	/// Proof: `Attribution::Attributors` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Schedule` (r:1 w:0)
	/// Proof: `Attribution::Schedule` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Commitments` (r:1 w:1)
	/// Proof: `Attribution::Commitments` (`max_values`: None, `max_size`: Some(141), added: 2616, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Stake` (r:1 w:0)
	/// Proof: `Attribution::Stake` (`max_values`: Some(1), `max_size`: Some(52), added: 547, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Rounds` (r:1 w:1)
	/// Proof: `Attribution::Rounds` (`max_values`: None, `max_size`: Some(115), added: 2590, mode: `MaxEncodedLen`)
	fn commit() -> Weight {
		// Proof size in bytes: measured `549`, estimated `3606`.
		// Minimum execution time: 32_157_000 picoseconds.
		Weight::from_parts(34_952_000, 3606)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	/// Storage: `Attribution::Schedule` (r:1 w:0)
	/// Proof: `Attribution::Schedule` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Commitments` (r:1 w:1)
	/// Proof: `Attribution::Commitments` (`max_values`: None, `max_size`: Some(141), added: 2616, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Pools` (r:1 w:0)
	/// Proof: `Attribution::Pools` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Tallies` (r:1 w:1)
	/// Proof: `Attribution::Tallies` (`max_values`: None, `max_size`: Some(156), added: 2631, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Rounds` (r:1 w:1)
	/// Proof: `Attribution::Rounds` (`max_values`: None, `max_size`: Some(115), added: 2590, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Settlements` (r:0 w:1)
	/// Proof: `Attribution::Settlements` (`max_values`: None, `max_size`: Some(113), added: 2588, mode: `MaxEncodedLen`)
	fn reveal() -> Weight {
		// Proof size in bytes: measured `443`, estimated `3621`.
		// Minimum execution time: 38_106_000 picoseconds.
		Weight::from_parts(41_201_000, 3621)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Attribution::Schedule` (r:1 w:0)
	/// Proof: `Attribution::Schedule` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Rounds` (r:1 w:1)
	/// Proof: `Attribution::Rounds` (`max_values`: None, `max_size`: Some(115), added: 2590, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Pools` (r:2 w:1)
	/// Proof: `Attribution::Pools` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Commitments` (r:65 w:64)
	/// Proof: `Attribution::Commitments` (`max_values`: None, `max_size`: Some(141), added: 2616, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Attributors` (r:64 w:64)
	/// Proof: `Attribution::Attributors` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:21 w:21)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:66 w:66)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Stake` (r:1 w:1)
	/// Proof: `Attribution::Stake` (`max_values`: Some(1), `max_size`: Some(52), added: 547, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Tallies` (r:1 w:1)
	/// Proof: `Attribution::Tallies` (`max_values`: None, `max_size`: Some(156), added: 2631, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Settlements` (r:1 w:0)
	/// Proof: `Attribution::Settlements` (`max_values`: None, `max_size`: Some(113), added: 2588, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 64]`.
	fn close_round(n: u32, ) -> Weight {
		// Proof size in bytes: measured `1083 + n * (335 ±0)`, estimated `6092 + n * (2616 ±0)`.
		// Minimum execution time: 106_939_000 picoseconds.
		Weight::from_parts(58_265_296, 6092)
			// Standard error: 55_093
			.saturating_add(Weight::from_parts(65_822_602, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(9))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(5))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2616).saturating_mul(n.into()))
	}
	/// Storage: `Attribution::Schedule` (r:1 w:0)
	/// Proof: `Attribution::Schedule` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Settlements` (r:1 w:1)
	/// Proof: `Attribution::Settlements` (`max_values`: None, `max_size`: Some(113), added: 2588, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Rounds` (r:1 w:0)
	/// Proof: `Attribution::Rounds` (`max_values`: None, `max_size`: Some(115), added: 2590, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Claimed` (r:1 w:1)
	/// Proof: `Attribution::Claimed` (`max_values`: None, `max_size`: Some(60), added: 2535, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// The range of component `d` is `[1, 32]`.
	fn claim(d: u32, ) -> Weight {
		// Proof size in bytes: measured `573`, estimated `6196`.
		// Minimum execution time: 76_393_000 picoseconds.
		Weight::from_parts(80_846_424, 6196)
			// Standard error: 3_283
			.saturating_add(Weight::from_parts(339_330, 0).saturating_mul(d.into()))
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Attribution::Schedule` (r:1 w:0)
	/// Proof: `Attribution::Schedule` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Settlements` (r:1 w:1)
	/// Proof: `Attribution::Settlements` (`max_values`: None, `max_size`: Some(113), added: 2588, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Rounds` (r:1 w:0)
	/// Proof: `Attribution::Rounds` (`max_values`: None, `max_size`: Some(115), added: 2590, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Claimed` (r:1024 w:1024)
	/// Proof: `Attribution::Claimed` (`max_values`: None, `max_size`: Some(60), added: 2535, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1025 w:1025)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 1024]`.
	fn claim_batch(n: u32, ) -> Weight {
		// Proof size in bytes: measured `1116`, estimated `3593 + n * (2603 ±0)`.
		// Minimum execution time: 92_216_000 picoseconds.
		Weight::from_parts(93_699_000, 3593)
			// Standard error: 137_095
			.saturating_add(Weight::from_parts(70_726_630, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(2))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2603).saturating_mul(n.into()))
	}
	/// Storage: `Attribution::Schedule` (r:1 w:0)
	/// Proof: `Attribution::Schedule` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Rounds` (r:1 w:0)
	/// Proof: `Attribution::Rounds` (`max_values`: None, `max_size`: Some(115), added: 2590, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Pools` (r:1 w:0)
	/// Proof: `Attribution::Pools` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Settlements` (r:1 w:1)
	/// Proof: `Attribution::Settlements` (`max_values`: None, `max_size`: Some(113), added: 2588, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Claimed` (r:1000 w:1000)
	/// Proof: `Attribution::Claimed` (`max_values`: None, `max_size`: Some(60), added: 2535, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[0, 1000]`.
	fn prune_epoch(n: u32, ) -> Weight {
		// Proof size in bytes: measured `803 + n * (53 ±0)`, estimated `6196 + n * (2535 ±0)`.
		// Minimum execution time: 71_977_000 picoseconds.
		Weight::from_parts(40_148_557, 6196)
			// Standard error: 3_426
			.saturating_add(Weight::from_parts(1_557_657, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(3))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2535).saturating_mul(n.into()))
	}
	/// Storage: `Attribution::Rounds` (r:1 w:1)
	/// Proof: `Attribution::Rounds` (`max_values`: None, `max_size`: Some(115), added: 2590, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Schedule` (r:1 w:0)
	/// Proof: `Attribution::Schedule` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Settlements` (r:1 w:1)
	/// Proof: `Attribution::Settlements` (`max_values`: None, `max_size`: Some(113), added: 2588, mode: `MaxEncodedLen`)
	fn annul() -> Weight {
		// Proof size in bytes: measured `460`, estimated `3580`.
		// Minimum execution time: 20_100_000 picoseconds.
		Weight::from_parts(21_963_000, 3580)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `Attribution::Schedule` (r:1 w:0)
	/// Proof: `Attribution::Schedule` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Rounds` (r:1 w:1)
	/// Proof: `Attribution::Rounds` (`max_values`: None, `max_size`: Some(115), added: 2590, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Tallies` (r:1 w:0)
	/// Proof: `Attribution::Tallies` (`max_values`: None, `max_size`: Some(156), added: 2631, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::Settlements` (r:0 w:1)
	/// Proof: `Attribution::Settlements` (`max_values`: None, `max_size`: Some(113), added: 2588, mode: `MaxEncodedLen`)
	fn resolve() -> Weight {
		// Proof size in bytes: measured `476`, estimated `3621`.
		// Minimum execution time: 24_076_000 picoseconds.
		Weight::from_parts(26_209_000, 3621)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `Attribution::EngineParameters` (r:0 w:1)
	/// Proof: `Attribution::EngineParameters` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	fn set_engine_params() -> Weight {
		// Proof size in bytes: measured `0`, estimated `0`.
		// Minimum execution time: 5_618_000 picoseconds.
		Weight::from_parts(6_539_000, 0)
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Attribution::Commitments` (r:1 w:0)
	/// Proof: `Attribution::Commitments` (`max_values`: None, `max_size`: Some(141), added: 2616, mode: `MaxEncodedLen`)
	/// Storage: `Attribution::ReportUris` (r:0 w:1)
	/// Proof: `Attribution::ReportUris` (`max_values`: None, `max_size`: Some(318), added: 2793, mode: `MaxEncodedLen`)
	fn name_report() -> Weight {
		// Proof size in bytes: measured `290`, estimated `3606`.
		// Minimum execution time: 15_583_000 picoseconds.
		Weight::from_parts(17_616_000, 3606)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
}
