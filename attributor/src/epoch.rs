//! Settling an epoch from public data: what the chain recorded at the epoch's last block (engine
//! parameters, pools, usage logs, the models' training sets), the usage logs and contributions
//! fetched and checked against their hashes, the engine run per model, and the canonical report
//! whose hash the settlement commits to. Every honest attributor computes the same report, byte
//! for byte, whatever its thread count, caches or the order it fetched things in.
//!
//! The steps are separate so they can be checked apart: [`gather`] reads the chain, [`fetch`]
//! fetches and checks (through the content cache), [`score`] is pure computation, and
//! [`settle`] turns a report into leaves and a root.

use crate::{
	chain::Chain,
	engine::{self, Corpus, Index, PaidOutput, Params},
	settlement::{hex_hash, report_hash, Account, Amount, Leaf, Settlement},
	verify::{
		check, check_content, ChainLog, ContentRefusal, Fetcher, Refusal, VersionContribution,
	},
	Error,
};
use futures::StreamExt;
use openledger_primitives::{EpochIndex, Hash256};
use serde::{Deserialize, Serialize};
use std::{
	borrow::Cow,
	collections::{BTreeMap, BTreeSet},
	path::{Path, PathBuf},
	sync::Arc,
};

/// The format of reports this library writes.
pub const REPORT_FORMAT: &str = "openledger-attribution-report";

/// The version of the report format (and of the rules in this module).
pub const REPORT_VERSION: u32 = 1;

/// The engine's parameters as the chain stores them (`pallet_attribution::EngineParams`).
#[derive(Clone, Copy, Debug, Deserialize, Eq, PartialEq, Serialize)]
pub struct ChainParams {
	/// The fewest words of a credited span.
	pub min_words: u32,
	/// The most contributions a credited span occurs in.
	pub max_docs: u32,
	/// The tokenizer version.
	pub tokenizer: u32,
	/// The base share of each model's pool, in parts per billion.
	pub base_share: u32,
}

impl ChainParams {
	/// The engine's parameters.
	pub fn engine(&self) -> Params {
		Params { min_words: self.min_words, max_docs: self.max_docs, base_share: self.base_share }
	}
}

/// An epoch's pool as the chain stores it.
#[derive(Clone, Copy, Debug, Default)]
pub struct ChainEpochPool {
	/// The contributors' pool, carried-over part included.
	pub data: u128,
	/// The attribution fee.
	pub fee: u128,
	/// The part of `data` carried over from earlier rounds.
	pub carried_data: u128,
	/// The part of `fee` carried over.
	pub carried_fee: u128,
}

/// A model's part of an epoch's pool as the chain stores it.
#[derive(Clone, Copy, Debug, Default)]
pub struct ChainModelPool {
	/// Everything paid for the model.
	pub paid: u128,
	/// Its data share.
	pub data: u128,
	/// Its attribution fee.
	pub fee: u128,
}

/// An epoch's finalised settlement as the chain stores it.
#[derive(Clone, Copy, Debug)]
pub struct ChainSettlement {
	/// The leaves' root.
	pub root: Hash256,
	/// Their sum.
	pub total: u128,
	/// The report's hash.
	pub report: Hash256,
	/// How much was claimed.
	pub claimed: u128,
	/// The block the round finalised in.
	pub finalised_at: u32,
	/// Whether the claim period ended.
	pub expired: bool,
}

/// A model used in the epoch.
#[derive(Clone, Debug)]
pub struct ModelInput {
	/// The model.
	pub id: u32,
	/// Its pool.
	pub pool: ChainModelPool,
	/// The published datanet versions it was trained on, in the order it names them.
	pub training_set: Vec<(u32, u32)>,
}

/// A published datanet version a used model was trained on.
#[derive(Clone, Debug)]
pub struct VersionInput {
	/// Whether the datanet collects text (other kinds earn by bytes only).
	pub text: bool,
	/// Its contributions, in acceptance order.
	pub contributions: Vec<VersionContribution>,
}

/// Everything the chain says about an epoch's settlement, read at the epoch's last block.
#[derive(Clone, Debug)]
pub struct Inputs {
	/// The chain's genesis hash.
	pub genesis: Hash256,
	/// The epoch.
	pub epoch: EpochIndex,
	/// The epoch's last block.
	pub block: u32,
	/// Its hash.
	pub block_hash: Hash256,
	/// The engine parameters in force.
	pub params: ChainParams,
	/// The epoch's pool.
	pub pool: ChainEpochPool,
	/// The models used, by id.
	pub models: Vec<ModelInput>,
	/// The usage logs named, in the chain's order.
	pub logs: Vec<ChainLog>,
	/// The versions the models were trained on.
	pub versions: BTreeMap<(u32, u32), VersionInput>,
}

/// The last block of `epoch` under a schedule of `epoch_length` blocks per epoch.
pub fn last_block(epoch: EpochIndex, epoch_length: u32) -> u32 {
	(epoch + 1) * epoch_length - 1
}

