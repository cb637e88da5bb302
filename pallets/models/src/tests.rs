//! Unit tests of the model pallet.

use crate::{
	mock::*,
	pallet::{
		ArtifactVersions, Config, Error, Event, HoldReason, Models as ModelsStorage, NextModelId,
	},
	types::*,
};
use codec::Encode;
use openledger_primitives::{ModelInspect, ModelTerms, UsageRefusal};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		traits::{
			fungible::{Inspect, InspectHold},
			Get,
		},
	},
	sp_runtime::{DispatchError, Perbill, TokenError},
};
use std::collections::BTreeMap;

type E = Error<Test>;

fn meta(name: &str) -> ModelMetadataArg {
	ModelMetadata { name: name.into(), description: b"ipfs://card".to_vec() }
}

/// What each artifact version adds to a model's deposit in the mock: its key (model id,
/// version) and the largest record (artifact, a training set of up to 4 entries with its length
/// byte, block).
const ARTIFACT_DEPOSIT: Balance = DEPOSIT_PER_BYTE * (4 + 4 + (32 + (1 + 4 * 8) + 8));

/// The deposit of a freshly registered model: base, metadata and its first artifact version.
fn expected_deposit(metadata: &ModelMetadataArg) -> Balance {
	DEPOSIT_BASE + DEPOSIT_PER_BYTE * metadata.encoded_size() as Balance + ARTIFACT_DEPOSIT
}

fn training(entries: &[(u32, u32)]) -> Vec<(u32, u32)> {
	entries.to_vec()
}

fn price(input: Balance, output: Balance) -> PriceOf<Test> {
	Price { per_1k_input: input, per_1k_output: output }
}

/// Registers a model of `owner` on `base` trained on datanet 0 version 1; returns its id.
fn register(owner: AccountId, base: Option<u32>) -> u32 {
	let id = NextModelId::<Test>::get();
	assert_ok!(Models::register_model(
		RuntimeOrigin::signed(owner),
		meta("llama-med"),
		[7; 32],
		base,
		training(&[(0, 1)]),
		price(1_000, 2_000),
		Perbill::from_percent(20).deconstruct(),
	));
	id
}

fn model(id: u32) -> ModelInfoOf<Test> {
	ModelsStorage::<Test>::get(id).expect("model exists")
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::ModelDeposit.into(), &who)
}

/// Every `ModelDeposit` hold matches the models owned, and the reverse.
pub fn assert_no_stray_holds() {
	let mut expected: BTreeMap<AccountId, Balance> = BTreeMap::new();
	for (_, m) in ModelsStorage::<Test>::iter() {
		if m.deposit > 0 {
			*expected.entry(m.owner).or_default() += m.deposit;
		}
	}
	let mut actual: BTreeMap<AccountId, Balance> = BTreeMap::new();
	for (who, holds) in polkadot_sdk::pallet_balances::Holds::<Test>::iter() {
		for hold in holds.iter().filter(|h| h.amount > 0) {
			let RuntimeHoldReason::Models(HoldReason::ModelDeposit) = hold.id;
			*actual.entry(who).or_default() += hold.amount;
		}
	}
	assert_eq!(actual, expected, "holds and models differ");
}

#[test]
fn register_model_holds_the_deposit_and_records_the_model() {
	run_test(|| {
		let metadata = meta("llama-med");
		let deposit = expected_deposit(&metadata);
		assert_ok!(Models::register_model(
			RuntimeOrigin::signed(ALICE),
			metadata.clone(),
			[7; 32],
			None,
			training(&[(0, 1), (1, 1)]),
			price(1_000, 2_000),
			Perbill::from_percent(20).deconstruct(),
		));
		System::assert_last_event(
			Event::ModelRegistered {
				model_id: 0,
				owner: ALICE,
				base: None,
				artifact: [7; 32],
				deposit,
			}
			.into(),
		);
		assert_eq!(held(ALICE), deposit);
		assert_eq!(Balances::balance(&ALICE), ENDOWMENT - deposit);
		let m = model(0);
		assert_eq!(ModelMetadataArg::from(m.metadata), metadata);
		assert_eq!((m.base, m.depth, m.version, m.status), (None, 0, 1, ModelStatus::Active));
		assert_eq!(m.training_set, training(&[(0, 1), (1, 1)]));
		assert_eq!(m.data_share, Perbill::from_percent(20));
		let v1 = ArtifactVersions::<Test>::get(0, 1).unwrap();
		assert_eq!((v1.artifact, v1.training_set, v1.published_at), ([7; 32], m.training_set, 1));
	});
}

