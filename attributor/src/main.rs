//! `openledger-attributor`: settle an attribution epoch and run its round from the command
//! line. See the crate's README for a walk-through.

use clap::{Args, Parser, Subcommand};
use openledger_attributor::{
	chain::{self, Chain, Included},
	daemon, epoch,
	salts::SaltStore,
	settlement::{self, Account, Leaf, Settlement},
	verify::{ContentVerdict, Fetcher, Verdict},
};
use openledger_primitives::{EpochIndex, Hash256};
use std::{fs, path::PathBuf, process::ExitCode};
use subxt::dynamic::Value;

#[derive(Parser)]
#[command(
	name = "openledger-attributor",
	version,
	about = "Settle OpenLedger attribution epochs: merkle roots, proofs, commit, reveal and claims."
)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Args)]
struct Node {
	/// The node's WebSocket endpoint.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// The secret key URI that signs (`//Alice`, a mnemonic, a hex seed).
	#[arg(long)]
	suri: String,
}

/// Where a commitment's salt comes from.
#[derive(Args)]
struct Salt {
	/// The salt (32 bytes, hex). Default: 32 random bytes chosen at commit and kept in the data
	/// directory until the reveal.
	#[arg(long)]
	salt: Option<String>,
	/// The directory salts are kept in (default: `$XDG_DATA_HOME/openledger-attributor`, else
	/// `~/.local/share/openledger-attributor`).
	#[arg(long)]
	data_dir: Option<PathBuf>,
}

impl Salt {
	/// The salt given, else the one `pick` (`SaltStore::for_commit` or `for_reveal`) finds in
	/// the data directory for `attributor`'s commitment to `root` for `epoch`.
	fn pick(
		self,
		pick: fn(
			&SaltStore,
			&Account,
			EpochIndex,
			&Hash256,
		) -> std::result::Result<Hash256, String>,
		attributor: &Account,
		epoch: EpochIndex,
		root: &Hash256,
	) -> Result<Hash256> {
		match self.salt {
			Some(hex) => Ok(settlement::parse_hash(&hex)?),
			None => Ok(pick(&SaltStore::open(self.data_dir)?, attributor, epoch, root)?),
		}
	}
}

/// How an epoch is scored.
#[derive(Args)]
struct Work {
	/// The IPFS HTTP gateway `ipfs://` logs and contents are fetched through.
	#[arg(long, default_value = "http://127.0.0.1:8080")]
	ipfs_gateway: String,
	/// Models scored at once (the result does not depend on it).
	#[arg(long, default_value_t = 2)]
	threads: usize,
	/// Where fetched contents and indexes are cached (default: none for `score` and
	/// `verify`, the data directory for `run`).
	#[arg(long)]
	cache_dir: Option<PathBuf>,
}

impl Work {
	fn fetcher(&self) -> Fetcher {
		Fetcher::with_gateway(&self.ipfs_gateway)
	}

	/// Gathers, fetches and scores `epoch`.
	async fn report(&self, chain: &Chain, epoch: EpochIndex) -> Result<epoch::Report> {
		let inputs = epoch::gather(chain, epoch).await?;
		let cache = self.cache_dir.as_deref().map(epoch::ContentCache::new);
		let fetched = epoch::fetch(&inputs, &self.fetcher(), cache.as_ref()).await;
		let index_dir = self.cache_dir.as_ref().map(|d| d.join("indexes"));
		let report = epoch::score(&inputs, &fetched, self.threads, index_dir.as_deref())?;
		Ok(report)
	}
}

