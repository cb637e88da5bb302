//! Extrinsic builders and inherent data for `openledger-node benchmark overhead|extrinsic`.

use crate::service::FullClient;
use openledger_runtime::{self as runtime, AccountId, Balance, BalancesCall, SystemCall};
use polkadot_sdk::{
	frame_benchmarking_cli::ExtrinsicBuilder,
	sc_cli::Result,
	sp_inherents::{InherentData, InherentDataProvider},
	sp_keyring::Sr25519Keyring,
	sp_runtime::OpaqueExtrinsic,
	*,
};
use std::{sync::Arc, time::Duration};

/// Builds `System::remark` extrinsics: the minimal extrinsic the overhead benchmark measures.
pub struct RemarkBuilder {
	client: Arc<FullClient>,
}

impl RemarkBuilder {
	/// A builder that signs with Alice's key on the chain of `client`.
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client }
	}
}

impl ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let extrinsic: OpaqueExtrinsic = create_benchmark_extrinsic(
			self.client.as_ref(),
			Sr25519Keyring::Bob.pair(),
			SystemCall::remark { remark: vec![] }.into(),
			nonce,
		)
		.into();
		Ok(extrinsic)
	}
}

/// Builds `Balances::transfer_keep_alive` extrinsics.
pub struct TransferKeepAliveBuilder {
	client: Arc<FullClient>,
	dest: AccountId,
	value: Balance,
}

impl TransferKeepAliveBuilder {
	/// A builder of transfers of `value` to `dest`, signed with Bob's key.
	pub fn new(client: Arc<FullClient>, dest: AccountId, value: Balance) -> Self {
		Self { client, dest, value }
	}
}

impl ExtrinsicBuilder for TransferKeepAliveBuilder {
	fn pallet(&self) -> &str {
		"balances"
	}

	fn extrinsic(&self) -> &str {
		"transfer_keep_alive"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let extrinsic: OpaqueExtrinsic = create_benchmark_extrinsic(
			self.client.as_ref(),
			Sr25519Keyring::Bob.pair(),
			BalancesCall::transfer_keep_alive { dest: self.dest.clone().into(), value: self.value }
				.into(),
			nonce,
		)
		.into();
		Ok(extrinsic)
	}
}

/// A transaction signed by `sender` for the chain of `client`, with the runtime's transaction
/// extensions.
pub fn create_benchmark_extrinsic(
	client: &FullClient,
	sender: sp_core::sr25519::Pair,
	call: runtime::RuntimeCall,
	nonce: u32,
) -> runtime::UncheckedExtrinsic {
	use polkadot_sdk::sp_blockchain::HeaderBackend;

	let info = client.info();
	runtime::signing::signed_extrinsic(
		&sender,
		call,
		nonce,
		0,
		runtime::signing::ChainContext::this_runtime(info.genesis_hash),
		Some((info.best_number, info.best_hash)),
	)
}

/// The inherent data a benchmark block needs: a timestamp.
pub fn inherent_benchmark_data() -> Result<InherentData> {
	let mut inherent_data = InherentData::new();
	let d = Duration::from_millis(0);
	let timestamp = sp_timestamp::InherentDataProvider::new(d.into());

	futures::executor::block_on(timestamp.provide_inherent_data(&mut inherent_data))
		.map_err(|e| format!("creating inherent data: {e:?}"))?;
	Ok(inherent_data)
}
