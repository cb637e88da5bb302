//! The types the datanet pallet stores and takes as call arguments.

use crate::{Config, Error};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use openledger_primitives::{bounded, ContributionId, DatanetCommitment, DatanetVersion, Hash256};
use polkadot_sdk::{
	frame_support::{traits::fungible, BoundedVec},
	frame_system::{self, pallet_prelude::BlockNumberFor},
};
use scale_info::TypeInfo;

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A string of at most `T::MaxStringLen` bytes.
pub type StringOf<T> = BoundedVec<u8, <T as Config>::MaxStringLen>;

/// A datanet's metadata as the pallet stores it.
pub type DatanetMetadataOf<T> = DatanetMetadata<
	StringOf<T>,
	BoundedVec<BoundedVec<u8, <T as Config>::MaxTagLen>, <T as Config>::MaxTags>,
>;

/// The extra curators of a datanet (the owner is always a curator and is not listed).
pub type CuratorsOf<T> =
	BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxCurators>;

/// A datanet as the pallet stores it.
pub type DatanetInfoOf<T> = DatanetInfo<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	DatanetMetadataOf<T>,
	CuratorsOf<T>,
>;

/// A contribution as the pallet stores it.
pub type ContributionOf<T> = Contribution<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	BoundedVec<u8, <T as Config>::MaxUriLen>,
>;

/// What a contributor did in a datanet, as the pallet stores it.
pub type StatsOf<T> = ContributorStats<BalanceOf<T>>;

/// An account's latest rate-limit window, as the pallet stores it.
pub type RateWindowOf<T> = RateWindow<BalanceOf<T>>;

/// A batch of review decisions.
pub type ReviewBatchOf<T> = BoundedVec<(ContributionId, Verdict), <T as Config>::MaxReviewBatch>;

/// A published version as the pallet stores it.
pub type VersionInfoOf<T> = VersionInfo<BlockNumberFor<T>>;

/// What kind of data a datanet collects.
#[derive(
	Clone,
	Copy,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	Debug,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum DataKind {
	/// Text: documents, code, conversations.
	#[codec(index = 0)]
	Text,
	/// Images.
	#[codec(index = 1)]
	Image,
	/// Audio.
	#[codec(index = 2)]
	Audio,
	/// Anything else.
	#[codec(index = 3)]
	Other,
}

/// What a datanet says about itself. The pallet stores it with bounded strings
/// ([`DatanetMetadataOf`]); calls take it unbounded ([`DatanetMetadataArg`]) and refuse what is
/// too long with an error naming the field.
#[derive(
	Clone, Decode, DecodeWithMemTracking, Debug, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct DatanetMetadata<Text, Tags> {
	/// A human-readable name (at most `MaxStringLen` bytes).
	pub name: Text,
	/// The hash or URI of the full description (at most `MaxStringLen` bytes).
	pub description: Text,
	/// Search tags (at most `MaxTags`, each at most `MaxTagLen` bytes).
	pub tags: Tags,
	/// The kind of data collected.
	pub kind: DataKind,
	/// The licence contributions are made under: an SPDX id or a URI (at most `MaxStringLen`
	/// bytes).
	pub licence: Text,
}

/// A datanet's metadata as calls take it.
pub type DatanetMetadataArg = DatanetMetadata<Vec<u8>, Vec<Vec<u8>>>;

impl<S, TagLimit, MaxTags>
	From<DatanetMetadata<BoundedVec<u8, S>, BoundedVec<BoundedVec<u8, TagLimit>, MaxTags>>>
	for DatanetMetadataArg
{
	fn from(
		metadata: DatanetMetadata<BoundedVec<u8, S>, BoundedVec<BoundedVec<u8, TagLimit>, MaxTags>>,
	) -> Self {
		DatanetMetadata {
			name: metadata.name.into_inner(),
			description: metadata.description.into_inner(),
			tags: metadata.tags.into_iter().map(BoundedVec::into_inner).collect(),
			kind: metadata.kind,
			licence: metadata.licence.into_inner(),
		}
	}
}

impl DatanetMetadataArg {
	/// The metadata with its bounds checked.
	pub fn bounded<T: Config>(self) -> Result<DatanetMetadataOf<T>, Error<T>> {
		let tags = self
			.tags
			.into_iter()
			.map(|tag| bounded(tag, Error::<T>::TagTooLong))
			.collect::<Result<Vec<_>, _>>()?;
		Ok(DatanetMetadata {
			name: bounded(self.name, Error::<T>::NameTooLong)?,
			description: bounded(self.description, Error::<T>::DescriptionTooLong)?,
			tags: bounded(tags, Error::<T>::TooManyTags)?,
			kind: self.kind,
			licence: bounded(self.licence, Error::<T>::LicenceTooLong)?,
		})
	}
}

