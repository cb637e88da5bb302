//! Talking to a node: the attribution pallet's calls and runtime API, with `subxt`'s dynamic
//! interface (the node's metadata describes every type; nothing is generated at build time).

use crate::{
	settlement::{Account, LeafClaim, Settlement},
	verify::{ChainLog, VersionContribution, VersionPage},
};
use openledger_primitives::{EpochIndex, Hash256};
use scale_value::{At, Composite, Primitive, ValueDef};
use subxt::{
	config::{PolkadotExtrinsicParamsBuilder, RpcConfigFor},
	dynamic::{self, Value},
	rpcs::{LegacyRpcMethods, RpcClient},
	transactions::TransactionStatus,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// What can go wrong talking to a node.
#[derive(Debug)]
pub enum ChainError {
	/// The node could not be reached, or answered with an error.
	Node(Box<subxt::Error>),
	/// A secret URI that does not parse or derive a key.
	Key(String),
	/// A runtime API's answer that does not decode as its type.
	Undecodable { method: String, error: codec::Error },
	/// An answer whose shape is not the one the runtime's types give it.
	Unreadable(String),
	/// Something the chain does not have (yet): a block, a record, a published version.
	Missing(String),
	/// The transaction was not included: invalid, dropped, or its watch ended.
	NotIncluded { call: String, reason: String },
	/// The call was included and failed with a pallet's error.
	Refused(Refused),
	/// The call was included and failed otherwise.
	Failed { call: String, reason: String },
}

impl ChainError {
	/// Whether this is the chain refusing a call with the pallet error `name`.
	pub fn refused_with(&self, name: &str) -> bool {
		matches!(self, Self::Refused(r) if r.error == name)
	}
}

impl std::fmt::Display for ChainError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::Node(e) => write!(f, "{e}"),
			Self::Key(e) => write!(f, "unusable key: {e}"),
			Self::Undecodable { method, error } => {
				write!(f, "{method}: undecodable answer: {error}")
			},
			Self::Unreadable(what) | Self::Missing(what) => f.write_str(what),
			Self::NotIncluded { call, reason } => {
				write!(f, "Attribution.{call} was not included: {reason}")
			},
			Self::Refused(refused) => refused.fmt(f),
			Self::Failed { call, reason } => write!(f, "Attribution.{call} failed: {reason}"),
		}
	}
}

impl std::error::Error for ChainError {
	fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
		match self {
			Self::Node(e) => Some(e.as_ref()),
			Self::Undecodable { error, .. } => Some(error),
			_ => None,
		}
	}
}

/// Every error of subxt's is the node's.
macro_rules! from_subxt {
	($($error:ty),* $(,)?) => {$(
		impl From<$error> for ChainError {
			fn from(e: $error) -> Self {
				Self::Node(Box::new(e.into()))
			}
		}
	)*};
}
from_subxt!(
	subxt::Error,
	subxt::rpcs::Error,
	subxt::error::OnlineClientError,
	subxt::error::OnlineClientAtBlockError,
	subxt::error::RuntimeApiError,
	subxt::error::ExtrinsicError,
	subxt::error::TransactionProgressError,
	subxt::error::TransactionStatusError,
	subxt::error::EventsError,
	subxt::error::ConstantError,
);

/// A connection to a node.
pub struct Chain {
	api: OnlineClient<PolkadotConfig>,
	rpc: LegacyRpcMethods<RpcConfigFor<PolkadotConfig>>,
}

/// What a submitted transaction did: its block and its events, as text.
pub struct Included {
	/// The hash of the block it is in.
	pub block: String,
	/// `Pallet.Event { fields }` for each event it emitted.
	pub events: Vec<String>,
}

/// A call the chain dispatched and refused with a pallet's error.
#[derive(Debug)]
pub struct Refused {
	/// The call (of the attribution pallet).
	pub call: String,
	/// The pallet whose error it is.
	pub pallet: String,
	/// The error's name (`AlreadyCommitted`).
	pub error: String,
}

impl std::fmt::Display for Refused {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "Attribution.{} failed: {}.{}", self.call, self.pallet, self.error)
	}
}

impl std::error::Error for Refused {}

