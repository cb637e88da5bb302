//! # Inference
//!
//! Metering and payment of AI inference: direct payments, escrow with consumer-signed usage
//! receipts settled in batches, and the fee split.
//!
//! ## Overview
//!
//! - **Direct payment.** `pay_for_inference(model, input tokens, output tokens, max fee, output,
//!   log)` pays the model's current quote from the caller's free balance, refused when the model is
//!   unknown or not active, the fee does not fit the balance type, exceeds `max_fee`, or exceeds
//!   what the caller can pay. It names the hash of the output paid for and, optionally, where the
//!   payer published it. Simple, for scripts and the Apps UI.
//! - **Escrow allocated to an operator and signed receipts** (the scalable path). A consumer
//!   allocates credit to one operator (`deposit(operator, amount)`): it moves from the consumer's
//!   free balance onto the operator's account, held there under `Escrow`, where the operator cannot
//!   spend it and only receipts the consumer signed can charge it, so collateral that backs an
//!   operator can never be taken by anyone else. A batch's charges leave the operator's hold at
//!   once, so a settled receipt reads and writes nothing but its allocation. For each `(consumer,
//!   model, operator)` channel of the allocation the consumer signs, off chain, receipts naming the
//!   allocation, with the *cumulative* tokens, requests and amount owed, the running digest of the
//!   outputs it received (`openledger_primitives::outputs`) and a rising nonce, over
//!   `(RECEIPT_DOMAIN, genesis hash, payload)`. The chain keeps each channel's digest, so an
//!   operator's usage log of the batch can be checked against it. The operator settles receipts in
//!   batches: the chain verifies each signature, charges only the increase since the channel's last
//!   settled receipt, and never more than the allocation. A bad receipt is skipped and reported;
//!   the rest settle. Thousands of inferences cost one settlement.
//! - **Withdrawals** from an allocation wait `UnlockDelay` blocks and stay chargeable meanwhile, so
//!   nobody dodges settlement. An allocation that is used up or withdrawn closes, with its
//!   channels: no record outlives its collateral.
//! - **Grace.** Usage stays settleable for the model registry's grace period after the model is
//!   paused or retired or the operator removed, so usage served before is not lost.
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
#[allow(
	clippy::unwrap_used,
	clippy::expect_used,
	reason = "benchmarks are tests: a failed setup must abort them"
)]
mod benchmarking;
mod functions;
pub mod migrations;
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
#[allow(clippy::expect_used, reason = "FRAME's macros expand to `expect`s that carry their proofs")]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Mutate, MutateHold},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use openledger_primitives::{bounded, Hash256, ModelId, ModelInspect, UsageSink};
	use sp_runtime::traits::{IdentifyAccount, Verify};

	/// The in-code storage version (1: escrow allocated per operator, channels inside it; 2:
	/// escrow held on the operator's account, see [`crate::migrations::v2`]).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Credit consumers allocated to an operator for metered usage, held on the operator's
		/// account: the sum of the allocations made to it.
		#[codec(index = 0)]
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

		/// Who may set the fee split (`set_fee_split`): governance.
		type FeeSplitOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The least data share a model may promise (the model registry's floor): the fee split
		/// must always leave room for it.
		#[pallet::constant]
		type DataShareFloor: Get<sp_runtime::Perbill>;

		/// The blocks a withdrawal from escrow waits (chargeable meanwhile).
		#[pallet::constant]
		type UnlockDelay: Get<BlockNumberFor<Self>>;

		/// The least credit that opens an allocation to an operator: the collateral behind its
		/// record and channels.
		#[pallet::constant]
		type MinAllocation: Get<BalanceOf<Self>>;

		/// The most models one allocation may have channels for.
		#[pallet::constant]
		type MaxChannels: Get<u32>;

		/// The most receipts one `settle` call may carry.
		#[pallet::constant]
		type MaxBatch: Get<u32>;

		/// The most distinct models the receipts of one `settle` call may name.
		#[pallet::constant]
		type MaxModelsPerBatch: Get<u32>;

		/// The longest URI of a published output or usage log, in bytes.
		#[pallet::constant]
		type MaxUriLen: Get<u32>;

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

	/// The escrow each consumer allocated to each operator, with the channels settled on it.
	/// The `Escrow` hold on an operator's account is the sum of the allocations made to it.
	// Both keys are user-controlled accounts: `Blake2_128Concat`.
	#[pallet::storage]
	pub type Escrows<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		AllocationOf<T>,
	>;

	/// The id the next allocation opened gets.
	#[pallet::storage]
	pub type NextAllocationId<T> = StorageValue<_, AllocationId, ValueQuery>;

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
			/// The blake2-256 of the output paid for.
			output: Hash256,
			/// Where the payer published it, if it did.
			log: Option<LogRefOf<T>>,
		},
		/// Credit was put in escrow for `operator`, in allocation `allocation` (opened by the
		/// deposit if there was none).
		Deposited {
			consumer: T::AccountId,
			operator: T::AccountId,
			allocation: AllocationId,
			amount: BalanceOf<T>,
		},
		/// A withdrawal from an allocation was requested; it may be withdrawn from `unlock_at`.
		WithdrawalRequested {
			consumer: T::AccountId,
			operator: T::AccountId,
			amount: BalanceOf<T>,
			unlock_at: BlockNumberFor<T>,
		},
		/// Unlocked escrow was returned to the consumer.
		Withdrawn { consumer: T::AccountId, operator: T::AccountId, amount: BalanceOf<T> },
		/// A batch of receipts was settled: `settled` receipts charged `totals`; the `skipped`
		/// entries (batch index and reason) were not. `log` is the usage log the operator named,
		/// kept with the epoch's records, and the commitment it must reproduce (`None` when it
		/// named none, or when no receipt settled).
		BatchSettled {
			operator: T::AccountId,
			settled: u32,
			skipped: SkippedOf<T>,
			totals: BatchTotals<BalanceOf<T>>,
			shares: FeeShares<BalanceOf<T>>,
			log: Option<RecordedLogOf<T>>,
		},
		/// Governance set a new fee split.
		FeeSplitSet { split: FeeSplit },
		/// An allocation was used up or withdrawn: its record and channels are gone, and
		/// receipts naming it can no longer be settled.
		AllocationClosed {
			consumer: T::AccountId,
			operator: T::AccountId,
			allocation: AllocationId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No model has this id.
		UnknownModel,
		/// The model's quote is above the most the caller agreed to pay: raise `max_fee` or use
		/// fewer tokens.
		FeeAboveMax,
		/// The amount must be above zero.
		ZeroAmount,
		/// The caller has allocated no escrow to this operator.
		NoAllocation,
		/// The allocation does not hold that much that is not already unlocking.
		InsufficientEscrow,
		/// Nothing is unlocking: request a withdrawal first.
		NothingUnlocking,
		/// The unlocking amount cannot be withdrawn before its unlock block (see the
		/// allocation's `unlock_at`).
		StillLocked,
		/// A batch must carry at least one receipt.
		EmptyBatch,
		/// The treasury, attribution and base model shares leave less than the data share floor.
		InvalidFeeSplit,
		/// The model is paused or retired: it takes no new usage.
		ModelNotActive,
		/// The fee of that many tokens does not fit the balance type.
		FeeOverflow,
		/// The fee is more than the caller can pay while keeping its account alive.
		InsufficientBalance,
		/// A new allocation needs at least `MinAllocation`.
		BelowMinAllocation,
		/// The receipts name more distinct models than `MaxModelsPerBatch`: split the batch.
		TooManyModels,
		/// A batch may carry at most `MaxBatch` receipts: split it.
		BatchTooLarge,
		/// A share of the fee split is above 100% (1,000,000,000 parts per billion).
		FeeShareAboveAll,
		/// The URI is longer than `MaxUriLen` bytes.
		UriTooLong,
		/// The URI is not `file://`, `http://`, `https://` or `ipfs://`.
		UnsupportedUri,
		/// No allocation id is left.
		Overflow,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Escrow the chain starts with: each consumer allocates the amount to the operator, as
		/// `deposit` does.
		pub escrows: alloc::vec::Vec<(T::AccountId, T::AccountId, BalanceOf<T>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::ensure_clearing_account();
			for (consumer, operator, amount) in &self.escrows {
				Pallet::<T>::do_deposit(consumer.clone(), operator.clone(), *amount)
					.unwrap_or_else(|e| panic!("genesis escrow of {consumer:?}: {e:?}"));
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			let (batch, models) = (T::MaxBatch::get(), T::MaxModelsPerBatch::get());
			assert!(batch > 0 && models > 0, "MaxBatch and MaxModelsPerBatch must be positive");
			assert!(models <= batch, "MaxModelsPerBatch above MaxBatch");
			assert!(batch <= u16::MAX as u32, "skips are named by u16 index");
			assert!(T::MaxChannels::get() > 0, "MaxChannels is 0");
			assert!(!T::MinAllocation::get().is_zero(), "MinAllocation is 0: records for free");
			assert!(
				Self::is_valid_split(&T::DefaultFeeSplit::get()),
				"DefaultFeeSplit leaves less than the data share floor"
			);
			let normal = <T as frame_system::Config>::BlockWeights::get()
				.get(frame_support::dispatch::DispatchClass::Normal)
				.max_extrinsic
				.unwrap_or(Weight::MAX);
			let worst_cases =
				[Self::settle_weight(batch - 1, 1), Self::settle_weight(batch - models, models)];
			for worst in worst_cases {
				assert!(
					worst.all_lte(normal),
					"a full settle batch must fit one extrinsic of a block's normal weight"
				);
			}
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
		/// at most `max_fee`, and splits it at once. `output` is the blake2-256 of the output
		/// paid for (zero bytes to name none), and `log` where the payer published it, if it
		/// did: attribution scores only outputs a payer named.
		///
		/// Errors: `UriTooLong`, `UnsupportedUri`, `UnknownModel`, `ModelNotActive`,
		/// `FeeOverflow`, `FeeAboveMax`, `InsufficientBalance`. Emits `InferencePaid`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::pay_for_inference())]
		pub fn pay_for_inference(
			origin: OriginFor<T>,
			model: ModelId,
			input_tokens: u64,
			output_tokens: u64,
			max_fee: BalanceOf<T>,
			output: Hash256,
			log: Option<LogRef<Vec<u8>>>,
		) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			let log = log.map(LogRef::bounded::<T>).transpose()?;
			Self::do_pay_for_inference(
				consumer,
				model,
				(input_tokens, output_tokens),
				max_fee,
				output,
				log,
			)
		}

		/// Allocate `amount` of the caller's free balance to `operator`, for it to charge
		/// against receipts the caller signs. The amount is held on the operator's account,
		/// which must exist: the operator cannot spend it, and only receipts the caller signed
		/// charge it.
		///
		/// Opens an allocation (at least `MinAllocation`) if the caller has none with the
		/// operator, and tops it up otherwise; receipts name the allocation's id (in the event,
		/// and in the runtime API's `escrow`).
		///
		/// Errors: `ZeroAmount`, `BelowMinAllocation`, `Token(CannotCreateHold)` when the operator
		/// has no account, or the currency's error. Emits `Deposited`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::deposit())]
		pub fn deposit(
			origin: OriginFor<T>,
			operator: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			Self::do_deposit(consumer, operator, amount)
		}

		/// Ask for `amount` of the allocation to `operator` back. It unlocks after
		/// `UnlockDelay` blocks and stays chargeable until withdrawn; a new request adds to the
		/// unlocking amount and restarts the delay.
		///
		/// Errors: `ZeroAmount`, `NoAllocation`, `InsufficientEscrow`. Emits
		/// `WithdrawalRequested`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::request_withdrawal())]
		pub fn request_withdrawal(
			origin: OriginFor<T>,
			operator: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			Self::do_request_withdrawal(consumer, operator, amount)
		}

		/// Take back the unlocked part of the allocation to `operator` (what settlements left
		/// of it), from the operator's hold to the caller's free balance (an account reaped
		/// meanwhile is created again; a part below the existential deposit then fails with
		/// `Token(BelowMinimum)` until the account holds that much). An allocation left empty
		/// closes.
		///
		/// Errors: `NoAllocation`, `NothingUnlocking`, `StillLocked`. Emits `Withdrawn`, and
		/// `AllocationClosed` when nothing is left.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw())]
		pub fn withdraw(origin: OriginFor<T>, operator: T::AccountId) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			Self::do_withdraw(consumer, operator)
		}

		/// Settle a batch of consumer-signed receipts, as the operator they name.
		///
		/// For each receipt the chain checks the operator, the model, the consumer's allocation
		/// to the operator, the nonce and counters against the channel's last settled receipt,
		/// and the signature, and charges the increase in amount from the allocation. A receipt
		/// that fails a check is skipped and reported; the rest settle. The charges are split
		/// and paid once per destination. The weight grows with the receipts and with the
		/// distinct models they name.
		///
		/// `log` names the batch's usage log (docs/usage-logs.md): the blake2-256 of its bytes
		/// and where it is published. The chain keeps it with the epoch, with a commitment to the
		/// receipts that settled, for attributors to check; a batch without a log settles the
		/// same, and its usage counts as usage without outputs.
		///
		/// The call is operational: in a full block it goes before normal transactions and may
		/// use the quarter of the block they may not (docs/rush-hour.md). Its fee is the same.
		///
		/// Errors: `BatchTooLarge` (more than `MaxBatch` receipts), `UriTooLong`,
		/// `UnsupportedUri`, `EmptyBatch`, `TooManyModels`, or the epoch's log store's error
		/// (`TooManyLogs`). Emits `BatchSettled`, and `AllocationClosed` for each allocation used
		/// up.
		#[pallet::call_index(4)]
		#[pallet::weight({
			// A batch past its bound fails at once, before any receipt is looked at.
			let (receipts, models) = if receipts.len() > T::MaxBatch::get() as usize {
				(0, 0)
			} else {
				Pallet::<T>::batch_shape(receipts)
			};
			// Operational: settlement is included before the normal traffic of a full block
			// and has the block's reserved space (docs/rush-hour.md).
			(Pallet::<T>::settle_weight(receipts, models), DispatchClass::Operational)
		})]
		pub fn settle(
			origin: OriginFor<T>,
			receipts: Vec<ReceiptOf<T>>,
			log: Option<LogRef<Vec<u8>>>,
		) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			let receipts = bounded(receipts, Error::<T>::BatchTooLarge)?;
			let log = log.map(LogRef::bounded::<T>).transpose()?;
			Self::do_settle(operator, receipts, log)
		}

		/// Set the fee split, as the `FeeSplitOrigin` (governance). Each share is given in parts
		/// per billion (`1_000_000_000` is 100%).
		///
		/// Errors: `FeeShareAboveAll` when a share is above 100%, `InvalidFeeSplit` when the
		/// treasury, attribution and base model shares leave less than the data share floor.
		/// Emits `FeeSplitSet`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_fee_split())]
		pub fn set_fee_split(origin: OriginFor<T>, split: FeeSplit<u32>) -> DispatchResult {
			T::FeeSplitOrigin::ensure_origin(origin)?;
			let split = split.shares::<T>()?;
			ensure!(Self::is_valid_split(&split), Error::<T>::InvalidFeeSplit);
			FeeSplitOverride::<T>::put(split);
			Self::deposit_event(Event::FeeSplitSet { split });
			Ok(())
		}
	}
}
