//! The model pallet's logic: what the calls do once the origin is checked, the `ModelInspect`
//! implementation, quotes, the queries the runtime API answers, and `try_state`.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use codec::Encode;
use openledger_primitives::{
	usage_fee, DatanetId, DatanetInspect, DatanetVersion, Hash256, ModelId, ModelInspect,
	ModelTerms, UsageRefusal,
};
use polkadot_sdk::{
	frame_support::{
		ensure,
		pallet_prelude::*,
		traits::{
			fungible::MutateHold,
			tokens::{Fortitude, Precision, Restriction},
		},
	},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_runtime::{
		traits::{Saturating, Zero},
		Perbill,
	},
};

impl<T: Config> Pallet<T> {
	/// The deposit a model with `metadata` and `versions` artifact versions in its history
	/// holds: `ModelDepositBase`, plus `ModelDepositPerByte` per byte of encoded metadata and
	/// per byte an artifact version may take in storage.
	pub fn deposit_for(metadata: &ModelMetadataOf<T>, versions: u32) -> BalanceOf<T> {
		let bytes: BalanceOf<T> = (metadata.encoded_size() as u32).into();
		T::ModelDepositBase::get()
			.saturating_add(T::ModelDepositPerByte::get().saturating_mul(bytes))
			.saturating_add(Self::artifact_deposit().saturating_mul(versions.into()))
	}

	/// What each artifact version in a model's history adds to its deposit.
	pub fn artifact_deposit() -> BalanceOf<T> {
		let bytes = ModelId::max_encoded_len()
			+ u32::max_encoded_len()
			+ ArtifactVersionOf::<T>::max_encoded_len();
		T::ModelDepositPerByte::get().saturating_mul((bytes as u32).into())
	}

	/// The fee of `input_tokens` and `output_tokens` at `price`: each side rounds up to the
	/// next smallest unit, so usage is never free by rounding. `None` when the fee does not fit
	/// the balance type.
	pub fn fee_at(
		price: &PriceOf<T>,
		input_tokens: u64,
		output_tokens: u64,
	) -> Option<BalanceOf<T>> {
		usage_fee(price.per_1k_input, price.per_1k_output, input_tokens, output_tokens)
	}

	/// The fee a usable model charges now for `input_tokens` and `output_tokens`; `None` if the
	/// model does not exist, takes no usage, or the fee does not fit the balance type.
	pub fn quote(model_id: ModelId, input_tokens: u64, output_tokens: u64) -> Option<BalanceOf<T>> {
		let model = Models::<T>::get(model_id)?;
		if model.status != ModelStatus::Active {
			return None;
		}
		Self::fee_at(&model.price, input_tokens, output_tokens)
	}

	/// Whether something that happened at `since` is still within the settlement grace period
	/// at `now`.
	pub(crate) fn within_grace(since: BlockNumberFor<T>, now: BlockNumberFor<T>) -> bool {
		now < since.saturating_add(T::UsageGrace::get())
	}

	fn terms_of(model: &ModelInfoOf<T>) -> ModelTerms<T::AccountId, BalanceOf<T>> {
		ModelTerms {
			base_owner: model.base.and_then(Models::<T>::get).map(|b| b.owner),
			owner: model.owner.clone(),
			price_per_1k_input: model.price.per_1k_input,
			price_per_1k_output: model.price.per_1k_output,
			data_share_ppb: model.data_share.deconstruct(),
		}
	}

	/// The chain of base models below `model_id`, nearest first.
	pub fn lineage(model_id: ModelId) -> Vec<ModelId> {
		let mut lineage = Vec::new();
		let mut next = Models::<T>::get(model_id).and_then(|m| m.base);
		// Depth is bounded at registration; the bound here only guards against corrupt state.
		while let Some(base) = next {
			if lineage.len() as u32 >= T::MaxLineageDepth::get() {
				break;
			}
			lineage.push(base);
			next = Models::<T>::get(base).and_then(|m| m.base);
		}
		lineage
	}

	/// A model with its lineage (base models, nearest first) and its artifact history, oldest
	/// first.
	pub fn model_details(model_id: ModelId) -> Option<ModelDetailsOf<T>> {
		let model = Models::<T>::get(model_id)?;
		let versions = (1..=model.version)
			.filter_map(|v| ArtifactVersions::<T>::get(model_id, v).map(|a| (v, a)))
			.collect();
		Some(ModelDetails { model, lineage: Self::lineage(model_id), versions })
	}

