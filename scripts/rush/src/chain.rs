//! The node, over JSON-RPC: submitting extrinsics, reading blocks, their events and storage,
//! decoded with the runtime's own types.

use codec::{Decode, Encode};
use openledger_runtime::{
	signing::{signed_extrinsic, ChainContext},
	Header, RuntimeCall, RuntimeError, RuntimeEvent,
};
use polkadot_sdk::{
	frame_support::{
		dispatch::{DispatchClass, PerDispatchClass},
		storage::storage_prefix,
		weights::Weight,
	},
	frame_system::{self, EventRecord, Phase},
	sp_core::{sr25519, H256},
	sp_crypto_hashing::blake2_256,
	sp_runtime::{traits::Header as _, DispatchError},
};
use serde_json::Value;
use std::{
	collections::HashMap,
	time::{Duration, Instant},
};
use subxt::rpcs::{client::RpcSubscription, rpc_params, Error as RpcError, RpcClient};

/// A boxed error with a readable message.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The events of a block, as the runtime records them.
pub type Events = Vec<EventRecord<RuntimeEvent, H256>>;

/// A connection to submit and watch transactions on, and when it was last opened.
type Submitter = tokio::sync::Mutex<(RpcClient, std::time::Instant)>;

/// Connections to one node: one to read blocks and state, and `SUBMITTERS` that share the
/// users' submissions between them. A connection that went away (the node killed, restarted)
/// is opened again on the next submission over it, at most once a second.
#[derive(Clone)]
pub struct Node {
	url: String,
	rpc: RpcClient,
	submitters: std::sync::Arc<Vec<Submitter>>,
	next: std::sync::Arc<std::sync::atomic::AtomicUsize>,
	/// The number of the node's best block, 0 while unknown (followed by `follow_best`).
	best: std::sync::Arc<std::sync::atomic::AtomicU32>,
}

/// Connections per node that carry submissions. Users of a chain each have their own
/// connection; a node buffers 64 messages per connection and 16 per subscription, and closes
/// without a word a transaction's watch whose buffer is full (sc-rpc's `pipe_from_stream`), so
/// thousands of watches over one connection of a busy node lose some of their statuses. Spread
/// over 32 they are what many wallets would be (each node accepts 100 connections by default).
const SUBMITTERS: usize = 32;

/// A block as the rush follows it.
pub struct Block {
	pub number: u32,
	pub hash: H256,
	pub parent: H256,
	/// The blake2-256 hashes of its extrinsics, in order (what `author_submitExtrinsic`
	/// returns).
	pub extrinsics: Vec<H256>,
	pub events: Events,
	/// `Timestamp::Now`, in milliseconds.
	pub timestamp: u64,
	/// `System::BlockWeight`: the weight used per dispatch class.
	pub weight: PerDispatchClass<Weight>,
}

impl Block {
	/// The reference time its normal and operational classes used.
	pub fn used(&self, class: DispatchClass) -> u64 {
		self.weight.get(class).ref_time()
	}

	/// The events of extrinsic `index`.
	pub fn events_of(&self, index: usize) -> impl Iterator<Item = &RuntimeEvent> {
		self.events
			.iter()
			.filter(move |r| r.phase == Phase::ApplyExtrinsic(index as u32))
			.map(|r| &r.event)
	}
}

/// Why the pool refused a transaction: the JSON-RPC error's code and message, with the
/// validity error's detail (`1010 Invalid Transaction: Inability to pay some fees`).
pub fn refusal(error: &RpcError) -> String {
	match error {
		RpcError::User(user) => {
			let message = user.message.split(':').next().unwrap_or(&user.message).trim();
			let detail = user
				.data
				.as_ref()
				.and_then(|d| serde_json::from_str::<Value>(d.get()).ok())
				.and_then(|d| d.as_str().map(str::to_owned));
			match detail {
				// The detail of a validity error names it; others may carry numbers that vary.
				Some(detail) if matches!(user.code, 1002 | 1010) => {
					let detail: String = detail.chars().take(100).collect();
					format!("{} {message}: {detail}", user.code)
				},
				_ => format!("{} {message}", user.code),
			}
		},
		RpcError::Client(_) | RpcError::DisconnectedWillReconnect(_) => "node unreachable".into(),
		other => format!("{other}"),
	}
}

/// What a node answers when its pool is full and evicts nothing for the transaction.
pub const POOL_FULL: &str = "1016 Immediately Dropped";

/// How the reason a pool gave a transaction up begins (`given_up`).
pub const POOL_GAVE_UP: &str = "pool: ";

/// What a watched transaction's pool status says when the pool gave it up without including
/// it (`dropped`, `usurped`, `invalid`); `None` for every other status.
pub fn given_up(status: &Value) -> Option<String> {
	let name = status_name(status);
	matches!(name, "dropped" | "usurped" | "invalid").then(|| format!("{POOL_GAVE_UP}{name}"))
}