/// A signing key from a secret URI (`//Alice`, a mnemonic, a hex seed, with derivations).
pub fn keypair(suri: &str) -> Result<Keypair, ChainError> {
	let uri: SecretUri = suri.parse().map_err(|e| ChainError::Key(format!("{e}")))?;
	Keypair::from_uri(&uri).map_err(|e| ChainError::Key(format!("{e}")))
}

/// The account of a key.
pub fn account_of(key: &Keypair) -> Account {
	Account(key.public_key().0)
}

fn hash_value(hash: &Hash256) -> Value {
	Value::from_bytes(hash)
}

fn claim_value(claim: &LeafClaim, number_of_leaves: u32) -> Value {
	Value::named_composite([
		("account", Value::from_bytes(claim.account.0)),
		("amount", Value::u128(claim.amount.0)),
		("proof", proof_value(claim, number_of_leaves)),
	])
}

fn proof_value(claim: &LeafClaim, number_of_leaves: u32) -> Value {
	Value::named_composite([
		("leaf_index", Value::u128(claim.leaf_index.into())),
		("number_of_leaves", Value::u128(number_of_leaves.into())),
		("items", Value::unnamed_composite(claim.proof.iter().map(hash_value))),
	])
}

/// The fields of a decoded `RuntimeEvent` (pallet variant, then event variant), readable:
/// accounts in SS58, hashes in hex.
fn render_event<T>(event: &Value<T>) -> String {
	let mut inner = event;
	while let ValueDef::Variant(variant) = &inner.value {
		match &variant.values {
			Composite::Unnamed(values)
				if values.len() == 1 && matches!(values[0].value, ValueDef::Variant(_)) =>
			{
				inner = &values[0]
			},
			fields => return render_composite(fields),
		}
	}
	render(inner)
}

/// The 32 bytes of a `[u8; 32]` value.
fn bytes32<T>(value: &Value<T>) -> Option<[u8; 32]> {
	let ValueDef::Composite(Composite::Unnamed(items)) = &value.value else { return None };
	let bytes: Vec<u8> = items
		.iter()
		.map(|item| match item.value {
			ValueDef::Primitive(Primitive::U128(b)) => u8::try_from(b).ok(),
			_ => None,
		})
		.collect::<Option<_>>()?;
	bytes.try_into().ok()
}

/// A value as text: a newtype around 32 bytes (an account) in SS58, 32 bytes (a hash) in hex.
/// A one-item sequence reads like its item (it cannot be told from a newtype here).
fn render<T>(value: &Value<T>) -> String {
	if let Some(hash) = bytes32(value) {
		return crate::settlement::hex_hash(&hash);
	}
	match &value.value {
		ValueDef::Composite(Composite::Unnamed(items)) if items.len() == 1 => {
			match bytes32(&items[0]) {
				Some(account) => Account(account).to_string(),
				None => render(&items[0]),
			}
		},
		ValueDef::Composite(fields) => render_composite(fields),
		ValueDef::Variant(variant) => match &variant.values {
			Composite::Unnamed(values) if values.is_empty() => variant.name.clone(),
			fields => format!("{} {}", variant.name, render_composite(fields)),
		},
		ValueDef::Primitive(primitive) => primitive.to_string(),
		ValueDef::BitSequence(bits) => format!("{bits:?}"),
	}
}

fn render_composite<T>(fields: &Composite<T>) -> String {
	match fields {
		Composite::Named(fields) => format!(
			"{{ {} }}",
			fields
				.iter()
				.map(|(name, v)| format!("{name}: {}", render(v)))
				.collect::<Vec<_>>()
				.join(", ")
		),
		Composite::Unnamed(items) => {
			format!("[{}]", items.iter().map(render).collect::<Vec<_>>().join(", "))
		},
	}
}

impl Chain {
	/// Connect to the node at `url` (`ws://127.0.0.1:9944`; `ws://` is allowed to any host).
	pub async fn connect(url: &str) -> Result<Self, ChainError> {
		let client = RpcClient::from_insecure_url(url).await?;
		let api = OnlineClient::<PolkadotConfig>::from_rpc_client(client.clone()).await?;
		Ok(Self { api, rpc: LegacyRpcMethods::new(client) })
	}

	/// Call `method` of the `AttributionApi` runtime API at the best block.
	pub async fn query(&self, method: &str, args: Vec<Value>) -> Result<Value, ChainError> {
		let at = self.api.at_current_block().await?;
		let payload = dynamic::runtime_api_call::<_, Value>("AttributionApi", method, args);
		Ok(at.runtime_apis().call(payload).await?.map_context(|_| ()))
	}