	fn owned_model(who: &T::AccountId, model_id: ModelId) -> Result<ModelInfoOf<T>, DispatchError> {
		let model = Models::<T>::get(model_id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(model.owner == *who, Error::<T>::NotOwner);
		Ok(model)
	}

	/// Every entry of `training_set` names a published datanet version, once.
	fn ensure_valid_training_set(training_set: &TrainingSetOf<T>) -> DispatchResult {
		for (index, (datanet, version)) in training_set.iter().enumerate() {
			ensure!(
				T::Datanets::is_published(*datanet, *version),
				Error::<T>::UnpublishedDatanetVersion { index: index as u8 }
			);
			ensure!(
				!training_set[..index].contains(&(*datanet, *version)),
				Error::<T>::DuplicateTrainingEntry
			);
		}
		Ok(())
	}

	/// Register a genesis model through the calls' own code, and approve its operators.
	pub(crate) fn build_genesis_model(model: &GenesisModelOf<T>) -> DispatchResult {
		let string = |s: &alloc::string::String| {
			BoundedVec::try_from(s.as_bytes().to_vec()).map_err(|_| Error::<T>::Overflow)
		};
		let model_id = NextModelId::<T>::get();
		Self::do_register_model(
			model.owner.clone(),
			ModelMetadata { name: string(&model.name)?, description: string(&model.description)? },
			model.artifact,
			model.base,
			BoundedVec::try_from(model.training_set.clone()).map_err(|_| Error::<T>::Overflow)?,
			Price {
				per_1k_input: model.price_per_1k_input,
				per_1k_output: model.price_per_1k_output,
			},
			Perbill::from_parts(model.data_share_ppb),
		)?;
		for operator in &model.operators {
			Self::do_add_operator(model.owner.clone(), model_id, operator.clone())?;
		}
		Ok(())
	}

	pub(crate) fn do_register_model(
		owner: T::AccountId,
		metadata: ModelMetadataOf<T>,
		artifact: Hash256,
		base: Option<ModelId>,
		training_set: TrainingSetOf<T>,
		price: PriceOf<T>,
		data_share: Perbill,
	) -> DispatchResult {
		let depth = match base {
			None => 0,
			Some(base) => {
				let base = Models::<T>::get(base).ok_or(Error::<T>::UnknownBaseModel)?;
				ensure!(base.status != ModelStatus::Retired, Error::<T>::BaseModelRetired);
				let depth = base.depth.saturating_add(1);
				ensure!(depth <= T::MaxLineageDepth::get(), Error::<T>::LineageTooDeep);
				depth
			},
		};
		Self::ensure_valid_training_set(&training_set)?;
		ensure!(data_share >= T::DataShareFloor::get(), Error::<T>::DataShareBelowFloor);
		let model_id = NextModelId::<T>::get();
		let next_id = model_id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let deposit = Self::deposit_for(&metadata, 1);

		T::Currency::hold(&HoldReason::ModelDeposit.into(), &owner, deposit)?;
		NextModelId::<T>::put(next_id);
		let now = frame_system::Pallet::<T>::block_number();
		ArtifactVersions::<T>::insert(
			model_id,
			1,
			ArtifactVersion { artifact, training_set: training_set.clone(), published_at: now },
		);
		Models::<T>::insert(
			model_id,
			ModelInfo {
				owner: owner.clone(),
				metadata,
				artifact,
				base,
				depth,
				training_set,
				price,
				data_share,
				status: ModelStatus::Active,
				status_since: now,
				deposit,
				operators: Default::default(),
				former_operators: Default::default(),
				version: 1,
				registered_at: now,
			},
		);
		Self::deposit_event(Event::ModelRegistered { model_id, owner, base, artifact, deposit });
		Ok(())
	}

	pub(crate) fn do_set_price(
		who: T::AccountId,
		model_id: ModelId,
		price: PriceOf<T>,
	) -> DispatchResult {
		let mut model = Self::owned_model(&who, model_id)?;
		ensure!(model.status != ModelStatus::Retired, Error::<T>::ModelRetired);
		model.price = price;
		Models::<T>::insert(model_id, model);
		Self::deposit_event(Event::PriceSet { model_id, price });
		Ok(())
	}

	/// Sets the status; returns how many artifact versions retiring removed.
	pub(crate) fn do_set_status(
		who: T::AccountId,
		model_id: ModelId,
		status: ModelStatus,
	) -> Result<u32, DispatchError> {
		let mut model = Self::owned_model(&who, model_id)?;
		ensure!(model.status != ModelStatus::Retired, Error::<T>::ModelRetired);
		ensure!(model.status != status, Error::<T>::SameStatus);
		model.status = status;
		model.status_since = frame_system::Pallet::<T>::block_number();
		Self::deposit_event(Event::StatusSet { model_id, status });
		let mut removed = 0;
		if status == ModelStatus::Retired {
			// The history goes with the deposit that paid for it; the model's record stays
			// (adapters, receipts and settlements name it) with its last artifact.
			removed = ArtifactVersions::<T>::clear_prefix(model_id, model.version, None).unique;
		}
		if status == ModelStatus::Retired && !model.deposit.is_zero() {
			let amount = model.deposit;
			T::Currency::release(
				&HoldReason::ModelDeposit.into(),
				&model.owner,
				amount,
				Precision::Exact,
			)?;
			model.deposit = Zero::zero();
			Self::deposit_event(Event::DepositReleased {
				model_id,
				owner: model.owner.clone(),
				amount,
			});
		}
		Models::<T>::insert(model_id, model);
		Ok(removed)
	}

	pub(crate) fn do_publish_artifact(
		who: T::AccountId,
		model_id: ModelId,
		artifact: Hash256,
		training_set: Option<TrainingSetOf<T>>,
	) -> DispatchResult {
		let mut model = Self::owned_model(&who, model_id)?;
		ensure!(model.status != ModelStatus::Retired, Error::<T>::ModelRetired);
		let version = model.version.checked_add(1).ok_or(Error::<T>::Overflow)?;
		ensure!(version <= T::MaxArtifactVersions::get(), Error::<T>::TooManyArtifactVersions);
		if let Some(training_set) = training_set {
			Self::ensure_valid_training_set(&training_set)?;
			model.training_set = training_set;
		}
		let more = Self::artifact_deposit();
		T::Currency::hold(&HoldReason::ModelDeposit.into(), &who, more)?;
		model.deposit = model.deposit.saturating_add(more);
		ArtifactVersions::<T>::insert(
			model_id,
			version,
			ArtifactVersion {
				artifact,
				training_set: model.training_set.clone(),
				published_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		model.artifact = artifact;
		model.version = version;
		let deposit = model.deposit;
		Models::<T>::insert(model_id, model);
		Self::deposit_event(Event::ArtifactPublished { model_id, version, artifact, deposit });
		Ok(())
	}

	pub(crate) fn do_add_operator(
		who: T::AccountId,
		model_id: ModelId,
		operator: T::AccountId,
	) -> DispatchResult {
		let mut model = Self::owned_model(&who, model_id)?;
		ensure!(model.status != ModelStatus::Retired, Error::<T>::ModelRetired);
		ensure!(
			operator != model.owner && !model.operators.contains(&operator),
			Error::<T>::AlreadyOperator
		);
		model
			.operators
			.try_push(operator.clone())
			.map_err(|_| Error::<T>::TooManyOperators)?;
		model.former_operators.retain(|(o, _)| *o != operator);
		Models::<T>::insert(model_id, model);
		Self::deposit_event(Event::OperatorAdded { model_id, operator });
		Ok(())
	}

	pub(crate) fn do_remove_operator(
		who: T::AccountId,
		model_id: ModelId,
		operator: T::AccountId,
	) -> DispatchResult {
		let mut model = Self::owned_model(&who, model_id)?;
		let position = model
			.operators
			.iter()
			.position(|o| *o == operator)
			.ok_or(Error::<T>::NotOperator)?;
		model.operators.remove(position);
		// The removed operator may settle what it served for the grace period. Entries past it
		// go first; a list still full drops the oldest removal, whose grace is nearest its end.
		let now = frame_system::Pallet::<T>::block_number();
		model
			.former_operators
			.retain(|(_, removed_at)| Self::within_grace(*removed_at, now));
		if model.former_operators.is_full() {
			model.former_operators.remove(0);
		}
		// Room was made just above.
		let _ = model.former_operators.try_push((operator.clone(), now));
		Models::<T>::insert(model_id, model);
		Self::deposit_event(Event::OperatorRemoved { model_id, operator });
		Ok(())
	}

	pub(crate) fn do_transfer_ownership(
		who: T::AccountId,
		model_id: ModelId,
		new_owner: T::AccountId,
	) -> DispatchResult {
		let mut model = Self::owned_model(&who, model_id)?;
		ensure!(new_owner != who, Error::<T>::AlreadyOwner);
		if !model.deposit.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::ModelDeposit.into(),
				&who,
				&new_owner,
				model.deposit,
				Precision::Exact,
				Restriction::OnHold,
				Fortitude::Polite,
			)?;
		}
		model.operators.retain(|o| *o != new_owner);
		model.former_operators.retain(|(o, _)| *o != new_owner);
		model.owner = new_owner.clone();
		Models::<T>::insert(model_id, model);
		Self::deposit_event(Event::OwnershipTransferred { model_id, from: who, to: new_owner });
		Ok(())
	}

	/// Checks the pallet's invariants: deposits held match the models, training sets name only
	/// published versions, lineage and history are consistent.
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use polkadot_sdk::frame_support::traits::fungible::InspectHold;

		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (model_id, model) in Models::<T>::iter() {
			ensure!(model_id < NextModelId::<T>::get(), "model id beyond NextModelId");
			match model.status {
				ModelStatus::Retired => {
					ensure!(model.deposit.is_zero(), "retired model holds");
					ensure!(
						ArtifactVersions::<T>::iter_prefix(model_id).next().is_none(),
						"retired model keeps its artifact history"
					);
				},
				_ => {
					ensure!(
						model.deposit == Self::deposit_for(&model.metadata, model.version),
						"deposit does not match the metadata and the artifact history"
					);
					let current = ArtifactVersions::<T>::get(model_id, model.version)
						.ok_or("missing current artifact version")?;
					ensure!(current.artifact == model.artifact, "current artifact not in history");
					ensure!(
						current.training_set == model.training_set,
						"training set not in history"
					);
					ensure!(
						ArtifactVersions::<T>::iter_prefix(model_id).count() as u32
							== model.version,
						"artifact history does not match the version"
					);
				},
			}
			let deposit = deposits.entry(model.owner.clone()).or_default();
			*deposit = deposit.saturating_add(model.deposit);
			ensure!(model.data_share >= T::DataShareFloor::get(), "data share below the floor");
			for (datanet, version) in model.training_set.iter() {
				ensure!(
					T::Datanets::is_published(*datanet, *version),
					"training set names an unpublished version"
				);
			}
			match model.base {
				None => ensure!(model.depth == 0, "base model with depth"),
				Some(base) => {
					let base = Models::<T>::get(base).ok_or("adapter on a missing base model")?;
					ensure!(model.depth == base.depth + 1, "depth does not follow the base");
				},
			}
			ensure!(model.depth <= T::MaxLineageDepth::get(), "lineage too deep");
			ensure!(!model.operators.contains(&model.owner), "owner listed as operator");
			ensure!(
				model
					.former_operators
					.iter()
					.all(|(o, _)| *o != model.owner && !model.operators.contains(o)),
				"a former operator is the owner or a current operator"
			);
			ensure!(
				model.status_since >= model.registered_at
					&& model.former_operators.iter().all(|(_, at)| *at >= model.registered_at),
				"status or operator change before registration"
			);
		}
		for (account, expected) in deposits {
			ensure!(
				<T::Currency as InspectHold<T::AccountId>>::balance_on_hold(
					&HoldReason::ModelDeposit.into(),
					&account,
				) == expected,
				"model deposit hold does not match the models owned"
			);
		}
		Ok(())
	}
}

