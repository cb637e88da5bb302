//! # OpenLedger runtime
//!
//! The runtime of the OpenLedger appchain: a record of curated data (datanets), the models
//! trained on it, metered and paid inference, and proof of attribution that pays the data's
//! contributors.
//!
//! The runtime is split by concern: the pallet configurations live in [`configs`], the runtime
//! APIs in [`apis`], and the genesis presets in [`genesis_config_presets`].

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`-style macros expand to deeply nested types.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod invariants;
#[cfg(feature = "std")]
pub mod signing;
#[cfg(test)]
mod tests;
pub mod weights;

use alloc::{borrow::Cow, vec::Vec};
use polkadot_sdk::{
	sp_runtime::{
		generic, impl_opaque_keys,
		traits::{BlakeTwo256, IdentifyAccount, Verify},
		MultiAddress, MultiSignature,
	},
	sp_version::{runtime_version, RuntimeVersion},
	*,
};

pub use apis::RuntimeApi;
pub use polkadot_sdk::{frame_system::Call as SystemCall, pallet_balances::Call as BalancesCall};

/// An index to a block.
pub type BlockNumber = u32;

/// Alias to 512-bit hash when used in the context of a transaction signature on the chain.
pub type Signature = MultiSignature;

/// Some way of identifying an account on the chain. It is the public key of the transaction
/// signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Balance of an account, in the smallest unit of `OPEN` (10^-18 OPEN).
pub type Balance = u128;

/// Index of a transaction in the chain.
pub type Nonce = u32;

/// A hash of some data used by the chain.
pub type Hash = polkadot_sdk::sp_core::H256;

/// The token: `OPEN`, with 18 decimals.
pub mod currency {
	use super::Balance;

	/// The symbol Polkadot.js and wallets show.
	pub const TOKEN_SYMBOL: &str = "OPEN";
	/// Decimal places of one `OPEN`.
	pub const TOKEN_DECIMALS: u8 = 18;
	/// One `OPEN` in the smallest unit.
	pub const OPEN: Balance = 1_000_000_000_000_000_000;
	/// A thousandth of an `OPEN`.
	pub const MILLI_OPEN: Balance = OPEN / 1_000;
	/// A millionth of an `OPEN`.
	pub const MICRO_OPEN: Balance = MILLI_OPEN / 1_000;
	/// The least balance an account must hold to exist.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_OPEN;
}

/// The SS58 prefix of addresses (42: the generic Substrate prefix).
pub const SS58_PREFIX: u16 = 42;

/// Opaque types. These are used by the node to instantiate machinery that does not need to know
/// the specifics of the runtime, so that it keeps syncing through runtime upgrades.
pub mod opaque {
	use super::*;
	use alloc::vec::Vec;
	pub use polkadot_sdk::sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;

	impl_opaque_keys! {
		/// The session keys of a validator: Aura for block production, GRANDPA for finality.
		pub struct SessionKeys {
			pub aura: Aura,
			pub grandpa: Grandpa,
		}
	}
}

/// The runtime's version. Bump `spec_version` on every change of runtime logic and
/// `transaction_version` on every change of call encoding.
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("openledger"),
	impl_name: Cow::Borrowed("openledger"),
	authoring_version: 1,
	spec_version: 104,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// Target block time: blocks are produced every `MILLI_SECS_PER_BLOCK` at most.
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
/// The Aura slot duration. It cannot be changed once the chain has started.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

/// Time, measured in blocks.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// One hour, in blocks.
pub const HOURS: BlockNumber = MINUTES * 60;
/// One day, in blocks.
pub const DAYS: BlockNumber = HOURS * 24;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// The transaction extensions checked on every signed transaction, in order.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);
/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations to run on runtime upgrade, each guarded by its pallet's storage version so that
/// it runs once: added with the spec version that needs them, removed once every chain has
/// upgraded past it.
pub type Migrations = (
	// spec 102: usage logs numbered in their epoch (pallets/attribution/src/migrations.rs).
	pallet_attribution::migrations::v2::MigrateV1ToV2<Runtime>,
	// spec 103: escrow held on the operators' accounts (pallets/inference/src/migrations.rs).
	pallet_inference::migrations::v2::MigrateV1ToV2<Runtime>,
);

/// Executive: dispatches blocks and extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The runtime: every pallet with its fixed index. Never renumber or reuse an index.
#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(7)]
	pub type Utility = pallet_utility;

	// OpenLedger pallets.
	#[runtime::pallet_index(10)]
	pub type Datanets = pallet_datanets;

	#[runtime::pallet_index(11)]
	pub type Models = pallet_models;

	#[runtime::pallet_index(12)]
	pub type Inference = pallet_inference;

	#[runtime::pallet_index(13)]
	pub type Attribution = pallet_attribution;
}