#[test]
fn adapters_record_their_lineage_up_to_the_bound() {
	run_test(|| {
		let base = register(ALICE, None);
		let adapter = register(BOB, Some(base));
		assert_eq!(model(adapter).depth, 1);
		let adapter2 = register(CHARLIE, Some(adapter));
		assert_eq!(model(adapter2).depth, 2);
		assert_eq!(Models::lineage(adapter2), vec![adapter, base]);
		assert_noop!(
			Models::register_model(
				RuntimeOrigin::signed(DAVE),
				meta("too-deep"),
				[1; 32],
				Some(adapter2),
				training(&[]),
				price(1, 1),
				FLOOR.deconstruct(),
			),
			E::LineageTooDeep
		);
		// The adapter's terms name the base model's owner.
		let terms = <Models as ModelInspect<AccountId, Balance>>::usage_terms(adapter).unwrap();
		assert_eq!(
			terms,
			ModelTerms {
				owner: BOB,
				base_owner: Some(ALICE),
				price_per_1k_input: 1_000,
				price_per_1k_output: 2_000,
				data_share_ppb: Perbill::from_percent(20).deconstruct(),
			}
		);
	});
}

#[test]
fn register_model_fails_cleanly() {
	run_test(|| {
		let register = |who, base, set: &[(u32, u32)], share: Perbill| {
			Models::register_model(
				RuntimeOrigin::signed(who),
				meta("m"),
				[1; 32],
				base,
				training(set),
				price(1, 1),
				share.deconstruct(),
			)
		};
		assert_noop!(register(ALICE, Some(9), &[(0, 1)], FLOOR), E::UnknownBaseModel);
		assert_noop!(
			register(ALICE, None, &[(0, 1), (0, 3)], FLOOR),
			E::UnpublishedDatanetVersion { index: 1 }
		);
		assert_noop!(
			register(ALICE, None, &[(7, 1)], FLOOR),
			E::UnpublishedDatanetVersion { index: 0 }
		);
		assert_noop!(register(ALICE, None, &[(0, 1), (0, 1)], FLOOR), E::DuplicateTrainingEntry);
		assert_noop!(
			register(ALICE, None, &[(0, 1)], FLOOR - Perbill::from_parts(1)),
			E::DataShareBelowFloor
		);
		assert_noop!(register(PAUPER, None, &[(0, 1)], FLOOR), TokenError::FundsUnavailable);
		assert_noop!(
			Models::register_model(
				RuntimeOrigin::root(),
				meta("m"),
				[1; 32],
				None,
				training(&[]),
				price(1, 1),
				FLOOR.deconstruct()
			),
			DispatchError::BadOrigin
		);
		// Arguments past their bounds are refused by name.
		let max_string = <<Test as Config>::MaxStringLen as Get<u32>>::get() as usize;
		let max_set = <<Test as Config>::MaxTrainingSet as Get<u32>>::get();
		let register_raw = |metadata: ModelMetadataArg, set: Vec<(u32, u32)>, share: u32| {
			Models::register_model(
				RuntimeOrigin::signed(ALICE),
				metadata,
				[1; 32],
				None,
				set,
				price(1, 1),
				share,
			)
		};
		let long = vec![b'x'; max_string + 1];
		let floor = FLOOR.deconstruct();
		assert_noop!(
			register_raw(ModelMetadata { name: long.clone(), description: vec![] }, vec![], floor),
			E::NameTooLong
		);
		assert_noop!(
			register_raw(ModelMetadata { name: vec![], description: long }, vec![], floor),
			E::DescriptionTooLong
		);
		let too_large: Vec<(u32, u32)> = (0..=max_set).map(|d| (d, 1)).collect();
		assert_noop!(register_raw(meta("m"), too_large, floor), E::TrainingSetTooLarge);
		assert_noop!(register_raw(meta("m"), vec![], 1_000_000_001), E::DataShareAboveAll);
		assert_noop!(register_raw(meta("m"), vec![], u32::MAX), E::DataShareAboveAll);
		// Exactly the floor is fine.
		assert_ok!(register(ALICE, None, &[(0, 1)], FLOOR));
		let base = NextModelId::<Test>::get() - 1;
		assert_ok!(Models::set_status(RuntimeOrigin::signed(ALICE), base, ModelStatus::Retired));
		assert_noop!(register(BOB, Some(base), &[], FLOOR), E::BaseModelRetired);
	});
}

