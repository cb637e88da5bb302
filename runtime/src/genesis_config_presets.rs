//! Genesis presets: the only source of genesis state. The node's chain specs are generated from
//! them (`development` for `--dev`, `local_testnet` for the four-validator `local` chain).

use crate::{
	configs::{AttributionSchedule, TreasuryAccount},
	currency::{EXISTENTIAL_DEPOSIT, MILLI_OPEN, OPEN},
	AccountId, AttributionConfig, Balance, BalancesConfig, BlockNumber, DatanetsConfig,
	InferenceConfig, ModelsConfig, RuntimeGenesisConfig, SudoConfig,
};
use alloc::{vec, vec::Vec};
use polkadot_sdk::{
	frame_support::build_struct_json_patch,
	sp_consensus_aura::sr25519::AuthorityId as AuraId,
	sp_consensus_grandpa::AuthorityId as GrandpaId,
	sp_genesis_builder::{self, PresetId},
	sp_keyring::{Ed25519Keyring, Sr25519Keyring},
	*,
};
use serde_json::Value;

/// What each well-known dev account holds at genesis: one million OPEN.
pub const ENDOWMENT: Balance = 1_000_000 * OPEN;

/// One-minute epochs whose rounds commit for four blocks, reveal for four and may be challenged
/// for five (half a minute: time for a sudo call from the Apps UI), so a round closes about a
/// minute after its epoch's end on a dev chain.
const DEV_SCHEDULE: pallet_attribution::RoundSchedule<BlockNumber> =
	pallet_attribution::RoundSchedule {
		epoch_length: 10,
		commit_window: 4,
		reveal_window: 4,
		challenge_window: 5,
	};

/// The genesis of a chain with the given authorities, funded accounts, root key and attribution
/// schedule.
fn testnet_genesis(
	initial_authorities: Vec<(AuraId, GrandpaId)>,
	endowed_accounts: Vec<AccountId>,
	root: AccountId,
	schedule: pallet_attribution::RoundSchedule<BlockNumber>,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed_accounts
				.iter()
				.cloned()
				.map(|k| (k, ENDOWMENT))
				// The treasury exists from genesis, so that any share of a fee or slash can reach
				// it; the pallets endow their own pots.
				.chain([(TreasuryAccount::get(), EXISTENTIAL_DEPOSIT)])
				.collect::<Vec<_>>(),
		},
		aura: pallet_aura::GenesisConfig {
			authorities: initial_authorities.iter().map(|x| x.0.clone()).collect::<Vec<_>>(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: initial_authorities.iter().map(|x| (x.1.clone(), 1)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
		attribution: AttributionConfig {
			epoch_length: schedule.epoch_length,
			commit_window: schedule.commit_window,
			reveal_window: schedule.reveal_window,
			challenge_window: schedule.challenge_window,
		},
	})
}