/// Reads everything `epoch`'s settlement depends on from the chain, as it was at the epoch's
/// last block: an error if that block is not yet final.
pub async fn gather(chain: &Chain, epoch: EpochIndex) -> Result<Inputs, Error> {
	let block = last_block(epoch, chain.schedule().await?.epoch_length);
	let finalized = chain.finalized_number().await?;
	if finalized < block {
		return Err(format!(
			"epoch {epoch} ends with block {block}; the chain has finalised up to {finalized}"
		)
		.into());
	}
	let at = chain.block_hash(block).await?;
	let genesis = chain.genesis().await?;
	let params = chain.engine_params(at).await?;
	let pool = chain.epoch_pool(epoch, at).await?;
	let mut pools = chain.model_pools(epoch, at).await?;
	pools.sort_by_key(|(id, _)| *id);
	let logs = chain.usage_logs(epoch, Some(at)).await?;
	let mut models = Vec::new();
	let mut versions = BTreeMap::new();
	for (id, pool) in pools {
		let training_set = chain.training_set(id, at).await?;
		for &(datanet, version) in &training_set {
			if versions.contains_key(&(datanet, version)) {
				continue;
			}
			let text = chain.datanet_is_text(datanet, at).await?;
			let contributions = chain.version_contributions(datanet, version, Some(at)).await?;
			versions.insert((datanet, version), VersionInput { text, contributions });
		}
		models.push(ModelInput { id, pool, training_set });
	}
	Ok(Inputs {
		genesis,
		epoch,
		block,
		block_hash: at,
		params,
		pool: pool.unwrap_or_default(),
		models,
		logs,
		versions,
	})
}

/// What fetching found: each usage log accepted or refused, each contribution's content or why
/// it earns nothing.
#[derive(Clone, Debug, Default)]
pub struct Fetched {
	/// Per usage log (in `Inputs::logs` order): its entries, or why it was refused.
	pub logs: Vec<Result<crate::usage_log::UsageLog, Refusal>>,
	/// Per contribution (datanet, id): its content, or why it has none.
	pub contents: BTreeMap<(u32, u32), Result<Content, ContentRefusal>>,
}

/// A verified contribution's content: held in memory, or kept in the content cache and read
/// (and checked) again only when its version is indexed, so an epoch's data need not fit in
/// memory.
#[derive(Clone, Debug, Eq, PartialEq)]
pub enum Content {
	/// The bytes.
	Held(Vec<u8>),
	/// The cached copy at this path.
	Cached(PathBuf),
}

impl Content {
	/// The bytes of `entry`'s content; a cached copy is checked against its hash again.
	pub fn read(&self, entry: &VersionContribution) -> std::io::Result<Cow<'_, [u8]>> {
		match self {
			Self::Held(bytes) => Ok(Cow::Borrowed(bytes)),
			Self::Cached(path) => {
				let bytes = std::fs::read(path)?;
				check_content(entry, &bytes).map_err(|_| {
					std::io::Error::new(
						std::io::ErrorKind::InvalidData,
						format!(
							"{} changed in the content cache since it was checked",
							path.display()
						),
					)
				})?;
				Ok(Cow::Owned(bytes))
			},
		}
	}
}

/// The content cache: contributions' bytes by content hash, checked on every read (a copy that
/// does not hash to its name is fetched again).
pub struct ContentCache {
	dir: PathBuf,
}

impl ContentCache {
	/// The cache in `data_dir/contents`.
	pub fn new(data_dir: &Path) -> Self {
		Self { dir: data_dir.join("contents") }
	}

	fn path(&self, hash: &Hash256) -> PathBuf {
		self.dir.join(hex_hash(hash))
	}

	/// Whether the cache holds a copy of `entry`'s content that checks out.
	pub fn holds(&self, entry: &VersionContribution) -> bool {
		std::fs::read(self.path(&entry.content_hash))
			.is_ok_and(|bytes| check_content(entry, &bytes).is_ok())
	}

	/// Keeps checked `bytes` of `entry`: the cached copy, or the bytes themselves when the cache
	/// cannot be written (that only costs fetching again next time).
	pub fn put(&self, entry: &VersionContribution, bytes: Vec<u8>) -> Content {
		let path = self.path(&entry.content_hash);
		let written = std::fs::create_dir_all(&self.dir).and_then(|()| {
			let partial = path.with_extension(format!("part-{}", std::process::id()));
			std::fs::write(&partial, &bytes)?;
			std::fs::rename(&partial, &path)
		});
		match written {
			Ok(()) => Content::Cached(path),
			Err(_) => Content::Held(bytes),
		}
	}

	fn get(&self, entry: &VersionContribution) -> Option<Content> {
		self.holds(entry).then(|| Content::Cached(self.path(&entry.content_hash)))
	}
}

/// Fetches and checks every usage log of `inputs` and the content of every contribution of the
/// versions the used models were trained on (through `cache` when there is one: contents then
/// stay on disk), reporting progress on standard error.
pub async fn fetch(inputs: &Inputs, fetcher: &Fetcher, cache: Option<&ContentCache>) -> Fetched {
	let mut fetched = Fetched::default();
	for (i, record) in inputs.logs.iter().enumerate() {
		let uri = String::from_utf8_lossy(&record.uri).into_owned();
		let log = match fetcher.fetch(&uri).await {
			Ok(bytes) => check(record, &bytes, &inputs.genesis),
			Err(why) => Err(Refusal::Unreachable(why)),
		};
		fetched.logs.push(log);
		progress("usage logs", i + 1, inputs.logs.len());
	}
	// Each contribution once (a later version keeps an earlier one's).
	let mut seen = BTreeSet::new();
	let entries: Vec<(u32, &VersionContribution)> = inputs
		.versions
		.iter()
		.flat_map(|((datanet, _), v)| v.contributions.iter().map(move |c| (*datanet, c)))
		.filter(|(datanet, c)| seen.insert((*datanet, c.id)))
		.collect();
	let mut cached = 0;
	let mut arriving = futures::stream::iter(entries.iter().map(|(datanet, entry)| async move {
		((*datanet, entry.id), fetch_content(entry, fetcher, cache).await)
	}))
	.buffer_unordered(FETCHES);
	while let Some((key, (content, from_cache))) = arriving.next().await {
		cached += usize::from(from_cache);
		fetched.contents.insert(key, content);
		progress("contributions", fetched.contents.len(), entries.len());
	}
	if !entries.is_empty() {
		eprintln!(
			"contributions: {cached} from the cache, {} fetched",
			fetched.contents.len() - cached
		);
	}
	fetched
}

