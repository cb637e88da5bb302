//! The transaction pool: the SDK's fork-aware pool, with operational transactions validated in a
//! lane of their own.
//!
//! A pool validates what it is sent two at a time, in arrival order, whatever the class, and
//! re-validates what it holds for every new block in a queue of its own that goes first. Under a
//! flood of transfers a settlement batch sent to a busy node waited seconds behind them (12.6 s
//! p99 in the 180-s rush, 20.7 s at full scale, see `docs/rush-hour.md`), and an author that had
//! not validated it yet built its block without it, though the runtime keeps a share of every
//! block for the operational class. Here an operational transaction (settlement, attribution
//! rounds, claims, sudo) is validated by a worker of its own, ahead of both queues.
//!
//! Only the order of validation changes. What is valid, and what a block includes, stay the
//! runtime's to decide. Whether a call is operational is read from the call alone, before its
//! signature is checked, so anyone can send into the lane, bad signatures included, at no cost.
//! That is why it is a lane apart and bounded: a flood of bogus operational calls waits in it
//! behind itself, not in front of the transfers or of the pool's upkeep, and once `LANE` wait
//! there the rest are validated with everything else.

use futures::channel::oneshot;
use openledger_runtime::{opaque::Block, RuntimeCall, UncheckedExtrinsic};
use polkadot_sdk::{
	frame_support::dispatch::{DispatchClass, GetDispatchInfo},
	sc_cli,
	sc_service::{Configuration, TaskManager},
	sc_transaction_pool::{
		ChainApi, ForkAwareTxPool, FullChainApi, Options, PoolLimit, TransactionPoolHandle,
		TransactionPoolWrapper, ValidateTransactionPriority,
	},
	sp_blockchain::{HeaderBackend, TreeRoute},
	sp_core::traits::SpawnEssentialNamed,
	sp_runtime::{
		generic::BlockId,
		traits::{Block as BlockT, NumberFor},
		transaction_validity::{TransactionSource, TransactionValidity},
	},
	*,
};
use std::{
	sync::{
		mpsc::{sync_channel, SyncSender},
		Arc,
	},
	time::Duration,
};

use crate::service::FullClient;

/// How deep a call may nest when the pool decodes it (the runtime's own limit).
const MAX_CALL_DEPTH: u32 = 256;

/// Whether the encoded extrinsic `xt` is one of the runtime's and its call is operational. What
/// does not decode is not: its validation will say what is wrong with it. The call is read with
/// the types of the runtime the node was built with: after an upgrade that changes a call, a node
/// not yet rebuilt may misjudge it, which changes when it is validated, nothing else.
pub fn is_operational(xt: &[u8]) -> bool {
	use codec::DecodeLimit;
	UncheckedExtrinsic::decode_all_with_depth_limit(MAX_CALL_DEPTH, &mut &xt[..])
		.is_ok_and(|xt| operational(&xt.function))
}

fn operational(call: &RuntimeCall) -> bool {
	call.get_dispatch_info().class == DispatchClass::Operational
}

/// How many operational transactions may wait for the lane's worker; more go to the pool's queue.
const LANE: usize = 1024;

/// A validation waiting for the lane's worker.
type Validation = Box<dyn FnOnce() + Send>;

/// The SDK's chain access for the pool, with operational transactions validated in their lane.
pub struct OperationalFirst {
	api: Arc<FullChainApi<FullClient, Block>>,
	lane: SyncSender<Validation>,
}

impl OperationalFirst {
	/// The chain access of `client`'s pool, its lane's worker spawned with `spawner`.
	fn new(
		config: &Configuration,
		client: Arc<FullClient>,
		spawner: &impl SpawnEssentialNamed,
	) -> Self {
		let api = Arc::new(FullChainApi::new(client, config.prometheus_registry(), spawner));
		let (lane, waiting) = sync_channel::<Validation>(LANE);
		// A thread of its own, which waits for the next validation and runs it.
		spawner.spawn_essential_blocking(
			"operational-validation",
			Some("transaction-pool"),
			Box::pin(async move { waiting.into_iter().for_each(|validate| validate()) }),
		);
		Self { api, lane }
	}
}

type ApiError = <FullChainApi<FullClient, Block> as ChainApi>::Error;
type Hash = <Block as BlockT>::Hash;
type Extrinsic = <Block as BlockT>::Extrinsic;

#[async_trait::async_trait]
impl ChainApi for OperationalFirst {
	type Block = Block;
	type Error = ApiError;

	async fn validate_transaction(
		&self,
		at: Hash,
		source: TransactionSource,
		uxt: Arc<Extrinsic>,
		priority: ValidateTransactionPriority,
	) -> Result<TransactionValidity, ApiError> {
		if codec::Encode::using_encoded(&*uxt, is_operational) {
			let (api, xt) = (self.api.clone(), uxt.clone());
			let (answer, validity) = oneshot::channel();
			let validate: Validation = Box::new(move || {
				let _ = answer.send(api.validate_transaction_blocking(at, source, xt));
			});
			// A full lane (or, as the node stops, a closed one): the pool's queue.
			if self.lane.try_send(validate).is_ok() {
				if let Ok(validity) = validity.await {
					return validity;
				}
			}
		}
		self.api.validate_transaction(at, source, uxt, priority).await
	}

	fn validate_transaction_blocking(
		&self,
		at: Hash,
		source: TransactionSource,
		uxt: Arc<Extrinsic>,
	) -> Result<TransactionValidity, ApiError> {
		self.api.validate_transaction_blocking(at, source, uxt)
	}

