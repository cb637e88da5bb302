//! The attributor daemon (`openledger-attributor run`): follows the chain and settles every epoch
//! its bond may settle. When an epoch ends it gathers, fetches, indexes and scores it
//! ([`crate::epoch`]), commits in the commit window, names its report, reveals in the reveal
//! window and closes the round after the challenge window. What it did for each epoch is kept in
//! the data directory (`epochs/<epoch>/`: the report, the settlement and a state file, beside the
//! salts), so a restart neither loses a reveal nor commits twice. Reports are served over HTTP.

use crate::{
	chain::{self, AttributorRecord, Chain, Phase},
	epoch::{self, ContentCache, Report},
	salts::SaltStore,
	settlement::{hex_hash, Account, Settlement},
	verify::Fetcher,
	Error,
};
use openledger_primitives::EpochIndex;
use serde::{Deserialize, Serialize};
use std::{
	net::SocketAddr,
	path::{Path, PathBuf},
	time::Duration,
};
use subxt_signer::sr25519::Keypair;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How the daemon runs.
#[derive(Clone)]
pub struct Config {
	/// The node's WebSocket endpoint.
	pub url: String,
	/// The attributor's key.
	pub key: Keypair,
	/// Where reports, settlements, salts, the content cache and indexes are kept.
	pub data_dir: PathBuf,
	/// Where reports are served (`None`: not served, named by their `file://` path).
	pub http: Option<SocketAddr>,
	/// The base URL reports are named under on chain (default: `http://<http>`).
	pub public_url: Option<String>,
	/// How `ipfs://` URIs are fetched.
	pub fetcher: Fetcher,
	/// Models scored at once.
	pub threads: usize,
	/// How often the chain is looked at.
	pub poll: Duration,
}

/// What the daemon did for an epoch, kept in `epochs/<epoch>/state.json`.
#[derive(Clone, Debug, Default, Deserialize, Eq, PartialEq, Serialize)]
pub struct EpochState {
	/// The report was scored and saved (with the settlement when it has leaves).
	pub scored: bool,
	/// The report has no leaves: nothing to commit.
	pub empty: bool,
	/// The commitment is on chain.
	pub committed: bool,
	/// The report's URI is on chain.
	pub named: bool,
	/// The reveal is on chain.
	pub revealed: bool,
	/// The round is closed.
	pub closed: bool,
	/// Why the epoch is not settled by this attributor, if it is not.
	pub skipped: Option<String>,
	/// The hash of the epoch's last block when this state was first written: a state of another
	/// chain (a dev chain started again on the same data directory) is forgotten.
	#[serde(default)]
	pub block: Option<String>,
}

/// The data directory's epoch files.
pub struct Store {
	dir: PathBuf,
}

impl Store {
	/// The store under `data_dir`.
	pub fn new(data_dir: &Path) -> Self {
		Self { dir: data_dir.join("epochs") }
	}

	fn epoch_dir(&self, epoch: EpochIndex) -> PathBuf {
		self.dir.join(epoch.to_string())
	}

	/// Where `epoch`'s report is kept.
	pub fn report_path(&self, epoch: EpochIndex) -> PathBuf {
		self.epoch_dir(epoch).join("report.json")
	}

	/// Where `epoch`'s settlement is kept.
	pub fn settlement_path(&self, epoch: EpochIndex) -> PathBuf {
		self.epoch_dir(epoch).join("settlement.json")
	}

	fn state_path(&self, epoch: EpochIndex) -> PathBuf {
		self.epoch_dir(epoch).join("state.json")
	}

	/// What was done for `epoch`.
	pub fn state(&self, epoch: EpochIndex) -> EpochState {
		std::fs::read(self.state_path(epoch))
			.ok()
			.and_then(|bytes| serde_json::from_slice(&bytes).ok())
			.unwrap_or_default()
	}

	/// Records what was done for `epoch` (written to a temporary file, then renamed, so a
	/// crash never leaves half a state).
	pub fn save_state(&self, epoch: EpochIndex, state: &EpochState) -> Result<(), Error> {
		let path = self.state_path(epoch);
		write_atomically(&path, &serde_json::to_vec_pretty(state)?)
	}

