//! Checking the usage logs an epoch's operators named, before any output is scored.
//!
//! For every log the chain kept with an epoch (`AttributionApi::usage_logs`), the verifier
//! fetches the published bytes ([`Fetcher`]: `file://`, `http://`, `https://`, and `ipfs://`
//! through a configurable gateway), and accepts the log only when
//!
//! 1. the bytes hash to the hash the operator named when settling (else `WrongHash`);
//! 2. they are a usage log of a format this library reads (`Malformed`, `UnsupportedFormat`);
//! 3. each entry's outputs, replayed from the channel's previous digest, give the digest the
//!    consumer signed (`DoesNotChain`: an output was changed, dropped or added);
//! 4. the log is for this chain and this operator (`OtherChain`, `OtherOperator`);
//! 5. its entries reproduce the commitment the chain recorded for the receipts that settled — their
//!    channels, allocations, nonces, digests before and after, and amounts charged (`NotTheBatch`:
//!    a log of another batch, epoch or channel, or one that leaves out or adds a receipt).
//!
//! Together these mean an accepted log's outputs are exactly those the payers signed for, in
//! the batch that charged them. A log refused, or unreachable (`Unreachable`), is reported with
//! its reason and left out — never guessed at; its usage follows the rule for usage without
//! outputs.

use crate::{
	settlement::Account,
	usage_log::{LogError, UsageLog},
};
use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper_util::{client::legacy::Client, rt::TokioExecutor};
use openledger_primitives::{outputs, Hash256, UsageLogRecord};
use serde::Serialize;
use std::{fmt, path::PathBuf, time::Duration};

/// A usage log as the chain keeps it (the runtime's account, balance and URI types).
pub type ChainLog = UsageLogRecord<[u8; 32], u128, Vec<u8>>;

/// The largest log the verifier fetches, in bytes.
pub const MAX_LOG_BYTES: usize = 256 * 1024 * 1024;

/// Why a usage log is left out.
#[derive(Clone, Debug, Eq, PartialEq, Serialize)]
#[serde(tag = "reason", content = "detail")]
pub enum Refusal {
	/// The log could not be fetched from its URI.
	Unreachable(String),
	/// The fetched bytes do not hash to the hash the operator named.
	WrongHash,
	/// The bytes are not a usage log.
	Malformed(String),
	/// The log names a format or version this library does not read.
	UnsupportedFormat(String),
	/// Entry `index`'s outputs do not reproduce the digest its consumer signed: an output was
	/// changed, dropped or added.
	DoesNotChain { index: usize },
	/// The log names another chain (genesis hash).
	OtherChain,
	/// The log names another operator than the one who settled the batch.
	OtherOperator,
	/// The log's entries do not reproduce the commitment the chain recorded for the receipts
	/// that settled: a log of another batch, epoch or channel, or one that leaves out or adds a
	/// receipt, or misstates what was charged.
	NotTheBatch { entries: usize, settled: u32 },
}

impl Refusal {
	/// The reason's name, as reports print it.
	pub fn name(&self) -> &'static str {
		match self {
			Self::Unreachable(_) => "Unreachable",
			Self::WrongHash => "WrongHash",
			Self::Malformed(_) => "Malformed",
			Self::UnsupportedFormat(_) => "UnsupportedFormat",
			Self::DoesNotChain { .. } => "DoesNotChain",
			Self::OtherChain => "OtherChain",
			Self::OtherOperator => "OtherOperator",
			Self::NotTheBatch { .. } => "NotTheBatch",
		}
	}
}

