//! # Inference
//!
//! Metering and payment of AI inference: direct payments, escrow with consumer-signed usage
//! receipts settled in batches, and the fee split.
//!
//! ## Overview
//!
//! - **Direct payment.** `pay_for_inference(model, input tokens, output tokens, max fee)` pays the
//!   model's current quote from the caller's free balance, refused when the model takes no usage or
//!   the quote exceeds `max_fee`. Simple, for scripts and the Apps UI.
//! - **Escrow and signed receipts** (the scalable path). A consumer holds credit in escrow. For
//!   each `(consumer, model, operator)` channel the consumer signs, off chain, receipts with the
//!   *cumulative* tokens, requests and amount owed and a rising nonce, over `(RECEIPT_DOMAIN,
//!   genesis hash, payload)`. The operator settles receipts in batches: the chain verifies each
//!   signature, charges only the increase since the channel's last settled receipt, and never more
//!   than the escrow. A bad receipt is skipped and reported; the rest settle. Thousands of
//!   inferences cost one settlement.
//! - **Withdrawals** from escrow wait `UnlockDelay` blocks and stay chargeable meanwhile, so nobody
//!   dodges settlement.
//! - **Fee split.** Every fee is divided into the treasury's share, the attribution fee, the data
//!   contributors' share (what the model promises, at least the floor), the base model's share for
//!   adapters, and the rest to the model's owner. Rounding dust goes to the treasury, so the parts
//!   always sum to the fee. Shares are summed per call and moved once per destination. The data
//!   share and attribution fee go to the attribution pot through
//!   [`openledger_primitives::UsageSink`], accounted per epoch and model.
//!
//! Rewards come only out of fees actually paid: nothing is minted, so paying for one's own
//! inferences always loses money.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
use polkadot_sdk::frame_benchmarking;
use polkadot_sdk::{frame_support, frame_system, sp_runtime};