	/// Keeps `epoch`'s report (canonical bytes) and its settlement.
	pub fn save_report(
		&self,
		epoch: EpochIndex,
		report: &Report,
		settlement: Option<&Settlement>,
	) -> Result<(), Error> {
		write_atomically(&self.report_path(epoch), &report.to_bytes())?;
		if let Some(settlement) = settlement {
			write_atomically(
				&self.settlement_path(epoch),
				serde_json::to_string_pretty(settlement)?.as_bytes(),
			)?;
		}
		Ok(())
	}

	/// Forgets everything kept for `epoch`.
	pub fn forget(&self, epoch: EpochIndex) -> Result<(), Error> {
		let dir = self.epoch_dir(epoch);
		match std::fs::remove_dir_all(&dir) {
			Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
				Err(format!("{}: {e}", dir.display()).into())
			},
			_ => Ok(()),
		}
	}

	/// `epoch`'s kept settlement.
	pub fn settlement(&self, epoch: EpochIndex) -> Result<Settlement, Error> {
		let path = self.settlement_path(epoch);
		let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
		Ok(serde_json::from_slice(&bytes)?)
	}
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
	let dir = path.parent().ok_or("a file has a directory")?;
	std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
	let temporary = path.with_extension("tmp");
	std::fs::write(&temporary, bytes).map_err(|e| format!("{}: {e}", temporary.display()))?;
	std::fs::rename(&temporary, path).map_err(|e| format!("{}: {e}", path.display()))?;
	Ok(())
}

/// Serves `epochs/<epoch>/report.json` and `settlement.json` as `/reports/<epoch>.json` and
/// `/settlements/<epoch>.json`, read only, to anyone who can reach `addr`.
pub async fn serve(addr: SocketAddr, data_dir: PathBuf) -> Result<(), Error> {
	let listener = tokio::net::TcpListener::bind(addr)
		.await
		.map_err(|e| format!("serving reports on {addr}: {e}"))?;
	eprintln!("serving reports on http://{addr}/reports/<epoch>.json");
	let store = std::sync::Arc::new(Store::new(&data_dir));
	loop {
		let Ok((mut socket, _)) = listener.accept().await else { continue };
		let store = store.clone();
		tokio::spawn(async move {
			let mut request = vec![0u8; 4096];
			let Ok(Ok(n)) =
				tokio::time::timeout(Duration::from_secs(10), socket.read(&mut request)).await
			else {
				return;
			};
			let line = String::from_utf8_lossy(&request[..n]);
			let path = line.split_whitespace().nth(1).unwrap_or("/");
			let file = path
				.strip_prefix("/reports/")
				.and_then(|e| e.strip_suffix(".json")?.parse().ok())
				.map(|e| store.report_path(e))
				.or_else(|| {
					path.strip_prefix("/settlements/")
						.and_then(|e| e.strip_suffix(".json")?.parse().ok())
						.map(|e| store.settlement_path(e))
				});
			let (status, body) = match file.map(std::fs::read) {
				Some(Ok(body)) => ("200 OK", body),
				_ => ("404 Not Found", b"not found\n".to_vec()),
			};
			let head = format!(
				"HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
				 access-control-allow-origin: *\r\nconnection: close\r\n\r\n",
				body.len()
			);
			let _ = socket.write_all(head.as_bytes()).await;
			let _ = socket.write_all(&body).await;
		});
	}
}

/// The daemon.
pub struct Daemon {
	config: Config,
	chain: Chain,
	store: Store,
	salts: SaltStore,
	account: Account,
	/// The epochs whose scoring was announced (once each, however many tries it takes).
	announced: std::sync::Mutex<std::collections::BTreeSet<EpochIndex>>,
	/// The epochs whose kept state was found to be of this chain.
	checked: std::sync::Mutex<std::collections::BTreeSet<EpochIndex>>,
}