/// The name of a watched transaction's pool status (`ready`, `inBlock`, `finalized`, …).
pub fn status_name(status: &Value) -> &str {
	match status {
		Value::String(name) => name.as_str(),
		Value::Object(map) => map.keys().next().map(String::as_str).unwrap_or_default(),
		_ => "",
	}
}

/// Whether a watched transaction's status is its last: finalised, or finality timed out.
pub fn last_status(status: &Value) -> bool {
	matches!(status_name(status), "finalized" | "finalityTimeout")
}

/// A dispatch error by pallet and name (`Inference(InsufficientEscrow)`).
pub fn dispatch_error(error: &DispatchError) -> String {
	match RuntimeError::from_dispatch_error(*error) {
		Some(named) => format!("{named:?}"),
		None => format!("{error:?}"),
	}
}

/// The outcome of extrinsic `index` of `block`: `Ok` or its dispatch error.
pub fn outcome(block: &Block, index: usize) -> Result<(), String> {
	for event in block.events_of(index) {
		if let RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
			dispatch_error: e,
			..
		}) = event
		{
			return Err(dispatch_error(e));
		}
	}
	Ok(())
}

fn bytes(value: &Value) -> Result<Vec<u8>, Error> {
	let text = value.as_str().ok_or("expected a hex string")?;
	Ok(hex::decode(text.trim_start_matches("0x"))?)
}

fn hash_hex(hash: &H256) -> String {
	format!("0x{}", hex::encode(hash.0))
}

impl Node {
	/// Connects to `url` (`ws://127.0.0.1:9944`).
	pub async fn connect(url: &str) -> Result<Self, Error> {
		let rpc = RpcClient::from_insecure_url(url).await?;
		let mut submitters = vec![];
		for _ in 0..SUBMITTERS {
			let connection = RpcClient::from_insecure_url(url).await?;
			submitters.push((connection, std::time::Instant::now()).into());
		}
		Ok(Self {
			url: url.to_owned(),
			rpc,
			submitters: std::sync::Arc::new(submitters),
			next: Default::default(),
			best: Default::default(),
		})
	}

	/// The number of the node's best block as last heard, 0 while unknown (before the first
	/// head, and from the moment the node goes away until it is heard again).
	pub fn best(&self) -> u32 {
		self.best.load(std::sync::atomic::Ordering::Relaxed)
	}

	/// Keeps `best` up to date until the task is aborted, over a connection of its own that is
	/// opened again whenever the node goes away (killed, restarted).
	pub async fn follow_best(self) {
		let best = self.best.clone();
		loop {
			if let Ok(rpc) = RpcClient::from_insecure_url(&self.url).await {
				let heads = rpc
					.subscribe::<Header>(
						"chain_subscribeNewHeads",
						rpc_params![],
						"chain_unsubscribeNewHeads",
					)
					.await;
				if let Ok(mut heads) = heads {
					while let Some(Ok(header)) = heads.next().await {
						best.store(header.number, std::sync::atomic::Ordering::Relaxed);
					}
				}
			}
			best.store(0, std::sync::atomic::Ordering::Relaxed);
			tokio::time::sleep(std::time::Duration::from_millis(500)).await;
		}
	}

	/// The next submitting connection in turn (its index and client), and `extrinsic` in hex.
	async fn next_submitter(&self, extrinsic: &[u8]) -> (usize, RpcClient, String) {
		let at = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % SUBMITTERS;
		let rpc = self.submitters[at].lock().await.0.clone();
		(at, rpc, format!("0x{}", hex::encode(extrinsic)))
	}

	/// Submits a signed extrinsic and watches it (`author_submitAndWatchExtrinsic`, as wallets
	/// do): the stream of its pool statuses once accepted, or the pool's refusal (or the
	/// connection's error when the node is unreachable).
	pub async fn submit(&self, extrinsic: &[u8]) -> Result<RpcSubscription<Value>, RpcError> {
		let (at, rpc, hex) = self.next_submitter(extrinsic).await;
		let result = rpc
			.subscribe::<Value>(
				"author_submitAndWatchExtrinsic",
				rpc_params![hex],
				"author_unwatchExtrinsic",
			)
			.await;
		if let Err(RpcError::Client(_) | RpcError::DisconnectedWillReconnect(_)) = &result {
			let mut submitter = self.submitters[at].lock().await;
			if submitter.1.elapsed() > std::time::Duration::from_secs(1) {
				submitter.1 = std::time::Instant::now();
				if let Ok(Ok(fresh)) = tokio::time::timeout(
					std::time::Duration::from_secs(2),
					RpcClient::from_insecure_url(&self.url),
				)
				.await
				{
					submitter.0 = fresh;
				}
			}
		}
		result
	}