	/// Call a runtime API `method` (`AttributionApi_usage_logs`) with SCALE-encoded `args` at
	/// block `at` (the best block when `None`), and decode its answer as `R`.
	pub async fn call<R: codec::Decode>(
		&self,
		method: &str,
		args: impl codec::Encode,
		at: Option<Hash256>,
	) -> Result<R, ChainError> {
		let at = at.map(subxt::utils::H256);
		let bytes = self.rpc.state_call(method, Some(&args.encode()), at).await?;
		R::decode(&mut &bytes[..])
			.map_err(|error| ChainError::Undecodable { method: method.into(), error })
	}

	/// Call `api`'s `method` at block number `block`, the answer decoded from the node's
	/// metadata.
	pub async fn query_at(
		&self,
		api: &str,
		method: &str,
		args: Vec<Value>,
		block: u32,
	) -> Result<Value, ChainError> {
		let at = self.api.at_block(u64::from(block)).await?;
		let payload = dynamic::runtime_api_call::<_, Value>(api, method, args);
		Ok(at.runtime_apis().call(payload).await?.map_context(|_| ()))
	}

	/// The number of the last finalised block.
	pub async fn finalized_number(&self) -> Result<u32, ChainError> {
		let hash = self.rpc.chain_get_finalized_head().await?;
		let header = self
			.rpc
			.chain_get_header(Some(hash))
			.await?
			.ok_or_else(|| ChainError::Missing("no finalised header".into()))?;
		Ok(header.number as u32)
	}

	/// The number of the best block.
	pub async fn best_number(&self) -> Result<u32, ChainError> {
		let header = self
			.rpc
			.chain_get_header(None)
			.await?
			.ok_or_else(|| ChainError::Missing("no best header".into()))?;
		Ok(header.number as u32)
	}

	/// The hash of block `number` of the best chain.
	pub async fn block_hash(&self, number: u32) -> Result<Hash256, ChainError> {
		let hash =
			self.rpc.chain_get_block_hash(Some(number.into())).await?.ok_or_else(|| {
				ChainError::Missing(format!("the chain has no block {number} yet"))
			})?;
		Ok(hash.0)
	}

	/// The field at `path` of the record `api`'s `method` returns for `id` at block `block`
	/// (the answer is an `Option` of the record).
	async fn record_field(
		&self,
		(api, method): (&str, &str),
		id: u32,
		path: &[&str],
		block: u32,
	) -> Result<Value, ChainError> {
		let answer = self.query_at(api, method, vec![Value::u128(id.into())], block).await?;
		let mut field = answer.at(0);
		for name in path {
			field = field.and_then(|f| f.at(*name));
		}
		let missing = || {
			ChainError::Missing(format!("{method} {id}: no {} at block {block}", path.join(".")))
		};
		Ok(field.ok_or_else(missing)?.clone())
	}

	/// The datanet versions `model` was trained on at block `block`, in the order it names them.
	pub async fn training_set(
		&self,
		model: u32,
		block: u32,
	) -> Result<Vec<(u32, u32)>, ChainError> {
		let path = ["model", "training_set"];
		let set = self.record_field(("ModelsApi", "model"), model, &path, block).await?;
		// A bounded list of `(datanet, version)` pairs, whatever wrappers the metadata puts
		// around it.
		fn pairs<T>(value: &Value<T>, out: &mut Vec<(u32, u32)>) -> bool {
			let ValueDef::Composite(Composite::Unnamed(items)) = &value.value else { return false };
			let number = |v: &Value<T>| v.as_u128().and_then(|n| u32::try_from(n).ok());
			match items.as_slice() {
				[a, b] if number(a).is_some() && number(b).is_some() => {
					out.push((number(a).unwrap_or_default(), number(b).unwrap_or_default()));
					true
				},
				items => items.iter().all(|item| pairs(item, out)),
			}
		}
		let mut out = Vec::new();
		if !pairs(&set, &mut out) {
			return Err(ChainError::Unreadable(format!("model {model}: unreadable training set")));
		}
		Ok(out)
	}