/// Contributions fetched at once.
const FETCHES: usize = 8;

/// One contribution's content, from `cache` if it holds a copy that checks out (then `true`),
/// else fetched and checked.
async fn fetch_content(
	entry: &VersionContribution,
	fetcher: &Fetcher,
	cache: Option<&ContentCache>,
) -> (Result<Content, ContentRefusal>, bool) {
	if let Some(content) = cache.and_then(|c| c.get(entry)) {
		return (Ok(content), true);
	}
	let uri = String::from_utf8_lossy(&entry.uri).into_owned();
	let content = match fetcher.fetch(&uri).await {
		Ok(bytes) => check_content(entry, &bytes).map(|()| match cache {
			Some(cache) => cache.put(entry, bytes),
			None => Content::Held(bytes),
		}),
		Err(why) => Err(ContentRefusal::Unreachable(why)),
	};
	(content, false)
}

fn progress(what: &str, done: usize, of: usize) {
	if done == of || done.is_multiple_of(100) {
		eprintln!("fetching {what}: {done} of {of}");
	}
}

/// The engine parameters of a report.
#[derive(Clone, Debug, Deserialize, Eq, PartialEq, Serialize)]
pub struct ReportParams {
	/// The fewest words of a credited span.
	pub min_words: u32,
	/// The most contributions a credited span occurs in.
	pub max_docs: u32,
	/// The tokenizer version.
	pub tokenizer: u32,
	/// The base share of each model's pool, in parts per billion.
	pub base_share_ppb: u32,
}

/// A usage log, as a report lists it.
#[derive(Clone, Debug, Deserialize, Eq, PartialEq, Serialize)]
pub struct ReportLog {
	/// Who named it.
	pub operator: Account,
	/// Where it was fetched from.
	pub uri: String,
	/// Its hash, as the chain recorded it.
	pub hash: String,
	/// The receipts it covers.
	pub receipts: u32,
	/// What they charged.
	pub fee: Amount,
	/// The outputs it names, once accepted.
	pub outputs: u64,
	/// Why it was left out, if it was.
	pub refusal: Option<String>,
}

/// A datanet version of a model's training set, as a report lists it.
#[derive(Clone, Debug, Deserialize, Eq, PartialEq, Serialize)]
pub struct ReportVersion {
	/// The datanet.
	pub datanet: u32,
	/// The version.
	pub version: u32,
	/// Whether the engine reads it as text (other kinds earn by bytes only).
	pub text: bool,
	/// How many contributions it has.
	pub contributions: u32,
}

/// A span of an output credited to a contribution.
#[derive(Clone, Debug, Deserialize, Eq, PartialEq, Serialize)]
pub struct ReportExample {
	/// The usage log the output is in (its index in the report's `logs`).
	pub log: u32,
	/// The receipt of the log.
	pub receipt: u32,
	/// The output of the receipt.
	pub output: u32,
	/// The span's first word in the output (words counted from 0).
	pub start: u32,
	/// Its length in words.
	pub words: u32,
	/// The span's words.
	pub text: String,
}

/// What one contribution of a model's training set earned.
#[derive(Clone, Debug, Deserialize, Eq, PartialEq, Serialize)]
pub struct ReportContribution {
	/// Its datanet.
	pub datanet: u32,
	/// Its id in the datanet.
	pub id: u32,
	/// Who contributed it.
	pub contributor: Account,
	/// Its content hash.
	pub hash: String,
	/// Its verified bytes (0 if its content could not be verified).
	pub bytes: u64,
	/// The output words credited to it.
	pub words: u64,
	/// The value of those words: what their payers paid for them.
	pub value: Amount,
	/// What it receives from the model's pool: its matched part and its part of the base.
	pub amount: Amount,
	/// Up to three spans credited to it.
	pub examples: Vec<ReportExample>,
	/// Why it earns nothing, if its content could not be verified.
	pub refusal: Option<String>,
}

/// How a model's pool was divided.
#[derive(Clone, Debug, Deserialize, Eq, PartialEq, Serialize)]
pub struct ReportModel {
	/// The model.
	pub model: u32,
	/// Everything paid for it in the epoch.
	pub paid: Amount,
	/// Its data share in the epoch.
	pub data: Amount,
	/// Its part of the data carried into the epoch (in proportion to the models' data shares).
	pub carried: Amount,
	/// The outputs of it verified in usage logs.
	pub outputs: u64,
	/// Their words.
	pub output_words: u64,
	/// The part of the pool divided by verified bytes.
	pub base: Amount,
	/// What it was trained on.
	pub training_set: Vec<ReportVersion>,
	/// Every contribution of the training set, in the order credit goes (earliest first).
	pub contributions: Vec<ReportContribution>,
}

/// An epoch's attribution report: everything the leaves were computed from, by hash, and how.
/// Its canonical bytes are [`Report::to_bytes`]; their blake2-256 is the settlement's `report`.
#[derive(Clone, Debug, Deserialize, Eq, PartialEq, Serialize)]
pub struct Report {
	/// Always [`REPORT_FORMAT`].
	pub format: String,
	/// Always [`REPORT_VERSION`].
	pub version: u32,
	/// The engine's version.
	pub engine: u32,
	/// The chain's genesis hash.
	pub chain: String,
	/// The epoch settled.
	pub epoch: EpochIndex,
	/// The epoch's last block, the chain's state at which was read.
	pub block: u32,
	/// Its hash.
	pub block_hash: String,
	/// The engine parameters in force.
	pub params: ReportParams,
	/// The epoch's data pool, carried part included.
	pub pool: Amount,
	/// The part of the pool carried into the epoch.
	pub carried: Amount,
	/// Every usage log named in the epoch.
	pub logs: Vec<ReportLog>,
	/// Every model used in the epoch, by id.
	pub models: Vec<ReportModel>,
	/// What each account may claim: the sum of its contributions' amounts, by account.
	pub leaves: Vec<Leaf>,
	/// The sum of the leaves.
	pub total: Amount,
}