#[test]
fn set_price_changes_the_quote() {
	run_test(|| {
		let id = register(ALICE, None);
		// 1,500 input tokens at 1,000 per 1k = 1,500; 10 output tokens at 2,000 per 1k = 20.
		assert_eq!(Models::quote(id, 1_500, 10), Some(1_520));
		assert_ok!(Models::set_price(RuntimeOrigin::signed(ALICE), id, price(3, 7)));
		System::assert_last_event(Event::PriceSet { model_id: id, price: price(3, 7) }.into());
		// 1,500 × 3 / 1,000 = 4.5 → 5; 10 × 7 / 1,000 = 0.07 → 1: rounding never makes usage free.
		assert_eq!(Models::quote(id, 1_500, 10), Some(6));
		assert_eq!(Models::quote(id, 0, 0), Some(0));
		assert_eq!(Models::quote(42, 1, 1), None);
	});
}

#[test]
fn owner_calls_fail_cleanly() {
	run_test(|| {
		let id = register(ALICE, None);
		let bob = RuntimeOrigin::signed(BOB);
		assert_noop!(Models::set_price(bob.clone(), id, price(1, 1)), E::NotOwner);
		assert_noop!(
			Models::set_price(RuntimeOrigin::signed(ALICE), 9, price(1, 1)),
			E::UnknownModel
		);
		assert_noop!(Models::set_status(bob.clone(), id, ModelStatus::Paused), E::NotOwner);
		assert_noop!(
			Models::set_status(RuntimeOrigin::signed(ALICE), id, ModelStatus::Active),
			E::SameStatus
		);
		assert_noop!(Models::publish_artifact(bob.clone(), id, [2; 32], None), E::NotOwner);
		assert_noop!(Models::add_operator(bob.clone(), id, CHARLIE), E::NotOwner);
		assert_noop!(Models::remove_operator(bob.clone(), id, CHARLIE), E::NotOwner);
		assert_noop!(Models::transfer_ownership(bob, id, CHARLIE), E::NotOwner);
		assert_noop!(
			Models::transfer_ownership(RuntimeOrigin::signed(ALICE), id, ALICE),
			E::AlreadyOwner
		);
	});
}

#[test]
fn pausing_stops_usage_and_retiring_returns_the_deposit_for_good() {
	run_test(|| {
		let is_usable = |id| <Models as ModelInspect<AccountId, Balance>>::usage_terms(id).is_ok();
		let id = register(ALICE, None);
		let deposit = model(id).deposit;
		assert!(is_usable(id));
		assert_ok!(Models::set_status(RuntimeOrigin::signed(ALICE), id, ModelStatus::Paused));
		System::assert_last_event(
			Event::StatusSet { model_id: id, status: ModelStatus::Paused }.into(),
		);
		assert!(!is_usable(id));
		assert_eq!(Models::quote(id, 1, 1), None);
		assert_ok!(Models::set_status(RuntimeOrigin::signed(ALICE), id, ModelStatus::Active));
		assert!(is_usable(id));

		assert_ok!(Models::set_status(RuntimeOrigin::signed(ALICE), id, ModelStatus::Retired));
		System::assert_has_event(
			Event::StatusSet { model_id: id, status: ModelStatus::Retired }.into(),
		);
		System::assert_last_event(
			Event::DepositReleased { model_id: id, owner: ALICE, amount: deposit }.into(),
		);
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::balance(&ALICE), ENDOWMENT);
		assert!(!is_usable(id));

		let alice = RuntimeOrigin::signed(ALICE);
		assert_noop!(Models::set_status(alice.clone(), id, ModelStatus::Active), E::ModelRetired);
		assert_noop!(Models::set_price(alice.clone(), id, price(1, 1)), E::ModelRetired);
		assert_noop!(Models::publish_artifact(alice.clone(), id, [3; 32], None), E::ModelRetired);
		assert_noop!(Models::add_operator(alice, id, BOB), E::ModelRetired);
	});
}

