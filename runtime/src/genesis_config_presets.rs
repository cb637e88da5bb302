//! Genesis presets: the only source of genesis state. The node's chain specs are generated from
//! them (`development` for `--dev`, `local_testnet` for the two-validator `local` chain).

use crate::{
	configs::{AttributionPot, AttributionSchedule, InferenceAccount, TreasuryAccount},
	currency::{EXISTENTIAL_DEPOSIT, OPEN},
	AccountId, AttributionConfig, Balance, BalancesConfig, BlockNumber, RuntimeGenesisConfig,
	SudoConfig,
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

/// One-minute epochs whose rounds commit for four blocks and reveal for four, so a round
/// completes within a minute of its epoch's end on a dev chain.
const DEV_SCHEDULE: pallet_attribution::RoundSchedule<BlockNumber> =
	pallet_attribution::RoundSchedule { epoch_length: 10, commit_window: 4, reveal_window: 4 };

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
				// The pots exist from genesis, so that any share of a fee or slash can reach them.
				.chain(
					[TreasuryAccount::get(), AttributionPot::get(), InferenceAccount::get()]
						.map(|pot| (pot, EXISTENTIAL_DEPOSIT)),
				)
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
		},
	})
}

/// The authority keys of a well-known dev account: its sr25519 key for Aura, its ed25519 key for
/// GRANDPA.
fn authority_keys(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> (AuraId, GrandpaId) {
	(aura.public().into(), grandpa.public().into())
}

/// The `development` preset: Alice is the only authority and the sudo key; every well-known dev
/// account is funded.
pub fn development_config_genesis() -> Value {
	testnet_genesis(
		vec![authority_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
		DEV_SCHEDULE,
	)
}

/// The `local_testnet` preset: Alice and Bob are the authorities, Alice is the sudo key, and
/// every well-known dev account is funded.
pub fn local_config_genesis() -> Value {
	testnet_genesis(
		vec![
			authority_keys(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			authority_keys(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
		AttributionSchedule::get(),
	)
}

/// The JSON of the preset with the given id, if there is one.
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
