//! # Datanets
//!
//! A registry of curated data: datanets collect owned, hashed and versioned contributions.
//!
//! ## Overview
//!
//! - **Datanets.** Anyone may create a datanet by holding a refundable deposit (a base amount plus
//!   an amount per byte of metadata). The owner sets the metadata, the bond a contribution holds
//!   while it is pending, and the curators (a bounded list; the owner is always a curator). The
//!   owner may hand the datanet (and its deposit) to another account, or close it: a closed datanet
//!   takes no new contributions, and its deposit comes back once nothing is pending.
//! - **Contributions** are `(content hash, size, URI)`. A contribution holds the datanet's bond
//!   while pending. A content hash can be contributed to a datanet once, ever: the first committer
//!   wins, until it withdraws. Per-account rate limits (contributions and bytes per period) bound
//!   floods from one account.
//! - **Storage deposits.** Every record a contributor makes the chain keep holds a storage deposit
//!   from that contributor for as long as it lives (`StorageDepositBase` plus
//!   `StorageDepositPerByte` per byte the record may take, the rule of the SDK's
//!   `LinearStoragePrice`): a contribution with its content-index entry (returned on withdrawal,
//!   kept once accepted or rejected, since those records stay), the contributor's stats in a
//!   datanet (returned when its last contribution there is withdrawn) and its rate-limit window
//!   (returned once the period is over: the chain clears expired windows in idle time). Rate limits
//!   are per account, so many accounts evade them; the deposits are what makes storage spam cost.
//!   `DatanetsApi::storage_deposits` tells what each record holds.
//! - **Curation.** Curators accept or reject pending contributions in batches. Accepting releases
//!   the bond and extends the datanet's running commitment, `root' = blake2_256(root ++
//!   content_hash)`, with its count and bytes, in O(1). Rejecting moves the configured share of the
//!   bond to the treasury (never to the curator: curators must not profit from rejecting) and
//!   returns the rest. Contributors may withdraw a contribution that is still pending.
//! - **Versions.** `publish_version` freezes the current commitment as the next version. Models
//!   name `(datanet, version)` as their training data; a published version never changes.
//!
//! Other pallets read datanets through [`openledger_primitives::DatanetInspect`], which this
//! pallet implements.

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

