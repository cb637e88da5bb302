//! Checks of the runtime's parameters against the chain's targets.

use crate::{configs::BlockWeights, Runtime};
use pallet_attribution::WeightInfo as _;
use polkadot_sdk::frame_support::{dispatch::DispatchClass, traits::Get};

type AttributionWeights = <Runtime as pallet_attribution::Config>::WeightInfo;

/// The state a node starts from with `preset`: the preset is a patch of the default genesis
/// config, applied as the node applies it.
fn genesis_of(
	preset: &polkadot_sdk::sp_genesis_builder::PresetId,
) -> polkadot_sdk::sp_io::TestExternalities {
	use crate::{genesis_config_presets as presets, RuntimeGenesisConfig};
	use polkadot_sdk::frame_support::genesis_builder_helper::build_state;
	let patch = presets::get_preset(preset).expect("the preset exists");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("JSON");
	presets::merge(&mut config, serde_json::from_slice(&patch).expect("JSON"));
	let mut state = polkadot_sdk::sp_io::TestExternalities::default();
	state.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(serde_json::to_vec(&config).expect("JSON"))
			.unwrap_or_else(|e| panic!("{preset:?} builds: {e}"));
	});
	state
}

/// The development preset's state.
fn dev_genesis() -> polkadot_sdk::sp_io::TestExternalities {
	genesis_of(&polkadot_sdk::sp_genesis_builder::DEV_RUNTIME_PRESET.into())
}

/// A thousand claims, each charged as if its proof were of the deepest allowed depth (32: four
/// billion leaves), fit one extrinsic of a block's normal weight.
#[test]
fn a_thousand_claims_fit_one_block() {
	let normal = BlockWeights::get()
		.get(DispatchClass::Normal)
		.max_extrinsic
		.expect("normal extrinsics are bounded");
	let batch = AttributionWeights::claim_batch(1_000);
	println!(
		"claim_batch(1000, proofs of the deepest depth): {} ms of {} ms per normal extrinsic",
		batch.ref_time() / 1_000_000_000,
		normal.ref_time() / 1_000_000_000
	);
	assert!(batch.all_lte(normal), "{batch:?} exceeds {normal:?}");
}

/// Settling an epoch (every attributor commits and reveals, then the round closes) costs the
/// same whatever the number of leaves: the weights take no leaf count at all, and the whole
/// committee's round fits a block.
#[test]
fn an_epoch_settles_within_a_block() {
	let attributors: u32 = <Runtime as pallet_attribution::Config>::MaxAttributors::get();
	let round = AttributionWeights::commit()
		.saturating_add(AttributionWeights::reveal())
		.saturating_mul(attributors.into())
		.saturating_add(AttributionWeights::close_round(attributors));
	let normal = BlockWeights::get().get(DispatchClass::Normal).max_total.expect("bounded");
	assert!(round.all_lte(normal), "{round:?} exceeds {normal:?}");
}

/// The `local_testnet` preset has four validators, the same in Aura and GRANDPA, so GRANDPA
/// finalises with three of them and the network survives one fault.
#[test]
fn the_local_network_has_four_validators() {
	use polkadot_sdk::sp_genesis_builder::{PresetId, LOCAL_TESTNET_RUNTIME_PRESET};
	let preset =
		crate::genesis_config_presets::get_preset(&PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET))
			.expect("the local preset exists");
	let genesis: serde_json::Value = serde_json::from_slice(&preset).expect("JSON");
	let aura = genesis["aura"]["authorities"].as_array().expect("aura authorities");
	let grandpa = genesis["grandpa"]["authorities"].as_array().expect("grandpa authorities");
	assert_eq!((aura.len(), grandpa.len()), (4, 4));
	let n = grandpa.len();
	assert_eq!(n - (n - 1) / 3, 3, "three votes finalise");
}

/// Settlement batches and claims are operational: under a flood of normal transactions they go
/// first and have the block's reserved space (docs/rush-hour.md); transfers stay normal.
#[test]
fn settlement_and_claims_are_operational() {
	use crate::RuntimeCall;
	use polkadot_sdk::{frame_support::dispatch::GetDispatchInfo, pallet_balances};
	let settle =
		RuntimeCall::Inference(pallet_inference::Call::settle { receipts: vec![], log: None });
	let claims = RuntimeCall::Attribution(pallet_attribution::Call::claim_batch {
		epoch: 0,
		claims: vec![],
	});
	let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: crate::AccountId::from([1; 32]).into(),
		value: 1,
	});
	assert_eq!(settle.get_dispatch_info().class, DispatchClass::Operational);
	assert_eq!(claims.get_dispatch_info().class, DispatchClass::Operational);
	assert_eq!(transfer.get_dispatch_info().class, DispatchClass::Normal);
}