/// Whether a datanet takes new contributions.
#[derive(
	Clone,
	Copy,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	Debug,
	TypeInfo,
)]
pub enum DatanetStatus {
	/// Takes contributions.
	#[codec(index = 0)]
	Open,
	/// Closed by its owner: takes no new contributions; pending ones can still be reviewed or
	/// withdrawn, and versions can still be published.
	#[codec(index = 1)]
	Closed,
}

/// A datanet.
#[derive(Clone, Decode, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo)]
pub struct DatanetInfo<AccountId, Balance, BlockNumber, Metadata, Curators> {
	/// The owner: manages the datanet, is always a curator, and holds its deposit.
	pub owner: AccountId,
	/// What the datanet says about itself.
	pub metadata: Metadata,
	/// The bond a new contribution holds while it is pending.
	pub contribution_bond: Balance,
	/// The curators besides the owner.
	pub curators: Curators,
	/// The deposit held from the owner (zero once returned after closing).
	pub deposit: Balance,
	/// Open or closed.
	pub status: DatanetStatus,
	/// The running commitment to the accepted contributions.
	pub commitment: DatanetCommitment,
	/// How many contributions are pending review.
	pub pending: u32,
	/// The id the next contribution gets.
	pub next_contribution_id: ContributionId,
	/// The number of the latest published version (0: none yet).
	pub latest_version: DatanetVersion,
	/// The block the datanet was created in.
	pub created_at: BlockNumber,
}

/// Where a contribution stands.
#[derive(
	Clone,
	Copy,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	Debug,
	TypeInfo,
)]
pub enum ContributionStatus {
	/// Waiting for a curator; its bond is held.
	#[codec(index = 0)]
	Pending,
	/// Accepted: part of the datanet's commitment, as its `position`-th hash (from 0).
	#[codec(index = 1)]
	Accepted { position: u32 },
	/// Rejected by a curator: part of the bond was slashed. The record stays, so its content
	/// hash stays taken.
	#[codec(index = 2)]
	Rejected,
}

/// A contribution to a datanet.
#[derive(Clone, Decode, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo)]
pub struct Contribution<AccountId, Balance, BlockNumber, Uri> {
	/// Who contributed it.
	pub contributor: AccountId,
	/// The hash of the content.
	pub content_hash: Hash256,
	/// The size of the content, in bytes.
	pub size: u64,
	/// Where the content can be fetched.
	pub uri: Uri,
	/// The bond held while it was pending.
	pub bond: Balance,
	/// The storage deposit held for the record and its content-index entry for as long as they
	/// live: returned when the contribution is withdrawn, kept once it is accepted or rejected.
	pub deposit: Balance,
	/// Where it stands.
	pub status: ContributionStatus,
	/// The block it was submitted in.
	pub submitted_at: BlockNumber,
}

/// A curator's decision on a pending contribution.
#[derive(
	Clone,
	Copy,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	Debug,
	TypeInfo,
)]
pub enum Verdict {
	/// Accept: the bond is released and the contribution joins the commitment.
	#[codec(index = 0)]
	Accept,
	/// Reject: the configured share of the bond goes to the treasury, the rest back.
	#[codec(index = 1)]
	Reject,
}

/// Why an entry of a review batch is refused (the whole batch fails with its index).
#[derive(
	Clone,
	Copy,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	Debug,
	TypeInfo,
	polkadot_sdk::frame_support::PalletError,
)]
pub enum ReviewEntryError {
	/// No contribution has this id in the datanet.
	#[codec(index = 0)]
	UnknownContribution,
	/// The contribution was already accepted, rejected or withdrawn.
	#[codec(index = 1)]
	NotPending,
	/// The same contribution appears twice in the batch.
	#[codec(index = 2)]
	Duplicate,
}

/// A published version of a datanet.
#[derive(Clone, Copy, Decode, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo)]
pub struct VersionInfo<BlockNumber> {
	/// The commitment the version froze.
	pub commitment: DatanetCommitment,
	/// The block it was published in.
	pub published_at: BlockNumber,
}

/// What a contributor did in a datanet. The record lives while the account has a pending,
/// accepted or rejected contribution in the datanet.
#[derive(Clone, Copy, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo)]
pub struct ContributorStats<Balance> {
	/// Contributions waiting for review.
	pub pending: u32,
	/// Contributions accepted.
	pub accepted: u32,
	/// Contributions rejected.
	pub rejected: u32,
	/// Total size of the accepted contributions, in bytes.
	pub bytes_accepted: u64,
	/// The storage deposit held for this record while it lives.
	pub deposit: Balance,
}