impl<T: Config> ModelInspect<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn usage_terms(
		model_id: ModelId,
	) -> Result<ModelTerms<T::AccountId, BalanceOf<T>>, UsageRefusal> {
		let model = Models::<T>::get(model_id).ok_or(UsageRefusal::UnknownModel)?;
		ensure!(model.status == ModelStatus::Active, UsageRefusal::ModelNotActive);
		Ok(Self::terms_of(&model))
	}

	fn settlement_terms(
		model_id: ModelId,
		operator: &T::AccountId,
	) -> Result<ModelTerms<T::AccountId, BalanceOf<T>>, UsageRefusal> {
		let model = Models::<T>::get(model_id).ok_or(UsageRefusal::UnknownModel)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			model.status == ModelStatus::Active || Self::within_grace(model.status_since, now),
			UsageRefusal::ModelNotActive
		);
		ensure!(
			model.owner == *operator
				|| model.operators.contains(operator)
				|| model
					.former_operators
					.iter()
					.any(|(o, removed_at)| o == operator && Self::within_grace(*removed_at, now)),
			UsageRefusal::NotOperator
		);
		Ok(Self::terms_of(&model))
	}

	fn training_set(model: ModelId) -> Vec<(DatanetId, DatanetVersion)> {
		Models::<T>::get(model).map(|m| m.training_set.into_inner()).unwrap_or_default()
	}
}