#[derive(Subcommand)]
enum Command {
	/// Settle a file of `[{"account": ss58, "amount": "…"}]` leaves: print the root, the total,
	/// the report hash and every leaf's proof as JSON.
	Settle {
		/// The leaves (JSON).
		#[arg(long)]
		leaves: PathBuf,
		/// The full attribution report the leaves came from; its blake2-256 hash is the
		/// settlement's `report`. Without it, the leaves file is hashed.
		#[arg(long)]
		report: Option<PathBuf>,
		/// Write the settlement here instead of to standard output.
		#[arg(long)]
		out: Option<PathBuf>,
	},
	/// Print one account's claim (amount, leaf index, proof) from a settlement file.
	Proof {
		/// The settlement (JSON, from `settle` or `score`): a file, or the URI an attributor
		/// daemon serves it at.
		#[arg(long)]
		settlement: String,
		/// The account (SS58 or 0x hex).
		#[arg(long)]
		account: Account,
	},
	/// Print the commitment (and its salt) an attributor submits for `epoch`, to paste into the
	/// Apps UI's `attribution.commit`; the salt is kept as `commit` keeps it.
	Commitment {
		/// The secret key URI of the attributor (derives the account).
		#[arg(long)]
		suri: String,
		#[arg(long)]
		epoch: EpochIndex,
		/// The settlement (JSON, from `settle` or `score`): a file, or the URI an attributor
		/// daemon serves it at.
		#[arg(long)]
		settlement: String,
		#[command(flatten)]
		salt: Salt,
	},
	/// Print the current epoch and the state of an epoch's round, pool and settlement.
	Status {
		/// The node's WebSocket endpoint.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		url: String,
		/// The epoch to show (default: the previous one, whose round is the latest).
		#[arg(long)]
		epoch: Option<EpochIndex>,
	},
	/// Fetch and check every usage log operators named in `epoch`: print, per log, whether it
	/// is accepted (and how many outputs it names) or why it is left out, as JSON lines.
	Logs {
		/// The node's WebSocket endpoint.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		url: String,
		#[arg(long)]
		epoch: EpochIndex,
		/// The IPFS HTTP gateway `ipfs://` logs are fetched through.
		#[arg(long, default_value = "http://127.0.0.1:8080")]
		ipfs_gateway: String,
	},
	/// Fetch and check the content of every contribution of a published datanet version:
	/// print, per contribution in acceptance order, whether its content is what the contributor
	/// committed to (hash and size) or why it earns nothing, as JSON lines.
	Contents {
		/// The node's WebSocket endpoint.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		url: String,
		#[arg(long)]
		datanet: u32,
		#[arg(long)]
		version: u32,
		/// The IPFS HTTP gateway `ipfs://` contents are fetched through.
		#[arg(long, default_value = "http://127.0.0.1:8080")]
		ipfs_gateway: String,
	},
	/// Measure the attribution engine on synthetic text on this machine: index build speed (one
	/// thread), index size per byte of text, matching speed, and peak memory.
	BenchEngine {
		/// Megabytes of contribution text to index.
		#[arg(long, default_value_t = 10)]
		mb: usize,
		/// Output words to match (half quoted from the contributions, half other words).
		#[arg(long, default_value_t = 100_000)]
		output_words: usize,
		/// Megabytes of text per index shard (the daemon uses 256).
		#[arg(long, default_value_t = 256)]
		shard_mb: usize,
		/// The generator's seed.
		#[arg(long, default_value_t = 1)]
		seed: u64,
		/// Where the index is built (removed afterwards; default: a temporary directory).
		#[arg(long)]
		dir: Option<PathBuf>,
	},
	/// Settle `epoch` from public data: read what the chain recorded at the epoch's last block,
	/// fetch and check its usage logs and the used models' training data, score every model,
	/// and write the report (`report.json`, canonical) and the settlement (`settlement.json`)
	/// into `--out`. Prints the root, the total and the report hash.
	Score {
		/// The node's WebSocket endpoint.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		url: String,
		#[arg(long)]
		epoch: EpochIndex,
		/// The directory the report and the settlement are written to.
		#[arg(long)]
		out: PathBuf,
		#[command(flatten)]
		work: Work,
	},
	/// Audit a settlement: recompute an epoch's report from public data and compare it, byte for
	/// byte, with `--report` (a file, or a `file://`, `http(s)://` or `ipfs://` URI as
	/// attributors name them on chain); print the leaves' root and total, and whether the chain
	/// finalised this report. Exits with failure when they differ.
	Verify {
		/// The node's WebSocket endpoint.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		url: String,
		/// The report to audit.
		#[arg(long)]
		report: String,
		#[command(flatten)]
		work: Work,
	},
	/// Run the attributor: follow the chain and settle every epoch the signer's bond may
	/// settle — score it when it ends, commit, name the report, reveal, close — keeping its
	/// progress in the data directory and serving its reports over HTTP.
	Run {
		#[command(flatten)]
		node: Node,
		/// Where reports, settlements, salts, fetched contents and indexes are kept.
		#[arg(long)]
		data_dir: PathBuf,
		/// Serve reports on this address (`/reports/<epoch>.json`,
		/// `/settlements/<epoch>.json`); loopback unless told otherwise. `none`: do not
		/// serve, and name reports by their `file://` path.
		#[arg(long, default_value = "127.0.0.1:9960")]
		http: String,
		/// The base URL reports are named under on chain (default: `http://<--http>`).
		#[arg(long)]
		public_url: Option<String>,
		/// Seconds between looks at the chain.
		#[arg(long, default_value_t = 2)]
		poll: u64,
		#[command(flatten)]
		work: Work,
	},
	/// Measure the engine's quality on a labelled set generated from a seed (planted verbatim
	/// and paraphrased passages from known contributions, copies, boilerplate), with the chain's
	/// default parameters: precision, recall, paraphrase recall and the L1 distance of shares.
	BenchQuality {
		/// Contributions of 200 words.
		#[arg(long, default_value_t = 2_000)]
		contributions: usize,
		/// Outputs, each with three planted passages.
		#[arg(long, default_value_t = 1_000)]
		outputs: usize,
		/// Paraphrased passages have every k-th word changed.
		#[arg(long, default_value_t = 5)]
		paraphrase_every: usize,
		/// The generator's seed.
		#[arg(long, default_value_t = 1)]
		seed: u64,
	},
	/// Register the signer as an attributor, holding `bond`.
	Register {
		#[command(flatten)]
		node: Node,
		/// The bond, in the smallest unit.
		#[arg(long)]
		bond: u128,
	},
	/// Commit the signer to a settlement of `epoch` (during the epoch's commit window).
	Commit {
		#[command(flatten)]
		node: Node,
		#[arg(long)]
		epoch: EpochIndex,
		/// The settlement (JSON, from `settle` or `score`): a file, or the URI an attributor
		/// daemon serves it at.
		#[arg(long)]
		settlement: String,
		#[command(flatten)]
		salt: Salt,
	},
	/// Reveal the committed settlement of `epoch` (during the epoch's reveal window).
	Reveal {
		#[command(flatten)]
		node: Node,
		#[arg(long)]
		epoch: EpochIndex,
		/// The settlement (JSON, from `settle` or `score`): a file, or the URI an attributor
		/// daemon serves it at.
		#[arg(long)]
		settlement: String,
		#[command(flatten)]
		salt: Salt,
	},
	/// Close `epoch`'s round after its challenge window (anyone may).
	Close {
		#[command(flatten)]
		node: Node,
		#[arg(long)]
		epoch: EpochIndex,
	},
	/// Claim leaves of `epoch`'s finalised settlement; anyone may claim for any account.
	Claim {
		#[command(flatten)]
		node: Node,
		#[arg(long)]
		epoch: EpochIndex,
		/// The settlement (JSON, from `settle` or `score`): a file, or the URI an attributor
		/// daemon serves it at.
		#[arg(long)]
		settlement: String,
		/// The accounts to claim for (repeat the flag); one account is claimed with `claim`,
		/// several with `claim_batch`.
		#[arg(long = "account")]
		accounts: Vec<Account>,
		/// Claim every leaf, in batches.
		#[arg(long, conflicts_with = "accounts")]
		all: bool,
	},
}

