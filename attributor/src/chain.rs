//! Talking to a node: the runtime's calls, runtime APIs and constants through a typed client that
//! `subxt` generates at build time from the runtime's metadata ([`runtime`], from
//! `metadata/openledger.scale`). `tests/metadata.rs` fails as soon as the runtime's metadata is
//! not that file any more, and the client refuses to send a call, or ask a runtime API, whose
//! shape differs on the node it talks to (subxt checks each against the node's metadata). Only the `status` command's display and the events a
//! transaction emitted are read through the dynamic interface, as text, whatever their shape.

use crate::{
	epoch::{ChainEpochPool, ChainModelPool, ChainParams, ChainSettlement},
	settlement::{hex_hash, Account, LeafClaim, Settlement},
	verify::{ChainLog, VersionContribution},
};
use openledger_primitives::{EpochIndex, Hash256};
use runtime::runtime_types::{
	bounded_collections::bounded_vec::BoundedVec,
	openledger_primitives::settlement::LeafProof,
	pallet_attribution::types::{Claim, RoundSchedule},
	pallet_datanets::types::DataKind,
};
use scale_value::{Composite, Primitive, ValueDef};
use subxt::{
	config::{PolkadotExtrinsicParamsBuilder, RpcConfigFor},
	dynamic::{self, Value},
	rpcs::{LegacyRpcMethods, RpcClient},
	transactions::{Payload, TransactionStatus},
	utils::AccountId32,
	OnlineClient, OnlineClientAtBlock, PolkadotConfig,
};
/// An attributor's signing key.
pub use subxt_signer::sr25519::Keypair;
use subxt_signer::SecretUri;

/// The runtime's calls, events, runtime APIs, constants and types, generated from its metadata.
#[subxt::subxt(
	runtime_metadata_path = "metadata/openledger.scale",
	derive_for_type(
		path = "pallet_attribution::types::RoundPhase",
		derive = "Clone, Copy, PartialEq, Eq"
	)
)]
pub mod runtime {}

// The macro reads the metadata file without telling cargo: this makes the crate depend on it.
const _METADATA: &[u8] = include_bytes!("../metadata/openledger.scale");

/// A round's phase, as the runtime's `AttributionApi::round` answers it.
pub use runtime::runtime_types::pallet_attribution::types::RoundPhase as Phase;

/// A registered attributor, as `AttributionApi::attributor` answers it.
pub type AttributorRecord =
	runtime::runtime_types::pallet_attribution::types::Attributor<u128, u32>;

/// The attribution round schedule: epoch length, then the commit, reveal and challenge windows.
pub type Schedule = RoundSchedule<u32>;

