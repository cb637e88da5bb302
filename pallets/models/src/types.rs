//! The types the model pallet stores and takes as call arguments.

use crate::{Config, Error};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use openledger_primitives::{bounded, DatanetId, DatanetVersion, Hash256, ModelId};
use polkadot_sdk::{
	frame_support::{traits::fungible, BoundedVec},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_runtime::Perbill,
};
use scale_info::TypeInfo;

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A model's metadata as the pallet stores it.
pub type ModelMetadataOf<T> = ModelMetadata<BoundedVec<u8, <T as Config>::MaxStringLen>>;

/// The datanet versions a model was trained on.
pub type TrainingSetOf<T> = BoundedVec<(DatanetId, DatanetVersion), <T as Config>::MaxTrainingSet>;

/// The accounts allowed to settle usage for a model (besides its owner).
pub type OperatorsOf<T> =
	BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxOperators>;

/// Operators removed from a model, with the block each was removed in: they may still settle
/// the usage they served for the grace period.
pub type FormerOperatorsOf<T> = BoundedVec<
	(<T as frame_system::Config>::AccountId, BlockNumberFor<T>),
	<T as Config>::MaxOperators,
>;

/// A model as the pallet stores it.
pub type ModelInfoOf<T> = ModelInfo<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	ModelMetadataOf<T>,
	TrainingSetOf<T>,
	OperatorsOf<T>,
	FormerOperatorsOf<T>,
>;

/// An artifact version as the pallet stores it.
pub type ArtifactVersionOf<T> = ArtifactVersion<BlockNumberFor<T>, TrainingSetOf<T>>;

/// A model's prices.
pub type PriceOf<T> = Price<BalanceOf<T>>;

/// What a model says about itself. The pallet stores it with bounded strings
/// ([`ModelMetadataOf`]); calls take it unbounded ([`ModelMetadataArg`]) and refuse what is too
/// long with an error naming the field.
#[derive(
	Clone, Decode, DecodeWithMemTracking, Debug, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct ModelMetadata<Text> {
	/// A human-readable name (at most `MaxStringLen` bytes).
	pub name: Text,
	/// The hash or URI of the model card (at most `MaxStringLen` bytes).
	pub description: Text,
}

/// A model's metadata as calls take it.
pub type ModelMetadataArg = ModelMetadata<Vec<u8>>;

impl ModelMetadataArg {
	/// The metadata with its bounds checked.
	pub fn bounded<T: Config>(self) -> Result<ModelMetadataOf<T>, Error<T>> {
		Ok(ModelMetadata {
			name: bounded(self.name, Error::<T>::NameTooLong)?,
			description: bounded(self.description, Error::<T>::DescriptionTooLong)?,
		})
	}
}

impl<S> From<ModelMetadata<BoundedVec<u8, S>>> for ModelMetadataArg {
	fn from(metadata: ModelMetadata<BoundedVec<u8, S>>) -> Self {
		ModelMetadata {
			name: metadata.name.into_inner(),
			description: metadata.description.into_inner(),
		}
	}
}

/// What a model charges.
#[derive(
	Clone,
	Copy,
	Decode,
	DecodeWithMemTracking,
	Default,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	Debug,
	TypeInfo,
)]
pub struct Price<Balance> {
	/// Price per 1,000 input tokens.
	pub per_1k_input: Balance,
	/// Price per 1,000 output tokens.
	pub per_1k_output: Balance,
}

/// Whether a model takes new usage.
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
pub enum ModelStatus {
	/// Serves inferences.
	#[codec(index = 0)]
	Active,
	/// Temporarily takes no new usage.
	#[codec(index = 1)]
	Paused,
	/// Takes no new usage, for good; its deposit was returned.
	#[codec(index = 2)]
	Retired,
}

/// A registered model.
#[derive(Clone, Decode, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo)]
pub struct ModelInfo<
	AccountId,
	Balance,
	BlockNumber,
	Metadata,
	TrainingSet,
	Operators,
	FormerOperators,
> {
	/// The owner: sets prices and status, approves operators, receives the owner's share.
	pub owner: AccountId,
	/// What the model says about itself.
	pub metadata: Metadata,
	/// The hash of the current artifact (weights).
	pub artifact: Hash256,
	/// The base model, for an adapter.
	pub base: Option<ModelId>,
	/// How many base models are below this one (0 for a base model).
	pub depth: u32,
	/// The datanet versions the current artifact was trained on.
	pub training_set: TrainingSet,
	/// What the model charges for new usage.
	pub price: Price<Balance>,
	/// The share of each fee promised to the training data's contributors.
	pub data_share: Perbill,
	/// Active, paused or retired.
	pub status: ModelStatus,
	/// The block the status was last set in (registration for a model never paused): usage
	/// served before a pause or retirement stays settleable for the grace period after it.
	pub status_since: BlockNumber,
	/// The deposit held from the owner (zero once returned on retirement).
	pub deposit: Balance,
	/// Accounts allowed to settle usage for the model, besides the owner.
	pub operators: Operators,
	/// Operators removed within the grace period, with the block of their removal: they may
	/// still settle the usage they served.
	pub former_operators: FormerOperators,
	/// The number of the current artifact version (1 at registration).
	pub version: u32,
	/// The block the model was registered in.
	pub registered_at: BlockNumber,
}

/// An artifact version of a model, kept as history.
#[derive(Clone, Decode, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo)]
pub struct ArtifactVersion<BlockNumber, TrainingSet> {
	/// The hash of the artifact.
	pub artifact: Hash256,
	/// The datanet versions it was trained on.
	pub training_set: TrainingSet,
	/// The block it was published in.
	pub published_at: BlockNumber,
}

/// A model as the runtime API shows it: the record, its lineage and its artifact history.
pub type ModelDetailsOf<T> = ModelDetails<ModelInfoOf<T>, ArtifactVersionOf<T>>;

/// A model with its lineage and its artifact history.
#[derive(Clone, Decode, Encode, Eq, PartialEq, Debug, TypeInfo)]
pub struct ModelDetails<Model, Version> {
	/// The model's record: owner, training set, price, operators, …
	pub model: Model,
	/// The base models below it, nearest first (empty for a base model).
	pub lineage: Vec<ModelId>,
	/// Its artifact versions, oldest first.
	pub versions: Vec<(u32, Version)>,
}

/// A model of the genesis state, as presets write it (strings as UTF-8).
#[derive(Clone, Debug, Eq, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenesisModel<AccountId, Balance> {
	/// The owner.
	pub owner: AccountId,
	/// The model's name.
	pub name: alloc::string::String,
	/// The hash or URI of its model card.
	pub description: alloc::string::String,
	/// The hash of the weights.
	pub artifact: openledger_primitives::Hash256,
	/// The base model, for an adapter.
	pub base: Option<openledger_primitives::ModelId>,
	/// The published datanet versions it was trained on.
	pub training_set:
		alloc::vec::Vec<(openledger_primitives::DatanetId, openledger_primitives::DatanetVersion)>,
	/// Price per 1,000 input tokens.
	pub price_per_1k_input: Balance,
	/// Price per 1,000 output tokens.
	pub price_per_1k_output: Balance,
	/// The data share promised to contributors, in parts per billion.
	pub data_share_ppb: u32,
	/// Accounts approved to serve the model and settle its usage.
	pub operators: alloc::vec::Vec<AccountId>,
}

/// A genesis model of the pallet's runtime.
pub type GenesisModelOf<T> = GenesisModel<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