impl Daemon {
	/// Connects to the node.
	pub async fn connect(config: Config) -> Result<Self, Error> {
		let chain = Chain::connect(&config.url).await?;
		let store = Store::new(&config.data_dir);
		let salts = SaltStore::open(Some(config.data_dir.clone()))?;
		let account = chain::account_of(&config.key);
		let (announced, checked) = Default::default();
		Ok(Self { config, chain, store, salts, account, announced, checked })
	}

	/// Follows the chain for ever, settling each epoch in turn.
	pub async fn run(self) -> Result<(), Error> {
		eprintln!("attributor {} following {}", self.account, self.config.url);
		let mut last_error = String::new();
		loop {
			match self.step().await {
				Ok(()) => last_error.clear(),
				Err(e) => {
					// A node restarting or a transaction refused: try again, saying it once.
					let message = e.to_string();
					if message != last_error {
						eprintln!("attributor: {message}");
						last_error = message;
					}
				},
			}
			tokio::time::sleep(self.config.poll).await;
		}
	}

	/// Looks at the rounds that may need this attributor: the last epoch's and the two before
	/// (whose rounds may still be revealing or closing). The newest first, whose windows are open
	/// now (closing an older round can wait a block), and a failure in one does not hold the
	/// others back: the first is returned once each was looked at.
	pub async fn step(&self) -> Result<(), Error> {
		let current = self.chain.current_epoch().await?;
		let record = self.chain.attributor(&self.account).await?;
		let mut failed = None;
		for epoch in (current.saturating_sub(3)..current).rev() {
			if let Err(e) = self.settle(epoch, record.as_ref()).await {
				failed.get_or_insert(e);
			}
		}
		failed.map_or(Ok(()), Err)
	}

	async fn settle(
		&self,
		epoch: EpochIndex,
		record: Option<&AttributorRecord>,
	) -> Result<(), Error> {
		let mut state = self.store.state(epoch);
		let unchecked = self.checked.lock().map(|c| !c.contains(&epoch)).unwrap_or(true);
		if let Some(kept) = state.block.as_ref().filter(|_| unchecked) {
			if self.last_block_hash(epoch).await?.as_ref() == Some(kept) {
				// Blocks that ended an epoch are final: once is enough.
				let _ = self.checked.lock().map(|mut c| c.insert(epoch));
			} else {
				eprintln!(
					"epoch {epoch}: what the data directory kept is of another chain: forgotten"
				);
				self.store.forget(epoch)?;
				state = EpochState::default();
			}
		}
		if state.closed || state.skipped.is_some() || state.empty {
			return Ok(());
		}
		let phase = self.chain.phase(epoch).await?;
		if phase != Phase::EpochRunning && state.block.is_none() {
			state.block = self.last_block_hash(epoch).await?;
		}
		match phase {
			Phase::EpochRunning => Ok(()),
			Phase::Commit if !state.committed => {
				let eligible =
					record.is_some_and(|r| r.unbonding_at.is_none() && r.active_from <= epoch);
				if !eligible {
					if !state.scored {
						eprintln!(
							"epoch {epoch}: {} is not an active attributor for it: not settling",
							self.account
						);
						state.skipped = Some("not an active attributor".into());
						self.store.save_state(epoch, &state)?;
					}
					return Ok(());
				}
				if !state.scored {
					self.score(epoch, &mut state).await?;
				}
				if state.empty {
					return Ok(());
				}
				let settlement = self.store.settlement(epoch)?;
				let salt = self.salts.for_commit(&self.account, epoch, &settlement.root)?;
				match self.chain.commit(&self.config.key, epoch, &settlement, &salt).await {
					Ok(_) => eprintln!(
						"epoch {epoch}: committed (root {}, total {})",
						hex_hash(&settlement.root),
						settlement.total.0
					),
					Err(e) if e.refused_with("AlreadyCommitted") => {},
					Err(e) => return Err(e.into()),
				}
				state.committed = true;
				// The report is named at the next look, while the window is still the commit
				// one; otherwise after the reveal.
				self.store.save_state(epoch, &state)
			},
			Phase::Commit => self.name_report(epoch, &mut state).await,
			// The reveal first: it is what the round counts and the bond answers for, and its
			// window is short; the report's name may follow until the round closes.
			Phase::Reveal if state.committed && !state.revealed => {
				let settlement = self.store.settlement(epoch)?;
				let salt = self.salts.for_reveal(&self.account, epoch, &settlement.root)?;
				match self.chain.reveal(&self.config.key, epoch, &settlement, &salt).await {
					Ok(_) => eprintln!("epoch {epoch}: revealed"),
					Err(e) if e.refused_with("AlreadyRevealed") => {},
					Err(e) => return Err(e.into()),
				}
				state.revealed = true;
				self.store.save_state(epoch, &state)?;
				self.name_report(epoch, &mut state).await
			},
			Phase::Reveal | Phase::Challenge => self.name_report(epoch, &mut state).await,
			Phase::Closable if state.committed => {
				match self.chain.close(&self.config.key, epoch).await {
					Ok(included) => {
						eprintln!("epoch {epoch}: round closed");
						for event in included.events.iter().filter(|e| e.contains("Attribution.")) {
							eprintln!("  {event}");
						}
					},
					Err(e) if e.refused_with("RoundAlreadyClosed") => {},
					Err(e) => return Err(e.into()),
				}
				state.closed = true;
				self.store.save_state(epoch, &state)
			},
			Phase::Closed => {
				state.closed = true;
				self.store.save_state(epoch, &state)
			},
			_ => Ok(()),
		}
	}