/// The datanet registry: datanets collect curated data contributions, each owned, hashed and
/// versioned; curators accept or reject them; published versions are immutable.
#[frame_support::pallet]
#[allow(clippy::expect_used, reason = "FRAME's macros expand to `expect`s that carry their proofs")]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;
	use openledger_primitives::{
		bounded, ContributionId, DatanetCommitment, DatanetId, DatanetVersion, Hash256,
	};
	use sp_runtime::Perbill;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a datanet, held from its owner.
		#[codec(index = 0)]
		DatanetDeposit,
		/// The bond of a pending contribution, held from its contributor.
		#[codec(index = 1)]
		ContributionBond,
		/// The storage deposit of a contribution, a contributor's stats or a rate-limit window,
		/// held from the account the record is about for as long as the record lives.
		#[codec(index = 2)]
		StorageDeposit,
	}

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// The currency deposits and bonds are held in.
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The account slashed bonds go to.
		#[pallet::constant]
		type TreasuryAccount: Get<Self::AccountId>;

		/// The deposit part that does not depend on the metadata's size.
		#[pallet::constant]
		type DatanetDepositBase: Get<BalanceOf<Self>>;

		/// The deposit per byte of encoded metadata.
		#[pallet::constant]
		type DatanetDepositPerByte: Get<BalanceOf<Self>>;

		/// The least contribution bond a datanet may ask for.
		#[pallet::constant]
		type MinContributionBond: Get<BalanceOf<Self>>;

		/// The share of a rejected contribution's bond that goes to the treasury.
		#[pallet::constant]
		type RejectionSlash: Get<Perbill>;

		/// The storage deposit part every record (contribution, contributor stats, rate-limit
		/// window) holds, whatever its size.
		#[pallet::constant]
		type StorageDepositBase: Get<BalanceOf<Self>>;

		/// The storage deposit per byte a record (with its key) may take at most.
		#[pallet::constant]
		type StorageDepositPerByte: Get<BalanceOf<Self>>;

		/// The longest name, description or licence, in bytes.
		#[pallet::constant]
		type MaxStringLen: Get<u32>;

		/// The longest tag, in bytes.
		#[pallet::constant]
		type MaxTagLen: Get<u32>;

		/// The most tags a datanet may have.
		#[pallet::constant]
		type MaxTags: Get<u32>;

		/// The most curators a datanet may have besides its owner.
		#[pallet::constant]
		type MaxCurators: Get<u32>;

		/// The longest contribution URI, in bytes.
		#[pallet::constant]
		type MaxUriLen: Get<u32>;

		/// The most decisions one `review` call may carry.
		#[pallet::constant]
		type MaxReviewBatch: Get<u32>;

		/// The most versions a datanet may publish.
		#[pallet::constant]
		type MaxVersions: Get<u32>;

		/// The length of a rate-limit period, in blocks.
		#[pallet::constant]
		type RateLimitPeriod: Get<BlockNumberFor<Self>>;

		/// The most contributions one account may submit per period, over all datanets.
		#[pallet::constant]
		type MaxContributionsPerPeriod: Get<u32>;

		/// The most bytes one account may submit per period, over all datanets.
		#[pallet::constant]
		type MaxBytesPerPeriod: Get<u64>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The id the next datanet gets.
	#[pallet::storage]
	pub type NextDatanetId<T> = StorageValue<_, DatanetId, ValueQuery>;

	/// The datanets, by id.
	// Ids are assigned by the chain in sequence: `Twox64Concat` is safe.
	#[pallet::storage]
	pub type Datanets<T: Config> = StorageMap<_, Twox64Concat, DatanetId, DatanetInfoOf<T>>;

	/// The contributions of each datanet, by contribution id.
	// Ids are assigned by the chain: `Twox64Concat`.
	#[pallet::storage]
	pub type Contributions<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DatanetId,
		Twox64Concat,
		ContributionId,
		ContributionOf<T>,
	>;

	/// Which contribution holds a content hash in a datanet: the first committer, until it
	/// withdraws (a rejected hash stays taken).
	// Content hashes are chosen by users: `Blake2_128Concat`.
	#[pallet::storage]
	pub type ContentIndex<T> =
		StorageDoubleMap<_, Twox64Concat, DatanetId, Blake2_128Concat, Hash256, ContributionId>;

	/// The published versions of each datanet, by version number.
	// Version numbers are assigned by the chain: `Twox64Concat`.
	#[pallet::storage]
	pub type Versions<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DatanetId,
		Twox64Concat,
		DatanetVersion,
		VersionInfoOf<T>,
	>;

	/// What each account contributed to each datanet: how many contributions are pending, were
	/// accepted, rejected or withdrawn, and the accepted bytes.
	// Accounts are user-controlled keys: `Blake2_128Concat`.
	#[pallet::storage]
	pub type ContributorStatsOf<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DatanetId, Blake2_128Concat, T::AccountId, StatsOf<T>>;

	/// How much each account contributed in its latest rate-limit period. Records of periods
	/// that are over are removed in idle time, and their deposits returned.
	// Accounts are user-controlled keys: `Blake2_128Concat`.
	#[pallet::storage]
	pub type RateLimits<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, RateWindowOf<T>>;

	/// Where the idle-time sweep of expired rate-limit windows goes on: the raw storage key of
	/// the last window it looked at, `None` to start from the first.
	#[pallet::storage]
	pub type RateLimitSweep<T> = StorageValue<_, BoundedVec<u8, ConstU32<128>>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A datanet was created and its deposit held from its owner.
		DatanetCreated { datanet_id: DatanetId, owner: T::AccountId, deposit: BalanceOf<T> },
		/// A datanet's metadata changed; its deposit now is `deposit`.
		MetadataUpdated { datanet_id: DatanetId, deposit: BalanceOf<T> },
		/// A datanet's contribution bond changed (for new contributions).
		ContributionBondSet { datanet_id: DatanetId, bond: BalanceOf<T> },
		/// A curator was added to a datanet.
		CuratorAdded { datanet_id: DatanetId, curator: T::AccountId },
		/// A curator was removed from a datanet.
		CuratorRemoved { datanet_id: DatanetId, curator: T::AccountId },
		/// A datanet, and its deposit, passed to a new owner.
		OwnershipTransferred { datanet_id: DatanetId, from: T::AccountId, to: T::AccountId },
		/// A datanet was closed to new contributions.
		DatanetClosed { datanet_id: DatanetId },
		/// A closed datanet's deposit was returned to its owner.
		DepositReleased { datanet_id: DatanetId, owner: T::AccountId, amount: BalanceOf<T> },
		/// A contribution was submitted: its bond and `deposit` were held (the storage deposit of
		/// the contribution, and of the contributor's stats or rate-limit window when this
		/// contribution created them).
		Contributed {
			datanet_id: DatanetId,
			contribution_id: ContributionId,
			contributor: T::AccountId,
			content_hash: Hash256,
			size: u64,
			bond: BalanceOf<T>,
			deposit: BalanceOf<T>,
		},
		/// A pending contribution was withdrawn and its record removed: its bond and `deposit`
		/// were returned (the storage deposit of the contribution, and of the contributor's
		/// stats when nothing else of the contributor is left in the datanet).
		ContributionWithdrawn {
			datanet_id: DatanetId,
			contribution_id: ContributionId,
			contributor: T::AccountId,
			deposit: BalanceOf<T>,
		},
		/// An account's rate-limit window was over: its record was removed and `deposit`
		/// returned.
		RateWindowCleared { account: T::AccountId, deposit: BalanceOf<T> },
		/// A contribution was accepted: its bond was returned and it joined the commitment.
		ContributionAccepted {
			datanet_id: DatanetId,
			contribution_id: ContributionId,
			contributor: T::AccountId,
			content_hash: Hash256,
		},
		/// A contribution was rejected: `slashed` of its bond went to the treasury, the rest
		/// back to the contributor.
		ContributionRejected {
			datanet_id: DatanetId,
			contribution_id: ContributionId,
			contributor: T::AccountId,
			slashed: BalanceOf<T>,
		},
		/// A curator reviewed a batch; `commitment` is the datanet's commitment after it.
		Reviewed {
			datanet_id: DatanetId,
			curator: T::AccountId,
			accepted: u32,
			rejected: u32,
			commitment: DatanetCommitment,
		},
		/// A version was published: it freezes `commitment` for good.
		VersionPublished {
			datanet_id: DatanetId,
			version: DatanetVersion,
			commitment: DatanetCommitment,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No datanet has this id.
		UnknownDatanet,
		/// Only the datanet's owner may do this.
		NotOwner,
		/// Only a curator of the datanet (or its owner) may do this.
		NotCurator,
		/// The account already is a curator of the datanet (the owner always is).
		AlreadyCurator,
		/// The datanet has as many curators as it may have.
		TooManyCurators,
		/// The owner is always a curator and cannot be removed.
		CannotRemoveOwner,
		/// The datanet is closed: it takes no new contributions and its metadata is final.
		DatanetClosed,
		/// The contribution bond is below the chain's minimum.
		BondTooLow,
		/// This content hash is pending, accepted or rejected in the datanet: the first committer
		/// holds it (until it withdraws; a rejected hash stays taken).
		DuplicateContent,
		/// A contribution must have a size of at least one byte.
		ZeroSize,
		/// The account submitted as many contributions in this period as it may; try again in
		/// the next period.
		TooManyContributionsInPeriod,
		/// The contribution would exceed the bytes the account may submit in this period; try
		/// again in the next period.
		TooManyBytesInPeriod,
		/// No contribution has this id in the datanet.
		UnknownContribution,
		/// The contribution was already accepted, rejected or withdrawn.
		NotPending,
		/// Only the contributor may withdraw a contribution.
		NotContributor,
		/// An entry of the review batch is invalid; `index` is its position in the batch. Nothing
		/// of the batch was applied.
		BadReviewEntry { index: u16, reason: ReviewEntryError },
		/// A review batch must carry at least one decision.
		EmptyReview,
		/// Nothing was accepted since the latest version: there is nothing new to publish.
		NothingToPublish,
		/// The datanet published as many versions as it may.
		TooManyVersions,
		/// The new owner already owns the datanet.
		AlreadyOwner,
		/// The chain ran out of ids or a counter overflowed.
		Overflow,
		/// The name is longer than `MaxStringLen` bytes.
		NameTooLong,
		/// The description is longer than `MaxStringLen` bytes.
		DescriptionTooLong,
		/// The licence is longer than `MaxStringLen` bytes.
		LicenceTooLong,
		/// A tag is longer than `MaxTagLen` bytes.
		TagTooLong,
		/// There are more than `MaxTags` tags.
		TooManyTags,
		/// The URI is longer than `MaxUriLen` bytes.
		UriTooLong,
		/// A review batch may carry at most `MaxReviewBatch` decisions.
		ReviewTooLarge,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Datanets the chain starts with, built through the pallet's own calls: each owner
		/// creates its datanet, every contribution is submitted and accepted by the owner, and
		/// version 1 is published when asked.
		pub datanets: alloc::vec::Vec<GenesisDatanetOf<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for datanet in &self.datanets {
				Pallet::<T>::build_genesis_datanet(datanet)
					.unwrap_or_else(|e| panic!("genesis datanet {:?}: {e:?}", datanet.name));
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_idle(_n: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::sweep_rate_windows(remaining)
		}

		fn integrity_test() {
			assert!(
				T::MaxReviewBatch::get() > 0 && T::MaxReviewBatch::get() <= u16::MAX as u32,
				"MaxReviewBatch must be in 1..=u16::MAX: review errors name entries by u16 index"
			);
			assert!(
				T::RateLimitPeriod::get() > BlockNumberFor::<T>::zero(),
				"RateLimitPeriod must be at least one block"
			);
			assert!(T::MaxContributionsPerPeriod::get() > 0, "MaxContributionsPerPeriod is 0");
			assert!(T::MaxBytesPerPeriod::get() > 0, "MaxBytesPerPeriod is 0");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Create a datanet owned by the caller.
		///
		/// Holds the deposit (`DatanetDepositBase` plus `DatanetDepositPerByte` per byte of
		/// encoded `metadata`) from the caller. New contributions will hold
		/// `contribution_bond`; `curators` may review them besides the owner (duplicates and the
		/// owner are dropped from the list).
		///
		/// Errors: `NameTooLong`, `DescriptionTooLong`, `LicenceTooLong`, `TagTooLong`,
		/// `TooManyTags`, `TooManyCurators` (more than `MaxCurators` listed), `BondTooLow`,
		/// `Overflow`, or the currency's error when the deposit cannot be held.
		/// Emits `DatanetCreated`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_datanet(
			(curators.len() as u32).min(T::MaxCurators::get())
		))]
		pub fn create_datanet(
			origin: OriginFor<T>,
			metadata: DatanetMetadataArg,
			contribution_bond: BalanceOf<T>,
			curators: Vec<T::AccountId>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let metadata = metadata.bounded::<T>()?;
			let curators = bounded(curators, Error::<T>::TooManyCurators)?;
			Self::do_create_datanet(owner, metadata, contribution_bond, curators)
		}

		/// Replace a datanet's metadata. Owner only, while the datanet is open.
		///
		/// The deposit follows the new size: more is held, or the surplus released.
		///
		/// Errors: `NameTooLong`, `DescriptionTooLong`, `LicenceTooLong`, `TagTooLong`,
		/// `TooManyTags`, `UnknownDatanet`, `NotOwner`, `DatanetClosed`, or the currency's error
		/// when a larger deposit cannot be held. Emits `MetadataUpdated`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_metadata())]
		pub fn update_metadata(
			origin: OriginFor<T>,
			datanet_id: DatanetId,
			metadata: DatanetMetadataArg,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update_metadata(who, datanet_id, metadata.bounded::<T>()?)
		}

		/// Set the bond new contributions to a datanet hold. Owner only; pending contributions
		/// keep the bond they were submitted with.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `DatanetClosed`, `BondTooLow`.
		/// Emits `ContributionBondSet`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_contribution_bond())]
		pub fn set_contribution_bond(
			origin: OriginFor<T>,
			datanet_id: DatanetId,
			bond: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_contribution_bond(who, datanet_id, bond)
		}

		/// Make `curator` a curator of a datanet. Owner only.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `AlreadyCurator`, `TooManyCurators`.
		/// Emits `CuratorAdded`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::add_curator())]
		pub fn add_curator(
			origin: OriginFor<T>,
			datanet_id: DatanetId,
			curator: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_add_curator(who, datanet_id, curator)
		}

		/// Remove `curator` from a datanet's curators. Owner only; the owner cannot be removed.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `CannotRemoveOwner`, `NotCurator`.
		/// Emits `CuratorRemoved`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::remove_curator())]
		pub fn remove_curator(
			origin: OriginFor<T>,
			datanet_id: DatanetId,
			curator: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_curator(who, datanet_id, curator)
		}

		/// Hand a datanet to `new_owner`. Owner only.
		///
		/// The deposit moves with the datanet: it stays held, now from `new_owner`, who gets it
		/// back when the datanet is closed. The new owner is a curator from now on; the old
		/// owner no longer is, unless listed as a curator.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `AlreadyOwner`, or the currency's error when
		/// the deposit cannot move. Emits `OwnershipTransferred`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::transfer_ownership())]
		pub fn transfer_ownership(
			origin: OriginFor<T>,
			datanet_id: DatanetId,
			new_owner: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_transfer_ownership(who, datanet_id, new_owner)
		}

		/// Close a datanet to new contributions. Owner only.
		///
		/// Pending contributions can still be reviewed or withdrawn, and versions published. The
		/// deposit is returned now if nothing is pending, else when the last pending
		/// contribution is reviewed or withdrawn.
		///
		/// Errors: `UnknownDatanet`, `NotOwner`, `DatanetClosed`.
		/// Emits `DatanetClosed`, and `DepositReleased` when the deposit is returned.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::close_datanet())]
		pub fn close_datanet(origin: OriginFor<T>, datanet_id: DatanetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_datanet(who, datanet_id)
		}

		/// Contribute content to an open datanet: its hash, its size in bytes and where it can
		/// be fetched. Anyone may contribute.
		///
		/// Holds the datanet's contribution bond until a curator decides, and the storage
		/// deposit of the contribution (plus that of the caller's stats in the datanet and of its
		/// rate-limit window, when this creates them) while the records live. A content hash is
		/// refused in a datanet while another contribution holds it (the first committer wins,
		/// until it withdraws). Each account may submit at most `MaxContributionsPerPeriod`
		/// contributions and `MaxBytesPerPeriod` bytes per `RateLimitPeriod` blocks, over all
		/// datanets.
		///
		/// Errors: `UriTooLong`, `UnknownDatanet`, `DatanetClosed`, `ZeroSize`, `DuplicateContent`,
		/// `TooManyContributionsInPeriod`, `TooManyBytesInPeriod`, `Overflow`, or the
		/// currency's error when the bond cannot be held. Emits `Contributed`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::contribute())]
		pub fn contribute(
			origin: OriginFor<T>,
			datanet_id: DatanetId,
			content_hash: Hash256,
			size: u64,
			uri: Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let uri = bounded(uri, Error::<T>::UriTooLong)?;
			Self::do_contribute(who, datanet_id, content_hash, size, uri)
		}

		/// Take back a pending contribution with its bond and storage deposit. Contributor only.
		///
		/// The contribution's record goes (and the caller's stats in the datanet, with their
		/// deposit, when nothing else of the caller is left there). The content hash is free
		/// again: anyone may contribute it.
		///
		/// Errors: `UnknownDatanet`, `UnknownContribution`, `NotContributor`, `NotPending`.
		/// Emits `ContributionWithdrawn`, and `DepositReleased` when this was the last pending
		/// contribution of a closed datanet.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::withdraw_contribution())]
		pub fn withdraw_contribution(
			origin: OriginFor<T>,
			datanet_id: DatanetId,
			contribution_id: ContributionId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_contribution(who, datanet_id, contribution_id)
		}

		/// Accept or reject a batch of pending contributions. Curators (and the owner) only.
		///
		/// Accepting returns the bond and extends the datanet's commitment in batch order.
		/// Rejecting moves `RejectionSlash` of the bond to the treasury and returns the rest.
		/// If any entry is invalid the whole batch fails and nothing changes.
		///
		/// Errors: `ReviewTooLarge` (more than `MaxReviewBatch` decisions), `UnknownDatanet`,
		/// `NotCurator`, `EmptyReview`, `BadReviewEntry { index, reason }`, `Overflow`.
		/// Emits `ContributionAccepted` or `ContributionRejected` per entry, then `Reviewed`,
		/// and `DepositReleased` when a closed datanet has nothing pending any more.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::review(
			(decisions.len() as u32).min(T::MaxReviewBatch::get())
		))]
		pub fn review(
			origin: OriginFor<T>,
			datanet_id: DatanetId,
			decisions: Vec<(ContributionId, Verdict)>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let decisions = bounded(decisions, Error::<T>::ReviewTooLarge)?;
			Self::do_review(who, datanet_id, decisions)
		}

		/// Freeze the datanet's current commitment as its next version. Curators (and the
		/// owner) only. Published versions never change.
		///
		/// Errors: `UnknownDatanet`, `NotCurator`, `NothingToPublish` (nothing accepted since
		/// the latest version), `TooManyVersions`. Emits `VersionPublished`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::publish_version())]
		pub fn publish_version(origin: OriginFor<T>, datanet_id: DatanetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_publish_version(who, datanet_id)
		}
	}
}
