//! # OpenLedger node
//!
//! The node of the OpenLedger appchain: Aura block production, GRANDPA finality, ParityDB
//! storage, and JSON-RPC for Polkadot.js and scripts.

#![warn(missing_docs)]
// `sc_cli::Error`, the error type of every node command, is large; it is the SDK's to shrink.
#![allow(clippy::result_large_err)]

#[cfg(feature = "benchmark")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;
mod txpool;

fn main() -> polkadot_sdk::sc_cli::Result<()> {
	command::run()
}