/// The invariants API finds every pallet sound on each preset's genesis, and names the pallet
/// and the invariant once money appears where none may stay (the inference pallet's clearing
/// account).
#[test]
fn the_invariants_api_names_what_is_broken() {
	use crate::{configs::InferenceAccount, invariants, Balances};
	use polkadot_sdk::frame_support::traits::fungible::Mutate;
	for preset in crate::genesis_config_presets::preset_names() {
		genesis_of(&preset).execute_with(|| {
			assert_eq!(invariants::broken(), vec![], "{preset:?}");
			Balances::mint_into(&InferenceAccount::get(), 1_000).expect("minted");
			let broken = invariants::broken();
			assert_eq!(broken.len(), 1, "{broken:?}");
			assert_eq!(broken[0].0, b"Inference".to_vec());
			assert!(String::from_utf8_lossy(&broken[0].1).contains("clearing account"));
		});
	}
}

/// The upgrade from spec 101 (attribution storage v1) runs the usage-log migration once: a new
/// chain starts at v2, a chain at v1 is migrated with its logs listed as before, invariants
/// whole, and a second run changes nothing.
#[test]
fn the_upgrade_to_this_runtime_migrates_usage_logs_once() {
	use crate::{Attribution, Executive, Runtime};
	use openledger_primitives::UsageLogRecord;
	use pallet_attribution::migrations::v2::v1;
	use polkadot_sdk::{
		frame_support::{
			traits::{GetStorageVersion, StorageVersion},
			BoundedVec,
		},
		sp_io::storage::root,
		sp_runtime::StateVersion,
	};
	dev_genesis().execute_with(|| {
		assert_eq!(Attribution::on_chain_storage_version(), StorageVersion::new(2));

		// The state as spec 101 left it: two operators' logs in one epoch.
		StorageVersion::new(1).put::<Attribution>();
		for (operator, receipts) in [([1u8; 32], 5u32), ([2; 32], 7), ([1; 32], 9)] {
			let log = UsageLogRecord {
				operator: operator.into(),
				hash: [receipts as u8; 32],
				uri: BoundedVec::truncate_from(b"file:///log.json".to_vec()),
				receipts,
				root: [0; 32],
				fee: 10,
				data: 1,
			};
			v1::UsageLogs::<Runtime>::mutate(3, crate::AccountId::from(operator), |list| {
				list.get_or_insert_with(Default::default).try_push(log).expect("room")
			});
		}
		pallet_attribution::Pools::<Runtime>::insert(
			3,
			pallet_attribution::EpochPoolOf::<Runtime>::default(),
		);
		let listed_before: Vec<u32> = v1::UsageLogs::<Runtime>::iter_prefix_values(3)
			.flat_map(|logs| logs.into_inner())
			.map(|log| log.receipts)
			.collect();

		Executive::execute_on_runtime_upgrade();

		assert_eq!(Attribution::on_chain_storage_version(), StorageVersion::new(2));
		let listed: Vec<u32> =
			Attribution::usage_logs(3, 0, 10).iter().map(|log| log.receipts).collect();
		assert_eq!(listed, listed_before);
		assert_eq!(crate::invariants::broken(), vec![]);
		let migrated = root(StateVersion::V1);
		Executive::execute_on_runtime_upgrade();
		assert_eq!(root(StateVersion::V1), migrated, "the migration runs once");
	});
}

