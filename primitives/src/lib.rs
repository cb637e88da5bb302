//! # OpenLedger primitives
//!
//! Ids, shared types and the cross-pallet traits of the OpenLedger appchain. The pallets never
//! depend on each other's crates: what one pallet needs to know of another comes through the
//! traits here, which the runtime wires together, and each pallet's tests mock the traits it uses.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod settlement;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::sp_arithmetic::traits::{AtLeast32BitUnsigned, SaturatedConversion};
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

/// What a model charges and whom it pays, as the inference pallet needs to know at the moment
/// of use.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct ModelTerms<AccountId, Balance> {
	/// The model's owner: receives what is left of a fee after the other shares.
	pub owner: AccountId,
	/// The owner of the base model, for an adapter: receives the base model's share.
	pub base_owner: Option<AccountId>,
	/// Price per 1,000 input tokens.
	pub price_per_1k_input: Balance,
	/// Price per 1,000 output tokens.
	pub price_per_1k_output: Balance,
	/// The share of each fee the model promises its training data's contributors, in parts per
	/// billion (never below the runtime's floor).
	pub data_share_ppb: u32,
}

/// What other pallets (inference, attribution) may ask of the model registry.
pub trait ModelInspect<AccountId, Balance> {
	/// Whether the model exists and accepts new usage (it is active).
	fn is_usable(model: ModelId) -> bool;

	/// The model's current terms, if it exists.
	fn terms(model: ModelId) -> Option<ModelTerms<AccountId, Balance>>;

	/// Whether `who` may settle usage for the model (its owner or an approved operator).
	fn is_operator(model: ModelId, who: &AccountId) -> bool;

	/// The datanet versions the model's current artifact was trained on (empty if the model
	/// does not exist).
	fn training_set(model: ModelId) -> Vec<(DatanetId, DatanetVersion)>;
}

/// The fee of `input_tokens` and `output_tokens` at the given prices per 1,000 tokens. Each side
/// rounds up to the next smallest unit, so usage is never free by rounding.
pub fn usage_fee<Balance: AtLeast32BitUnsigned + Copy>(
	price_per_1k_input: Balance,
	price_per_1k_output: Balance,
	input_tokens: u64,
	output_tokens: u64,
) -> Balance {
	let side = |per_1k: Balance, tokens: u64| -> Balance {
		let product = per_1k.saturating_mul(tokens.saturated_into());
		let thousand: Balance = 1_000u32.into();
		let fee = product / thousand;
		if (product % thousand).is_zero() {
			fee
		} else {
			fee.saturating_add(1u32.into())
		}
	};
	side(price_per_1k_input, input_tokens).saturating_add(side(price_per_1k_output, output_tokens))
}

/// Where the metering pallet pays the data contributors' and attributors' shares of every fee:
/// the attribution pot, accounted per epoch and per model.
pub trait UsageSink<AccountId, Balance> {
	/// The account the shares are paid into.
	fn pot() -> AccountId;

	/// `data_share` and `attribution_fee` of fees paid for `model` were just paid into
	/// [`Self::pot`]: account them to the current epoch.
	fn on_usage(model: ModelId, data_share: Balance, attribution_fee: Balance);
}