#[test]
fn artifact_versions_are_kept_as_history() {
	run_test(|| {
		let id = register(ALICE, None);
		run_to(3);
		let deposit = model(id).deposit;
		assert_ok!(Models::publish_artifact(RuntimeOrigin::signed(ALICE), id, [8; 32], None));
		System::assert_last_event(
			Event::ArtifactPublished {
				model_id: id,
				version: 2,
				artifact: [8; 32],
				deposit: deposit + ARTIFACT_DEPOSIT,
			}
			.into(),
		);
		assert_eq!(held(ALICE), deposit + ARTIFACT_DEPOSIT, "each version adds to the deposit");
		assert_ok!(Models::publish_artifact(
			RuntimeOrigin::signed(ALICE),
			id,
			[9; 32],
			Some(training(&[(0, 2), (1, 1)]))
		));
		let m = model(id);
		assert_eq!((m.artifact, m.version), ([9; 32], 3));
		assert_eq!(m.training_set, training(&[(0, 2), (1, 1)]));
		assert_eq!(
			<Models as ModelInspect<AccountId, Balance>>::training_set(id),
			vec![(0, 2), (1, 1)]
		);
		let v1 = ArtifactVersions::<Test>::get(id, 1).unwrap();
		let v2 = ArtifactVersions::<Test>::get(id, 2).unwrap();
		assert_eq!((v1.artifact, v1.training_set.to_vec()), ([7; 32], training(&[(0, 1)])));
		assert_eq!(
			(v2.artifact, v2.training_set.to_vec(), v2.published_at),
			([8; 32], training(&[(0, 1)]), 3)
		);

		assert_noop!(
			Models::publish_artifact(RuntimeOrigin::signed(ALICE), id, [1; 32], None),
			E::TooManyArtifactVersions
		);
		assert_eq!(held(ALICE), deposit + 2 * ARTIFACT_DEPOSIT);

		// Retiring removes the history and returns the whole deposit; the record stays.
		assert_ok!(Models::set_status(RuntimeOrigin::signed(ALICE), id, ModelStatus::Retired));
		assert_eq!(ArtifactVersions::<Test>::iter_prefix(id).count(), 0);
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::balance(&ALICE), ENDOWMENT);
		assert_eq!((model(id).artifact, model(id).version), ([9; 32], 3));
	});
}

#[test]
fn publish_artifact_checks_the_new_training_set() {
	run_test(|| {
		let id = register(ALICE, None);
		assert_noop!(
			Models::publish_artifact(
				RuntimeOrigin::signed(ALICE),
				id,
				[1; 32],
				Some(training(&[(0, 9)]))
			),
			E::UnpublishedDatanetVersion { index: 0 }
		);
		assert_noop!(
			Models::publish_artifact(
				RuntimeOrigin::signed(ALICE),
				id,
				[1; 32],
				Some(training(&[(1, 1), (1, 1)]))
			),
			E::DuplicateTrainingEntry
		);
		let max_set = <<Test as Config>::MaxTrainingSet as Get<u32>>::get();
		let too_large = (0..=max_set).map(|d| (d, 1)).collect();
		assert_noop!(
			Models::publish_artifact(RuntimeOrigin::signed(ALICE), id, [1; 32], Some(too_large)),
			E::TrainingSetTooLarge
		);
		assert_noop!(
			Models::publish_artifact(RuntimeOrigin::signed(ALICE), 5, [1; 32], None),
			E::UnknownModel
		);
	});
}

