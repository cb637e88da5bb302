//! # Attribution
//!
//! Proof of attribution: attributors settle each epoch's data pool by commit-reveal rounds, and
//! contributors claim their rewards with merkle proofs.
//!
//! ## Overview
//!
//! - **Epochs.** Time is cut into epochs of `epoch_length` blocks (the [`RoundSchedule`], set at
//!   genesis). The data share and attribution fee of every fee paid during epoch `e` are paid into
//!   the pallet's pot and accounted to the epoch, and to the model used
//!   ([`openledger_primitives::UsageSink`]).
//! - **Usage logs.** The usage log an operator names when settling a batch is kept with the epoch
//!   (`UsageLogs`, in settlement order, at most `MaxLogsPerOperator` per operator and epoch, so
//!   nobody can crowd out another operator's logs): where to fetch it, its hash, the fee it covers
//!   and the commitment to the settled receipts it must reproduce. Attributors score only the
//!   outputs of logs that check out (docs/usage-logs.md).
//! - **Attributors** register with a bond, held under [`HoldReason::AttributorBond`]. Off chain
//!   they run the attribution engine: for every model used in the epoch, how much each accepted
//!   contribution of its training datanets influenced its outputs, turned into `(account, amount)`
//!   leaves. The committee is bounded by `MaxAttributors`. A bond counts from the epoch after the
//!   one it was registered in (warm-up), and stops counting when its attributor unregisters.
//! - **Rounds.** When epoch `e` ends its round opens: during the commit window each attributor
//!   commits `settlement::commitment(attributor, e, root, total, report, salt)`; during the reveal
//!   window it reveals `(root, total, report, salt)`. `report` is the hash of the full attribution
//!   report, published off chain for audit. The round finalises as soon as attributors holding at
//!   least the `Quorum` share (more than half) of the **active bonded stake when the epoch ended**
//!   have revealed the same `(root, total, report)`, with `total` at most the epoch's data pool.
//!   Only attributors whose bond counted then may commit.
//! - **Challenge.** After the reveal window, for `challenge_window` blocks, the `DisputeOrigin` may
//!   `annul` a finalised result (also during the reveal window): the round finalises no more, its
//!   pool is carried on, and those who revealed the annulled result are slashed at closing. It may
//!   also `resolve` a round without quorum by picking one of the revealed results, which then
//!   finalises. Rewards are claimable only once the round is closed, after the challenge.
//! - **Closing** (anyone, after the challenge window, or the chain itself in idle time): in a
//!   finalised round, attributors who committed but did not reveal the finalised result lose the
//!   `SlashShare` of their bond to the treasury, doubled for each round in a row they were slashed
//!   before (strikes; agreeing with a finalised result clears them); in a round without result only
//!   the silent ones are slashed, and in an annulled round the silent ones and those who revealed
//!   the annulled result. The agreeing ones share the epoch's attribution fee pro rata to their
//!   bond. What the settlement does not distribute, and the whole pool and fee of a round without
//!   result, are carried into the epoch open at closing (the next one, when closed on time).
//!   Nothing is ever stuck.
//! - **Claims** are pulled: `claim(epoch, account, amount, proof)` proves the leaf against the
//!   closed round's root and pays the account, once; anyone may submit it for the account, and
//!   `claim_batch` settles many. After `ClaimPeriod` epochs the unclaimed rest goes to the treasury
//!   and the epoch's records are pruned in bounded steps (in idle time, or by anyone with
//!   `prune_epoch`).
//!
//! On-chain work per epoch is O(attributors): no call or hook iterates over contributors or
//! inferences. The settlement format (leaves, root, commitments) is in
//! [`openledger_primitives::settlement`], shared with the `openledger-attributor` tool.

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

/// The target of the pallet's log lines.
pub(crate) const LOG_TARGET: &str = "runtime::attribution";

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
use polkadot_sdk::frame_benchmarking;
use polkadot_sdk::{frame_support, frame_system, sp_runtime};