impl fmt::Display for Refusal {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::Unreachable(why) => write!(f, "Unreachable: {why}"),
			Self::WrongHash => write!(f, "WrongHash: the bytes do not hash to the hash named"),
			Self::Malformed(why) => write!(f, "Malformed: {why}"),
			Self::UnsupportedFormat(what) => write!(f, "UnsupportedFormat: {what}"),
			Self::DoesNotChain { index } => write!(
				f,
				"DoesNotChain: entry {index}'s outputs do not reproduce the digest its consumer \
				 signed (an output was changed, dropped or added)"
			),
			Self::OtherChain => write!(f, "OtherChain: the log names another genesis hash"),
			Self::OtherOperator => {
				write!(f, "OtherOperator: the log names another operator than the settler")
			},
			Self::NotTheBatch { entries, settled } => write!(
				f,
				"NotTheBatch: {entries} entries do not reproduce the commitment to the {settled} \
				 receipts that settled"
			),
		}
	}
}

impl From<LogError> for Refusal {
	fn from(error: LogError) -> Self {
		match error {
			LogError::Malformed(why) => Self::Malformed(why),
			e @ LogError::UnsupportedFormat { .. } => Self::UnsupportedFormat(e.to_string()),
			LogError::WrongHash { .. } => Self::WrongHash,
			LogError::DoesNotChain { index } => Self::DoesNotChain { index },
		}
	}
}

/// Checks fetched `bytes` against the log `record` the chain kept, on the chain of `genesis`.
pub fn check(record: &ChainLog, bytes: &[u8], genesis: &Hash256) -> Result<UsageLog, Refusal> {
	let log = UsageLog::verify(bytes, &record.hash)?;
	if log.genesis != *genesis {
		return Err(Refusal::OtherChain);
	}
	if log.operator != Account(record.operator) {
		return Err(Refusal::OtherOperator);
	}
	if log.receipts.len() != record.receipts as usize || log.commitment() != record.root {
		return Err(Refusal::NotTheBatch { entries: log.receipts.len(), settled: record.receipts });
	}
	Ok(log)
}

/// The HTTP(S) client fetches go through.
type HttpClient = Client<
	hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
	Empty<Bytes>,
>;

/// Fetches published bytes by URI. Its HTTP(S) client, with the native root certificates, is
/// built on the first fetch and reused.
#[derive(Clone)]
pub struct Fetcher {
	/// The IPFS HTTP gateway `ipfs://<cid>/<path>` is fetched through, as
	/// `<gateway>/ipfs/<cid>/<path>`.
	gateway: String,
	/// How long one fetch may take.
	timeout: Duration,
	client: std::sync::Arc<std::sync::OnceLock<Result<HttpClient, String>>>,
}

impl Default for Fetcher {
	/// Through the gateway at `http://127.0.0.1:8080`, 30 s per fetch.
	fn default() -> Self {
		Self::new("http://127.0.0.1:8080", Duration::from_secs(30))
	}
}

impl Fetcher {
	/// Fetches `ipfs://` through `gateway`, each fetch within `timeout`.
	pub fn new(gateway: &str, timeout: Duration) -> Self {
		Self { gateway: gateway.into(), timeout, client: Default::default() }
	}

	/// Fetches `ipfs://` through `gateway`, each fetch within 30 s.
	pub fn with_gateway(gateway: &str) -> Self {
		Self::new(gateway, Duration::from_secs(30))
	}

	/// The bytes at `uri`, at most [`MAX_LOG_BYTES`].
	pub async fn fetch(&self, uri: &str) -> Result<Vec<u8>, String> {
		if let Some(path) = uri.strip_prefix("file://") {
			let path = PathBuf::from(path);
			let len = std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
			if len.len() > MAX_LOG_BYTES as u64 {
				return Err(format!("{}: larger than {MAX_LOG_BYTES} bytes", path.display()));
			}
			return std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()));
		}
		let url = match uri.strip_prefix("ipfs://") {
			Some(rest) => format!("{}/ipfs/{rest}", self.gateway.trim_end_matches('/')),
			None if uri.starts_with("http://") || uri.starts_with("https://") => uri.to_string(),
			None => return Err(format!("{uri}: not a file, http(s) or ipfs URI")),
		};
		tokio::time::timeout(self.timeout, self.get(&url))
			.await
			.map_err(|_| format!("{url}: no answer within {:?}", self.timeout))?
	}

	async fn get(&self, url: &str) -> Result<Vec<u8>, String> {
		let client = self
			.client
			.get_or_init(|| {
				let connector = hyper_rustls::HttpsConnectorBuilder::new()
					.with_native_roots()
					.map_err(|e| format!("TLS roots: {e}"))?
					.https_or_http()
					.enable_http1()
					.build();
				Ok(Client::builder(TokioExecutor::new()).build(connector))
			})
			.as_ref()
			.map_err(Clone::clone)?;
		let uri: hyper::Uri = url.parse().map_err(|e| format!("{url}: {e}"))?;
		let response = client.get(uri).await.map_err(|e| format!("{url}: {e}"))?;
		if !response.status().is_success() {
			return Err(format!("{url}: HTTP {}", response.status()));
		}
		let body = Limited::new(response.into_body(), MAX_LOG_BYTES)
			.collect()
			.await
			.map_err(|e| format!("{url}: {e}"))?;
		Ok(body.to_bytes().to_vec())
	}
}