impl Report {
	/// The canonical bytes: compact JSON, fields in declaration order, lists in the order
	/// above.
	#[allow(clippy::expect_used, reason = "plain data with string keys always serialises")]
	pub fn to_bytes(&self) -> Vec<u8> {
		serde_json::to_vec(self).expect("a report always serialises; qed")
	}

	/// The hash the settlement commits to.
	pub fn hash(&self) -> Hash256 {
		report_hash(&self.to_bytes())
	}
}

/// Why an epoch cannot be scored here.
#[derive(Debug, Eq, PartialEq)]
pub enum ScoreError {
	/// The chain asks for a tokenizer this attributor does not have.
	UnsupportedTokenizer(u32),
	/// A version could not be indexed (its content cache or index directory failed).
	Index {
		/// The datanet.
		datanet: u32,
		/// The version.
		version: u32,
		/// What failed.
		error: String,
	},
}

impl std::fmt::Display for ScoreError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::UnsupportedTokenizer(v) => write!(
				f,
				"the chain's engine parameters ask for tokenizer {v}; this attributor has tokenizer \
				 {}: upgrade it",
				engine::TOKENIZER_VERSION
			),
			Self::Index { datanet, version, error } => {
				write!(f, "cannot index datanet {datanet} version {version}: {error}")
			},
		}
	}
}

impl std::error::Error for ScoreError {}

/// One contribution of a model's training set, in credit order.
struct Entry<'a> {
	datanet: u32,
	contribution: &'a VersionContribution,
}

/// The contributions of `model`'s training set, in the order credit goes: versions in the order
/// the model names them, contributions in acceptance order; each contribution once.
fn entries<'a>(inputs: &'a Inputs, model: &ModelInput) -> Vec<Entry<'a>> {
	let mut seen = BTreeSet::new();
	let mut out = Vec::new();
	for key in &model.training_set {
		let Some(version) = inputs.versions.get(key) else { continue };
		for contribution in &version.contributions {
			if seen.insert((key.0, contribution.id)) {
				out.push(Entry { datanet: key.0, contribution });
			}
		}
	}
	out
}

/// A published text version's corpus and the contribution ids it indexes, in order.
type Corpora = BTreeMap<(u32, u32), (Arc<Corpus>, Vec<u32>)>;

/// The corpus of every text version the used models were trained on: its verified
/// contributions in acceptance order, mapped from `index_dir` if an earlier run built it, else
/// built (into `index_dir` when given, one shard at a time, reading contents as it goes). A
/// corpus's directory is named by the engine and tokenizer versions and every contribution and
/// content hash indexed, so a copy can never stand for other data; two models trained on the
/// same version share it.
fn corpora(
	inputs: &Inputs,
	fetched: &Fetched,
	index_dir: Option<&Path>,
) -> Result<Corpora, ScoreError> {
	const SHARD_BYTES: usize = 256 << 20;
	let used: BTreeSet<(u32, u32)> =
		inputs.models.iter().flat_map(|m| m.training_set.iter().copied()).collect();
	let mut corpora = Corpora::new();
	for (datanet, version) in used {
		let Some(found) = inputs.versions.get(&(datanet, version)).filter(|v| v.text) else {
			continue;
		};
		let verified: Vec<(&VersionContribution, &Content)> = found
			.contributions
			.iter()
			.filter_map(|c| match fetched.contents.get(&(datanet, c.id)) {
				Some(Ok(content)) => Some((c, content)),
				_ => None,
			})
			.collect();
		if verified.is_empty() {
			continue;
		}
		let failed = |error: std::io::Error| ScoreError::Index {
			datanet,
			version,
			error: error.to_string(),
		};
		let texts = verified.iter().map(|(entry, content)| {
			Ok(String::from_utf8_lossy(&content.read(entry)?).into_owned())
		});
		let corpus = match index_dir {
			None => Corpus::build(
				texts.collect::<std::io::Result<Vec<_>>>().map_err(failed)?,
				SHARD_BYTES,
			),
			Some(base) => {
				let mut name = codec::Encode::encode(&(
					engine::ENGINE_VERSION,
					engine::TOKENIZER_VERSION,
					datanet,
					version,
				));
				for (entry, _) in &verified {
					name.extend(codec::Encode::encode(&(entry.id, entry.content_hash)));
				}
				let dir = base.join(hex_hash(&report_hash(&name)));
				match Corpus::load(&dir) {
					Ok(Some(corpus)) => corpus,
					_ => {
						let size: u64 = verified.iter().map(|(e, _)| e.size).sum();
						eprintln!(
							"indexing datanet {datanet} version {version}: {} contributions ({:.1} MB)",
							verified.len(),
							size as f64 / 1e6
						);
						let started = std::time::Instant::now();
						let _ = std::fs::create_dir_all(base);
						let corpus = Corpus::build_in(&dir, texts, SHARD_BYTES).map_err(failed)?;
						eprintln!("indexed in {:.1} s", started.elapsed().as_secs_f64());
						corpus
					},
				}
			},
		};
		let ids = verified.iter().map(|(e, _)| e.id).collect();
		corpora.insert((datanet, version), (Arc::new(corpus), ids));
	}
	Ok(corpora)
}