type Result<T> = std::result::Result<T, openledger_attributor::Error>;

/// A settlement from a file, or from a URI (`http://127.0.0.1:9960/settlements/<epoch>.json`, as
/// an attributor daemon serves it), with every proof checked.
async fn read_settlement(source: &str) -> Result<Settlement> {
	let bytes = match source.split_once("://") {
		Some(_) => Fetcher::default().fetch(source).await?,
		None => fs::read(source).map_err(|e| format!("{source}: {e}"))?,
	};
	let settlement: Settlement =
		serde_json::from_slice(&bytes).map_err(|e| format!("{source}: {e}"))?;
	if !settlement.verify() {
		return Err(format!("{source}: a proof does not lead to the root").into());
	}
	Ok(settlement)
}

fn print_report(report: &epoch::Report, settled: Option<&Settlement>) {
	let accepted = report.logs.iter().filter(|l| l.refusal.is_none()).count();
	println!("epoch: {} (state at block {} {})", report.epoch, report.block, report.block_hash);
	println!("usage logs: {accepted} of {} accepted", report.logs.len());
	for model in &report.models {
		let credited: u64 = model.contributions.iter().map(|c| c.words).sum();
		let paid: u128 = model.contributions.iter().map(|c| c.amount.0).sum();
		println!(
			"model {}: {} outputs ({} words, {credited} credited), pool {} + {} carried, {paid} \
			 distributed ({} by verified bytes)",
			model.model,
			model.outputs,
			model.output_words,
			model.data.0,
			model.carried.0,
			model.base.0
		);
	}
	match settled {
		Some(s) => {
			println!("leaves: {}", s.number_of_leaves);
			println!("total: {} of a pool of {}", s.total.0, report.pool.0);
			println!("root: {}", settlement::hex_hash(&s.root));
			println!("report: {}", settlement::hex_hash(&s.report));
		},
		None => println!("nothing to distribute (pool {})", report.pool.0),
	}
}

