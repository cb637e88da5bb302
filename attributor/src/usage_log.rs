//! Usage logs, format version 1: what an operator publishes for each settled batch so that
//! attributors score only outputs a payer signed for.
//!
//! A log is a JSON document (UTF-8, written compactly in the field order below; its blake2-256
//! over the exact bytes published is the hash `settle` names):
//!
//! ```json
//! {"format":"openledger-usage-log","version":1,
//!  "genesis":"0x…","operator":"<SS58>",
//!  "receipts":[{"consumer":"<SS58>","model":0,"allocation":3,"nonce":7,"charged":"1000",
//!               "from":"0x…","outputs":["…","…"],"digest":"0x…"}]}
//! ```
//!
//! One entry per receipt of the batch that settles, in batch order: the channel
//! `(consumer, model, operator)` of allocation `allocation`, the receipt's `nonce`, the amount the
//! settlement charges for it (`charged`, a decimal string: the receipt's amount less the
//! channel's previously settled amount), the outputs the consumer received since the channel's
//! previously settled receipt (UTF-8 text, in order), the channel's digest before them (`from`:
//! the digest the chain recorded at the previous settlement, zero for a new channel) and the
//! digest the receipt signed (`digest`). Replaying the outputs from `from` with
//! [`openledger_primitives::outputs::replay`] must give `digest`: a log in which an output was
//! changed, dropped or added does not chain. Prompts are never logged; a receipt whose consumer
//! signed no outputs has none and `from == digest`.
//!
//! The chain records, with the log's hash, a commitment to the receipts that settled
//! ([`openledger_primitives::outputs::BatchCommitment`]); [`UsageLog::commitment`] recomputes it
//! from the entries, so a log that matches lists exactly those receipts, digests and amounts.
//!
//! The same format is written and read by `scripts/lib/usage-log.mjs`; both are tested on
//! `attributor/tests/usage-log-vectors.json`.

use crate::settlement::{hash_hex, Account, Amount};
use openledger_primitives::{outputs, Hash256};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The `format` every usage log names.
pub const FORMAT: &str = "openledger-usage-log";

/// The version of the format this library writes and reads.
pub const VERSION: u32 = 1;

/// A usage log: the outputs behind one settled batch.
#[derive(Clone, Debug, Deserialize, Eq, PartialEq, Serialize)]
pub struct UsageLog {
	/// Always [`FORMAT`].
	pub format: String,
	/// Always [`VERSION`].
	pub version: u32,
	/// The genesis hash of the chain the batch settles on.
	#[serde(with = "hash_hex")]
	pub genesis: Hash256,
	/// The operator who settles the batch.
	pub operator: Account,
	/// One entry per receipt of the batch, in batch order.
	pub receipts: Vec<LoggedReceipt>,
}

/// The outputs behind one receipt of a batch.
#[derive(Clone, Debug, Deserialize, Eq, PartialEq, Serialize)]
pub struct LoggedReceipt {
	/// Who paid.
	pub consumer: Account,
	/// The model that produced the outputs.
	pub model: u32,
	/// The allocation the receipt draws on.
	pub allocation: u64,
	/// The receipt's nonce.
	pub nonce: u64,
	/// What the settlement charged for the receipt.
	pub charged: Amount,
	/// The channel's digest before these outputs.
	#[serde(with = "hash_hex")]
	pub from: Hash256,
	/// The outputs received since the channel's previously settled receipt, in order.
	pub outputs: Vec<String>,
	/// The digest the receipt signed.
	#[serde(with = "hash_hex")]
	pub digest: Hash256,
}

/// Why a usage log is refused.
#[derive(Clone, Debug, Eq, PartialEq)]
pub enum LogError {
	/// The bytes are not a usage log document.
	Malformed(String),
	/// The document names another format or a version this library does not read.
	UnsupportedFormat { format: String, version: u32 },
	/// The bytes do not hash to the hash the chain recorded.
	WrongHash { expected: Hash256, actual: Hash256 },
	/// Entry `index`'s outputs replayed from its `from` do not give its `digest`: an output was
	/// changed, dropped or added.
	DoesNotChain { index: usize },
}

impl fmt::Display for LogError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::Malformed(why) => write!(f, "not a usage log: {why}"),
			Self::UnsupportedFormat { format, version } => {
				write!(f, "unsupported log format {format} version {version}")
			},
			Self::WrongHash { expected, actual } => write!(
				f,
				"the log hashes to 0x{} but the chain recorded 0x{}",
				hex::encode(actual),
				hex::encode(expected)
			),
			Self::DoesNotChain { index } => write!(
				f,
				"entry {index}: its outputs do not reproduce its digest (an output was changed, \
				 dropped or added)"
			),
		}
	}
}

impl std::error::Error for LogError {}

/// The blake2-256 hash of a log's bytes: what `settle` names.
pub fn hash(bytes: &[u8]) -> Hash256 {
	outputs::log_hash(bytes)
}

