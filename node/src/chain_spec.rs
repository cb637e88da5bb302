//! Chain specifications, generated from the runtime's genesis presets.

use openledger_runtime::{
	currency::{TOKEN_DECIMALS, TOKEN_SYMBOL},
	SS58_PREFIX, WASM_BINARY,
};
use polkadot_sdk::{sc_service::ChainType, sp_genesis_builder};

/// The chain specification of this node: no extensions.
pub type ChainSpec = polkadot_sdk::sc_service::GenericChainSpec;

/// The properties Polkadot.js and wallets read to show balances: token symbol, decimals and the
/// SS58 address format.
fn properties() -> polkadot_sdk::sc_chain_spec::Properties {
	let mut properties = polkadot_sdk::sc_chain_spec::Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"The runtime's WASM binary is not available: build the node without SKIP_WASM_BUILD."
			.to_string()
	})
}

/// The single-validator development chain (`--dev`): Alice authors and finalizes blocks.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("OpenLedger Development")
		.with_id("openledger_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// The four-validator local testnet (`--chain local`): Alice, Bob, Charlie and Dave
/// (`scripts/network.sh` starts it).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("OpenLedger Local Testnet")
		.with_id("openledger_local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}