/// What can go wrong talking to a node.
#[derive(Debug)]
pub enum ChainError {
	/// The node could not be reached, or answered with an error.
	Node(Box<subxt::Error>),
	/// A secret URI that does not parse or derive a key.
	Key(String),
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
			Self::Missing(what) => f.write_str(what),
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

fn proof(claim: &LeafClaim, number_of_leaves: u32) -> LeafProof {
	LeafProof { leaf_index: claim.leaf_index, number_of_leaves, items: claim.proof.clone() }
}

fn chain_claim(claim: &LeafClaim, number_of_leaves: u32) -> Claim<AccountId32, u128, LeafProof> {
	Claim {
		account: AccountId32(claim.account.0),
		amount: claim.amount.0,
		proof: proof(claim, number_of_leaves),
	}
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
		return hex_hash(&hash);
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

	/// The client at block `at`, or at the best block when `None` (not the finalised one, which
	/// may be a round's phase behind).
	async fn at(
		&self,
		at: Option<Hash256>,
	) -> Result<OnlineClientAtBlock<PolkadotConfig>, ChainError> {
		let hash = match at {
			Some(hash) => subxt::utils::H256(hash),
			None => self
				.rpc
				.chain_get_block_hash(None)
				.await?
				.ok_or_else(|| ChainError::Missing("the node has no best block".into()))?,
		};
		Ok(self.api.at_block(hash).await?)
	}

	/// Call a runtime API (a payload of [`runtime::runtime_apis`]) at block `at` (the best
	/// block when `None`).
	async fn call<P: subxt::runtime_apis::Payload>(
		&self,
		payload: P,
		at: Option<Hash256>,
	) -> Result<P::ReturnType, ChainError> {
		Ok(self.at(at).await?.runtime_apis().call(payload).await?)
	}

	/// Call `method` of the `AttributionApi` runtime API at the best block, the answer read
	/// from the node's metadata whatever its shape (for display).
	pub async fn query(&self, method: &str, args: Vec<Value>) -> Result<Value, ChainError> {
		let payload = dynamic::runtime_api_call::<_, Value>("AttributionApi", method, args);
		Ok(self.at(None).await?.runtime_apis().call(payload).await?.map_context(|_| ()))
	}

	/// The current epoch.
	pub async fn current_epoch(&self) -> Result<EpochIndex, ChainError> {
		let api = runtime::runtime_apis().attribution_api();
		Ok(self.call(api.current_epoch(), None).await?.epoch)
	}

	/// The attribution round schedule.
	pub async fn schedule(&self) -> Result<Schedule, ChainError> {
		self.call(runtime::runtime_apis().attribution_api().schedule(), None).await
	}

	/// The phase of `epoch`'s round.
	pub async fn phase(&self, epoch: EpochIndex) -> Result<Phase, ChainError> {
		let api = runtime::runtime_apis().attribution_api();
		Ok(self.call(api.round(epoch), None).await?.phase)
	}

	/// `account`'s record as an attributor, if it is one.
	pub async fn attributor(
		&self,
		account: &Account,
	) -> Result<Option<AttributorRecord>, ChainError> {
		let api = runtime::runtime_apis().attribution_api();
		self.call(api.attributor(AccountId32(account.0)), None).await
	}

	/// The engine parameters in force at block `at`.
	pub async fn engine_params(&self, at: Hash256) -> Result<ChainParams, ChainError> {
		let api = runtime::runtime_apis().attribution_api();
		let params = self.call(api.engine_params(), Some(at)).await?;
		Ok(ChainParams {
			min_words: params.min_words,
			max_docs: params.max_docs,
			tokenizer: params.tokenizer,
			base_share: params.base_share.0,
		})
	}

	/// `epoch`'s pool at block `at`, if it has one.
	pub async fn epoch_pool(
		&self,
		epoch: EpochIndex,
		at: Hash256,
	) -> Result<Option<ChainEpochPool>, ChainError> {
		let api = runtime::runtime_apis().attribution_api();
		Ok(self.call(api.epoch_pool(epoch), Some(at)).await?.map(|pool| ChainEpochPool {
			data: pool.data,
			fee: pool.fee,
			carried_data: pool.carried_data,
			carried_fee: pool.carried_fee,
		}))
	}

	/// The pools of the models used in `epoch`, by model, at block `at`.
	pub async fn model_pools(
		&self,
		epoch: EpochIndex,
		at: Hash256,
	) -> Result<Vec<(u32, ChainModelPool)>, ChainError> {
		let api = runtime::runtime_apis().attribution_api();
		let pools = self.call(api.model_pools(epoch), Some(at)).await?;
		Ok(pools
			.into_iter()
			.map(|(id, pool)| {
				(id, ChainModelPool { paid: pool.paid, data: pool.data, fee: pool.fee })
			})
			.collect())
	}

	/// `epoch`'s finalised settlement, if it has one.
	pub async fn settlement(
		&self,
		epoch: EpochIndex,
	) -> Result<Option<ChainSettlement>, ChainError> {
		let api = runtime::runtime_apis().attribution_api();
		Ok(self.call(api.settlement(epoch), None).await?.map(|s| ChainSettlement {
			root: s.root,
			total: s.total,
			report: s.report,
			claimed: s.claimed,
			finalised_at: s.finalised_at,
			expired: s.expired,
		}))
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

	/// The datanet versions `model` was trained on at block `at`, in the order it names them.
	pub async fn training_set(
		&self,
		model: u32,
		at: Hash256,
	) -> Result<Vec<(u32, u32)>, ChainError> {
		let api = runtime::runtime_apis().models_api();
		let details = self.call(api.model(model), Some(at)).await?.ok_or_else(|| {
			ChainError::Missing(format!("model {model} does not exist at block {}", hex_hash(&at)))
		})?;
		let BoundedVec(set) = details.model.training_set;
		Ok(set)
	}

	/// Whether `datanet` collects text, at block `at`.
	pub async fn datanet_is_text(&self, datanet: u32, at: Hash256) -> Result<bool, ChainError> {
		let api = runtime::runtime_apis().datanets_api();
		let details = self.call(api.datanet(datanet), Some(at)).await?.ok_or_else(|| {
			ChainError::Missing(format!(
				"datanet {datanet} does not exist at block {}",
				hex_hash(&at)
			))
		})?;
		Ok(matches!(details.datanet.metadata.kind, DataKind::Text))
	}

	/// The chain's genesis hash (usage logs and receipts name it).
	pub async fn genesis(&self) -> Result<Hash256, ChainError> {
		Ok(self.rpc.genesis_hash().await?.0)
	}

	/// Every usage log the chain kept for `epoch` at block `at` (the best block when `None`),
	/// paging through `AttributionApi::usage_logs`.
	pub async fn usage_logs(
		&self,
		epoch: EpochIndex,
		at: Option<Hash256>,
	) -> Result<Vec<ChainLog>, ChainError> {
		const PAGE: u32 = 1_000;
		let api = runtime::runtime_apis().attribution_api();
		let mut logs = Vec::new();
		loop {
			let page = self.call(api.usage_logs(epoch, logs.len() as u32, PAGE), at).await?;
			let full = page.len() == PAGE as usize;
			logs.extend(page.into_iter().map(|log| ChainLog {
				operator: log.operator.0,
				hash: log.hash,
				uri: log.uri.0,
				receipts: log.receipts,
				root: log.root,
				fee: log.fee,
				data: log.data,
			}));
			if !full {
				return Ok(logs);
			}
		}
	}

	/// The contributions of `version` of `datanet` at block `at` (the best block when `None`),
	/// in acceptance order, paging through `DatanetsApi::version_contributions`; an error when
	/// the version was not published.
	pub async fn version_contributions(
		&self,
		datanet: u32,
		version: u32,
		at: Option<Hash256>,
	) -> Result<Vec<VersionContribution>, ChainError> {
		const PAGE: u32 = 1_000;
		let api = runtime::runtime_apis().datanets_api();
		let mut entries = Vec::new();
		let mut start = 0u32;
		loop {
			let page = self
				.call(api.version_contributions(datanet, version, start, PAGE), at)
				.await?
				.ok_or_else(|| {
					ChainError::Missing(format!(
						"version {version} of datanet {datanet} is not published"
					))
				})?;
			entries.extend(page.contributions.into_iter().map(|c| VersionContribution {
				id: c.id,
				position: c.position,
				contributor: c.contributor.0,
				content_hash: c.content_hash,
				uri: c.uri.0,
				size: c.size,
			}));
			match page.next {
				Some(next) => start = next,
				None => break,
			}
		}
		entries.sort_by_key(|e| e.position);
		Ok(entries)
	}

	/// Sign `call` (a payload of [`runtime::tx`]) with `signer`, submit it, and wait until it is
	/// in a best block; an error if it failed there.
	pub async fn submit(
		&self,
		signer: &Keypair,
		call: impl Payload,
	) -> Result<Included, ChainError> {
		let name = call.call_name().to_string();
		// The next nonce counts the signer's transactions in the pool and in blocks not yet
		// final, so transactions can follow each other without waiting for finality.
		let nonce =
			self.rpc.system_account_next_index(&signer.public_key().to_account_id()).await?;
		let params = PolkadotExtrinsicParamsBuilder::new().nonce(nonce).build();
		let at = self.api.at_current_block().await?;
		let mut progress =
			at.transactions().sign_and_submit_then_watch(&call, signer, params).await?;
		while let Some(status) = progress.next().await {
			let in_block = match status? {
				TransactionStatus::InBestBlock(b) | TransactionStatus::InFinalizedBlock(b) => b,
				TransactionStatus::Error { message }
				| TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message } => {
					return Err(ChainError::NotIncluded { call: name, reason: message })
				},
				_ => continue,
			};
			let events = in_block.wait_for_success().await.map_err(|e| {
				use subxt::error::{DispatchError, TransactionEventsError};
				let failed = || ChainError::Failed { call: name.clone(), reason: e.to_string() };
				match &e {
					TransactionEventsError::ExtrinsicFailed(DispatchError::Module(module)) => {
						match module.details() {
							Ok(details) => ChainError::Refused(Refused {
								call: name.clone(),
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
			call: name,
			reason: "the node stopped reporting on the transaction".into(),
		})
	}

	/// Register the signer as an attributor with `bond`.
	pub async fn register(&self, signer: &Keypair, bond: u128) -> Result<Included, ChainError> {
		self.submit(signer, runtime::tx().attribution().register_attributor(bond)).await
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
		self.submit(signer, runtime::tx().attribution().commit(epoch, commitment)).await
	}

	/// Reveal `settlement` for `epoch` with the committed `salt`.
	pub async fn reveal(
		&self,
		signer: &Keypair,
		epoch: EpochIndex,
		settlement: &Settlement,
		salt: &Hash256,
	) -> Result<Included, ChainError> {
		let call = runtime::tx().attribution().reveal(
			epoch,
			settlement.root,
			settlement.total.0,
			settlement.report,
			*salt,
		);
		self.submit(signer, call).await
	}

	/// Name where the signer's report of `epoch` can be fetched.
	pub async fn name_report(
		&self,
		signer: &Keypair,
		epoch: EpochIndex,
		uri: &str,
	) -> Result<Included, ChainError> {
		let call = runtime::tx().attribution().name_report(epoch, uri.as_bytes().to_vec());
		self.submit(signer, call).await
	}

	/// Close `epoch`'s round.
	pub async fn close(&self, signer: &Keypair, epoch: EpochIndex) -> Result<Included, ChainError> {
		self.submit(signer, runtime::tx().attribution().close_round(epoch)).await
	}

	/// Claim one leaf of `epoch`'s settlement (for its account; the signer pays the fee).
	pub async fn claim(
		&self,
		signer: &Keypair,
		epoch: EpochIndex,
		settlement: &Settlement,
		claim: &LeafClaim,
	) -> Result<Included, ChainError> {
		let call = runtime::tx().attribution().claim(
			epoch,
			AccountId32(claim.account.0),
			claim.amount.0,
			proof(claim, settlement.number_of_leaves),
		);
		self.submit(signer, call).await
	}

	/// The most claims one `claim_batch` carries: the attribution pallet's `MaxClaimBatch`, from
	/// the node's metadata.
	pub async fn claim_batch_limit(&self) -> Result<usize, ChainError> {
		let at = self.api.at_current_block().await?;
		let limit = at.constants().entry(runtime::constants().attribution().max_claim_batch())?;
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
			let entries =
				batch.iter().map(|c| chain_claim(c, settlement.number_of_leaves)).collect();
			let call = runtime::tx().attribution().claim_batch(epoch, entries);
			included.push(self.submit(signer, call).await?);
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