/// A chain of spec 102 or before held each consumer's escrow on the consumer's account; the
/// upgrade moves it onto the operators' accounts once, and closes (refunding the consumer) an
/// allocation whose operator's account is gone.
#[test]
fn the_upgrade_to_this_runtime_moves_escrow_onto_the_operators_once() {
	use crate::{currency::OPEN, AccountId, Balances, Executive, Inference};
	use polkadot_sdk::{
		frame_support::traits::{
			fungible::{Inspect, InspectHold, MutateHold},
			tokens::{Fortitude, Precision, Restriction},
			GetStorageVersion, StorageVersion,
		},
		sp_io::storage::root,
		sp_keyring::Sr25519Keyring,
		sp_runtime::StateVersion,
	};
	let reason = pallet_inference::HoldReason::Escrow.into();
	let escrow = |who: &AccountId| Balances::balance_on_hold(&reason, who);
	let (ferdie, eve, bob) = (
		Sr25519Keyring::Ferdie.to_account_id(),
		Sr25519Keyring::Eve.to_account_id(),
		Sr25519Keyring::Bob.to_account_id(),
	);
	let gone = AccountId::from([7; 32]);
	dev_genesis().execute_with(|| {
		assert_eq!(Inference::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!((escrow(&eve), escrow(&ferdie)), (100 * OPEN, 0));

		// The state as spec 102 left it: Ferdie's allocation to Eve held on Ferdie, and Bob's
		// to an operator whose account no longer exists, held on Bob.
		StorageVersion::new(1).put::<Inference>();
		Balances::transfer_on_hold(
			&reason,
			&eve,
			&ferdie,
			100 * OPEN,
			Precision::Exact,
			Restriction::OnHold,
			Fortitude::Force,
		)
		.expect("held on Eve");
		Balances::hold(&reason, &bob, 5 * OPEN).expect("Bob is funded");
		let allocation = pallet_inference::Allocation {
			id: 9,
			amount: 5 * OPEN,
			unlocking: 0,
			unlock_at: 0,
			channels: Default::default(),
		};
		pallet_inference::Escrows::<crate::Runtime>::insert(&bob, &gone, allocation);
		let (bob_free, issuance) = (Balances::balance(&bob), Balances::total_issuance());
		let before =
			pallet_inference::migrations::v2::UncheckedMigrateV1ToV2::<crate::Runtime>::state_before();

		Executive::execute_on_runtime_upgrade();

		assert_eq!(Inference::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!((escrow(&eve), escrow(&ferdie)), (100 * OPEN, 0), "moved onto the operator");
		assert_eq!(Inference::escrow_held(&ferdie), 100 * OPEN, "the allocation is unchanged");
		assert!(pallet_inference::Escrows::<crate::Runtime>::get(&bob, &gone).is_none());
		assert_eq!((escrow(&bob), Balances::balance(&bob)), (0, bob_free + 5 * OPEN));
		assert_eq!(Balances::total_issuance(), issuance);
		pallet_inference::migrations::v2::UncheckedMigrateV1ToV2::<crate::Runtime>::check_after(
			before,
		)
		.expect("the migration's own checks pass");
		assert_eq!(crate::invariants::broken(), vec![]);
		let migrated = root(StateVersion::V1);
		Executive::execute_on_runtime_upgrade();
		assert_eq!(root(StateVersion::V1), migrated, "the migration runs once");
	});
}

#[test]
fn stored_and_evented_encodings_are_frozen() {
	use crate::RuntimeHoldReason;
	use codec::Encode;
	use pallet_datanets::{ContributionStatus, DataKind, DatanetStatus, ReviewEntryError, Verdict};
	// What the chain stores and emits must decode the same in every later runtime: each
	// variant's index is fixed by `#[codec(index)]`, and this pins them.
	assert_eq!(DataKind::Other.encode(), [3]);
	assert_eq!(DatanetStatus::Closed.encode(), [1]);
	assert_eq!(ContributionStatus::Accepted { position: 7 }.encode(), [1, 7, 0, 0, 0]);
	assert_eq!(ContributionStatus::Rejected.encode(), [2]);
	assert_eq!(Verdict::Reject.encode(), [1]);
	assert_eq!(ReviewEntryError::Duplicate.encode(), [2]);
	assert_eq!(pallet_models::ModelStatus::Retired.encode(), [2]);
	assert_eq!(pallet_inference::SkipReason::NoAllocation.encode(), [8]);
	assert_eq!(pallet_attribution::ClaimSkip::MalformedProof.encode(), [4]);
	assert_eq!(pallet_attribution::RoundPhase::Challenge.encode(), [5]);
	// A hold reason is the pallet's index, then the reason's.
	let holds = [
		RuntimeHoldReason::Datanets(pallet_datanets::HoldReason::StorageDeposit),
		RuntimeHoldReason::Models(pallet_models::HoldReason::ModelDeposit),
		RuntimeHoldReason::Inference(pallet_inference::HoldReason::Escrow),
		RuntimeHoldReason::Attribution(pallet_attribution::HoldReason::AttributorBond),
	];
	let encoded: Vec<Vec<u8>> = holds.iter().map(Encode::encode).collect();
	assert_eq!(encoded, [vec![10, 2], vec![11, 0], vec![12, 0], vec![13, 0]]);
}