/// The authority keys of a well-known dev account: its sr25519 key for Aura, its ed25519 key for
/// GRANDPA.
fn authority_keys(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> (AuraId, GrandpaId) {
	(aura.public().into(), grandpa.public().into())
}

/// The `development` preset: Alice is the only authority and the sudo key; every well-known dev
/// account is funded; and the chain starts with demo content (see [`demo_content`]).
pub fn development_config_genesis() -> Value {
	let mut genesis = testnet_genesis(
		vec![authority_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
		DEV_SCHEDULE,
	);
	merge(&mut genesis, demo_content());
	genesis
}

/// Merge `patch` into `base`, object by object (what a genesis JSON patch does).
pub fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// The demo content of the dev chain, built at genesis through the pallets' own calls, on the
/// documents in `runtime/demo/` (`scripts/demo.mjs` serves them and plays demo usage):
///
/// - datanet 0, *Clinical Q&A* (Alice): two contributions by Bob and one by Charlie, accepted,
///   version 1 published;
/// - datanet 1, *Contract clauses* (Bob): contributions by Charlie and Dave, accepted, version 1
///   published;
/// - model 0, *open-clinical-7b* (Dave), a base model trained on both datanets, promising 20% to
///   contributors; model 1, *clinical-qa-lora* (Charlie), an adapter on it trained on datanet 0,
///   promising 30%; Eve operates both;
/// - 100 OPEN of Ferdie's in escrow, allocated to Eve; Alice registered as an attributor with 1,000
///   OPEN.
pub fn demo_content() -> Value {
	use pallet_datanets::{DataKind, GenesisContribution, GenesisDatanet};
	use pallet_models::GenesisModel;
	use polkadot_sdk::sp_crypto_hashing::blake2_256;
	let [alice, bob, charlie, dave, eve, ferdie] = [
		Sr25519Keyring::Alice,
		Sr25519Keyring::Bob,
		Sr25519Keyring::Charlie,
		Sr25519Keyring::Dave,
		Sr25519Keyring::Eve,
		Sr25519Keyring::Ferdie,
	]
	.map(|k| k.to_account_id());
	// Each contribution is a document of the repository (`runtime/demo/<path>`): the chain holds
	// its real hash and size, and its URI is where a demo gateway serves it
	// (`ipfs://openledger-demo/<path>`, fetched as `<gateway>/ipfs/openledger-demo/<path>`).
	macro_rules! document {
		($path:literal) => {
			($path, include_bytes!(concat!("../demo/", $path)).as_slice())
		};
	}
	let contribution =
		|contributor: &AccountId, (path, bytes): (&str, &[u8])| GenesisContribution {
			contributor: contributor.clone(),
			content_hash: blake2_256(bytes),
			size: bytes.len() as u64,
			uri: alloc::format!("ipfs://openledger-demo/{path}"),
		};
	let datanets = vec![
		GenesisDatanet {
			owner: alice.clone(),
			name: "Clinical Q&A".into(),
			description: "ipfs://openledger-demo/clinical-qa/README.md".into(),
			kind: DataKind::Text,
			licence: "CC-BY-4.0".into(),
			contribution_bond: 100 * MILLI_OPEN,
			contributions: vec![
				contribution(&bob, document!("clinical-qa/0001.jsonl")),
				contribution(&bob, document!("clinical-qa/0002.jsonl")),
				contribution(&charlie, document!("clinical-qa/0003.jsonl")),
			],
			publish: true,
		},
		GenesisDatanet {
			owner: bob.clone(),
			name: "Contract clauses".into(),
			description: "ipfs://openledger-demo/contract-clauses/README.md".into(),
			kind: DataKind::Text,
			licence: "CC0-1.0".into(),
			contribution_bond: 100 * MILLI_OPEN,
			contributions: vec![
				contribution(&charlie, document!("contract-clauses/0001.jsonl")),
				contribution(&dave, document!("contract-clauses/0002.jsonl")),
			],
			publish: true,
		},
	];
	let models = vec![
		GenesisModel {
			owner: dave,
			name: "open-clinical-7b".into(),
			description: "ipfs://openledger-demo/open-clinical-7b/MODEL_CARD.md".into(),
			artifact: blake2_256(b"open-clinical-7b.safetensors"),
			base: None,
			training_set: vec![(0, 1), (1, 1)],
			price_per_1k_input: MILLI_OPEN,
			price_per_1k_output: 2 * MILLI_OPEN,
			data_share_ppb: 200_000_000,
			operators: vec![eve.clone()],
		},
		GenesisModel {
			owner: charlie,
			name: "clinical-qa-lora".into(),
			description: "ipfs://openledger-demo/clinical-qa-lora/MODEL_CARD.md".into(),
			artifact: blake2_256(b"clinical-qa-lora.safetensors"),
			base: Some(0),
			training_set: vec![(0, 1)],
			price_per_1k_input: 2 * MILLI_OPEN,
			price_per_1k_output: 4 * MILLI_OPEN,
			data_share_ppb: 300_000_000,
			operators: vec![eve.clone()],
		},
	];
	build_struct_json_patch!(RuntimeGenesisConfig {
		datanets: DatanetsConfig { datanets },
		models: ModelsConfig { models },
		inference: InferenceConfig { escrows: vec![(ferdie, eve.clone(), 100 * OPEN)] },
		attribution: AttributionConfig { attributors: vec![(alice, 1_000 * OPEN)] },
	})
}

/// The `local_testnet` preset: Alice, Bob, Charlie and Dave are the authorities (GRANDPA
/// finalises with three votes of four, so one validator may fail), Alice is the sudo key, and
/// every well-known dev account is funded.
pub fn local_config_genesis() -> Value {
	testnet_genesis(
		[
			(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		]
		.into_iter()
		.map(|(aura, grandpa)| authority_keys(aura, grandpa))
		.collect(),
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
		AttributionSchedule::get(),
	)
}

/// The JSON of the preset with the given id, if there is one.
#[allow(clippy::expect_used, reason = "a preset is plain data with string keys")]
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work; qed")
			.into_bytes(),
	)
}

/// The ids of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