	/// The hash of `epoch`'s last block, if the chain has it.
	async fn last_block_hash(&self, epoch: EpochIndex) -> Result<Option<String>, Error> {
		let block = epoch::last_block(epoch, self.chain.schedule().await?.epoch_length);
		if self.chain.best_number().await? < block {
			return Ok(None);
		}
		Ok(Some(hex_hash(&self.chain.block_hash(block).await?)))
	}

	/// Scores `epoch` and keeps its report and settlement.
	async fn score(&self, epoch: EpochIndex, state: &mut EpochState) -> Result<(), Error> {
		if self.announced.lock().map(|mut a| a.insert(epoch)).unwrap_or(false) {
			eprintln!("epoch {epoch}: gathering what the chain recorded");
		}
		let inputs = epoch::gather(&self.chain, epoch).await?;
		let cache = ContentCache::new(&self.config.data_dir);
		let fetched = epoch::fetch(&inputs, &self.config.fetcher, Some(&cache)).await;
		eprintln!("epoch {epoch}: scoring {} models", inputs.models.len());
		let index_dir = self.config.data_dir.join("indexes");
		let report = epoch::score(&inputs, &fetched, self.config.threads, Some(&index_dir))?;
		let settlement = epoch::settle(&report);
		self.store.save_report(epoch, &report, settlement.as_ref())?;
		match &settlement {
			Some(s) => eprintln!(
				"epoch {epoch}: report {} — {} leaves, total {} of a pool of {}",
				hex_hash(&s.report),
				s.number_of_leaves,
				s.total.0,
				report.pool.0
			),
			None => eprintln!("epoch {epoch}: nothing to distribute (pool {})", report.pool.0),
		}
		state.scored = true;
		state.empty = settlement.is_none();
		self.store.save_state(epoch, state)
	}

	/// Names where `epoch`'s report can be fetched, once.
	async fn name_report(&self, epoch: EpochIndex, state: &mut EpochState) -> Result<(), Error> {
		if state.named || !state.committed {
			return Ok(());
		}
		let uri = match (&self.config.public_url, self.config.http) {
			(Some(base), _) => format!("{}/reports/{epoch}.json", base.trim_end_matches('/')),
			(None, Some(addr)) => format!("http://{addr}/reports/{epoch}.json"),
			(None, None) => format!("file://{}", self.store.report_path(epoch).display()),
		};
		self.chain.name_report(&self.config.key, epoch, &uri).await?;
		eprintln!("epoch {epoch}: report named at {uri}");
		state.named = true;
		self.store.save_state(epoch, state)
	}
}