/// What the verifier made of one log.
#[derive(Debug, Serialize)]
pub struct Verdict {
	/// The operator who settled the batch.
	pub operator: Account,
	/// Where the log was published.
	pub uri: String,
	/// The hash the operator named, in hex.
	pub hash: String,
	/// The receipts that settled.
	pub receipts: u32,
	/// The fee they were charged, in the smallest unit (decimal).
	pub fee: String,
	/// The data share of the fee (decimal).
	pub data: String,
	/// The outputs the log names, when accepted.
	pub outputs: Option<usize>,
	/// Why it was refused, when it was.
	pub refusal: Option<Refusal>,
	/// The log, when accepted (not printed).
	#[serde(skip)]
	pub log: Option<UsageLog>,
}

impl Verdict {
	/// Fetch and check the log `record` names, on the chain of `genesis`.
	pub async fn of(record: &ChainLog, genesis: &Hash256, fetcher: &Fetcher) -> Self {
		let uri = String::from_utf8_lossy(&record.uri).into_owned();
		let checked = match fetcher.fetch(&uri).await {
			Ok(bytes) => check(record, &bytes, genesis),
			Err(why) => Err(Refusal::Unreachable(why)),
		};
		let (log, refusal) = match checked {
			Ok(log) => (Some(log), None),
			Err(refusal) => (None, Some(refusal)),
		};
		Self {
			operator: Account(record.operator),
			uri,
			hash: crate::settlement::hex_hash(&record.hash),
			receipts: record.receipts,
			fee: record.fee.to_string(),
			data: record.data.to_string(),
			outputs: log.as_ref().map(|l| l.receipts.iter().map(|r| r.outputs.len()).sum()),
			refusal,
			log,
		}
	}
}

/// A contribution of a published datanet version, as `DatanetsApi::version_contributions`
/// pages them (the runtime's account and URI types).
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct VersionContribution {
	/// The contribution's id in the datanet.
	pub id: u32,
	/// Its place in acceptance order.
	pub position: u32,
	/// Who contributed it.
	pub contributor: [u8; 32],
	/// The hash the contributor committed to.
	pub content_hash: Hash256,
	/// Where the content can be fetched.
	pub uri: Vec<u8>,
	/// The size committed to, in bytes.
	pub size: u64,
}

/// Why a contribution's content earns nothing.
#[derive(Clone, Debug, Eq, PartialEq, Serialize)]
#[serde(tag = "reason", content = "detail")]
pub enum ContentRefusal {
	/// The content could not be fetched from its URI.
	Unreachable(String),
	/// The fetched bytes do not hash to the hash the contributor committed to.
	WrongHash,
	/// The fetched bytes are not the size the contributor committed to.
	WrongSize { committed: u64, fetched: u64 },
}

/// Checks fetched `bytes` against what the contributor committed to.
pub fn check_content(entry: &VersionContribution, bytes: &[u8]) -> Result<(), ContentRefusal> {
	if outputs::log_hash(bytes) != entry.content_hash {
		return Err(ContentRefusal::WrongHash);
	}
	if bytes.len() as u64 != entry.size {
		return Err(ContentRefusal::WrongSize {
			committed: entry.size,
			fetched: bytes.len() as u64,
		});
	}
	Ok(())
}

