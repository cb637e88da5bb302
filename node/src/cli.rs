//! The command line: `openledger-node [subcommand] [options]`.

#[cfg(feature = "benchmark")]
use polkadot_sdk::frame_benchmarking_cli;
use polkadot_sdk::sc_cli;

/// Subcommands besides running the node.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect and insert keys.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification. Deprecated in favour of `export-chain-spec`.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain specification of a chain (`dev`, `local`, or a JSON file).
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Benchmark the runtime (`pallet` and `storage` need a build with
	/// `--features runtime-benchmarks`) and the machine.
	#[cfg(feature = "benchmark")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Benchmark the runtime and the machine: not in this build. Build the node with
	/// `--workspace --features openledger-node/benchmark` (`-p openledger-node --features
	/// runtime-benchmarks` for `pallet` and `storage`), as
	/// scripts/benchmark-blocks.sh and scripts/benchmark-weights.sh do.
	#[cfg(not(feature = "benchmark"))]
	Benchmark(NoBenchmark),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),
}

/// What follows `benchmark` in a node built without the benchmark commands: taken as it comes,
/// so that any benchmark command line gets the same clear error.
#[cfg(not(feature = "benchmark"))]
#[derive(Debug, clap::Args)]
pub struct NoBenchmark {
	/// The benchmark command and its options.
	#[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
	pub args: Vec<String>,
}

/// The node's command line.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A subcommand; without one, the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options of the running node.
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,
}