/// Scores one model: its report entry and what each contribution (by entry order) receives.
fn score_model(
	inputs: &Inputs,
	fetched: &Fetched,
	corpora: &Corpora,
	model: &ModelInput,
	carried: u128,
) -> ReportModel {
	let params = inputs.params.engine();
	let entries = entries(inputs, model);
	let mut keys = BTreeMap::new();
	let mut bytes = BTreeMap::new();
	for (key, entry) in entries.iter().enumerate() {
		let id = (entry.datanet, entry.contribution.id);
		keys.insert(id, key as u32);
		if let Some(Ok(_)) = fetched.contents.get(&id) {
			// A verified content has exactly the size its contributor committed to.
			bytes.insert(key as u32, entry.contribution.size);
		}
	}
	// The model's index: the corpus of each text version it names, once, each contribution
	// under its key (a contribution kept by a later version has the same key in both).
	let mut index = Index::default();
	let named: BTreeSet<(u32, u32)> = model.training_set.iter().copied().collect();
	for version in named {
		if let Some((corpus, ids)) = corpora.get(&version) {
			// Every contribution of a named version is an entry, so every id has a key.
			let ids = ids.iter().map(|id| keys.get(&(version.0, *id)).copied().unwrap_or(u32::MAX));
			index.add(corpus.clone(), ids.collect());
		}
	}
	// The model's verified outputs, in log, receipt and output order, each worth an equal part
	// of its receipt's charge (the last one the remainder).
	let mut outputs = Vec::new();
	let mut places = Vec::new();
	for (l, log) in fetched.logs.iter().enumerate() {
		let Ok(log) = log else { continue };
		for (r, receipt) in log.receipts.iter().enumerate() {
			if receipt.model != model.id || receipt.outputs.is_empty() {
				continue;
			}
			let n = receipt.outputs.len() as u128;
			let each = receipt.charged.0 / n;
			for (o, text) in receipt.outputs.iter().enumerate() {
				let last = o + 1 == receipt.outputs.len();
				let value = if last { receipt.charged.0 - each * (n - 1) } else { each };
				let words = engine::words(text).into_iter().map(|w| w.text).collect();
				outputs.push(PaidOutput { words, value });
				places.push((l as u32, r as u32, o as u32));
			}
		}
	}
	let pool = model.pool.data.saturating_add(carried);
	let score = engine::score_model(pool, model.pool.paid, &outputs, &index, &params, &bytes);
	let contributions = entries
		.iter()
		.enumerate()
		.map(|(key, entry)| {
			let key = key as u32;
			let id = (entry.datanet, entry.contribution.id);
			let refusal = match fetched.contents.get(&id) {
				Some(Ok(_)) => None,
				Some(Err(why)) => Some(content_refusal(why)),
				None => Some("Unreachable: not fetched".into()),
			};
			let examples = score
				.examples
				.get(&key)
				.into_iter()
				.flatten()
				.map(|e| {
					let (log, receipt, output) = places[e.output];
					ReportExample {
						log,
						receipt,
						output,
						start: e.start as u32,
						words: e.len as u32,
						text: outputs[e.output].words[e.start..e.start + e.len].join(" "),
					}
				})
				.collect();
			ReportContribution {
				datanet: entry.datanet,
				id: entry.contribution.id,
				contributor: Account(entry.contribution.contributor),
				hash: hex_hash(&entry.contribution.content_hash),
				bytes: bytes.get(&key).copied().unwrap_or(0),
				words: score.words.get(&key).copied().unwrap_or(0),
				value: Amount(score.matched.get(&key).copied().unwrap_or(0)),
				amount: Amount(score.amounts.get(&key).copied().unwrap_or(0)),
				examples,
				refusal,
			}
		})
		.collect();
	ReportModel {
		model: model.id,
		paid: Amount(model.pool.paid),
		data: Amount(model.pool.data),
		carried: Amount(carried),
		outputs: outputs.len() as u64,
		output_words: outputs.iter().map(|o| o.words.len() as u64).sum(),
		base: Amount(score.base),
		training_set: model
			.training_set
			.iter()
			.map(|&(datanet, version)| {
				let found = inputs.versions.get(&(datanet, version));
				ReportVersion {
					datanet,
					version,
					text: found.is_some_and(|v| v.text),
					contributions: found.map_or(0, |v| v.contributions.len() as u32),
				}
			})
			.collect(),
		contributions,
	}
}

fn content_refusal(why: &ContentRefusal) -> String {
	match why {
		ContentRefusal::Unreachable(detail) => format!("Unreachable: {detail}"),
		ContentRefusal::WrongHash => "WrongHash: the content does not hash to the hash the \
		                              contributor committed to"
			.into(),
		ContentRefusal::WrongSize { committed, fetched } => {
			format!("WrongSize: {fetched} bytes, {committed} committed")
		},
	}
}