	/// Submits a signed extrinsic without watching it (`author_submitExtrinsic`): its hash once
	/// accepted, or the pool's refusal.
	pub async fn submit_unwatched(&self, extrinsic: &[u8]) -> Result<H256, RpcError> {
		let (_, rpc, hex) = self.next_submitter(extrinsic).await;
		rpc.request("author_submitExtrinsic", rpc_params![hex]).await
	}

	/// The hashes of the extrinsics in the node's pool (`author_pendingExtrinsics`).
	pub async fn pending(&self) -> Result<Vec<H256>, Error> {
		let rpc = self.submitters[0].lock().await.0.clone();
		let list: Vec<Value> = rpc.request("author_pendingExtrinsics", rpc_params![]).await?;
		list.iter().map(|x| bytes(x).map(|b| H256(blake2_256(&b)))).collect()
	}

	/// The nonce of `who`'s next transaction, counting those in the node's pool.
	pub async fn next_nonce(&self, who: &openledger_runtime::AccountId) -> Result<u32, Error> {
		let rpc = self.submitters[0].lock().await.0.clone();
		Ok(rpc.request("system_accountNextIndex", rpc_params![who.to_string()]).await?)
	}

	/// The header of block `hash`, or of the best block.
	pub async fn header(&self, hash: Option<H256>) -> Result<Header, Error> {
		let header: Option<Header> = self
			.rpc
			.request("chain_getHeader", rpc_params![hash.map(|h| hash_hex(&h))])
			.await?;
		header.ok_or_else(|| "no such header".into())
	}

	/// The hash of the finalised head.
	pub async fn finalized(&self) -> Result<(u32, H256), Error> {
		let hash: H256 = self.rpc.request("chain_getFinalizedHead", rpc_params![]).await?;
		Ok((self.header(Some(hash)).await?.number, hash))
	}

	/// The hash of block `number` of the best chain (finalised when `number` is).
	pub async fn block_hash(&self, number: u32) -> Result<Option<H256>, Error> {
		Ok(self.rpc.request("chain_getBlockHash", rpc_params![number]).await?)
	}

	/// The genesis hash.
	pub async fn genesis(&self) -> Result<H256, Error> {
		self.block_hash(0).await?.ok_or_else(|| "no genesis".into())
	}

	/// The raw value of storage `key` at block `at`.
	pub async fn storage(&self, key: &[u8], at: H256) -> Result<Option<Vec<u8>>, Error> {
		let key = format!("0x{}", hex::encode(key));
		let value: Option<Value> =
			self.rpc.request("state_getStorage", rpc_params![key, hash_hex(&at)]).await?;
		value.map(|v| bytes(&v)).transpose()
	}

	/// The nonce of `who`'s next transaction in the state of block `at`: what the chain has
	/// included, not counting what waits in a pool.
	pub async fn account_nonce(
		&self,
		who: &openledger_runtime::AccountId,
		at: H256,
	) -> Result<u32, Error> {
		type Runtime = openledger_runtime::Runtime;
		let key = frame_system::Account::<Runtime>::hashed_key_for(who);
		let Some(raw) = self.storage(&key, at).await? else { return Ok(0) };
		let info = frame_system::AccountInfo::<
			<Runtime as frame_system::Config>::Nonce,
			<Runtime as frame_system::Config>::AccountData,
		>::decode(&mut &raw[..])
		.map_err(|e| format!("System::Account undecodable: {e}"))?;
		Ok(info.nonce)
	}

	/// Storage value `pallet::item` at block `at`, decoded (the default when absent).
	pub async fn value<T: Decode + Default>(
		&self,
		pallet: &str,
		item: &str,
		at: H256,
	) -> Result<T, Error> {
		match self.storage(&storage_prefix(pallet.as_bytes(), item.as_bytes()), at).await? {
			Some(raw) => Ok(T::decode(&mut &raw[..])
				.map_err(|e| format!("{pallet}::{item} undecodable: {e}"))?),
			None => Ok(T::default()),
		}
	}

	/// Calls runtime API `method` with no arguments at block `at`.
	pub async fn call<T: Decode>(&self, method: &str, at: H256) -> Result<T, Error> {
		let answer: Value =
			self.rpc.request("state_call", rpc_params![method, "0x", hash_hex(&at)]).await?;
		let raw = bytes(&answer)?;
		Ok(T::decode(&mut &raw[..]).map_err(|e| format!("{method}: undecodable answer: {e}"))?)
	}

	/// The events of block `at`.
	pub async fn events(&self, at: H256) -> Result<Events, Error> {
		self.value("System", "Events", at).await
	}