/// Inference metering: direct payments, escrow with consumer-signed usage receipts settled in
/// batches, and the fee split.
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Mutate, MutateHold},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use openledger_primitives::{ModelId, ModelInspect, UsageSink};
	use sp_runtime::traits::{IdentifyAccount, Verify};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Credit a consumer holds in escrow for metered usage.
		Escrow,
	}

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// The currency fees and escrow are paid in.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The model registry: prices, shares, owners and operators.
		type Models: ModelInspect<Self::AccountId, BalanceOf<Self>>;

		/// Where the data share and the attribution fee of every fee go.
		type UsageSink: UsageSink<Self::AccountId, BalanceOf<Self>>;

		/// A signature of a consumer over a receipt (any scheme the account supports).
		type Signature: Verify<Signer = Self::Signer>
			+ Parameter
			+ MaxEncodedLen
			+ DecodeWithMemTracking;

		/// The public key behind a signature, which identifies the account.
		type Signer: IdentifyAccount<AccountId = Self::AccountId>;

		/// The account the protocol treasury's share goes to.
		#[pallet::constant]
		type TreasuryAccount: Get<Self::AccountId>;

		/// The pallet's id: its account collects a batch's charges before they are split.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The fee split in force until governance sets another.
		#[pallet::constant]
		type DefaultFeeSplit: Get<FeeSplit>;

		/// The least data share a model may promise (the model registry's floor): the fee split
		/// must always leave room for it.
		#[pallet::constant]
		type DataShareFloor: Get<sp_runtime::Perbill>;

		/// The blocks a withdrawal from escrow waits (chargeable meanwhile).
		#[pallet::constant]
		type UnlockDelay: Get<BlockNumberFor<Self>>;

		/// The most receipts one `settle` call may carry.
		#[pallet::constant]
		type MaxBatch: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Accounts, signatures and models for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::Signature>;
	}

	/// What the benchmarks need from the runtime.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId, Signature> {
		/// Account number `i`, whose key can sign.
		fn account(i: u32) -> AccountId;
		/// `who`'s signature of `message`.
		fn sign(who: &AccountId, message: &[u8]) -> Signature;
		/// A usable adapter of `owner` on a base model of `base_owner`, served by `operator`.
		fn create_model(owner: &AccountId, base_owner: &AccountId, operator: &AccountId)
			-> ModelId;
	}

	/// The withdrawals consumers asked for (user-controlled keys: `Blake2_128Concat`). The
	/// escrow itself is the `Escrow` hold: nothing else records it.
	#[pallet::storage]
	pub type Withdrawals<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, UnlockingOf<T>>;

	/// The last settled receipt of each `(consumer, model, operator)` channel. Accounts are
	/// user-controlled (`Blake2_128Concat`); model ids are assigned by the chain.
	#[pallet::storage]
	pub type Channels<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, ModelId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		ChannelOf<T>,
	>;

	/// The fee split set by governance; `DefaultFeeSplit` until then.
	#[pallet::storage]
	pub type FeeSplitOverride<T> = StorageValue<_, FeeSplit>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An inference was paid directly.
		InferencePaid {
			consumer: T::AccountId,
			model: ModelId,
			input_tokens: u64,
			output_tokens: u64,
			fee: BalanceOf<T>,
			shares: FeeShares<BalanceOf<T>>,
		},
		/// Credit was put in escrow.
		Deposited { consumer: T::AccountId, amount: BalanceOf<T> },
		/// A withdrawal from escrow was requested; it may be withdrawn from `unlock_at`.
		WithdrawalRequested {
			consumer: T::AccountId,
			amount: BalanceOf<T>,
			unlock_at: BlockNumberFor<T>,
		},
		/// Unlocked escrow was returned to the consumer.
		Withdrawn { consumer: T::AccountId, amount: BalanceOf<T> },
		/// A batch of receipts was settled: `settled` receipts charged `totals`; the `skipped`
		/// entries (batch index and reason) were not.
		BatchSettled {
			operator: T::AccountId,
			settled: u32,
			skipped: SkippedOf<T>,
			totals: BatchTotals<BalanceOf<T>>,
			shares: FeeShares<BalanceOf<T>>,
		},
		/// Governance set a new fee split.
		FeeSplitSet { split: FeeSplit },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The model does not exist, or is paused or retired.
		ModelNotUsable,
		/// The model's quote is above the most the caller agreed to pay.
		FeeAboveMax,
		/// The amount must be above zero.
		ZeroAmount,
		/// The account has no escrow.
		NoEscrow,
		/// The escrow does not hold that much that is not already unlocking.
		InsufficientEscrow,
		/// Nothing is unlocking.
		NothingUnlocking,
		/// The unlocking amount cannot be withdrawn before its unlock block.
		StillLocked,
		/// A batch must carry at least one receipt.
		EmptyBatch,
		/// The treasury, attribution and base model shares leave less than the data share floor.
		InvalidFeeSplit,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Escrow the chain starts with: each consumer deposits the amount, as `deposit` does.
		pub escrows: alloc::vec::Vec<(T::AccountId, BalanceOf<T>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (consumer, amount) in &self.escrows {
				Pallet::<T>::do_deposit(consumer.clone(), *amount)
					.unwrap_or_else(|e| panic!("genesis escrow of {consumer:?}: {e:?}"));
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxBatch::get() > 0, "MaxBatch is 0");
			assert!(T::MaxBatch::get() <= u16::MAX as u32, "skips are named by u16 index");
			assert!(
				Self::is_valid_split(&T::DefaultFeeSplit::get()),
				"DefaultFeeSplit leaves less than the data share floor"
			);
			let full_batch = T::WeightInfo::settle(T::MaxBatch::get());
			let normal = <T as frame_system::Config>::BlockWeights::get()
				.get(frame_support::dispatch::DispatchClass::Normal)
				.max_extrinsic
				.unwrap_or(Weight::MAX);
			assert!(
				full_batch.all_lte(normal),
				"a full settle batch must fit one extrinsic of a block's normal weight"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Pay for one inference directly from the caller's free balance.
		///
		/// Charges the model's current quote for `input_tokens` and `output_tokens`, if it is
		/// at most `max_fee`, and splits it at once.
		///
		/// Errors: `ModelNotUsable`, `FeeAboveMax`, or the currency's error when the caller
		/// cannot pay. Emits `InferencePaid`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::pay_for_inference())]
		pub fn pay_for_inference(
			origin: OriginFor<T>,
			model: ModelId,
			input_tokens: u64,
			output_tokens: u64,
			max_fee: BalanceOf<T>,
		) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			Self::do_pay_for_inference(consumer, model, input_tokens, output_tokens, max_fee)
		}

		/// Put `amount` of the caller's free balance in escrow, for operators to charge
		/// against signed receipts.
		///
		/// Errors: `ZeroAmount`, or the currency's error. Emits `Deposited`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::deposit())]
		pub fn deposit(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			Self::do_deposit(consumer, amount)
		}

		/// Ask for `amount` of the escrow back. It unlocks after `UnlockDelay` blocks and stays
		/// chargeable until withdrawn; a new request adds to the unlocking amount and restarts
		/// the delay.
		///
		/// Errors: `ZeroAmount`, `NoEscrow`, `InsufficientEscrow`. Emits `WithdrawalRequested`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::request_withdrawal())]
		pub fn request_withdrawal(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			Self::do_request_withdrawal(consumer, amount)
		}

		/// Take back the unlocked escrow (what settlements left of it).
		///
		/// Errors: `NoEscrow`, `NothingUnlocking`, `StillLocked`. Emits `Withdrawn`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw())]
		pub fn withdraw(origin: OriginFor<T>) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			Self::do_withdraw(consumer)
		}

		/// Settle a batch of consumer-signed receipts, as the operator they name.
		///
		/// For each receipt the chain checks the operator, the model, the signature, the nonce
		/// and the counters against the channel's last settled receipt, and charges the
		/// increase in amount from the consumer's escrow. A receipt that fails a check is
		/// skipped and reported; the rest settle. The charges are split and paid once per
		/// destination.
		///
		/// Errors: `EmptyBatch`. Emits `BatchSettled`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::settle(receipts.len() as u32))]
		pub fn settle(origin: OriginFor<T>, receipts: ReceiptBatchOf<T>) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			Self::do_settle(operator, receipts)
		}

		/// Set the fee split. Root (governance) only.
		///
		/// Errors: `InvalidFeeSplit` when the treasury, attribution and base model shares leave
		/// less than the data share floor. Emits `FeeSplitSet`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_fee_split())]
		pub fn set_fee_split(origin: OriginFor<T>, split: FeeSplit) -> DispatchResult {
			ensure_root(origin)?;
			ensure!(Self::is_valid_split(&split), Error::<T>::InvalidFeeSplit);
			FeeSplitOverride::<T>::put(split);
			Self::deposit_event(Event::FeeSplitSet { split });
			Ok(())
		}
	}
}