fn print_included(what: &str, included: &Included) {
	println!("{what}: in block {}", included.block);
	for event in &included.events {
		println!("  {event}");
	}
}

async fn run(command: Command) -> Result<()> {
	match command {
		Command::Settle { leaves, report, out } => {
			let text = fs::read(&leaves).map_err(|e| format!("{}: {e}", leaves.display()))?;
			let parsed: Vec<Leaf> =
				serde_json::from_slice(&text).map_err(|e| format!("{}: {e}", leaves.display()))?;
			let report = match report {
				Some(path) => fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?,
				None => text,
			};
			let settled = Settlement::new(&parsed, settlement::report_hash(&report))?;
			let json = serde_json::to_string_pretty(&settled)?;
			match out {
				Some(path) => {
					fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
					eprintln!(
						"{} leaves, total {}, root {} written to {}",
						settled.number_of_leaves,
						settled.total.0,
						settlement::hex_hash(&settled.root),
						path.display()
					);
				},
				None => println!("{json}"),
			}
		},
		Command::Proof { settlement, account } => {
			let settled = read_settlement(&settlement).await?;
			let claim = settled
				.claim_of(&account)
				.ok_or_else(|| format!("{account} has no leaf in {settlement}"))?;
			println!("{}", serde_json::to_string_pretty(claim)?);
		},
		Command::Commitment { suri, epoch, settlement, salt } => {
			let settled = read_settlement(&settlement).await?;
			let account = chain::account_of(&chain::keypair(&suri)?);
			let salt = salt.pick(SaltStore::for_commit, &account, epoch, &settled.root)?;
			println!("attributor: {account}");
			println!(
				"commitment: {}",
				settlement::hex_hash(&settled.commitment(&account, epoch, &salt))
			);
			println!("salt: {}", settlement::hex_hash(&salt));
			println!("root: {}", settlement::hex_hash(&settled.root));
			println!("total: {}", settled.total.0);
			println!("report: {}", settlement::hex_hash(&settled.report));
		},
		Command::Status { url, epoch } => {
			let chain = Chain::connect(&url).await?;
			println!("current epoch: {}", chain.query("current_epoch", vec![]).await?);
			println!("schedule: {}", chain.query("schedule", vec![]).await?);
			let epoch = match epoch {
				Some(epoch) => epoch,
				None => chain.current_epoch().await?.saturating_sub(1),
			};
			let arg = || vec![Value::u128(epoch.into())];
			println!("epoch {epoch} round: {}", chain.query("round", arg()).await?);
			println!("epoch {epoch} pool: {}", chain.query("epoch_pool", arg()).await?);
			println!("epoch {epoch} model pools: {}", chain.query("model_pools", arg()).await?);
			println!("epoch {epoch} settlement: {}", chain.query("settlement", arg()).await?);
		},
		Command::Logs { url, epoch, ipfs_gateway } => {
			let chain = Chain::connect(&url).await?;
			let genesis = chain.genesis().await?;
			let fetcher = Fetcher::with_gateway(&ipfs_gateway);
			let logs = chain.usage_logs(epoch, None).await?;
			let mut accepted = 0;
			for record in &logs {
				let verdict = Verdict::of(record, &genesis, &fetcher).await;
				accepted += usize::from(verdict.refusal.is_none());
				println!("{}", serde_json::to_string(&verdict)?);
			}
			eprintln!("epoch {epoch}: {accepted} of {} usage logs accepted", logs.len());
		},
		Command::Contents { url, datanet, version, ipfs_gateway } => {
			let chain = Chain::connect(&url).await?;
			let fetcher = Fetcher::with_gateway(&ipfs_gateway);
			let entries = chain.version_contributions(datanet, version, None).await?;
			let mut fetched = 0;
			for entry in &entries {
				let (verdict, _) = ContentVerdict::of(entry, &fetcher).await;
				fetched += usize::from(verdict.refusal.is_none());
				println!("{}", serde_json::to_string(&verdict)?);
			}
			eprintln!(
				"datanet {datanet} version {version}: {fetched} of {} contributions checked out",
				entries.len()
			);
		},
		Command::BenchEngine { mb, output_words, shard_mb, seed, dir } => {
			bench_engine(mb, output_words, shard_mb, seed, dir)
		},
		Command::BenchQuality { contributions, outputs, paraphrase_every, seed } => {
			use openledger_attributor::{engine::Params, quality};
			let shape = quality::Shape {
				contributions,
				outputs,
				paraphrase_every: paraphrase_every.max(1),
				seed,
				..quality::Shape::default()
			};
			let params = Params::default();
			let q = quality::measure(&shape, &params);
			println!(
				"labelled set:       {contributions} contributions of {} words (every tenth copies an \
				 earlier one's first half; {} share a boilerplate passage), {outputs} outputs",
				shape.words,
				params.max_docs * 3
			);
			println!(
				"planted:            {} verbatim passages ({}-{} words), {} with every {}th word \
				 changed, {} boilerplate",
				q.planted.0,
				params.min_words,
				params.min_words + 32,
				q.planted.1,
				shape.paraphrase_every,
				q.planted.2
			);
			println!(
				"precision:          {:.4} (credited contributions that are a source)",
				q.precision
			);
			println!("recall (verbatim):  {:.4}", q.recall);
			println!("recall (paraphrase): {:.4}", q.paraphrase_recall);
			println!("boilerplate credited: {}", q.boilerplate_credited);
			println!(
				"L1 of shares:       {:.4} (0 = exactly the verbatim truth, 2 = disjoint)",
				q.l1
			);
		},
		Command::Score { url, epoch, out, work } => {
			let chain = Chain::connect(&url).await?;
			let report = work.report(&chain, epoch).await?;
			let settled = epoch::settle(&report);
			let store = daemon::Store::new(&out);
			store.save_report(epoch, &report, settled.as_ref())?;
			print_report(&report, settled.as_ref());
			eprintln!("written to {}", store.report_path(epoch).parent().unwrap_or(&out).display());
		},
		Command::Verify { url, report, work } => {
			let bytes = match report.split_once("://") {
				Some(_) => work.fetcher().fetch(&report).await?,
				None => fs::read(&report).map_err(|e| format!("{report}: {e}"))?,
			};
			let claimed: epoch::Report = serde_json::from_slice(&bytes)
				.map_err(|e| format!("{report}: not a report: {e}"))?;
			let chain = Chain::connect(&url).await?;
			let recomputed = work.report(&chain, claimed.epoch).await?;
			let settled = epoch::settle(&recomputed);
			print_report(&recomputed, settled.as_ref());
			let hash = settlement::report_hash(&bytes);
			match chain.settlement(claimed.epoch).await? {
				Some(finalised) if finalised.report == hash => {
					println!("the chain finalised this report for epoch {}", claimed.epoch)
				},
				Some(finalised) => println!(
					"the chain finalised another report for epoch {}: {}",
					claimed.epoch,
					settlement::hex_hash(&finalised.report)
				),
				None => {
					println!("the chain has no finalised settlement of epoch {}", claimed.epoch)
				},
			}
			if recomputed.to_bytes() != bytes {
				return Err(format!(
					"{report} differs from the report recomputed from public data: {}",
					epoch::first_difference(&claimed, &recomputed)
				)
				.into());
			}
			println!("verified: {report} is the report public data give, byte for byte");
		},
		Command::Run { node, data_dir, http, public_url, poll, work } => {
			let http = match http.as_str() {
				"none" => None,
				addr => Some(addr.parse().map_err(|e| format!("--http {addr}: {e}"))?),
			};
			let config = daemon::Config {
				url: node.url,
				key: chain::keypair(&node.suri)?,
				data_dir: data_dir.clone(),
				http,
				public_url,
				fetcher: work.fetcher(),
				threads: work.threads,
				poll: std::time::Duration::from_secs(poll.max(1)),
			};
			if let Some(addr) = http {
				let dir = data_dir.clone();
				tokio::spawn(async move {
					if let Err(e) = daemon::serve(addr, dir).await {
						eprintln!("error: {e}");
						std::process::exit(1);
					}
				});
			}
			// The node may still be starting (scripts/run-dev.sh starts both at once).
			let mut waited = 0;
			let daemon = loop {
				match daemon::Daemon::connect(config.clone()).await {
					Ok(daemon) => break daemon,
					Err(e) if waited < 120 => {
						if waited == 0 {
							eprintln!("waiting for the node at {}: {e}", config.url);
						}
						waited += 1;
						tokio::time::sleep(std::time::Duration::from_secs(1)).await;
					},
					Err(e) => return Err(e),
				}
			};
			daemon.run().await?;
		},
		Command::Register { node, bond } => {
			let chain = Chain::connect(&node.url).await?;
			let key = chain::keypair(&node.suri)?;
			print_included("registered", &chain.register(&key, bond).await?);
		},
		Command::Commit { node, epoch, settlement, salt } => {
			let settled = read_settlement(&settlement).await?;
			let key = chain::keypair(&node.suri)?;
			let salt =
				salt.pick(SaltStore::for_commit, &chain::account_of(&key), epoch, &settled.root)?;
			let chain = Chain::connect(&node.url).await?;
			print_included("committed", &chain.commit(&key, epoch, &settled, &salt).await?);
		},
		Command::Reveal { node, epoch, settlement, salt } => {
			let settled = read_settlement(&settlement).await?;
			let key = chain::keypair(&node.suri)?;
			let salt =
				salt.pick(SaltStore::for_reveal, &chain::account_of(&key), epoch, &settled.root)?;
			let chain = Chain::connect(&node.url).await?;
			print_included("revealed", &chain.reveal(&key, epoch, &settled, &salt).await?);
		},
		Command::Close { node, epoch } => {
			let chain = Chain::connect(&node.url).await?;
			let key = chain::keypair(&node.suri)?;
			print_included("closed", &chain.close(&key, epoch).await?);
		},
		Command::Claim { node, epoch, settlement, accounts, all } => {
			let settled = read_settlement(&settlement).await?;
			let claims = if all {
				settled.claims.clone()
			} else {
				accounts
					.iter()
					.map(|a| {
						settled
							.claim_of(a)
							.cloned()
							.ok_or_else(|| format!("{a} has no leaf in {settlement}"))
					})
					.collect::<std::result::Result<Vec<_>, _>>()?
			};
			let chain = Chain::connect(&node.url).await?;
			let key = chain::keypair(&node.suri)?;
			match claims.as_slice() {
				[] => return Err("name an --account to claim for, or --all".into()),
				[one] => print_included("claimed", &chain.claim(&key, epoch, &settled, one).await?),
				many => {
					for included in chain.claim_all(&key, epoch, &settled, many).await? {
						print_included("claimed (batch)", &included);
					}
				},
			}
		},
	}
	Ok(())
}