/// Scores an epoch: the report, with its leaves. `threads` models are scored at once; the
/// result does not depend on it. Indexes are kept in `index_dir` when given.
pub fn score(
	inputs: &Inputs,
	fetched: &Fetched,
	threads: usize,
	index_dir: Option<&Path>,
) -> Result<Report, ScoreError> {
	if inputs.params.tokenizer != engine::TOKENIZER_VERSION {
		return Err(ScoreError::UnsupportedTokenizer(inputs.params.tokenizer));
	}
	// Data carried into the epoch goes to the models used in it, by their data shares.
	let weights: BTreeMap<u32, u128> = inputs.models.iter().map(|m| (m.id, m.pool.data)).collect();
	let carried = engine::divide(inputs.pool.carried_data, &weights);
	// Models by id, whatever order they came in.
	let mut used: Vec<&ModelInput> = inputs.models.iter().collect();
	used.sort_by_key(|m| m.id);
	let per_thread = used.len().div_ceil(threads.max(1)).max(1);
	let corpora = corpora(inputs, fetched, index_dir)?;
	let mut models: Vec<Option<ReportModel>> = vec![None; used.len()];
	std::thread::scope(|scope| {
		for (chunk, slots) in used.chunks(per_thread).zip(models.chunks_mut(per_thread)) {
			let (carried, corpora) = (&carried, &corpora);
			scope.spawn(move || {
				for (model, slot) in chunk.iter().zip(slots) {
					let share = carried.get(&model.id).copied().unwrap_or(0);
					*slot = Some(score_model(inputs, fetched, corpora, model, share));
				}
			});
		}
	});
	#[allow(clippy::expect_used, reason = "the threads filled every slot before the scope ended")]
	let models: Vec<ReportModel> =
		models.into_iter().map(|m| m.expect("every model is scored; qed")).collect();

	let mut by_account: BTreeMap<[u8; 32], u128> = BTreeMap::new();
	for contribution in models.iter().flat_map(|m| &m.contributions) {
		if contribution.amount.0 > 0 {
			*by_account.entry(contribution.contributor.0).or_insert(0) += contribution.amount.0;
		}
	}
	let leaves: Vec<Leaf> = by_account
		.into_iter()
		.map(|(account, amount)| Leaf { account: Account(account), amount: Amount(amount) })
		.collect();
	let total = leaves.iter().map(|l| l.amount.0).sum();
	let logs = inputs
		.logs
		.iter()
		.zip(&fetched.logs)
		.map(|(record, log)| ReportLog {
			operator: Account(record.operator),
			uri: String::from_utf8_lossy(&record.uri).into_owned(),
			hash: hex_hash(&record.hash),
			receipts: record.receipts,
			fee: Amount(record.fee),
			outputs: log
				.as_ref()
				.map_or(0, |l| l.receipts.iter().map(|r| r.outputs.len() as u64).sum()),
			refusal: log.as_ref().err().map(|r| r.to_string()),
		})
		.collect();
	let p = inputs.params;
	Ok(Report {
		format: REPORT_FORMAT.into(),
		version: REPORT_VERSION,
		engine: engine::ENGINE_VERSION,
		chain: hex_hash(&inputs.genesis),
		epoch: inputs.epoch,
		block: inputs.block,
		block_hash: hex_hash(&inputs.block_hash),
		params: ReportParams {
			min_words: p.min_words,
			max_docs: p.max_docs,
			tokenizer: p.tokenizer,
			base_share_ppb: p.base_share,
		},
		pool: Amount(inputs.pool.data),
		carried: Amount(inputs.pool.carried_data),
		logs,
		models,
		leaves,
		total: Amount(total),
	})
}

/// The settlement of a report: its leaves, root and proofs, committing to the report's hash.
/// `None` when the report has no leaves (nothing to settle: the pool is carried on).
pub fn settle(report: &Report) -> Option<Settlement> {
	Settlement::new(&report.leaves, report.hash()).ok()
}