	/// Whether `datanet` collects text, at block `block`.
	pub async fn datanet_is_text(&self, datanet: u32, block: u32) -> Result<bool, ChainError> {
		let path = ["datanet", "metadata", "kind"];
		let kind = self.record_field(("DatanetsApi", "datanet"), datanet, &path, block).await?;
		match &kind.value {
			ValueDef::Variant(variant) => Ok(variant.name == "Text"),
			_ => Err(ChainError::Unreadable(format!("datanet {datanet}: unreadable kind"))),
		}
	}

	/// The chain's genesis hash (usage logs and receipts name it).
	pub async fn genesis(&self) -> Result<Hash256, ChainError> {
		Ok(self.rpc.genesis_hash().await?.0)
	}

	/// Every usage log the chain kept for `epoch` at block `at` (the best block when `None`),
	/// paging through `AttributionApi_usage_logs`.
	pub async fn usage_logs(
		&self,
		epoch: EpochIndex,
		at: Option<Hash256>,
	) -> Result<Vec<ChainLog>, ChainError> {
		const PAGE: u32 = 1_000;
		let mut logs = Vec::new();
		loop {
			let args = (epoch, logs.len() as u32, PAGE);
			let page: Vec<ChainLog> = self.call("AttributionApi_usage_logs", args, at).await?;
			let full = page.len() == PAGE as usize;
			logs.extend(page);
			if !full {
				return Ok(logs);
			}
		}
	}

	/// The contributions of `version` of `datanet` at block `at` (the best block when `None`),
	/// in acceptance order, paging through `DatanetsApi_version_contributions`; an error when
	/// the version was not published.
	pub async fn version_contributions(
		&self,
		datanet: u32,
		version: u32,
		at: Option<Hash256>,
	) -> Result<Vec<VersionContribution>, ChainError> {
		const PAGE: u32 = 1_000;
		let mut entries = Vec::new();
		let mut start = 0u32;
		loop {
			let args = (datanet, version, start, PAGE);
			let page: Option<VersionPage> =
				self.call("DatanetsApi_version_contributions", args, at).await?;
			let page = page.ok_or_else(|| {
				ChainError::Missing(format!(
					"version {version} of datanet {datanet} is not published"
				))
			})?;
			entries.extend(page.contributions);
			match page.next {
				Some(next) => start = next,
				None => break,
			}
		}
		entries.sort_by_key(|e| e.position);
		Ok(entries)
	}

