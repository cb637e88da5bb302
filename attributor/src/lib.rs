//! # OpenLedger attributor
//!
//! The off-chain side of proof of attribution (docs/design.md, section 3.4), as a library with a
//! thin command line (`openledger-attributor`):
//!
//! - [`settlement`]: from an epoch's `(account, amount)` leaves, the merkle root, the total and
//!   every leaf's proof, in the byte format the runtime verifies (shared through
//!   `openledger_primitives::settlement`); commitments.
//! - [`salts`]: random commitment salts, kept in the tool's data directory from commit to reveal.
//! - [`usage_log`]: the usage logs operators publish for settled batches (format version 1), read
//!   and checked against the output digests receipts sign.
//! - [`verify`]: fetch every usage log the chain kept with an epoch and check it against what the
//!   chain recorded, so that only outputs a payer signed for are ever scored; a refused log is
//!   reported with its reason.
//! - [`chain`]: register, commit, reveal, close and claim on a node, and the `AttributionApi`
//!   runtime API.
//!
//! - [`engine`]: the attribution engine's core — words, a suffix-array index of a training set's
//!   contributions, the spans of an output found in it and the contribution each word is credited
//!   to, and integer division of a model's pool.
//! - [`epoch`]: an epoch settled from public data — what the chain recorded at the epoch's last
//!   block, usage logs and contributions fetched and checked, every used model scored, and the
//!   canonical report whose hash the settlement commits to.
//! - [`quality`]: the engine measured on a labelled set generated from a seed (precision, recall,
//!   paraphrase recall, L1 distance of shares).
//! - [`daemon`]: `openledger-attributor run`, which settles every epoch by itself (commit, reveal,
//!   close), keeps its progress on disk and serves its reports over HTTP.

/// An error of the tool's own steps (files, HTTP, scoring, the chain), with a readable message.
/// The chain client's errors are typed: [`chain::ChainError`].
pub type Error = Box<dyn std::error::Error + Send + Sync>;

pub mod chain;
pub mod daemon;
pub mod engine;
pub mod epoch;
pub mod quality;
pub mod salts;
pub mod settlement;
pub mod usage_log;
pub mod verify;
