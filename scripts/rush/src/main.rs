//! `openledger-rush`: rush hour for an OpenLedger network.
//!
//! For a bounded time it offers the chain more than its blocks can hold (`--overload` times the
//! normal-class weight of a block per block time), as the mix users make: balance transfers,
//! direct payments for inference, data contributions and their reviews by curators, settlement
//! batches of signed usage receipts, and contributors claiming their attribution rewards as
//! rounds close (settled by an attributor daemon the tool runs). Transactions are signed here,
//! natively, with the runtime's own types, so the figures are the chain's and not a client's
//! signing speed. Each account has at most one transaction in flight, as a wallet does: it
//! offers the next one once the last is included, or again after a refusal.
//!
//! It reports, per traffic class: offered, accepted by the pool, refused (by the pool's error),
//! included (and failed in dispatch, by error), dropped (accepted, never included) and the
//! inclusion latency in blocks (p50, p99, max); per block: the time since the previous one,
//! missed slots, fullness and finality lag. Then it checks that nothing was lost: every
//! transaction seen included is in a finalised block, the total issuance fell by exactly the
//! fees and dust burned meanwhile, and every pallet's invariants hold on the final state
//! (`InvariantsApi`). It exits with an error when a check fails.
//!
//! With `--upgrade`, it also upgrades the chain's runtime during the rush (`upgrade.rs`): checked
//! natively against the live state first, then enacted with sudo `set_code`; users' transactions
//! are signed for the runtime the chain runs, before and after.

mod chain;
mod report;
mod traffic;
mod upgrade;

use clap::Parser;
use std::path::PathBuf;

/// Command-line options.
#[derive(Parser, Debug, Clone)]
#[command(version, about)]
pub struct Options {
	/// WebSocket RPC endpoints to submit to (round robin); the first one is also followed for
	/// blocks.
	#[arg(long = "url", default_value = "ws://127.0.0.1:9944")]
	pub urls: Vec<String>,
	/// How long to offer traffic, in seconds.
	#[arg(long, default_value_t = 120)]
	pub seconds: u64,
	/// The offered weight of transfers, payments and contributions, as a multiple of what the
	/// blocks' normal class holds.
	#[arg(long, default_value_t = 10)]
	pub overload: u64,
	/// Accounts that send transfers.
	#[arg(long, default_value_t = 6000)]
	pub transfer_accounts: usize,
	/// Accounts that pay for inference directly.
	#[arg(long, default_value_t = 2000)]
	pub payers: usize,
	/// Accounts that contribute data.
	#[arg(long, default_value_t = 2000)]
	pub contributors: usize,
	/// Curators of the rush datanet, each reviewing up to 64 contributions per call.
	#[arg(long, default_value_t = 8)]
	pub curators: usize,
	/// Operators, each settling batches for its own consumers.
	#[arg(long, default_value_t = 4)]
	pub operators: usize,
	/// Consumers per operator: the receipts of one settle batch.
	#[arg(long, default_value_t = 400)]
	pub consumers: usize,
	/// Contributors to the data the rush model is trained on: each contributes a text before
	/// the rush, and claims its leaf of every epoch whose round closes during the rush.
	#[arg(long, default_value_t = 64)]
	pub claimers: usize,
	/// Where the contributors' texts and the attributor's data are kept (a directory named by
	/// the run in the system's temporary directory by default). The rush runs an attributor
	/// (`openledger-attributor`'s daemon, in this process) that settles every epoch.
	#[arg(long)]
	pub attribution_dir: Option<PathBuf>,
	/// How long to wait after the rush for accepted transactions to be included.
	#[arg(long, default_value_t = 180)]
	pub drain_seconds: u64,
	/// How long to wait for finality to reach the last block with our transactions.
	#[arg(long, default_value_t = 300)]
	pub finality_seconds: u64,
	/// Names the run's accounts (`//Alice//rush//<run>//…`); the current time by default.
	#[arg(long)]
	pub run: Option<String>,
	/// The sudo/funding account's secret URI.
	#[arg(long, default_value = "//Alice")]
	pub funder: String,
	/// A runtime (a `.wasm`, compressed or not) to upgrade the chain to during the rush: it is
	/// first checked against the live state (this tool's runtime must be the same one), then
	/// enacted with sudo `set_code` by the funder.
	#[arg(long)]
	pub upgrade: Option<PathBuf>,
	/// When to upgrade, in seconds after the rush began.
	#[arg(long, default_value_t = 20)]
	pub upgrade_after: u64,
	/// Also write the figures as JSON to this file.
	#[arg(long)]
	pub json: Option<PathBuf>,
}

#[tokio::main]
async fn main() {
	let options = Options::parse();
	match traffic::run(options).await {
		Ok(report) if report.ok() => {},
		Ok(_) => {
			eprintln!("rush: a check failed (see above)");
			std::process::exit(1);
		},
		Err(error) => {
			eprintln!("rush: {error}");
			std::process::exit(2);
		},
	}
}
