//! # OpenLedger primitives
//!
//! Ids, shared types and the cross-pallet traits of the OpenLedger appchain. The pallets never
//! depend on each other's crates: what one pallet needs to know of another comes through the
//! traits here, which the runtime wires together, and each pallet's tests mock the traits it uses.

#![cfg_attr(not(feature = "std"), no_std)]

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The id of a datanet, assigned by the chain in creation order.
pub type DatanetId = u32;

/// The id of a contribution within its datanet, assigned by the chain in submission order.
pub type ContributionId = u32;

/// A published version of a datanet: 1 for the first `publish_version`, then 2, 3, …
pub type DatanetVersion = u32;

/// The id of a model, assigned by the chain in registration order.
pub type ModelId = u32;

/// The index of an attribution epoch: block number divided by the epoch length.
pub type EpochIndex = u32;

/// A 32-byte hash: content hashes of contributions and artifacts, merkle roots, report hashes.
pub type Hash256 = [u8; 32];

/// The running commitment to a datanet's accepted contributions, and what a published version
/// freezes.
///
/// `root` starts at all zeroes and each accepted contribution extends it as
/// `root' = blake2_256(root ++ content_hash)`, so anyone holding the accepted content hashes in
/// order can recompute it.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Default,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct DatanetCommitment {
	/// The hash chain over the accepted content hashes.
	pub root: Hash256,
	/// How many contributions were accepted.
	pub count: u32,
	/// The total size of the accepted contributions, in bytes.
	pub bytes: u64,
}

/// What other pallets (models, attribution) may ask of the datanet registry.
pub trait DatanetInspect<AccountId> {
	/// The owner of `datanet`, if it exists.
	fn owner(datanet: DatanetId) -> Option<AccountId>;

	/// The commitment frozen by `version` of `datanet`, if that version was published.
	fn published_version(datanet: DatanetId, version: DatanetVersion) -> Option<DatanetCommitment>;

	/// Whether `version` of `datanet` was published.
	fn is_published(datanet: DatanetId, version: DatanetVersion) -> bool {
		Self::published_version(datanet, version).is_some()
	}
}