/// Proof of attribution: attributors settle each epoch's data pool by commit-reveal rounds, and
/// contributors claim their rewards with merkle proofs.
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
	use openledger_primitives::{bounded, EpochIndex, Hash256, ModelId};
	use sp_runtime::Perbill;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The bond of a registered attributor.
		#[codec(index = 0)]
		AttributorBond,
	}

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// The currency pools, bonds and rewards are paid in.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The pallet's id: its account is the attribution pot.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The account slashes and expired rewards go to.
		#[pallet::constant]
		type TreasuryAccount: Get<Self::AccountId>;

		/// The round schedule until genesis sets another.
		#[pallet::constant]
		type DefaultSchedule: Get<ScheduleOf<Self>>;

		/// The least bond an attributor holds.
		#[pallet::constant]
		type MinBond: Get<BalanceOf<Self>>;

		/// The most attributors registered at once (unbonding ones included).
		#[pallet::constant]
		type MaxAttributors: Get<u32>;

		/// The share of the active bonded stake (when the epoch ended) that must reveal the same
		/// result to finalise a round. More than half.
		#[pallet::constant]
		type Quorum: Get<Perbill>;

		/// The share of its bond an attributor loses for not revealing, or for revealing a result
		/// other than the finalised one; doubled for each earlier round in a row it was slashed.
		#[pallet::constant]
		type SlashShare: Get<Perbill>;

		/// Who may annul a finalised result, or pick one for a round without quorum, until the
		/// round's challenge window ends.
		type DisputeOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who may set the attribution engine's parameters (`set_engine_params`): governance.
		type EngineParamsOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Blocks between `unregister` and the bond's release.
		#[pallet::constant]
		type UnbondingDelay: Get<BlockNumberFor<Self>>;

		/// Epochs after its own during which an epoch's rewards may be claimed.
		#[pallet::constant]
		type ClaimPeriod: Get<EpochIndex>;

		/// The deepest merkle proof a claim may carry (trees of up to 2^depth leaves).
		#[pallet::constant]
		type MaxProofDepth: Get<u32>;

		/// The most claims one `claim_batch` may carry.
		#[pallet::constant]
		type MaxClaimBatch: Get<u32>;

		/// The most usage logs one operator may name in an epoch (one per settled batch that
		/// names one). Only the operator can fill its own list.
		#[pallet::constant]
		type MaxLogsPerOperator: Get<u32>;

		/// The longest URI of a usage log, in bytes (the metering pallet's bound).
		#[pallet::constant]
		type MaxLogUriLen: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The round schedule (set at genesis).
	#[pallet::storage]
	pub type Schedule<T: Config> = StorageValue<_, ScheduleOf<T>, ValueQuery, T::DefaultSchedule>;

	/// The bonded stake of the attributors who may settle rounds, and its snapshot when the
	/// last epoch ended.
	#[pallet::storage]
	pub type Stake<T: Config> = StorageValue<_, StakeLedgerOf<T>, ValueQuery>;

	/// Registered attributors: bond, open rounds, unbonding, warm-up and strikes.
	// Accounts are user-controlled keys: `Blake2_128Concat`.
	#[pallet::storage]
	pub type Attributors<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, AttributorOf<T>>;

	/// What each epoch collected for data contributors and attributors.
	// Epochs are sequential: `Twox64Concat`.
	#[pallet::storage]
	pub type Pools<T: Config> = StorageMap<_, Twox64Concat, EpochIndex, EpochPoolOf<T>>;

	/// What each epoch collected per model.
	// Epochs and model ids are assigned by the chain in sequence: `Twox64Concat`.
	#[pallet::storage]
	pub type ModelPools<T: Config> =
		StorageDoubleMap<_, Twox64Concat, EpochIndex, Twox64Concat, ModelId, ModelPoolOf<T>>;

	/// Each epoch's settlement round, once anyone committed or it was closed.
	#[pallet::storage]
	pub type Rounds<T: Config> = StorageMap<_, Twox64Concat, EpochIndex, RoundOf<T>>;

	/// The commitments of an open round, by attributor.
	// Accounts are user-controlled keys: `Blake2_128Concat`.
	#[pallet::storage]
	pub type Commitments<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EpochIndex,
		Blake2_128Concat,
		T::AccountId,
		CommitmentOf<T>,
	>;

	/// The results revealed in an open round, by result key, and the bond behind each.
	// Result keys are hashes: `Identity` would do, `Blake2_128Concat` keeps the layout uniform.
	#[pallet::storage]
	pub type Tallies<T: Config> =
		StorageDoubleMap<_, Twox64Concat, EpochIndex, Blake2_128Concat, Hash256, TallyOf<T>>;

	/// Finalised settlements: what contributors claim against.
	#[pallet::storage]
	pub type Settlements<T: Config> = StorageMap<_, Twox64Concat, EpochIndex, SettlementOf<T>>;

	/// The accounts whose leaf of an epoch was claimed.
	// Accounts are user-controlled keys: `Blake2_128Concat`.
	#[pallet::storage]
	pub type Claimed<T: Config> =
		StorageDoubleMap<_, Twox64Concat, EpochIndex, Blake2_128Concat, T::AccountId, ()>;

	/// The usage logs operators named for the batches they settled in an epoch, by position in
	/// the epoch (settlement order; from 0 to `UsageLogCount` of the epoch): what attributors
	/// fetch and check before scoring outputs. Pruned with the epoch's other records.
	#[pallet::storage]
	pub type UsageLogs<T: Config> =
		StorageDoubleMap<_, Twox64Concat, EpochIndex, Twox64Concat, u32, UsageLogOf<T>>;

	/// How many usage logs an epoch kept: the position of its next one.
	#[pallet::storage]
	pub type UsageLogCount<T> = StorageMap<_, Twox64Concat, EpochIndex, u32, ValueQuery>;

	/// How many usage logs each operator named in an epoch, at most `MaxLogsPerOperator`, so
	/// nobody can crowd out another operator's logs.
	// Accounts are user-controlled keys: `Blake2_128Concat`.
	#[pallet::storage]
	pub type OperatorLogCount<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EpochIndex,
		Blake2_128Concat,
		T::AccountId,
		u32,
		ValueQuery,
	>;

	/// The URIs attributors named for their reports of an epoch, by attributor: where anyone
	/// fetches the report whose hash an attributor revealed, to audit it. Pruned with the
	/// epoch's other records.
	// Accounts are user-controlled keys: `Blake2_128Concat`.
	#[pallet::storage]
	pub type ReportUris<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EpochIndex,
		Blake2_128Concat,
		T::AccountId,
		ReportUriOf<T>,
	>;

	/// The attribution engine's parameters (`EngineParams::default` until root sets others).
	#[pallet::storage]
	pub type EngineParameters<T> = StorageValue<_, EngineParams, ValueQuery>;

	/// The earliest epoch whose round the chain has not yet looked at closing in idle time.
	#[pallet::storage]
	pub type NextToClose<T> = StorageValue<_, EpochIndex, ValueQuery>;

	/// The earliest epoch the chain has not yet pruned in idle time.
	#[pallet::storage]
	pub type NextToPrune<T> = StorageValue<_, EpochIndex, ValueQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// Blocks per epoch.
		pub epoch_length: BlockNumberFor<T>,
		/// Blocks of a round's commit window.
		pub commit_window: BlockNumberFor<T>,
		/// Blocks of a round's reveal window.
		pub reveal_window: BlockNumberFor<T>,
		/// Blocks of a round's challenge window.
		pub challenge_window: BlockNumberFor<T>,
		/// Attributors the chain starts with, registered as `register_attributor` does.
		pub attributors: alloc::vec::Vec<(T::AccountId, BalanceOf<T>)>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			let schedule = T::DefaultSchedule::get();
			Self {
				epoch_length: schedule.epoch_length,
				commit_window: schedule.commit_window,
				reveal_window: schedule.reveal_window,
				challenge_window: schedule.challenge_window,
				attributors: Default::default(),
			}
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let schedule = RoundSchedule {
				epoch_length: self.epoch_length,
				commit_window: self.commit_window,
				reveal_window: self.reveal_window,
				challenge_window: self.challenge_window,
			};
			assert!(
				Pallet::<T>::is_valid_schedule(&schedule),
				"attribution schedule: epoch, commit, reveal and challenge windows must be \
				 non-zero, and the commit and reveal windows together no longer than an epoch"
			);
			Schedule::<T>::put(schedule);
			Pallet::<T>::ensure_pot();
			for (attributor, bond) in &self.attributors {
				Pallet::<T>::do_register_active(attributor.clone(), *bond)
					.unwrap_or_else(|e| panic!("genesis attributor {attributor:?}: {e:?}"));
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An attributor registered with a bond; it may settle rounds from epoch `active_from`.
		AttributorRegistered {
			attributor: T::AccountId,
			bond: BalanceOf<T>,
			active_from: EpochIndex,
		},
		/// An attributor unregistered; its bond may be withdrawn from `withdrawable_at`, once
		/// every round it committed to has closed.
		AttributorUnbonding { attributor: T::AccountId, withdrawable_at: BlockNumberFor<T> },
		/// An attributor's bond was released and its registration ended.
		BondWithdrawn { attributor: T::AccountId, amount: BalanceOf<T> },
		/// An attributor committed to a result of an epoch.
		Committed { epoch: EpochIndex, attributor: T::AccountId, commitment: Hash256 },
		/// An attributor revealed its result of an epoch.
		Revealed {
			epoch: EpochIndex,
			attributor: T::AccountId,
			root: Hash256,
			total: BalanceOf<T>,
			report: Hash256,
		},
		/// An epoch's round reached the quorum: its rewards may be claimed once it closes, unless
		/// the dispute origin annuls it during the challenge window.
		RoundFinalised {
			epoch: EpochIndex,
			root: Hash256,
			total: BalanceOf<T>,
			report: Hash256,
			backing_bond: BalanceOf<T>,
		},
		/// An attributor was paid its share of an epoch's attribution fee.
		AttributorRewarded { epoch: EpochIndex, attributor: T::AccountId, amount: BalanceOf<T> },
		/// An attributor lost part of its bond to the treasury for an epoch's round; `strikes`
		/// counts the rounds in a row it was slashed, this one included.
		AttributorSlashed {
			epoch: EpochIndex,
			attributor: T::AccountId,
			amount: BalanceOf<T>,
			strikes: u32,
		},
		/// The dispute origin annulled an epoch's finalised result: the round's pool will be
		/// carried on and those who revealed the result slashed.
		SettlementAnnulled {
			epoch: EpochIndex,
			root: Hash256,
			total: BalanceOf<T>,
			report: Hash256,
		},
		/// The dispute origin picked a revealed result for an epoch's round without quorum: it
		/// is final, and those who revealed another result are slashed at closing.
		RoundResolved {
			epoch: EpochIndex,
			root: Hash256,
			total: BalanceOf<T>,
			report: Hash256,
			backing_bond: BalanceOf<T>,
		},
		/// An epoch's round was closed. `carried_data` and `carried_fee` went to epoch
		/// `carried_to`'s pool.
		RoundClosed {
			epoch: EpochIndex,
			finalised: bool,
			rewarded: BalanceOf<T>,
			slashed: BalanceOf<T>,
			carried_data: BalanceOf<T>,
			carried_fee: BalanceOf<T>,
			carried_to: EpochIndex,
		},
		/// A leaf was claimed: `amount` was paid to `account`.
		Claimed { epoch: EpochIndex, account: T::AccountId, amount: BalanceOf<T> },
		/// A batch of claims was processed: `claimed` leaves paid `amount`; the `skipped`
		/// entries (batch index and reason) were not.
		ClaimBatchProcessed {
			epoch: EpochIndex,
			claimed: u32,
			amount: BalanceOf<T>,
			skipped: ClaimSkipsOf<T>,
		},
		/// An epoch's claim period ended: the unclaimed rest went to the treasury.
		EpochExpired { epoch: EpochIndex, unclaimed: BalanceOf<T> },
		/// All records of an expired epoch were removed.
		EpochPruned { epoch: EpochIndex },
		/// Root set the attribution engine's parameters: they settle every epoch whose last
		/// block comes from now on.
		EngineParamsSet { params: EngineParams },
		/// An attributor named where its report of an epoch can be fetched.
		ReportNamed { epoch: EpochIndex, attributor: T::AccountId, uri: ReportUriOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a registered attributor.
		AlreadyAttributor,
		/// The account is not a registered attributor.
		NotAttributor,
		/// The bond is below the minimum (`MinBond`).
		BondTooLow,
		/// The committee is full (`MaxAttributors`).
		CommitteeFull,
		/// The attributor is unbonding and may not take part in new rounds.
		Unbonding,
		/// The attributor is not unbonding: `unregister` first.
		NotUnbonding,
		/// The unbonding delay has not passed yet.
		StillUnbonding,
		/// A round the attributor committed to has not closed yet.
		RoundsOpen,
		/// The attributor registered too recently: its bond settles the rounds of the epochs
		/// after the one it registered in (the `active_from` of `AttributorRegistered`).
		WarmingUp,
		/// The epoch's commit window has not opened: it opens in the block after the epoch's last
		/// (`round.commit_from` of the runtime API).
		CommitWindowNotOpen,
		/// The epoch's commit window is over (it ended at `round.reveal_from`).
		CommitWindowOver,
		/// The epoch's reveal window has not opened (it opens at `round.reveal_from`).
		RevealWindowNotOpen,
		/// The epoch's reveal window is over (it ended at `round.challenge_from`).
		RevealWindowOver,
		/// The attributor already committed to this epoch.
		AlreadyCommitted,
		/// The attributor did not commit to this epoch.
		NoCommitment,
		/// The attributor already revealed for this epoch.
		AlreadyRevealed,
		/// The revealed values do not match the commitment (or were committed by someone else).
		CommitmentMismatch,
		/// The revealed total is above the epoch's data pool.
		TotalAbovePool,
		/// The round's challenge window has not ended yet (it ends at `round.close_from`).
		RoundStillOpen,
		/// The round was already closed.
		RoundAlreadyClosed,
		/// The operator already named `MaxLogsPerOperator` usage logs this epoch: settle more
		/// receipts per batch, or settle in the next epoch.
		TooManyLogs,
		/// The usage log's URI is longer than `MaxLogUriLen` bytes.
		LogUriTooLong,
		/// The epoch has no pool and no round: there is nothing to close or prune.
		NothingToDo,
		/// The epoch has no finalised settlement.
		NotFinalised,
		/// The epoch's settlement is final only once its round closes, after the challenge
		/// window (`round.close_from`): claim then.
		InChallengeWindow,
		/// The round's challenge window is over (or the round closed): its result stands.
		ChallengeWindowOver,
		/// A result is picked only after the reveal window (`round.challenge_from`).
		RevealsStillOpen,
		/// The round already has a result.
		AlreadyFinalised,
		/// Nobody revealed this result in the round.
		UnknownResult,
		/// The result was annulled.
		ResultAnnulled,
		/// The epoch's claim period is over.
		ClaimPeriodOver,
		/// The epoch's claim period is not over yet.
		ClaimPeriodNotOver,
		/// The epoch's round must be closed first.
		RoundNotClosed,
		/// The account's leaf of this epoch was already claimed.
		AlreadyClaimed,
		/// No leaf `(account, amount)` sits where the proof says under the settlement's root: the
		/// amount or the account differs from the attributors' report (the leaves the
		/// attributor tool prints), or the proof is another epoch's.
		LeafNotInSettlement,
		/// The proof's position is outside its tree, or it has more hashes than such a tree has
		/// levels (or than `MaxProofDepth`).
		MalformedProof,
		/// Paying the claim would exceed the settlement's total.
		ExceedsTotal,
		/// The account cannot receive the amount (for instance below the existential deposit).
		PayoutFailed,
		/// A batch must carry at least one claim.
		EmptyBatch,
		/// A batch may carry at most `MaxClaimBatch` claims: split it.
		BatchTooLarge,
		/// The report's URI is longer than `MaxLogUriLen` bytes.
		ReportUriTooLong,
		/// The report's URI is not `file://`, `http://`, `https://` or `ipfs://`.
		UnsupportedReportUri,
		/// Engine parameters need `min_words` from 1 to `EngineParams::MAX_MIN_WORDS`,
		/// `max_docs` and `tokenizer` from 1.
		InvalidEngineParams,
		/// A share above 1,000,000,000 parts per billion (100%).
		ShareAboveWhole,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_idle(_n: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::idle_work(remaining)
		}

		fn integrity_test() {
			assert!(
				Self::is_valid_schedule(&T::DefaultSchedule::get()),
				"DefaultSchedule: windows must be non-zero and fit in one epoch"
			);
			assert!(T::MaxAttributors::get() > 0, "MaxAttributors is 0");
			assert!(T::ClaimPeriod::get() > 0, "ClaimPeriod is 0");
			assert!(T::MaxClaimBatch::get() > 0, "MaxClaimBatch is 0");
			assert!(T::MaxClaimBatch::get() <= u16::MAX as u32, "skips are named by u16 index");
			assert!(T::MaxProofDepth::get() <= 32, "leaf indices are u32");
			assert!(
				T::Quorum::get() > Perbill::from_percent(50),
				"a quorum at or below one half lets two results finalise, or a minority decide"
			);
			let normal = <T as frame_system::Config>::BlockWeights::get()
				.get(frame_support::dispatch::DispatchClass::Normal)
				.max_extrinsic
				.unwrap_or(Weight::MAX);
			let full_batch = T::WeightInfo::claim_batch(T::MaxClaimBatch::get());
			assert!(
				full_batch.all_lte(normal),
				"a full claim batch at the deepest proof must fit one extrinsic"
			);
			assert!(
				T::WeightInfo::close_round(T::MaxAttributors::get()).all_lte(normal),
				"closing a round of the whole committee must fit one extrinsic"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register the caller as an attributor, holding `bond` (at least `MinBond`). The bond
		/// settles the rounds of the epochs after the current one.
		///
		/// Errors: `AlreadyAttributor`, `BondTooLow`, `CommitteeFull`, or the currency's error
		/// when the bond cannot be held. Emits `AttributorRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_attributor())]
		pub fn register_attributor(origin: OriginFor<T>, bond: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register(who, bond)
		}

		/// Stop being an attributor. The bond no longer counts towards any quorum; it stays held
		/// (and slashable) for `UnbondingDelay` blocks and until every round the caller
		/// committed to has closed; then `withdraw_bond` releases it.
		///
		/// Errors: `NotAttributor`, `Unbonding`. Emits `AttributorUnbonding`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::unregister())]
		pub fn unregister(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unregister(who)
		}

		/// Release the caller's bond after unbonding, ending its registration.
		///
		/// Errors: `NotAttributor`, `NotUnbonding`, `StillUnbonding`, `RoundsOpen`. Emits
		/// `BondWithdrawn`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::withdraw_bond())]
		pub fn withdraw_bond(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_bond(who)
		}

		/// Commit to a result of `epoch`, during its commit window, as an attributor registered
		/// before `epoch` began: `commitment` is
		/// `settlement::commitment(caller, epoch, root, total, report, salt)`. The caller's bond
		/// now is its weight in the round.
		///
		/// Operational, like every call of a round: a flood of normal transactions cannot make an
		/// attributor miss its window (docs/rush-hour.md).
		///
		/// Errors: `NotAttributor`, `Unbonding`, `WarmingUp`, `BondTooLow`,
		/// `CommitWindowNotOpen`, `CommitWindowOver`, `AlreadyCommitted`. Emits `Committed`.
		#[pallet::call_index(3)]
		#[pallet::weight((T::WeightInfo::commit(), DispatchClass::Operational))]
		pub fn commit(
			origin: OriginFor<T>,
			epoch: EpochIndex,
			commitment: Hash256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit(who, epoch, commitment)
		}

		/// Reveal the committed result of `epoch`, during its reveal window. The round
		/// finalises when the bond behind one result reaches the quorum (unless a result was
		/// annulled).
		///
		/// Operational, like every call of a round: a flood of normal transactions cannot make an
		/// attributor miss its window (docs/rush-hour.md).
		///
		/// Errors: `RevealWindowNotOpen`, `RevealWindowOver`, `NoCommitment`, `AlreadyRevealed`,
		/// `CommitmentMismatch`, `TotalAbovePool`. Emits `Revealed`, and `RoundFinalised` when
		/// this reveal reaches the quorum.
		#[pallet::call_index(4)]
		#[pallet::weight((T::WeightInfo::reveal(), DispatchClass::Operational))]
		pub fn reveal(
			origin: OriginFor<T>,
			epoch: EpochIndex,
			root: Hash256,
			total: BalanceOf<T>,
			report: Hash256,
			salt: Hash256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reveal(who, epoch, root, total, report, salt)
		}

		/// Close `epoch`'s round after its challenge window (anyone; the chain also does it in
		/// idle time): slash the attributors who did not reveal the finalised result (in a round
		/// without result, the silent ones and those who revealed an annulled result), pay the
		/// agreeing ones the attribution fee, and carry what is not distributed into the epoch
		/// open now. A finalised settlement's rewards are claimable from then on.
		///
		/// Operational, like every call of a round: a flood of normal transactions cannot make an
		/// attributor miss its window (docs/rush-hour.md).
		///
		/// Errors: `RoundStillOpen`, `RoundAlreadyClosed`, `NothingToDo`. Emits
		/// `AttributorSlashed`, `AttributorRewarded` and `RoundClosed`.
		#[pallet::call_index(5)]
		#[pallet::weight((
			T::WeightInfo::close_round(T::MaxAttributors::get()),
			DispatchClass::Operational,
		))]
		pub fn close_round(origin: OriginFor<T>, epoch: EpochIndex) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let committers = Self::do_close_round(epoch)?;
			Ok(Some(T::WeightInfo::close_round(committers)).into())
		}

		/// Claim `account`'s leaf `(account, amount)` of `epoch`'s settlement with its merkle
		/// proof, paying `amount` to `account` from the pot. Anyone may submit it.
		/// Operational, like settlement: in a full block it goes before normal transactions.
		///
		/// Errors: `ClaimPeriodOver`, `NotFinalised`, `InChallengeWindow`, `AlreadyClaimed`,
		/// `MalformedProof`, `LeafNotInSettlement`, `ExceedsTotal`, `PayoutFailed`. Emits
		/// `Claimed`.
		#[pallet::call_index(6)]
		#[pallet::weight((
			T::WeightInfo::claim(
			(proof.items.len() as u32).min(T::MaxProofDepth::get())
		),
			// Claims, like settlement, go before normal traffic (docs/rush-hour.md).
			DispatchClass::Operational,
		))]
		pub fn claim(
			origin: OriginFor<T>,
			epoch: EpochIndex,
			account: T::AccountId,
			amount: BalanceOf<T>,
			proof: LeafProof,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_claim(epoch, Claim { account, amount, proof })
		}

		/// Claim many leaves of `epoch`'s settlement. A claim that fails is skipped and
		/// reported; the rest are paid. The weight is that of as many claims with proofs of the
		/// deepest allowed depth (`MaxProofDepth`): every claim pays for its whole proof.
		///
		/// Errors: `BatchTooLarge` (more than `MaxClaimBatch` claims), `EmptyBatch`,
		/// `ClaimPeriodOver`, `NotFinalised`, `InChallengeWindow`. Emits `Claimed` per paid leaf
		/// and `ClaimBatchProcessed`.
		#[pallet::call_index(7)]
		#[pallet::weight((
			T::WeightInfo::claim_batch(
			(claims.len() as u32).min(T::MaxClaimBatch::get())
		),
			// Claims, like settlement, go before normal traffic (docs/rush-hour.md).
			DispatchClass::Operational,
		))]
		pub fn claim_batch(
			origin: OriginFor<T>,
			epoch: EpochIndex,
			claims: Vec<ClaimOf<T>>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_claim_batch(epoch, bounded(claims, Error::<T>::BatchTooLarge)?)
		}

		/// After `epoch`'s claim period, send its unclaimed rest to the treasury and remove up
		/// to `limit` of its records (anyone; the chain also does it in idle time). Call again
		/// until `EpochPruned`.
		///
		/// Errors: `ClaimPeriodNotOver`, `RoundNotClosed`, `NothingToDo`. Emits `EpochExpired`
		/// once, and `EpochPruned` when no record is left.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::prune_epoch(*limit))]
		pub fn prune_epoch(
			origin: OriginFor<T>,
			epoch: EpochIndex,
			limit: u32,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let removed = Self::do_prune_epoch(epoch, limit)?.removed;
			Ok(Some(T::WeightInfo::prune_epoch(removed)).into())
		}

		/// Annul `epoch`'s finalised result, before its round closes (`DisputeOrigin`): the
		/// round finalises no more, its pool and fee are carried on at closing, and the
		/// attributors who revealed the result are slashed then.
		///
		/// Errors: `NotFinalised`, `ChallengeWindowOver`. Emits `SettlementAnnulled`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::annul())]
		pub fn annul(origin: OriginFor<T>, epoch: EpochIndex) -> DispatchResult {
			T::DisputeOrigin::ensure_origin(origin)?;
			Self::do_annul(epoch)
		}

		/// Finalise `epoch`'s round without quorum with `result`, the key
		/// (`settlement::result_key(root, total, report)`) of a result some attributor revealed,
		/// during the challenge window (`DisputeOrigin`). Those who revealed another result,
		/// and the silent, are slashed at closing.
		///
		/// Errors: `RevealsStillOpen`, `ChallengeWindowOver`, `AlreadyFinalised`,
		/// `ResultAnnulled`, `UnknownResult`. Emits `RoundResolved`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::resolve())]
		pub fn resolve(origin: OriginFor<T>, epoch: EpochIndex, result: Hash256) -> DispatchResult {
			T::DisputeOrigin::ensure_origin(origin)?;
			Self::do_resolve(epoch, result)
		}

		/// Set the attribution engine's parameters (`EngineParamsOrigin`): spans of at least `min_words` words
		/// (1 to 256), found in at most `max_docs` contributions, cut into words by tokenizer
		/// version `tokenizer`, and `base_share` (parts per billion) of each model's data pool
		/// divided by verified bytes. Attributors settle an epoch with the parameters in force
		/// at its last block.
		///
		/// Errors: `InvalidEngineParams`, `ShareAboveWhole`. Emits `EngineParamsSet`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_engine_params())]
		pub fn set_engine_params(
			origin: OriginFor<T>,
			min_words: u32,
			max_docs: u32,
			tokenizer: u32,
			base_share: u32,
		) -> DispatchResult {
			T::EngineParamsOrigin::ensure_origin(origin)?;
			let base_share = openledger_primitives::share(base_share, Error::<T>::ShareAboveWhole)?;
			Self::do_set_engine_params(EngineParams { min_words, max_docs, tokenizer, base_share })
		}

		/// Name where the caller's report of `epoch` can be fetched (`file://`, `http(s)://` or
		/// `ipfs://`, at most `MaxLogUriLen` bytes), as an attributor that committed in the
		/// epoch's round, until the round closes. Naming again replaces the URI. Anyone can then
		/// fetch the report, check it hashes to the revealed `report` and audit it
		/// (`openledger-attributor verify --report`).
		///
		/// Operational, like every call of a round: a flood of normal transactions cannot make an
		/// attributor miss its window (docs/rush-hour.md).
		///
		/// Errors: `NoCommitment`, `UnsupportedReportUri`, `ReportUriTooLong`. Emits
		/// `ReportNamed`.
		#[pallet::call_index(12)]
		#[pallet::weight((T::WeightInfo::name_report(), DispatchClass::Operational))]
		pub fn name_report(
			origin: OriginFor<T>,
			epoch: EpochIndex,
			uri: Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_name_report(who, epoch, uri)
		}
	}
}