/// What the verifier made of one contribution's content.
#[derive(Debug, Serialize)]
pub struct ContentVerdict {
	/// The contribution's id.
	pub id: u32,
	/// Its place in acceptance order.
	pub position: u32,
	/// Who contributed it.
	pub contributor: Account,
	/// Where its content was fetched from.
	pub uri: String,
	/// Its committed size.
	pub size: u64,
	/// Why it earns nothing, when it does not.
	pub refusal: Option<ContentRefusal>,
}

impl ContentVerdict {
	/// Fetch and check `entry`'s content.
	pub async fn of(entry: &VersionContribution, fetcher: &Fetcher) -> (Self, Option<Vec<u8>>) {
		let uri = String::from_utf8_lossy(&entry.uri).into_owned();
		let (refusal, content) = match fetcher.fetch(&uri).await {
			Ok(bytes) => match check_content(entry, &bytes) {
				Ok(()) => (None, Some(bytes)),
				Err(refusal) => (Some(refusal), None),
			},
			Err(why) => (Some(ContentRefusal::Unreachable(why)), None),
		};
		let verdict = Self {
			id: entry.id,
			position: entry.position,
			contributor: Account(entry.contributor),
			uri,
			size: entry.size,
			refusal,
		};
		(verdict, content)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{settlement::Amount, usage_log::LoggedReceipt};

	const GENESIS: Hash256 = [1; 32];
	const OPERATOR: [u8; 32] = [2; 32];

	/// An honest log of two receipts and the record the chain keeps for it.
	fn honest() -> (UsageLog, ChainLog) {
		let entry = |consumer: u8, from: Hash256, texts: &[&str], charged: u128| {
			let outputs: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
			LoggedReceipt {
				consumer: Account([consumer; 32]),
				model: 0,
				allocation: consumer.into(),
				nonce: 1,
				charged: Amount(charged),
				from,
				digest: outputs::replay(&from, outputs.iter().map(|o| o.as_bytes())),
				outputs,
			}
		};
		let log = UsageLog::new(
			GENESIS,
			Account(OPERATOR),
			vec![
				entry(3, outputs::EMPTY, &["Metformin first.", "Then 500 mg."], 700),
				entry(4, [9; 32], &["Rest and fluids."], 300),
			],
		);
		let bytes = log.to_bytes();
		let mut commitment = outputs::BatchCommitment::new();
		for r in &log.receipts {
			commitment.push(&r.consumer.0, 0, r.allocation, 1, &r.from, &r.digest, &r.charged.0);
		}
		let record = ChainLog {
			operator: OPERATOR,
			hash: outputs::log_hash(&bytes),
			uri: b"file:///logs/1.json".to_vec(),
			receipts: 2,
			root: commitment.root(),
			fee: 1_000,
			data: 300,
		};
		(log, record)
	}

	/// What `check` says of `log` written out, when the chain recorded `record` (its hash
	/// set to the log's own, as an operator settling with it would name).
	fn verdict(log: &UsageLog, record: &ChainLog) -> Result<UsageLog, Refusal> {
		let bytes = log.to_bytes();
		let record = ChainLog { hash: outputs::log_hash(&bytes), ..record.clone() };
		check(&record, &bytes, &GENESIS)
	}

	#[test]
	fn the_honest_log_is_accepted() {
		let (log, record) = honest();
		assert_eq!(check(&record, &log.to_bytes(), &GENESIS), Ok(log));
	}

	#[test]
	fn tampered_logs_are_refused_with_their_reason() {
		let (log, record) = honest();
		let edited = |edit: &dyn Fn(&mut UsageLog)| {
			let mut bad = log.clone();
			edit(&mut bad);
			verdict(&bad, &record).unwrap_err()
		};
		let chain = Refusal::DoesNotChain { index: 0 };
		assert_eq!(edited(&|l| l.receipts[0].outputs[1].push('!')), chain, "changed");
		assert_eq!(edited(&|l| drop(l.receipts[0].outputs.remove(0))), chain, "dropped");
		assert_eq!(edited(&|l| l.receipts[0].outputs.push("More.".into())), chain, "added");

		// Rewritten so every entry chains again, the log no longer matches the chain.
		let rechained = |edit: &dyn Fn(&mut LoggedReceipt)| {
			let mut bad = log.clone();
			edit(&mut bad.receipts[1]);
			let r = &mut bad.receipts[1];
			r.digest = outputs::replay(&r.from, r.outputs.iter().map(|o| o.as_bytes()));
			verdict(&bad, &record).unwrap_err()
		};
		let other = Refusal::NotTheBatch { entries: 2, settled: 2 };
		assert_eq!(rechained(&|r| r.outputs[0].push('!')), other, "changed and re-chained");
		assert_eq!(rechained(&|r| r.charged = Amount(301)), other, "another amount");
		assert_eq!(rechained(&|r| r.from = outputs::EMPTY), other, "another channel state");
		let mut fewer = log.clone();
		fewer.receipts.pop();
		assert_eq!(
			verdict(&fewer, &record),
			Err(Refusal::NotTheBatch { entries: 1, settled: 2 }),
			"a receipt left out"
		);

		let mut elsewhere = log.clone();
		elsewhere.genesis = [5; 32];
		assert_eq!(verdict(&elsewhere, &record), Err(Refusal::OtherChain));
		let mut someone = log.clone();
		someone.operator = Account([6; 32]);
		assert_eq!(verdict(&someone, &record), Err(Refusal::OtherOperator));
		// Bytes other than those named.
		let mut bytes = log.to_bytes();
		bytes.push(b' ');
		assert_eq!(check(&record, &bytes, &GENESIS), Err(Refusal::WrongHash));
		let garbage = b"not json";
		let named = ChainLog { hash: outputs::log_hash(garbage), ..record.clone() };
		assert!(matches!(check(&named, garbage, &GENESIS), Err(Refusal::Malformed(_))));
	}

	#[test]
	fn content_must_be_what_the_contributor_committed_to() {
		let bytes = b"{\"question\": \"q\", \"answer\": \"a\"}\n";
		let entry = VersionContribution {
			id: 0,
			position: 0,
			contributor: [1; 32],
			content_hash: outputs::log_hash(bytes),
			uri: b"file:///data/0.jsonl".to_vec(),
			size: bytes.len() as u64,
		};
		assert_eq!(check_content(&entry, bytes), Ok(()));
		assert_eq!(check_content(&entry, b"other"), Err(ContentRefusal::WrongHash));
		let wrong_size = VersionContribution { size: 1, ..entry };
		assert_eq!(
			check_content(&wrong_size, bytes),
			Err(ContentRefusal::WrongSize { committed: 1, fetched: bytes.len() as u64 })
		);
	}

	#[tokio::test]
	async fn fetching_reads_files_and_reports_what_it_cannot_reach() {
		let dir = std::env::temp_dir().join(format!("openledger-fetch-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let path = dir.join("log.json");
		std::fs::write(&path, b"{}").unwrap();
		let fetcher = Fetcher::default();
		assert_eq!(fetcher.fetch(&format!("file://{}", path.display())).await.unwrap(), b"{}");
		let missing = fetcher.fetch(&format!("file://{}", dir.join("none").display())).await;
		assert!(missing.unwrap_err().contains("none"));
		assert!(fetcher.fetch("ftp://host/log").await.unwrap_err().contains("not a file"));
		// Nothing listens on port 9 of the loopback: refused, not hung.
		let closed = Fetcher::with_gateway("http://127.0.0.1:9");
		assert!(closed
			.fetch("ipfs://bafylog")
			.await
			.unwrap_err()
			.contains("127.0.0.1:9/ipfs/bafylog"));
		std::fs::remove_dir_all(dir).unwrap();
	}
}