	fn block_id_to_number(
		&self,
		at: &BlockId<Block>,
	) -> Result<Option<NumberFor<Block>>, ApiError> {
		self.api.block_id_to_number(at)
	}

	fn block_id_to_hash(&self, at: &BlockId<Block>) -> Result<Option<Hash>, ApiError> {
		self.api.block_id_to_hash(at)
	}

	fn hash_and_length(&self, uxt: &Extrinsic) -> (Hash, usize) {
		self.api.hash_and_length(uxt)
	}

	async fn block_body(&self, at: Hash) -> Result<Option<Vec<Extrinsic>>, ApiError> {
		self.api.block_body(at).await
	}

	fn block_header(&self, at: Hash) -> Result<Option<<Block as BlockT>::Header>, ApiError> {
		self.api.block_header(at)
	}

	fn tree_route(&self, from: Hash, to: Hash) -> Result<TreeRoute<Block>, ApiError> {
		self.api.tree_route(from, to)
	}
}

/// The options of the fork-aware pool that the command line asks for, as `sc-cli` makes them
/// (`TransactionPoolParams::transaction_pool`, whose result does not show them): `--pool-limit`
/// ready transactions and a tenth as many future ones, `--pool-kbytes` likewise, and invalid
/// transactions banned for `--tx-ban-seconds`, by default 30 minutes, or not at all with `--dev`.
/// None when it asks for the single-state pool.
pub fn options(params: &sc_cli::TransactionPoolParams, dev: bool) -> Option<Options> {
	if !matches!(params.pool_type, sc_cli::TransactionPoolType::ForkAware) {
		return None;
	}
	let bytes = params.pool_kbytes.saturating_mul(1024);
	let ban = params.tx_ban_seconds.unwrap_or(if dev { 0 } else { 30 * 60 });
	Some(Options {
		ready: PoolLimit { count: params.pool_limit, total_bytes: bytes },
		future: PoolLimit { count: params.pool_limit / 10, total_bytes: bytes / 10 },
		reject_future_transactions: false,
		ban_time: Duration::from_secs(ban),
	})
}

/// The node's transaction pool. With `options`, the fork-aware pool that validates operational
/// transactions first; without, the SDK's pool as `config` describes it (the single-state pool,
/// or a subcommand's that submits nothing).
pub fn new(
	config: &Configuration,
	options: Option<Options>,
	client: Arc<FullClient>,
	task_manager: &TaskManager,
) -> TransactionPoolHandle<Block, FullClient> {
	let spawner = task_manager.spawn_essential_handle();
	let prometheus = config.prometheus_registry();
	let is_validator = config.role.is_authority().into();
	let Some(options) = options else {
		return sc_transaction_pool::Builder::new(spawner, client, is_validator)
			.with_options(config.transaction_pool.clone())
			.with_prometheus(prometheus)
			.build();
	};
	let info = client.info();
	let api = Arc::new(OperationalFirst::new(config, client, &spawner));
	let pool = ForkAwareTxPool::new_with_background_worker(
		options,
		is_validator,
		api,
		prometheus,
		spawner,
		info.best_hash,
		info.finalized_hash,
	);
	TransactionPoolWrapper(Box::new(pool))
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;
	use openledger_runtime::{BalancesCall, SystemCall};

	fn encoded(call: RuntimeCall) -> Vec<u8> {
		UncheckedExtrinsic::new_bare(call).encode()
	}

	fn claims() -> RuntimeCall {
		RuntimeCall::Attribution(pallet_attribution::Call::claim_batch { epoch: 1, claims: vec![] })
	}

	#[test]
	fn operational_calls_are_told_apart() {
		let remark = RuntimeCall::System(SystemCall::remark { remark: vec![1; 32] });
		assert!(!is_operational(&encoded(remark)));
		let transfer = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: sp_keyring::Sr25519Keyring::Bob.to_account_id().into(),
			value: 1,
		});
		assert!(!is_operational(&encoded(transfer)));
		assert!(is_operational(&encoded(claims())));
		assert!(is_operational(&encoded(RuntimeCall::System(SystemCall::set_code {
			code: vec![]
		}))));
	}

	#[test]
	fn the_pool_sees_the_runtime_encoding() {
		let opaque =
			sp_runtime::OpaqueExtrinsic::try_from_encoded_extrinsic(&encoded(claims())).unwrap();
		assert!(Encode::using_encoded(&opaque, is_operational));
	}

	#[test]
	fn what_does_not_decode_is_not_operational() {
		let mut xt = encoded(claims());
		xt.push(0);
		assert!(!is_operational(&xt));
		xt.truncate(3);
		assert!(!is_operational(&xt));
		assert!(!is_operational(&[]));
	}

	#[test]
	fn the_options_are_those_sc_cli_makes() {
		for (limit, kbytes, ban, dev) in
			[(8192, 20480, None, false), (3000, 1000, None, true), (10, 7, Some(5), false)]
		{
			let params = sc_cli::TransactionPoolParams {
				pool_limit: limit,
				pool_kbytes: kbytes,
				tx_ban_seconds: ban,
				pool_type: sc_cli::TransactionPoolType::ForkAware,
				pool_best_blocks_only: false,
			};
			let ours = format!("options: {:?}", options(&params, dev).unwrap());
			let theirs = format!("{:?}", params.transaction_pool(dev));
			assert!(theirs.contains(&ours), "{theirs} lacks {ours}");
		}
		let single = sc_cli::TransactionPoolParams {
			pool_limit: 8192,
			pool_kbytes: 20480,
			tx_ban_seconds: None,
			pool_type: sc_cli::TransactionPoolType::SingleState,
			pool_best_blocks_only: false,
		};
		assert!(options(&single, false).is_none());
	}
}