impl LoggedReceipt {
	/// Whether the outputs replayed from `from` give `digest`.
	pub fn chains(&self) -> bool {
		outputs::replay(&self.from, self.outputs.iter().map(|o| o.as_bytes())) == self.digest
	}
}

impl UsageLog {
	/// A log of version [`VERSION`].
	pub fn new(genesis: Hash256, operator: Account, receipts: Vec<LoggedReceipt>) -> Self {
		Self { format: FORMAT.into(), version: VERSION, genesis, operator, receipts }
	}

	/// The bytes to publish: compact JSON in the field order of the format.
	#[allow(clippy::expect_used, reason = "plain data with string keys always serialises")]
	pub fn to_bytes(&self) -> Vec<u8> {
		serde_json::to_vec(self).expect("a log always serialises; qed")
	}

	/// Read a log, checking its format and that every entry chains.
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, LogError> {
		let value: serde_json::Value =
			serde_json::from_slice(bytes).map_err(|e| LogError::Malformed(e.to_string()))?;
		let format = value.get("format").and_then(|f| f.as_str()).unwrap_or_default();
		let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or_default();
		if format != FORMAT || version != VERSION as u64 {
			return Err(LogError::UnsupportedFormat {
				format: format.into(),
				version: version as u32,
			});
		}
		let log: Self =
			serde_json::from_value(value).map_err(|e| LogError::Malformed(e.to_string()))?;
		match log.receipts.iter().position(|r| !r.chains()) {
			Some(index) => Err(LogError::DoesNotChain { index }),
			None => Ok(log),
		}
	}

	/// The commitment to the log's entries that the chain records for the batch they settled.
	pub fn commitment(&self) -> Hash256 {
		let mut commitment = outputs::BatchCommitment::new();
		for r in &self.receipts {
			commitment.push(
				&r.consumer.0,
				r.model,
				r.allocation,
				r.nonce,
				&r.from,
				&r.digest,
				&r.charged.0,
			);
		}
		commitment.root()
	}

	/// Read a log fetched for a batch whose recorded hash is `expected`.
	pub fn verify(bytes: &[u8], expected: &Hash256) -> Result<Self, LogError> {
		let actual = hash(bytes);
		if actual != *expected {
			return Err(LogError::WrongHash { expected: *expected, actual });
		}
		Self::from_bytes(bytes)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::Value;

	const VECTORS: &str = include_str!("../tests/usage-log-vectors.json");

	fn vectors() -> Value {
		serde_json::from_str(VECTORS).unwrap()
	}

	fn hash_of(value: &Value) -> Hash256 {
		crate::settlement::parse_hash(value.as_str().unwrap()).unwrap()
	}

	#[test]
	fn digests_match_the_shared_vectors() {
		for case in vectors()["digests"].as_array().unwrap() {
			let outputs: Vec<&str> = case["outputs"]
				.as_array()
				.unwrap()
				.iter()
				.map(|o| o.as_str().unwrap())
				.collect();
			assert_eq!(
				outputs::replay(&hash_of(&case["from"]), outputs.iter().map(|o| o.as_bytes())),
				hash_of(&case["digest"]),
				"{case}"
			);
		}
	}

	#[test]
	fn the_log_round_trips_to_the_shared_bytes_and_hash() {
		let v = vectors();
		let bytes = v["log"]["bytes"].as_str().unwrap().as_bytes();
		let log = UsageLog::verify(bytes, &hash_of(&v["log"]["hash"])).unwrap();
		assert_eq!(log.to_bytes(), bytes, "writing the log read gives the same bytes");
		assert_eq!(log.receipts.len(), 2);
		assert_eq!(log.commitment(), hash_of(&v["log"]["commitment"]));
	}

	#[test]
	fn tampered_logs_are_refused_with_their_reason() {
		let v = vectors();
		let bytes = v["log"]["bytes"].as_str().unwrap().as_bytes();
		let log = UsageLog::from_bytes(bytes).unwrap();
		let refused = |edit: &dyn Fn(&mut UsageLog)| {
			let mut bad = log.clone();
			edit(&mut bad);
			UsageLog::from_bytes(&bad.to_bytes()).unwrap_err()
		};
		let chain = LogError::DoesNotChain { index: 1 };
		assert_eq!(refused(&|l| l.receipts[1].outputs[0].push('!')), chain, "changed");
		assert_eq!(refused(&|l| drop(l.receipts[1].outputs.remove(0))), chain, "dropped");
		assert_eq!(refused(&|l| l.receipts[1].outputs.push("more".into())), chain, "added");
		assert!(matches!(
			refused(&|l| l.version = 2),
			LogError::UnsupportedFormat { version: 2, .. }
		));
		let other = [7; 32];
		assert_eq!(
			UsageLog::verify(bytes, &other),
			Err(LogError::WrongHash { expected: other, actual: hash(bytes) })
		);
		assert!(matches!(UsageLog::from_bytes(b"{]"), Err(LogError::Malformed(_))));
	}
}