/// Where two reports of the same epoch first differ, in words.
pub fn first_difference(claimed: &Report, recomputed: &Report) -> String {
	let header = |r: &Report| {
		(
			r.format.clone(),
			r.version,
			r.engine,
			r.chain.clone(),
			r.epoch,
			r.block,
			r.block_hash.clone(),
		)
	};
	if header(claimed) != header(recomputed) {
		return "the format, engine, chain or block differ".into();
	}
	if claimed.params != recomputed.params {
		return format!("the engine parameters differ (the chain's: {:?})", recomputed.params);
	}
	if (claimed.pool, claimed.carried) != (recomputed.pool, recomputed.carried) {
		return format!("the pool differs (the chain's: {})", recomputed.pool.0);
	}
	for (i, (a, b)) in claimed.logs.iter().zip(&recomputed.logs).enumerate() {
		if a != b {
			return format!(
				"usage log {i} ({}) differs: claimed {:?}, recomputed {:?}",
				b.uri, a.refusal, b.refusal
			);
		}
	}
	if claimed.logs.len() != recomputed.logs.len() {
		return "the usage logs differ".into();
	}
	for (a, b) in claimed.models.iter().zip(&recomputed.models) {
		for (x, y) in a.contributions.iter().zip(&b.contributions) {
			if x != y {
				return format!(
					"model {}, contribution {} of datanet {}: claimed {} for {} words, \
					 recomputed {} for {} words{}",
					b.model,
					y.id,
					y.datanet,
					x.amount.0,
					x.words,
					y.amount.0,
					y.words,
					y.refusal.as_ref().map(|r| format!(" ({r})")).unwrap_or_default()
				);
			}
		}
		if a != b {
			return format!("model {} differs", b.model);
		}
	}
	if claimed.models.len() != recomputed.models.len() {
		return "the models differ".into();
	}
	if claimed.leaves != recomputed.leaves || claimed.total != recomputed.total {
		return "the leaves differ".into();
	}
	"the bytes differ (formatting)".into()
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::usage_log::{LoggedReceipt, UsageLog};
	use openledger_primitives::outputs;

	const CLINICAL: &str = "metformin is usually started at a low dose of five hundred milligrams \
	                        once a day with the evening meal to limit stomach upset";
	const ASTHMA: &str = "an inhaled corticosteroid taken every day is the mainstay of \
	                      controlling persistent asthma in adults and children alike";
	const CLAUSE: &str = "either party may terminate this agreement on thirty days written \
	                      notice if the other party materially breaches any of its terms";

	fn contribution(id: u32, position: u32, who: u8, text: &str) -> (VersionContribution, Vec<u8>) {
		let bytes = text.as_bytes().to_vec();
		let entry = VersionContribution {
			id,
			position,
			contributor: [who; 32],
			content_hash: outputs::log_hash(&bytes),
			uri: format!("ipfs://demo/{id}").into_bytes(),
			size: bytes.len() as u64,
		};
		(entry, bytes)
	}

	fn receipt(model: u32, charged: u128, outputs: &[&str]) -> LoggedReceipt {
		LoggedReceipt {
			consumer: Account([50; 32]),
			model,
			allocation: 0,
			nonce: 1,
			charged: Amount(charged),
			from: outputs::EMPTY,
			outputs: outputs.iter().map(|o| o.to_string()).collect(),
			digest: [0; 32],
		}
	}

	/// Two models: model 0 trained on a clinical datanet (text, version 1) and an image datanet;
	/// model 1 on a contracts datanet. Contributor 3 copied contributor 1's passage later;
	/// contributor 4's content was tampered with (it does not hash to its commitment).
	fn epoch() -> (Inputs, Fetched) {
		let clinical = [
			contribution(0, 0, 1, &format!("{CLINICAL}. Take it with food.")),
			contribution(1, 1, 2, ASTHMA),
			contribution(2, 2, 3, &format!("Notes. {CLINICAL}.")),
			contribution(3, 3, 4, "short note about sleep hygiene and caffeine in the evening"),
		];
		let images = [contribution(0, 0, 5, "\u{1}\u{2}binary image bytes")];
		let clauses = [contribution(0, 0, 6, CLAUSE)];
		let mut contents = BTreeMap::new();
		for (datanet, list) in [(0u32, &clinical[..]), (1, &images[..]), (2, &clauses[..])] {
			for (entry, bytes) in list {
				contents.insert((datanet, entry.id), Ok(Content::Held(bytes.clone())));
			}
		}
		contents.insert((0, 3), Err(ContentRefusal::WrongHash));
		let version = |text: bool, list: &[(VersionContribution, Vec<u8>)]| VersionInput {
			text,
			contributions: list.iter().map(|(e, _)| e.clone()).collect(),
		};
		let versions = BTreeMap::from([
			((0, 1), version(true, &clinical)),
			((1, 1), version(false, &images)),
			((2, 1), version(true, &clauses)),
		]);
		let log = UsageLog::new(
			[7; 32],
			Account([9; 32]),
			vec![
				receipt(0, 600_000, &[&format!("Sure. {CLINICAL}."), "I cannot say more."]),
				receipt(1, 300_000, &[&format!("The clause says {CLAUSE}.")]),
				receipt(0, 100_000, &[ASTHMA]),
			],
		);
		let record = ChainLog {
			operator: [9; 32],
			hash: [1; 32],
			uri: b"file:///logs/1.json".to_vec(),
			receipts: 3,
			root: [2; 32],
			fee: 1_000,
			data: 300,
		};
		let refused = ChainLog { uri: b"file:///logs/2.json".to_vec(), ..record.clone() };
		let inputs = Inputs {
			genesis: [7; 32],
			epoch: 4,
			block: 49,
			block_hash: [8; 32],
			params: ChainParams {
				min_words: 8,
				max_docs: 10,
				tokenizer: 1,
				base_share: 100_000_000,
			},
			pool: ChainEpochPool {
				data: 330_000,
				fee: 50_000,
				carried_data: 30_000,
				carried_fee: 0,
			},
			models: vec![
				ModelInput {
					id: 0,
					pool: ChainModelPool { paid: 700_000, data: 210_000, fee: 35_000 },
					training_set: vec![(0, 1), (1, 1)],
				},
				ModelInput {
					id: 1,
					pool: ChainModelPool { paid: 300_000, data: 90_000, fee: 15_000 },
					training_set: vec![(2, 1)],
				},
			],
			logs: vec![record, refused],
			versions,
		};
		let fetched = Fetched { logs: vec![Ok(log), Err(Refusal::WrongHash)], contents };
		(inputs, fetched)
	}

	fn contribution_of(report: &Report, model: u32, datanet: u32, id: u32) -> &ReportContribution {
		report.models[model as usize]
			.contributions
			.iter()
			.find(|c| c.datanet == datanet && c.id == id)
			.unwrap()
	}

	#[test]
	fn an_epoch_is_scored_from_its_outputs_and_data() {
		let (inputs, fetched) = epoch();
		let report = score(&inputs, &fetched, 1, None).unwrap();
		// Carried data goes to the models by their data shares (7 : 3).
		assert_eq!((report.models[0].carried.0, report.models[1].carried.0), (21_000, 9_000));
		// The first to contribute the passage is credited with it; the later copy gets only its
		// base part, by bytes.
		let first = contribution_of(&report, 0, 0, 0);
		let copy = contribution_of(&report, 0, 0, 2);
		assert_eq!(first.words, 23);
		assert_eq!(copy.words, 0);
		assert_eq!(copy.value.0, 0);
		assert!(first.amount.0 > 2 * copy.amount.0);
		// 23 of the output's 24 words, worth 300,000 of the 700,000 paid: 207,900 × 287,500 /
		// 700,000 of the pool less its base share, before its part of the base.
		assert_eq!(first.value.0, 287_500);
		assert!(first.amount.0 > 85_387);
		assert_eq!(first.examples[0].words, 23);
		assert_eq!((first.examples[0].log, first.examples[0].receipt), (0, 0));
		assert!(first.examples[0].text.starts_with("metformin is usually"));
		// The asthma output quotes contribution 1 whole.
		assert_eq!(contribution_of(&report, 0, 0, 1).words, 18);
		// Tampered content earns nothing and says why; image data earns by its bytes.
		let tampered = contribution_of(&report, 0, 0, 3);
		assert_eq!(tampered.amount.0, 0);
		assert!(tampered.refusal.as_deref().unwrap().starts_with("WrongHash"));
		let image = contribution_of(&report, 0, 1, 0);
		assert!(image.amount.0 > 0 && image.words == 0);
		assert!(!report.models[0].training_set[1].text);
		// The refused log is listed with its reason and scores nothing.
		assert_eq!(
			report.logs[1].refusal.as_deref(),
			Some(Refusal::WrongHash.to_string().as_str())
		);
		assert_eq!(report.logs[0].outputs, 4);
		// Never more than the pool; each model's pool is fully divided (all its data verified
		// but the tampered contribution), up to rounding.
		assert!(report.total.0 <= inputs.pool.data);
		for model in &report.models {
			let paid: u128 = model.contributions.iter().map(|c| c.amount.0).sum();
			let pool = model.data.0 + model.carried.0;
			assert!(paid <= pool && pool - paid < 10, "model {}: {paid} of {pool}", model.model);
		}
		// Leaves: one per account that earned, sorted, summing to the total.
		let accounts: Vec<u8> = report.leaves.iter().map(|l| l.account.0[0]).collect();
		assert_eq!(accounts, vec![1, 2, 3, 5, 6]);
		assert_eq!(report.leaves.iter().map(|l| l.amount.0).sum::<u128>(), report.total.0);
		assert!(settle(&report).unwrap().verify());
	}

	#[test]
	fn reports_round_trip_and_are_the_same_on_every_machine() {
		let (inputs, fetched) = epoch();
		let report = score(&inputs, &fetched, 1, None).unwrap();
		let bytes = report.to_bytes();
		let read: Report = serde_json::from_slice(&bytes).unwrap();
		assert_eq!(read, report);
		assert_eq!(read.to_bytes(), bytes);

		// Other thread counts, models listed in another order, contents fetched in another
		// order, and an index cache cold then warm: the same bytes.
		let dir = std::env::temp_dir().join(format!("openledger-epoch-{}", std::process::id()));
		let mut shuffled = inputs.clone();
		shuffled.models.reverse();
		let mut refetched = Fetched { logs: fetched.logs.clone(), contents: BTreeMap::new() };
		for (key, content) in fetched.contents.iter().rev() {
			refetched.contents.insert(*key, content.clone());
		}
		for (threads, cache) in [(2, Some(&dir)), (3, Some(&dir)), (8, None)] {
			let again = score(&shuffled, &refetched, threads, cache.map(|d| d.as_path())).unwrap();
			assert_eq!(again.to_bytes(), bytes, "{threads} threads, cache {cache:?}");
		}
		// One corpus per text version with verified contents (clinical and clauses), mapped on
		// the warm runs; a second model on the clinical version shares its corpus.
		assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
		shuffled.models.push(ModelInput { id: 2, ..inputs.models[0].clone() });
		score(&shuffled, &refetched, 2, Some(&dir)).unwrap();
		assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
		std::fs::remove_dir_all(&dir).unwrap();

		// Contents kept in the content cache (not in memory) give the same bytes, indexed on
		// disk or in memory.
		let cache = ContentCache::new(&dir);
		let versions: Vec<((u32, u32), VersionInput)> =
			inputs.versions.iter().map(|(k, v)| (*k, v.clone())).collect();
		let mut kept = Fetched { logs: fetched.logs.clone(), contents: BTreeMap::new() };
		for ((datanet, _), version) in &versions {
			for entry in &version.contributions {
				let content = match &fetched.contents[&(*datanet, entry.id)] {
					Ok(Content::Held(bytes)) => Ok(cache.put(entry, bytes.clone())),
					other => other.clone(),
				};
				assert!(!matches!(content, Ok(Content::Held(_))), "kept on disk");
				kept.contents.insert((*datanet, entry.id), content);
			}
		}
		let indexes = dir.join("indexes");
		for index_dir in [Some(indexes.as_path()), None] {
			assert_eq!(score(&inputs, &kept, 2, index_dir).unwrap().to_bytes(), bytes);
		}
		// A cached copy damaged after it was checked stops scoring (the daemon fetches again);
		// it never changes a report.
		std::fs::remove_dir_all(&indexes).unwrap();
		let (_, version) = &versions[0];
		let Ok(Content::Cached(path)) = &kept.contents[&(0, version.contributions[1].id)] else {
			panic!("cached")
		};
		std::fs::write(path, b"tampered").unwrap();
		let failed = score(&inputs, &kept, 1, Some(&indexes)).unwrap_err();
		assert!(
			matches!(&failed, ScoreError::Index { datanet: 0, version: 1, error } if error.contains("changed")),
			"{failed}"
		);
		assert!(!cache.holds(&version.contributions[1]));
		std::fs::remove_dir_all(&dir).unwrap();

		// Another parameter, another report.
		let mut stricter = inputs.clone();
		stricter.params.min_words = 30;
		let other = score(&stricter, &fetched, 1, None).unwrap();
		assert_ne!(other.hash(), report.hash());
		assert!(first_difference(&report, &other).contains("parameters"));
		// A tokenizer this engine lacks is refused.
		stricter.params.tokenizer = 2;
		assert_eq!(score(&stricter, &fetched, 1, None), Err(ScoreError::UnsupportedTokenizer(2)));
	}

	#[test]
	fn nothing_verified_leaves_nothing_to_settle() {
		let (mut inputs, mut fetched) = epoch();
		for content in fetched.contents.values_mut() {
			*content = Err(ContentRefusal::Unreachable("gone".into()));
		}
		inputs.models.truncate(1);
		let report = score(&inputs, &fetched, 1, None).unwrap();
		assert!(report.leaves.is_empty());
		assert_eq!(report.total.0, 0);
		assert!(settle(&report).is_none());
	}
}