	/// Sign `call` of the attribution pallet with `signer`, submit it, and wait until it is in
	/// a best block; an error if it failed there.
	pub async fn submit(
		&self,
		signer: &Keypair,
		call: &str,
		args: Vec<Value>,
	) -> Result<Included, ChainError> {
		let tx = dynamic::transaction("Attribution", call, args);
		// The next nonce counts the signer's transactions in the pool and in blocks not yet
		// final, so transactions can follow each other without waiting for finality.
		let nonce =
			self.rpc.system_account_next_index(&signer.public_key().to_account_id()).await?;
		let params = PolkadotExtrinsicParamsBuilder::new().nonce(nonce).build();
		let at = self.api.at_current_block().await?;
		let mut progress =
			at.transactions().sign_and_submit_then_watch(&tx, signer, params).await?;
		while let Some(status) = progress.next().await {
			let in_block = match status? {
				TransactionStatus::InBestBlock(b) | TransactionStatus::InFinalizedBlock(b) => b,
				TransactionStatus::Error { message }
				| TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message } => {
					return Err(ChainError::NotIncluded { call: call.into(), reason: message })
				},
				_ => continue,
			};
			let events = in_block.wait_for_success().await.map_err(|e| {
				use subxt::error::{DispatchError, TransactionEventsError};
				let failed = || ChainError::Failed { call: call.into(), reason: e.to_string() };
				match &e {
					TransactionEventsError::ExtrinsicFailed(DispatchError::Module(module)) => {
						match module.details() {
							Ok(details) => ChainError::Refused(Refused {
								call: call.to_string(),
								pallet: details.pallet.name().to_string(),
								error: details.variant.name.clone(),
							}),
							Err(_) => failed(),
						}
					},
					_ => failed(),
				}
			})?;
			let mut described = Vec::new();
			for event in events.iter() {
				let event = event?;
				let decoded = event.decode_as::<Value>()?;
				described.push(format!(
					"{}.{} {}",
					event.pallet_name(),
					event.event_name(),
					render_event(&decoded)
				));
			}
			return Ok(Included {
				block: format!("{:?}", in_block.block_hash()),
				events: described,
			});
		}
		Err(ChainError::NotIncluded {
			call: call.into(),
			reason: "the node stopped reporting on the transaction".into(),
		})
	}

	/// Register the signer as an attributor with `bond`.
	pub async fn register(&self, signer: &Keypair, bond: u128) -> Result<Included, ChainError> {
		self.submit(signer, "register_attributor", vec![Value::u128(bond)]).await
	}

	/// Commit the signer to `settlement` for `epoch` with `salt`.
	pub async fn commit(
		&self,
		signer: &Keypair,
		epoch: EpochIndex,
		settlement: &Settlement,
		salt: &Hash256,
	) -> Result<Included, ChainError> {
		let commitment = settlement.commitment(&account_of(signer), epoch, salt);
		self.submit(signer, "commit", vec![Value::u128(epoch.into()), hash_value(&commitment)])
			.await
	}

	/// Reveal `settlement` for `epoch` with the committed `salt`.
	pub async fn reveal(
		&self,
		signer: &Keypair,
		epoch: EpochIndex,
		settlement: &Settlement,
		salt: &Hash256,
	) -> Result<Included, ChainError> {
		self.submit(
			signer,
			"reveal",
			vec![
				Value::u128(epoch.into()),
				hash_value(&settlement.root),
				Value::u128(settlement.total.0),
				hash_value(&settlement.report),
				hash_value(salt),
			],
		)
		.await
	}

	/// Close `epoch`'s round.
	pub async fn close(&self, signer: &Keypair, epoch: EpochIndex) -> Result<Included, ChainError> {
		self.submit(signer, "close_round", vec![Value::u128(epoch.into())]).await
	}

	/// Claim one leaf of `epoch`'s settlement (for its account; the signer pays the fee).
	pub async fn claim(
		&self,
		signer: &Keypair,
		epoch: EpochIndex,
		settlement: &Settlement,
		claim: &LeafClaim,
	) -> Result<Included, ChainError> {
		self.submit(
			signer,
			"claim",
			vec![
				Value::u128(epoch.into()),
				Value::from_bytes(claim.account.0),
				Value::u128(claim.amount.0),
				proof_value(claim, settlement.number_of_leaves),
			],
		)
		.await
	}

	/// The most claims one `claim_batch` carries: the attribution pallet's `MaxClaimBatch`, from
	/// the node's metadata.
	pub async fn claim_batch_limit(&self) -> Result<usize, ChainError> {
		let at = self.api.at_current_block().await?;
		let limit: u32 = at.constants().entry(dynamic::constant("Attribution", "MaxClaimBatch"))?;
		Ok(limit as usize)
	}

	/// Claim many leaves of `epoch`'s settlement, in batches of at most the pallet's
	/// `MaxClaimBatch`.
	pub async fn claim_all(
		&self,
		signer: &Keypair,
		epoch: EpochIndex,
		settlement: &Settlement,
		claims: &[LeafClaim],
	) -> Result<Vec<Included>, ChainError> {
		let mut included = Vec::new();
		for batch in claims.chunks(self.claim_batch_limit().await?.max(1)) {
			let entries = batch.iter().map(|c| claim_value(c, settlement.number_of_leaves));
			included.push(
				self.submit(
					signer,
					"claim_batch",
					vec![Value::u128(epoch.into()), Value::unnamed_composite(entries)],
				)
				.await?,
			);
		}
		Ok(included)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn events_read_as_text() {
		let account = Value::unnamed_composite([Value::from_bytes([1u8; 32])]);
		let event = Value::unnamed_variant(
			"Attribution",
			[Value::named_variant(
				"ClaimBatchProcessed",
				[
					("epoch", Value::u128(2)),
					("account", account),
					("root", Value::from_bytes([2u8; 32])),
					(
						"skipped",
						Value::unnamed_composite([Value::unnamed_composite([
							Value::u128(1),
							Value::unnamed_variant("AlreadyClaimed", []),
						])]),
					),
				],
			)],
		);
		assert_eq!(
			render_event(&event),
			format!(
				"{{ epoch: 2, account: {}, root: 0x{}, skipped: [1, AlreadyClaimed] }}",
				Account([1; 32]),
				"02".repeat(32)
			)
		);
	}
}