	/// Block `hash` with its extrinsics' hashes, events, timestamp and weight.
	pub async fn block(&self, hash: H256) -> Result<Block, Error> {
		let signed: Value =
			self.rpc.request("chain_getBlock", rpc_params![hash_hex(&hash)]).await?;
		let block = signed.get("block").ok_or("no such block")?;
		let header: Header = serde_json::from_value(block["header"].clone())?;
		let extrinsics = block["extrinsics"]
			.as_array()
			.ok_or("a block without extrinsics")?
			.iter()
			.map(|x| bytes(x).map(|b| H256(blake2_256(&b))))
			.collect::<Result<Vec<_>, _>>()?;
		let (events, timestamp, weight) = futures::try_join!(
			self.events(hash),
			self.value::<u64>("Timestamp", "Now", hash),
			self.value::<PerDispatchClass<Weight>>("System", "BlockWeight", hash),
		)?;
		Ok(Block {
			number: header.number,
			hash,
			parent: *header.parent_hash(),
			extrinsics,
			events,
			timestamp,
			weight,
		})
	}

	/// The spec version of the runtime at block `at` (`state_getRuntimeVersion`).
	pub async fn spec_version(&self, at: Option<H256>) -> Result<u32, Error> {
		let version: Value = self
			.rpc
			.request("state_getRuntimeVersion", rpc_params![at.map(|h| hash_hex(&h))])
			.await?;
		let spec = version.get("specVersion").and_then(Value::as_u64).ok_or("no specVersion")?;
		Ok(u32::try_from(spec)?)
	}

	/// Every key and value of the state at block `at` (child tries aside), a thousand keys at
	/// a time (`state_getKeysPaged`, `state_queryStorageAt`).
	pub async fn state(&self, at: H256) -> Result<Vec<(Vec<u8>, Vec<u8>)>, Error> {
		const PAGE: usize = 1000;
		let mut pairs = vec![];
		let mut start: Option<String> = None;
		loop {
			let keys: Vec<String> = self
				.rpc
				.request(
					"state_getKeysPaged",
					rpc_params!["0x", PAGE, start.clone(), hash_hex(&at)],
				)
				.await?;
			if keys.is_empty() {
				break;
			}
			let sets: Vec<Value> = self
				.rpc
				.request("state_queryStorageAt", rpc_params![keys.clone(), hash_hex(&at)])
				.await?;
			for change in sets.iter().filter_map(|set| set["changes"].as_array()).flatten() {
				if let (Some(key), Some(value)) = (change.get(0), change.get(1)) {
					if !value.is_null() {
						pairs.push((bytes(key)?, bytes(value)?));
					}
				}
			}
			if keys.len() < PAGE {
				break;
			}
			start = keys.last().cloned();
		}
		Ok(pairs)
	}

	/// The new best heads (`chain_subscribeNewHeads`).
	pub async fn subscribe_heads(&self) -> Result<RpcSubscription<Header>, Error> {
		Ok(self
			.rpc
			.subscribe("chain_subscribeNewHeads", rpc_params![], "chain_unsubscribeNewHeads")
			.await?)
	}
}

/// Submits `calls` from `signer` with consecutive nonces from `nonce`, and waits until each is
/// included without a dispatch error: the events of each, in order.
pub async fn submit_and_wait(
	node: &Node,
	chain: ChainContext,
	calls: Vec<(&sr25519::Pair, u32, RuntimeCall)>,
	what: &str,
) -> Result<Vec<Vec<RuntimeEvent>>, Error> {
	// From the best block before the first submission: none can be in an earlier one.
	let mut next = node.header(None).await?.number;
	let mut waiting: HashMap<H256, usize> = HashMap::new();
	for (i, (pair, nonce, call)) in calls.into_iter().enumerate() {
		let extrinsic = signed_extrinsic(pair, call, nonce, 0, chain, None).encode();
		waiting.insert(H256(blake2_256(&extrinsic)), i);
		node.submit(&extrinsic).await.map_err(|e| format!("{what}: {}", refusal(&e)))?;
	}
	let mut events = vec![vec![]; waiting.len()];
	let deadline = Instant::now() + Duration::from_secs(300);
	while !waiting.is_empty() {
		if Instant::now() > deadline {
			return Err(format!("{what}: {} not included after 5 minutes", waiting.len()).into());
		}
		let Some(hash) = node.block_hash(next).await? else {
			tokio::time::sleep(Duration::from_millis(500)).await;
			continue;
		};
		let block = node.block(hash).await?;
		for (index, xt) in block.extrinsics.iter().enumerate() {
			if let Some(i) = waiting.remove(xt) {
				outcome(&block, index).map_err(|e| format!("{what} failed: {e}"))?;
				events[i] = block.events_of(index).cloned().collect();
			}
		}
		next += 1;
	}
	Ok(events)
}