#[test]
fn operators_are_approved_and_removed_by_the_owner() {
	run_test(|| {
		let id = register(ALICE, None);
		let is_operator =
			|who| <Models as ModelInspect<AccountId, Balance>>::settlement_terms(id, &who).is_ok();
		assert!(is_operator(ALICE), "the owner always may settle");
		assert!(!is_operator(BOB));
		assert_ok!(Models::add_operator(RuntimeOrigin::signed(ALICE), id, BOB));
		System::assert_last_event(Event::OperatorAdded { model_id: id, operator: BOB }.into());
		assert!(is_operator(BOB));
		assert_noop!(
			Models::add_operator(RuntimeOrigin::signed(ALICE), id, BOB),
			E::AlreadyOperator
		);
		assert_noop!(
			Models::add_operator(RuntimeOrigin::signed(ALICE), id, ALICE),
			E::AlreadyOperator
		);
		assert_ok!(Models::add_operator(RuntimeOrigin::signed(ALICE), id, CHARLIE));
		assert_noop!(
			Models::add_operator(RuntimeOrigin::signed(ALICE), id, DAVE),
			E::TooManyOperators
		);
		assert_ok!(Models::remove_operator(RuntimeOrigin::signed(ALICE), id, BOB));
		System::assert_last_event(Event::OperatorRemoved { model_id: id, operator: BOB }.into());
		// Bob may settle what he served for the grace period, then no more.
		assert!(is_operator(BOB));
		System::set_block_number(System::block_number() + GRACE);
		assert!(!is_operator(BOB));
		assert_noop!(
			Models::remove_operator(RuntimeOrigin::signed(ALICE), id, BOB),
			E::NotOperator
		);
		assert_noop!(Models::add_operator(RuntimeOrigin::signed(ALICE), 8, BOB), E::UnknownModel);
	});
}

#[test]
fn transfer_ownership_moves_the_deposit() {
	run_test(|| {
		let id = register(ALICE, None);
		assert_ok!(Models::add_operator(RuntimeOrigin::signed(ALICE), id, BOB));
		let deposit = model(id).deposit;
		assert_ok!(Models::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
		System::assert_last_event(
			Event::OwnershipTransferred { model_id: id, from: ALICE, to: BOB }.into(),
		);
		let m = model(id);
		assert_eq!(m.owner, BOB);
		assert!(m.operators.is_empty(), "the new owner is not listed as operator");
		assert_eq!(held(ALICE), 0);
		assert_eq!(held(BOB), deposit);
		assert_eq!(Balances::total_balance(&ALICE), ENDOWMENT - deposit);
		assert_noop!(Models::set_price(RuntimeOrigin::signed(ALICE), id, price(1, 1)), E::NotOwner);
		assert_ok!(Models::set_status(RuntimeOrigin::signed(BOB), id, ModelStatus::Retired));
		assert_eq!(Balances::balance(&BOB), ENDOWMENT + deposit);
	});
}

#[test]
fn try_state_catches_an_unpublished_training_entry() {
	new_test_ext().execute_with(|| {
		let id = register(ALICE, None);
		assert_ok!(Models::do_try_state());
		ModelsStorage::<Test>::mutate(id, |m| {
			m.as_mut().unwrap().training_set = training(&[(3, 3)]).try_into().unwrap();
		});
		assert!(Models::do_try_state().is_err());
	});
}

fn run_to(n: u64) {
	System::set_block_number(n);
}

#[test]
fn genesis_registers_models_through_the_calls() {
	use polkadot_sdk::frame_support::traits::BuildGenesisConfig;
	run_test(|| {
		let model = |owner, base, share| GenesisModel {
			owner,
			name: "demo".into(),
			description: "ipfs://card".into(),
			artifact: [7; 32],
			base,
			training_set: vec![(0, 1)],
			price_per_1k_input: 1,
			price_per_1k_output: 2,
			data_share_ppb: share,
			operators: vec![DAVE],
		};
		crate::GenesisConfig::<Test> {
			models: vec![model(ALICE, None, 200_000_000), model(BOB, Some(0), 300_000_000)],
		}
		.build();
		let base = ModelsStorage::<Test>::get(0).expect("registered");
		let adapter = ModelsStorage::<Test>::get(1).expect("registered");
		assert_eq!((base.owner, adapter.owner, adapter.base), (ALICE, BOB, Some(0)));
		assert_eq!(adapter.data_share, Perbill::from_percent(30));
		assert_eq!(adapter.operators.to_vec(), vec![DAVE]);
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::ModelDeposit.into(), &ALICE),
			base.deposit
		);
	});
}