impl<Balance> ContributorStats<Balance> {
	/// Whether the account has no contribution left in the datanet (all were withdrawn).
	pub fn is_empty(&self) -> bool {
		self.pending == 0 && self.accepted == 0 && self.rejected == 0
	}
}

/// How much an account contributed in its latest rate-limit period. The record goes once the
/// period is over (the chain sweeps expired records in idle time) and its deposit comes back.
#[derive(Clone, Copy, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo)]
pub struct RateWindow<Balance> {
	/// The period: block number divided by the period length.
	pub period: u32,
	/// Contributions submitted in the period.
	pub count: u32,
	/// Bytes submitted in the period.
	pub bytes: u64,
	/// The storage deposit held for this record while it lives.
	pub deposit: Balance,
}

/// The storage deposit each kind of record holds from the account it is about, for as long as
/// it lives.
#[derive(Clone, Copy, Decode, Encode, Eq, PartialEq, Debug, TypeInfo)]
pub struct StorageDeposits<Balance> {
	/// A contribution with its content-index entry: returned when it is withdrawn, kept once
	/// it is accepted or rejected (the record stays).
	pub contribution: Balance,
	/// A contributor's stats in a datanet: returned when its last contribution there is
	/// withdrawn.
	pub stats: Balance,
	/// An account's rate-limit window: returned once its period is over (the chain clears
	/// expired windows in idle time).
	pub window: Balance,
}

/// A datanet as the runtime API shows it: the record and its published versions.
pub type DatanetDetailsOf<T> = DatanetDetails<DatanetInfoOf<T>, VersionInfoOf<T>>;

/// A datanet with its published versions.
#[derive(Clone, Decode, Encode, Eq, PartialEq, Debug, TypeInfo)]
pub struct DatanetDetails<Datanet, Version> {
	/// The datanet's record: owner, metadata, bond, curators, commitment, …
	pub datanet: Datanet,
	/// Its published versions, oldest first.
	pub versions: Vec<(DatanetVersion, Version)>,
}

/// One contribution of a published version, as the runtime API pages them.
#[derive(Clone, Decode, Encode, Eq, PartialEq, Debug, TypeInfo)]
pub struct VersionContribution<AccountId, Uri> {
	/// The contribution's id in the datanet.
	pub id: ContributionId,
	/// Its place in acceptance order (from 0): the `position`-th hash of the commitment.
	pub position: u32,
	/// Who contributed it.
	pub contributor: AccountId,
	/// The hash of the content.
	pub content_hash: Hash256,
	/// Where the content can be fetched.
	pub uri: Uri,
	/// The size of the content, in bytes.
	pub size: u64,
}

/// A page of a published version's contributions.
#[derive(Clone, Decode, Encode, Eq, PartialEq, Debug, TypeInfo)]
pub struct VersionPage<Entry> {
	/// The version's contributions among the ids looked at, in id order.
	pub contributions: Vec<Entry>,
	/// The id to start the next page from; `None` when no contribution is left.
	pub next: Option<ContributionId>,
}

/// A page of a version's contributions as the runtime API shows it.
pub type VersionPageOf<T> = VersionPage<
	VersionContribution<
		<T as frame_system::Config>::AccountId,
		BoundedVec<u8, <T as Config>::MaxUriLen>,
	>,
>;

/// A datanet of the genesis state, as presets write it (strings as UTF-8).
#[derive(Clone, Debug, Eq, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenesisDatanet<AccountId, Balance> {
	/// The owner, who also curates.
	pub owner: AccountId,
	/// The datanet's name.
	pub name: alloc::string::String,
	/// The hash or URI of its description.
	pub description: alloc::string::String,
	/// The kind of data.
	pub kind: DataKind,
	/// The licence contributions are made under.
	pub licence: alloc::string::String,
	/// The bond each contribution holds while pending.
	pub contribution_bond: Balance,
	/// Contributions, all accepted by the owner.
	pub contributions: alloc::vec::Vec<GenesisContribution<AccountId>>,
	/// Whether to publish version 1 after the contributions.
	pub publish: bool,
}

/// A contribution of the genesis state.
#[derive(Clone, Debug, Eq, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenesisContribution<AccountId> {
	/// Who contributes.
	pub contributor: AccountId,
	/// The content's hash.
	pub content_hash: Hash256,
	/// The content's size in bytes.
	pub size: u64,
	/// Where the content lives.
	pub uri: alloc::string::String,
}

/// A genesis datanet of the pallet's runtime.
pub type GenesisDatanetOf<T> = GenesisDatanet<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