/// `bench-engine`: synthetic contributions of 80 words from a 50,000-word vocabulary, generated
/// as they are indexed (never held together), indexed on disk in `dir` as the daemon does, mapped
/// again, and matched against outputs that quote them for half their words, 200 words at a time
/// with the default parameters.
fn bench_engine(mb: usize, output_words: usize, shard_mb: usize, seed: u64, dir: Option<PathBuf>) {
	use openledger_attributor::engine::{match_output, Corpus, Index, Params};
	use std::{sync::Arc, time::Instant};
	let dir = dir.unwrap_or_else(|| {
		std::env::temp_dir().join(format!("openledger-bench-engine-{}", std::process::id()))
	});
	let _ = fs::remove_dir_all(&dir);
	let mut rng = openledger_attributor::quality::Rng::new(seed);
	let vocabulary: Vec<String> = (0..50_000).map(|i| format!("word{i}")).collect();
	// Every 64th contribution is kept to be quoted.
	let mut quotable = Vec::new();
	let (mut bytes, mut docs) = (0usize, 0u32);
	// Generating the text is timed apart: it is not the engine's work.
	let mut generating = std::time::Duration::ZERO;
	let texts = std::iter::from_fn(|| {
		if bytes >= mb * 1_000_000 {
			return None;
		}
		let started = Instant::now();
		let text = (0..80)
			.map(|_| vocabulary[rng.below(50_000)].as_str())
			.collect::<Vec<_>>()
			.join(" ");
		bytes += text.len();
		if docs.is_multiple_of(64) {
			quotable.push(text.clone());
		}
		docs += 1;
		generating += started.elapsed();
		Some(Ok::<_, std::io::Error>(text))
	});
	let started = Instant::now();
	let built = Corpus::build_in(&dir, texts, shard_mb.max(1) << 20);
	let build = (started.elapsed() - generating).as_secs_f64();
	let built = match built {
		Ok(corpus) => corpus,
		Err(e) => return eprintln!("error: cannot index into {}: {e}", dir.display()),
	};
	let memory = |field: &str| {
		fs::read_to_string("/proc/self/status").ok().and_then(|status| {
			status.lines().find_map(|l| Some(l.strip_prefix(field)?.trim().to_string()))
		})
	};
	let building_peak = memory("VmHWM:");
	let shards = built.shards();
	drop(built);
	let corpus = match Corpus::load(&dir) {
		Ok(Some(corpus)) => corpus,
		_ => return eprintln!("error: the corpus in {} does not load", dir.display()),
	};
	let indexed = corpus.size();
	let mut index = Index::default();
	index.add(Arc::new(corpus), (0..docs).collect());
	let mut output = Vec::with_capacity(output_words);
	while output.len() < output_words {
		let doc: &String = &quotable[rng.below(quotable.len())];
		output.extend(doc.split(' ').take(25).map(str::to_string));
		output.extend((0..25).map(|_| vocabulary[rng.below(50_000)].clone()));
	}
	output.truncate(output_words);
	// Twice: the first pass pages the index in (the kernel maps each page on first touch), the
	// second runs on pages already mapped, as a daemon does epoch after epoch.
	let mut passes = [0f64; 2];
	let mut spans = 0;
	for pass in &mut passes {
		let started = Instant::now();
		spans = output
			.chunks(200)
			.map(|o| match_output(&index, o, &Params::default()).spans.len())
			.sum::<usize>();
		*pass = started.elapsed().as_secs_f64();
	}
	let [cold, matching] = passes;
	let mb_text = bytes as f64 / 1e6;
	let words = docs as usize * 80;
	println!(
		"contributions:   {docs} ({mb_text:.1} MB of text, {words} words), indexed in {}",
		dir.display()
	);
	println!(
		"index build:     {build:.2} s = {:.1} MB/s on one thread ({shards} shards of at most \
		 {shard_mb} MB, each written and mapped before the next; generating the text took {:.1} s \
		 more)",
		mb_text / build,
		generating.as_secs_f64(),
	);
	println!(
		"index size:      {:.2} bytes per byte of text ({:.1} per word: the text, a 4-byte suffix \
		 array entry per byte, a word-pair filter of 10 bits per word)",
		indexed as f64 / bytes as f64,
		indexed as f64 / words as f64
	);
	println!(
		"matching:        {output_words} output words in {matching:.2} s = {:.0} words/s ({spans} \
		 spans; {:.0} words/s on the first pass, paging the index in)",
		output_words as f64 / matching,
		output_words as f64 / cold
	);
	if let Some(peak) = building_peak {
		println!("peak memory:     {peak} while building (one shard at a time)");
	}
	if let (Some(anon), Some(file)) = (memory("RssAnon:"), memory("RssFile:")) {
		println!(
			"after matching:  {anon} private, {file} of mapped index pages (the kernel's to drop)"
		);
	}
	let _ = fs::remove_dir_all(&dir);
}

#[tokio::main]
async fn main() -> ExitCode {
	let cli = Cli::parse();
	match run(cli.command).await {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			eprintln!("error: {e}");
			ExitCode::FAILURE
		},
	}
}
