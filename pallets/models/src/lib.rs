//! # Models
//!
//! A registry of AI models with their lineage, training data, pricing and operators.
//!
//! ## Overview
//!
//! - **Registration.** A model is registered with its metadata, the hash of its artifact, an
//!   optional base model (an adapter on a registered base model; lineage depth is bounded), the
//!   datanet versions it was trained on (each must be published: checked through
//!   [`openledger_primitives::DatanetInspect`]), its price per 1,000 input and output tokens, and
//!   the share of every fee it promises its training data's contributors (never below the runtime's
//!   floor). Registration holds a refundable deposit: a base amount plus an amount per byte of
//!   metadata and per byte each artifact version in the history may take.
//! - **Owner controls.** The owner sets the price (for usage from then on; payers always state the
//!   most they agree to pay), pauses or retires the model (retired is final: the artifact history
//!   goes and the whole deposit comes back), publishes new artifact versions (kept as bounded
//!   history, each adding to the deposit), approves operators (accounts that serve the model and
//!   settle its usage), and may hand the model to another account.
//!
//! The inference pallet reads models through [`openledger_primitives::ModelInspect`], which this
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

/// The model registry: models with their training sets (published datanet versions), lineage,
/// prices, data share and operators.
#[frame_support::pallet]
#[allow(clippy::expect_used, reason = "FRAME's macros expand to `expect`s that carry their proofs")]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;
	use openledger_primitives::{
		bounded, share, DatanetId, DatanetInspect, DatanetVersion, Hash256, ModelId,
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
		/// The deposit of a registered model, held from its owner.
		#[codec(index = 0)]
		ModelDeposit,
	}

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// The currency deposits are held in.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The datanet registry: training sets may only name published versions.
		type Datanets: DatanetInspect<Self::AccountId>;

		/// The deposit part that does not depend on the metadata's size.
		#[pallet::constant]
		type ModelDepositBase: Get<BalanceOf<Self>>;

		/// The deposit per byte of encoded metadata, and per byte an artifact version may take.
		#[pallet::constant]
		type ModelDepositPerByte: Get<BalanceOf<Self>>;

		/// The least share of each fee a model may promise its data contributors.
		#[pallet::constant]
		type DataShareFloor: Get<Perbill>;

		/// The longest name or description, in bytes.
		#[pallet::constant]
		type MaxStringLen: Get<u32>;

		/// The most datanet versions a training set may name.
		#[pallet::constant]
		type MaxTrainingSet: Get<u32>;

		/// The most base models below an adapter (1: adapters on base models only).
		#[pallet::constant]
		type MaxLineageDepth: Get<u32>;

		/// The most artifact versions a model may publish.
		#[pallet::constant]
		type MaxArtifactVersions: Get<u32>;

		/// The most operators a model may have (and the most removed operators it remembers
		/// during their grace period).
		#[pallet::constant]
		type MaxOperators: Get<u32>;

		/// How long usage stays settleable after the model is paused or retired, or its
		/// operator removed: receipts signed while the operator was serving are not lost.
		#[pallet::constant]
		type UsageGrace: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Publishes datanet versions for the benchmarks' training sets.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// What the benchmarks need from the runtime.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper {
		/// Makes `version` of `datanet` published, so that training sets may name it.
		fn publish(datanet: openledger_primitives::DatanetId, version: u32);
	}

	/// The id the next model gets.
	#[pallet::storage]
	pub type NextModelId<T> = StorageValue<_, ModelId, ValueQuery>;

	/// The models, by id.
	// Ids are assigned by the chain in sequence: `Twox64Concat` is safe.
	#[pallet::storage]
	pub type Models<T: Config> = StorageMap<_, Twox64Concat, ModelId, ModelInfoOf<T>>;

	/// The artifact history of each model, by version number. Version 1 is the artifact the
	/// model was registered with.
	// Version numbers are assigned by the chain: `Twox64Concat`.
	#[pallet::storage]
	pub type ArtifactVersions<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ModelId, Twox64Concat, u32, ArtifactVersionOf<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A model was registered and its deposit held from its owner.
		ModelRegistered {
			model_id: ModelId,
			owner: T::AccountId,
			base: Option<ModelId>,
			artifact: Hash256,
			deposit: BalanceOf<T>,
		},
		/// A model's price changed; usage from now on pays the new price.
		PriceSet { model_id: ModelId, price: PriceOf<T> },
		/// A model's status changed.
		StatusSet { model_id: ModelId, status: ModelStatus },
		/// A retired model's deposit was returned to its owner.
		DepositReleased { model_id: ModelId, owner: T::AccountId, amount: BalanceOf<T> },
		/// A new artifact version was published; the model's deposit now is `deposit` (each
		/// version in the history adds to it).
		ArtifactPublished {
			model_id: ModelId,
			version: u32,
			artifact: Hash256,
			deposit: BalanceOf<T>,
		},
		/// An operator was approved for a model.
		OperatorAdded { model_id: ModelId, operator: T::AccountId },
		/// An operator was removed from a model.
		OperatorRemoved { model_id: ModelId, operator: T::AccountId },
		/// A model, and its deposit, passed to a new owner.
		OwnershipTransferred { model_id: ModelId, from: T::AccountId, to: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No model has this id.
		UnknownModel,
		/// Only the model's owner may do this.
		NotOwner,
		/// The base model does not exist.
		UnknownBaseModel,
		/// The base model is retired: nothing new can be built on it.
		BaseModelRetired,
		/// The adapter would be deeper than the chain allows (`MaxLineageDepth`).
		LineageTooDeep,
		/// Entry `index` of the training set names a datanet version that is not published.
		UnpublishedDatanetVersion { index: u8 },
		/// The training set names the same datanet version twice.
		DuplicateTrainingEntry,
		/// The data share is below the runtime's floor (`DataShareFloor`).
		DataShareBelowFloor,
		/// The model is retired: it cannot change any more.
		ModelRetired,
		/// The model already has this status.
		SameStatus,
		/// The account already may settle usage for the model (the owner always may).
		AlreadyOperator,
		/// The account is not an operator of the model.
		NotOperator,
		/// The model has as many operators as it may have.
		TooManyOperators,
		/// The model published as many artifact versions as it may.
		TooManyArtifactVersions,
		/// The new owner already owns the model.
		AlreadyOwner,
		/// The chain ran out of ids or a counter overflowed.
		Overflow,
		/// The name is longer than `MaxStringLen` bytes.
		NameTooLong,
		/// The description is longer than `MaxStringLen` bytes.
		DescriptionTooLong,
		/// The training set names more than `MaxTrainingSet` datanet versions.
		TrainingSetTooLarge,
		/// The data share is above 100% (1,000,000,000 parts per billion).
		DataShareAboveAll,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Models the chain starts with, in id order, registered through the pallet's own
		/// calls (base models before their adapters), with their operators approved.
		pub models: alloc::vec::Vec<GenesisModelOf<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for model in &self.models {
				Pallet::<T>::build_genesis_model(model)
					.unwrap_or_else(|e| panic!("genesis model {:?}: {e:?}", model.name));
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::MaxTrainingSet::get() <= u8::MAX as u32 + 1,
				"MaxTrainingSet must fit a u8 index: errors name training entries by u8 index"
			);
			assert!(T::MaxArtifactVersions::get() > 0, "MaxArtifactVersions is 0");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a model owned by the caller.
		///
		/// `base` makes the model an adapter on a registered, not retired, base model (at most
		/// `MaxLineageDepth` models deep). Every `(datanet, version)` of `training_set` must be
		/// published. `data_share` is what the model promises its data contributors of every
		/// fee, in parts per billion (`1_000_000_000` is 100%), at least `DataShareFloor`. Holds
		/// `ModelDepositBase` plus `ModelDepositPerByte` per byte of encoded `metadata` and per
		/// byte an artifact version may take (version 1 is `artifact`) from the caller.
		///
		/// Errors: `NameTooLong`, `DescriptionTooLong`, `TrainingSetTooLarge`,
		/// `DataShareAboveAll`, `UnknownBaseModel`, `BaseModelRetired`, `LineageTooDeep`,
		/// `UnpublishedDatanetVersion { index }`, `DuplicateTrainingEntry`,
		/// `DataShareBelowFloor`, `Overflow`, or the currency's error when the deposit cannot be
		/// held. Emits `ModelRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_model(
			(training_set.len() as u32).min(T::MaxTrainingSet::get())
		))]
		pub fn register_model(
			origin: OriginFor<T>,
			metadata: ModelMetadataArg,
			artifact: Hash256,
			base: Option<ModelId>,
			training_set: Vec<(DatanetId, DatanetVersion)>,
			price: PriceOf<T>,
			data_share: u32,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register_model(
				owner,
				metadata.bounded::<T>()?,
				artifact,
				base,
				bounded(training_set, Error::<T>::TrainingSetTooLarge)?,
				price,
				share(data_share, Error::<T>::DataShareAboveAll)?,
			)
		}

		/// Set the model's price. Owner only. Usage submitted from now on pays the new price;
		/// payers always state the most they agree to pay.
		///
		/// Errors: `UnknownModel`, `NotOwner`, `ModelRetired`. Emits `PriceSet`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_price())]
		pub fn set_price(
			origin: OriginFor<T>,
			model_id: ModelId,
			price: PriceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_price(who, model_id, price)
		}

		/// Set the model's status. Owner only. Paused and retired models take no new usage;
		/// retiring is final: it removes the artifact history and returns the whole deposit
		/// (the model's record stays, with its last artifact). Charged for a full history, and
		/// refunded down to the versions removed.
		///
		/// Errors: `UnknownModel`, `NotOwner`, `ModelRetired`, `SameStatus`.
		/// Emits `StatusSet`, and `DepositReleased` on retirement.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_status(T::MaxArtifactVersions::get()))]
		pub fn set_status(
			origin: OriginFor<T>,
			model_id: ModelId,
			status: ModelStatus,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let removed = Self::do_set_status(who, model_id, status)?;
			Ok(Some(T::WeightInfo::set_status(removed)).into())
		}

		/// Publish a new artifact version, optionally with a new training set (else the
		/// current one carries over). Owner only. The previous versions stay as history, and the
		/// model's deposit grows by what a version may take in storage (`ModelDepositPerByte`
		/// per byte) until the model is retired.
		///
		/// Errors: `TrainingSetTooLarge`, `UnknownModel`, `NotOwner`, `ModelRetired`,
		/// `TooManyArtifactVersions`, `UnpublishedDatanetVersion { index }`,
		/// `DuplicateTrainingEntry`, or the currency's error when the deposit cannot be held.
		/// Emits `ArtifactPublished`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::publish_artifact(
			training_set.as_ref().map_or(0, |s| (s.len() as u32).min(T::MaxTrainingSet::get()))
		))]
		pub fn publish_artifact(
			origin: OriginFor<T>,
			model_id: ModelId,
			artifact: Hash256,
			training_set: Option<Vec<(DatanetId, DatanetVersion)>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let training_set = training_set
				.map(|set| bounded(set, Error::<T>::TrainingSetTooLarge))
				.transpose()?;
			Self::do_publish_artifact(who, model_id, artifact, training_set)
		}

		/// Allow `operator` to serve the model and settle its usage. Owner only.
		///
		/// Errors: `UnknownModel`, `NotOwner`, `ModelRetired`, `AlreadyOperator`,
		/// `TooManyOperators`. Emits `OperatorAdded`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::add_operator())]
		pub fn add_operator(
			origin: OriginFor<T>,
			model_id: ModelId,
			operator: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_add_operator(who, model_id, operator)
		}

		/// Withdraw `operator`'s permission to settle usage for the model. Owner only.
		///
		/// Errors: `UnknownModel`, `NotOwner`, `NotOperator`. Emits `OperatorRemoved`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::remove_operator())]
		pub fn remove_operator(
			origin: OriginFor<T>,
			model_id: ModelId,
			operator: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_operator(who, model_id, operator)
		}

		/// Hand the model to `new_owner`. Owner only. The deposit moves with it: it stays held,
		/// now from `new_owner`, who gets it back on retirement.
		///
		/// Errors: `UnknownModel`, `NotOwner`, `AlreadyOwner`, or the currency's error when the
		/// deposit cannot move. Emits `OwnershipTransferred`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::transfer_ownership())]
		pub fn transfer_ownership(
			origin: OriginFor<T>,
			model_id: ModelId,
			new_owner: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_transfer_ownership(who, model_id, new_owner)
		}
	}
}