#[test]
#[should_panic(expected = "genesis model")]
fn genesis_refuses_an_unpublished_training_set() {
	use polkadot_sdk::frame_support::traits::BuildGenesisConfig;
	run_test(|| {
		crate::GenesisConfig::<Test> {
			models: vec![GenesisModel {
				owner: ALICE,
				name: "demo".into(),
				description: "".into(),
				artifact: [7; 32],
				base: None,
				training_set: vec![(9, 9)],
				price_per_1k_input: 1,
				price_per_1k_output: 2,
				data_share_ppb: 200_000_000,
				operators: vec![],
			}],
		}
		.build();
	});
}

#[test]
fn usage_refusals_say_why() {
	run_test(|| {
		let inspect = <Models as ModelInspect<AccountId, Balance>>::usage_terms;
		assert_eq!(inspect(7), Err(UsageRefusal::UnknownModel));
		let id = register(ALICE, None);
		assert_ok!(Models::set_status(RuntimeOrigin::signed(ALICE), id, ModelStatus::Paused));
		assert_eq!(inspect(id), Err(UsageRefusal::ModelNotActive));
		let settle = <Models as ModelInspect<AccountId, Balance>>::settlement_terms;
		assert_eq!(settle(7, &ALICE), Err(UsageRefusal::UnknownModel));
		assert_eq!(settle(id, &BOB), Err(UsageRefusal::NotOperator));
	});
}

#[test]
fn usage_stays_settleable_for_the_grace_period_after_a_pause_or_retirement() {
	run_test(|| {
		let settle = <Models as ModelInspect<AccountId, Balance>>::settlement_terms;
		let id = register(ALICE, None);
		assert_ok!(Models::add_operator(RuntimeOrigin::signed(ALICE), id, BOB));
		System::set_block_number(10);
		assert_ok!(Models::set_status(RuntimeOrigin::signed(ALICE), id, ModelStatus::Paused));
		assert_eq!(model(id).status_since, 10);
		assert!(settle(id, &BOB).is_ok(), "paused just now: what Bob served settles");
		System::set_block_number(10 + GRACE - 1);
		assert!(settle(id, &ALICE).is_ok());
		System::set_block_number(10 + GRACE);
		assert_eq!(settle(id, &BOB), Err(UsageRefusal::ModelNotActive));
		// Retiring restarts the grace period, once.
		assert_ok!(Models::set_status(RuntimeOrigin::signed(ALICE), id, ModelStatus::Retired));
		assert!(settle(id, &BOB).is_ok());
		System::set_block_number(10 + 2 * GRACE);
		assert_eq!(settle(id, &ALICE), Err(UsageRefusal::ModelNotActive));
	});
}

#[test]
fn former_operators_are_bounded_and_forgotten_after_their_grace() {
	run_test(|| {
		let settle = <Models as ModelInspect<AccountId, Balance>>::settlement_terms;
		let id = register(ALICE, None);
		let alice = || RuntimeOrigin::signed(ALICE);
		// MaxOperators is 2: three removals in a row keep the two latest.
		for who in [BOB, CHARLIE, DAVE] {
			assert_ok!(Models::add_operator(alice(), id, who));
			assert_ok!(Models::remove_operator(alice(), id, who));
		}
		assert_eq!(model(id).former_operators.len(), 2);
		assert_eq!(settle(id, &BOB), Err(UsageRefusal::NotOperator));
		assert!(settle(id, &CHARLIE).is_ok() && settle(id, &DAVE).is_ok());
		// Approving a former operator again makes it a current one, listed once.
		assert_ok!(Models::add_operator(alice(), id, DAVE));
		assert_eq!(
			model(id).former_operators.iter().map(|(o, _)| *o).collect::<Vec<_>>(),
			[CHARLIE]
		);
		// Past its grace, an entry is dropped at the next removal.
		System::set_block_number(System::block_number() + GRACE);
		assert_eq!(settle(id, &CHARLIE), Err(UsageRefusal::NotOperator));
		assert_ok!(Models::remove_operator(alice(), id, DAVE));
		assert_eq!(model(id).former_operators.iter().map(|(o, _)| *o).collect::<Vec<_>>(), [DAVE]);
	});
}
