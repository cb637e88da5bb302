//! The rush: setting up its accounts, offering traffic, following blocks, checking the end.

use crate::{
	chain::{self, Block, Error, Node, POOL_GAVE_UP},
	report::{BlockStats, Class, Report},
	Options,
};
use codec::Encode;
use openledger_attributor::{
	chain::{self as attributor_chain, Chain as AttributorChain},
	daemon::{self, Daemon},
	epoch,
	settlement::{LeafClaim, Settlement},
	verify::Fetcher,
};
use openledger_primitives::{outputs::log_hash, settlement::LeafProof, EpochIndex, Hash256};
use openledger_runtime::{
	self as runtime,
	currency::OPEN,
	signing::{signed_extrinsic, ChainContext},
	AccountId, Balance, RuntimeCall, RuntimeEvent,
};
use pallet_datanets::{DataKind, DatanetMetadata, Verdict};
use pallet_inference::{Receipt, ReceiptPayload, RECEIPT_DOMAIN};
use pallet_models::{ModelMetadata, Price};
use polkadot_sdk::{
	frame_support::{
		dispatch::{DispatchClass, GetDispatchInfo},
		traits::Get,
	},
	pallet_balances, pallet_transaction_payment, pallet_utility,
	sp_core::{
		crypto::{DeriveJunction, Pair as _},
		sr25519, H256,
	},
	sp_crypto_hashing::blake2_256,
	sp_runtime::{MultiAddress, MultiSignature},
};
use std::{
	collections::{BTreeMap, HashMap, HashSet, VecDeque},
	path::Path,
	time::{Duration, Instant},
};
use tokio::sync::mpsc;

/// A signing account and the nonce of its next transaction.
struct Account {
	pair: sr25519::Pair,
	id: AccountId,
	nonce: u32,
	/// Whether a transaction of it is in flight.
	busy: bool,
	/// The best block when it first tried to send its current transaction: latency counts
	/// from there, across refusals and retries, as its user waits.
	first_try: Option<u32>,
}

impl Account {
	fn new(uri: &str) -> Result<Self, Error> {
		let pair = sr25519::Pair::from_string(uri, None).map_err(|e| format!("{uri}: {e:?}"))?;
		Ok(Self::of(pair))
	}

	fn of(pair: sr25519::Pair) -> Self {
		Self { id: pair.public().into(), pair, nonce: 0, busy: false, first_try: None }
	}

	/// The account `<self's URI>//rush//<run>//<role>//<i>`, derived from this one's key (the
	/// seed phrase is stretched once, not once per account).
	fn derive(&self, run: &str, role: &str, i: usize) -> Result<Self, Error> {
		let path = ["rush", run, role, &i.to_string()]
			.map(|part| DeriveJunction::from(format!("/{part}")));
		let (pair, _) = self.pair.derive(path.into_iter(), None).map_err(|e| format!("{e:?}"))?;
		Ok(Self::of(pair))
	}
}

/// An operator and the consumers whose receipts it settles.
struct Operator {
	account: Account,
	consumers: Vec<(Account, u64)>,
	/// The receipts' nonce of the next batch (each batch is one more receipt per consumer).
	batch: u64,
}

/// A transaction in flight.
struct InFlight {
	class: Class,
	/// Who sent it: the index of its account in the class.
	sender: usize,
	/// Its nonce.
	nonce: u32,
	/// When the pool gave it up without including it: the best block then, and why.
	given_up: Option<(u32, String)>,
	/// The best block when it was submitted.
	since: u32,
	/// The spec version it was signed for.
	spec: u32,
	/// Its signed bytes, sent again unchanged to another node when the one holding it goes away.
	extrinsic: Vec<u8>,
	/// How many times it was sent again that way.
	rebroadcasts: usize,
	/// The best block when it was last sent to a node.
	sent_best: u32,
	/// The node it was sent to (last), whether a node accepted it, and the last pool status its
	/// watcher heard.
	node: usize,
	accepted: bool,
	/// When it was sent, and how long its node took to accept it.
	sent_at: Instant,
	accepted_after: Option<Duration>,
	last: String,
	/// Whether its watcher last heard that a block including it was retracted.
	retracted: bool,
	/// The blocks that included it (more than one after a re-organisation).
	included: Vec<(u32, H256)>,
	/// The receipts it settled, if a settle batch, where first included.
	settled: u64,
	/// Why its pool gave it up after a block of the best chain followed included it: its
	/// watcher's node may be on another branch. Taken back should that block leave the best
	/// chain.
	doubt: Option<String>,
}

/// The receipts that a settle batch's events say it settled.
fn settled_in<'a>(events: impl IntoIterator<Item = &'a RuntimeEvent>) -> u64 {
	events
		.into_iter()
		.map(|event| match event {
			RuntimeEvent::Inference(pallet_inference::Event::BatchSettled { settled, .. }) => {
				u64::from(*settled)
			},
			_ => 0,
		})
		.sum()
}

/// Whether a transaction sent when the best block was `since` and included in block `at` waited
/// across one of the runtime upgrades enacted in `upgraded` (its blocks' numbers and hashes).
fn spans_upgrade(upgraded: &[(u32, H256)], since: u32, at: u32) -> bool {
	upgraded.iter().any(|(n, _)| since <= *n && at > *n)
}

/// A block followed: its parent, and the contributions it hands to the curators.
struct Seen {
	parent: H256,
	/// The rush datanet's contributions it holds.
	contributions: Vec<u32>,
}

/// What the nodes said about a submission, and what came of asking for a nonce.
enum Answer {
	/// The pool took it.
	Accepted(H256),
	/// The pool refused it: why.
	Refused(H256, String),
	/// The pool gave it up after taking it (its watcher's last status): why.
	GivenUp(H256, String),
	/// The node it was sent to again refused it: why.
	RebroadcastRefused(H256, String),
	/// The account's next nonce, asked for after a refusal as outdated.
	Nonce(Class, usize, u32),
	/// The spec version of the runtime after an upgrade was enacted.
	Spec(u32),
	/// A pool status a transaction's watcher heard.
	Status(H256, String),
	/// How a step of the runtime upgrade went.
	Upgrade(&'static str, Result<String, String>),
	/// The settlement of an epoch rebuilt from its named report, or why not.
	Settlement(EpochIndex, Result<Settlement, String>),
}

/// Fees in a receipt and a payment: cheap, so nobody runs out during a long run.
const PRICE_PER_1K: Balance = OPEN / 1_000_000;
/// What each account is given for fees and bonds.
const FUNDING: Balance = 20 * OPEN;
/// What each operator is given: settle batches pay fees by the receipt.
const OPERATOR_FUNDING: Balance = 1_000 * OPEN;
/// What each settling consumer allocates to its operator.
const ALLOCATION: Balance = 5 * OPEN;
/// What the rush's attributor bonds: ten times the minimum, so that its bond alone makes the
/// quorum on a dev chain whose genesis attributor (Alice, 1,000 OPEN) runs no daemon.
const ATTRIBUTOR_BOND: Balance = 10_000 * OPEN;
/// Payers who pay for inference once before the rush, so the epoch the setup ends in has a pool
/// whose round closes early in the rush.
const WARM_UP_PAYERS: usize = 8;
/// Transfers per funding batch.
const FUNDING_BATCH: usize = 400;
/// The most decisions one review carries: the runtime's `MaxReviewBatch`.
fn review_batch() -> usize {
	let batch: u32 = <runtime::Runtime as pallet_datanets::Config>::MaxReviewBatch::get();
	batch as usize
}
/// The offered weight of direct payments and contributions, in percent of what a block's normal
/// class holds; transfers make up the rest of the overload.
const PRODUCT_RATES: [(Class, u128); 2] = [(Class::Pay, 10), (Class::Contribute, 5)];
/// The tip of payments, contributions and reviews: any tip puts a transaction ahead of the
/// tip-less flood (docs/rush-hour.md).
const PRODUCT_TIP: Balance = openledger_runtime::currency::MICRO_OPEN;
/// How many of each operator's batches name a usage log.
const LOGGED_BATCHES: u64 = 8;
/// What a sender sees when the node holding its transaction goes away (killed, restarted).
const NODE_WENT_AWAY: &str = "node went away: the watch ended";
/// Why a settle batch or claim refused by its node is given up: a copy of its nonce sent before
/// is in that pool (it waits for that copy to be included, or gives up after a while).
const COPY_WAITS: &str = "an earlier copy of its nonce waits in that pool";
/// Why a transaction seen in a block is taken back.
const RETRACTED: &str = "seen in a block a re-organisation retracted";
/// Blocks to wait after the pool gave a transaction up before its account sends again with the
/// same nonce (another node may still include it).
const GIVE_UP_BLOCKS: u32 = 2;
/// Blocks an accepted transaction waits in a pool, not included, before its sender sends the
/// same bytes to another node as well: a node gossips a transaction to each peer once, and a
/// peer whose pool was full then never hears of it again, so what waits in a pool that does not
/// author (the RPC node) may wait there for ever.
const RESEND_BLOCKS: u32 = 4;

/// The `$field` of the first of `$events` that matches `$pattern`: the id a call's event names.
macro_rules! first_event {
	($events:expr, $pattern:pat => $field:ident) => {
		$events.iter().find_map(|event| match event {
			$pattern => Some(*$field),
			_ => None,
		})
	};
}

/// The rush's state: accounts per class, what is in flight, what was measured.
struct Rush {
	nodes: Vec<Node>,
	next_node: usize,
	/// The chain's genesis and the spec version transactions are signed for (it changes when
	/// a runtime upgrade is enacted).
	chain: ChainContext,
	best: u32,
	/// The blocks that enacted a runtime upgrade (`System::CodeUpdated`).
	upgraded_in: Vec<(u32, H256)>,
	accounts: BTreeMap<Class, Vec<Account>>,
	free: BTreeMap<Class, VecDeque<usize>>,
	operators: Vec<Operator>,
	model: u32,
	datanet: u32,
	/// Contributions waiting for review, per curator.
	to_review: Vec<VecDeque<u32>>,
	/// The leaves each claimer has yet to claim, in order: epoch, leaf, the tree's leaf count.
	to_claim: Vec<VecDeque<(EpochIndex, LeafClaim, u32)>>,
	/// The epoch of each claimer's last claim sent.
	claim_sent: Vec<EpochIndex>,
	/// The claimers' indices by account.
	claimers: HashMap<[u8; 32], usize>,
	/// The report each round's attributor named (`ReportNamed`), by epoch: where its
	/// contributors read their leaves.
	named_reports: HashMap<EpochIndex, String>,
	/// The epochs whose named report is being read.
	reading_reports: HashSet<EpochIndex>,
	/// The result each epoch's round finalised, as the blocks showed it.
	finalised_roots: HashMap<EpochIndex, Hash256>,
	/// The epochs whose claims were queued.
	claim_epochs: HashSet<EpochIndex>,
	in_flight: HashMap<H256, InFlight>,
	/// Transactions the pool gave up: class, sender and nonce, in case a block includes them.
	given_up: HashMap<H256, (Class, usize, u32)>,
	answers: mpsc::UnboundedSender<Answer>,
	report: Report,
	/// Blocks followed, by hash.
	seen: HashMap<H256, Seen>,
	/// The last finalised block whose contributions went to the curators.
	reviewed_to: Option<H256>,
	last_seen: Option<(u32, H256, u64)>,
	/// The slot of each block followed, by number (traced with `RUSH_TRACE`).
	slots: BTreeMap<u32, u64>,
}

/// The reference time of `call` with the base weight of an extrinsic of its class.
fn weight_of(call: &RuntimeCall) -> u128 {
	let info = call.get_dispatch_info();
	let base = runtime::configs::BlockWeights::get().get(info.class).base_extrinsic;
	u128::from(info.total_weight().saturating_add(base).ref_time())
}

impl Rush {
	/// Signs `call` as `sender` of `class` with its next nonce, submits it to the next node and
	/// watches it until it is in a block or given up.
	fn send(&mut self, class: Class, sender: usize, call: RuntimeCall) {
		let weight = weight_of(&call);
		let tip = if matches!(class, Class::Transfer | Class::Settle | Class::Claim) {
			0
		} else {
			PRODUCT_TIP
		};
		let (chain, best) = (self.chain, self.best);
		let Some(account) = self.account(class, sender) else { return };
		account.busy = true;
		let nonce = account.nonce;
		let since = *account.first_try.get_or_insert(best);
		let extrinsic = signed_extrinsic(&account.pair, call, nonce, tip, chain, None).encode();
		let hash = H256(blake2_256(&extrinsic));
		let stats = self.report.classes.entry(class).or_default();
		stats.offered += 1;
		stats.offered_weight += weight;
		let spec = chain.spec_version;
		let at = self.node_for(class);
		let flight = InFlight {
			class,
			sender,
			nonce,
			given_up: None,
			since,
			spec,
			extrinsic,
			rebroadcasts: 0,
			sent_best: best,
			node: at,
			accepted: false,
			sent_at: Instant::now(),
			accepted_after: None,
			last: String::new(),
			retracted: false,
			included: vec![],
			settled: 0,
			doubt: None,
		};
		self.in_flight.insert(hash, flight);
		self.watch(hash, false);
		if matches!(class, Class::Settle | Class::Claim) {
			self.send_to_every_node(hash);
		}
	}

	/// Sends in-flight `hash`, unchanged, to every other node that has the best block followed,
	/// unwatched: what operators and claimers do, with an endpoint on several nodes. Gossip
	/// does not carry it under a flood: a node ignores what its peers send while 8,192 imports
	/// wait (`MAX_PENDING_TRANSACTIONS` of `sc-network-transactions`), and a peer that sent it
	/// once never sends it again. Only one copy can be included.
	fn send_to_every_node(&mut self, hash: H256) {
		let Some(flight) = self.in_flight.get(&hash) else { return };
		let mut sent = 0;
		for (k, node) in self.nodes.iter().enumerate() {
			if k == flight.node || node.best() < self.best {
				continue;
			}
			let (node, extrinsic) = (node.clone(), flight.extrinsic.clone());
			tokio::spawn(async move {
				let _ = node.submit_unwatched(&extrinsic).await;
			});
			sent += 1;
		}
		self.report.classes.entry(flight.class).or_default().sent_to_more_nodes += sent;
	}

	/// The node to send a transaction of `class` to: the next in turn. The flood goes to any;
	/// every other sender, as a wallet waits for its node to show its last transaction in a
	/// block, only to a node that has the best block followed. A node behind (restarted,
	/// catching up) would hold the transaction as a future one, and a pool gives up the oldest
	/// of those first, whatever their tip, when the flood's fill its future queue.
	fn node_for(&mut self, class: Class) -> usize {
		let count = self.nodes.len();
		let first = self.next_node;
		self.next_node += 1;
		if class == Class::Transfer {
			return first % count;
		}
		// The followed node has every block followed.
		self.caught_up_from(first, count).unwrap_or(0)
	}

	/// The first of `span` nodes in turn from `start` whose best block is the best followed.
	fn caught_up_from(&self, start: usize, span: usize) -> Option<usize> {
		let count = self.nodes.len();
		(start..start + span)
			.map(|k| k % count)
			.find(|&k| self.nodes[k].best() >= self.best)
	}

	/// Submits in-flight transaction `hash` to its node and watches it until it is in a block or
	/// given up: the first time (`again` false) the node's answer counts as the pool's, after
	/// that as a rebroadcast's.
	fn watch(&self, hash: H256, again: bool) {
		let Some(flight) = self.in_flight.get(&hash) else { return };
		let (node, extrinsic) = (self.nodes[flight.node].clone(), flight.extrinsic.clone());
		let answers = self.answers.clone();
		tokio::spawn(async move {
			let mut statuses = match node.submit(&extrinsic).await {
				Ok(statuses) => statuses,
				Err(error) => {
					let reason = chain::refusal(&error);
					let answer = if again {
						Answer::RebroadcastRefused(hash, reason)
					} else {
						Answer::Refused(hash, reason)
					};
					let _ = answers.send(answer);
					return;
				},
			};
			if !again {
				let _ = answers.send(Answer::Accepted(hash));
			}
			// Watched until finalised, as wallets do: a block that includes it may be retracted
			// and a pool may drop it afterwards.
			loop {
				match statuses.next().await {
					Some(Ok(status)) => {
						let name = chain::status_name(&status).to_owned();
						let _ = answers.send(Answer::Status(hash, name));
						if chain::last_status(&status) {
							break;
						}
						if let Some(reason) = chain::given_up(&status) {
							let _ = answers.send(Answer::GivenUp(hash, reason));
							break;
						}
					},
					// The node went away (killed, restarted) before the transaction was in a
					// block: what its sender sees is the watch ending.
					Some(Err(_)) | None => {
						let reason = NODE_WENT_AWAY.to_owned();
						let _ = answers.send(Answer::GivenUp(hash, reason));
						break;
					},
				}
			}
		});
	}

	/// Sends in-flight `hash` again, the same bytes, to the next node, when the node holding it
	/// went away before a block included it (`reason`) and it is not part of the flood: its
	/// sender need not wait to learn whether another pool had it, since only one of the two can
	/// be included. Otherwise it is given up, and its sender waits `GIVE_UP_BLOCKS`.
	fn rebroadcast_or_give_up(&mut self, hash: H256, reason: String) {
		let (best, nodes) = (self.best, self.nodes.len());
		let Some(flight) = self.in_flight.get_mut(&hash) else { return };
		if !flight.included.is_empty() {
			return;
		}
		let unreachable =
			reason == NODE_WENT_AWAY || reason.ends_with("sent again: node unreachable");
		if flight.class == Class::Transfer || !unreachable || flight.rebroadcasts + 1 >= nodes {
			flight.given_up = Some((best, reason));
			if flight.spec < self.chain.spec_version {
				self.retire_given_up();
			}
			return;
		}
		flight.rebroadcasts += 1;
		let (at, class) = (flight.node, flight.class);
		// The next node in turn that has the best block followed, else simply the next.
		let next = self.caught_up_from(at + 1, nodes - 1).unwrap_or((at + 1) % nodes);
		if let Some(flight) = self.in_flight.get_mut(&hash) {
			flight.node = next;
			flight.sent_best = best;
		}
		self.report.classes.entry(class).or_default().sent_again += 1;
		self.watch(hash, true);
	}

	/// The id of the account that sends `class` as `sender`.
	fn account_id(&self, class: Class, sender: usize) -> Option<openledger_runtime::AccountId> {
		let account = match class {
			Class::Settle => self.operators.get(sender).map(|o| &o.account),
			class => self.accounts.get(&class).and_then(|a| a.get(sender)),
		};
		account.map(|a| a.id.clone())
	}

	/// The account that sends `class` as `sender`.
	fn account(&mut self, class: Class, sender: usize) -> Option<&mut Account> {
		if class == Class::Settle {
			return self.operators.get_mut(sender).map(|o| &mut o.account);
		}
		self.accounts.get_mut(&class).and_then(|a| a.get_mut(sender))
	}

	/// What a node said about a submission.
	fn answer(&mut self, answer: Answer) {
		let hash = match &answer {
			Answer::Nonce(class, sender, nonce) => {
				if let Some(account) = self.account(*class, *sender) {
					account.nonce = account.nonce.max(*nonce);
				}
				self.release(*class, *sender, false);
				return;
			},
			Answer::Spec(spec) => {
				self.upgraded(*spec);
				return;
			},
			Answer::Status(hash, name) => {
				if let Some(flight) = self.in_flight.get_mut(hash) {
					flight.last.clone_from(name);
					match name.as_str() {
						"retracted" => flight.retracted = true,
						"inBlock" => flight.retracted = false,
						_ => {},
					}
				}
				return;
			},
			Answer::Upgrade(step, outcome) => {
				self.report.checks.insert(step, outcome.clone());
				return;
			},
			Answer::Settlement(epoch, settlement) => {
				self.queue_leaves(*epoch, settlement.clone());
				return;
			},
			Answer::Accepted(hash)
			| Answer::Refused(hash, _)
			| Answer::GivenUp(hash, _)
			| Answer::RebroadcastRefused(hash, _) => *hash,
		};
		let Some(flight) = self.in_flight.get_mut(&hash) else { return };
		let (class, sender, included) = (flight.class, flight.sender, !flight.included.is_empty());
		let retracted = included && flight.retracted;
		let stats = self.report.classes.entry(class).or_default();
		match answer {
			Answer::Accepted(_) => {
				stats.accepted += 1;
				flight.accepted = true;
				let after = flight.sent_at.elapsed();
				flight.accepted_after = Some(after);
				stats.accept_ms.push(u64::try_from(after.as_millis()).unwrap_or(u64::MAX));
			},
			// Included before the refusal arrived: another node that already had it refused it.
			Answer::Refused(..) if included => stats.accepted += 1,
			// A copy sent to the other nodes reached this one first: already imported, or one
			// signed for the same nonce before it (`1014`). Its sender waits for that copy as
			// for one a pool gave up, rather than sign the nonce once more.
			Answer::Refused(_, reason)
				if matches!(class, Class::Settle | Class::Claim)
					&& (reason.starts_with("1013 ") || reason.starts_with("1014 ")) =>
			{
				*stats.refused.entry(reason.clone()).or_default() += 1;
				flight.given_up = Some((self.best, format!("{COPY_WAITS} ({reason})")));
			},
			Answer::Refused(_, reason) => {
				let outdated = reason.contains("outdated");
				*stats.refused.entry(reason).or_default() += 1;
				if let Some(flight) = self.in_flight.remove(&hash) {
					// A copy sent to the other nodes may still be included.
					if matches!(class, Class::Settle | Class::Claim) {
						self.given_up.insert(hash, (class, sender, flight.nonce));
					}
				}
				if outdated {
					// A transaction given up by one pool was included from another's: ask the
					// chain for the account's nonce before it sends again.
					self.refresh_nonce(class, sender);
				} else {
					self.release(class, sender, false);
				}
			},
			Answer::GivenUp(_, reason) if !included => self.rebroadcast_or_give_up(hash, reason),
			Answer::GivenUp(_, reason)
				if Class::TAKEN_BACK.contains(&class) && reason.starts_with(POOL_GAVE_UP) =>
			{
				let blocks = flight.included.clone();
				if retracted || !self.on_best_chain(&blocks) {
					self.take_back(hash, reason);
				} else if let Some(flight) = self.in_flight.get_mut(&hash) {
					flight.doubt = Some(reason);
				}
			},
			Answer::RebroadcastRefused(_, reason) if !included => {
				self.rebroadcast_or_give_up(
					hash,
					format!("{NODE_WENT_AWAY}; sent again: {reason}"),
				);
			},
			Answer::GivenUp(..)
			| Answer::RebroadcastRefused(..)
			| Answer::Nonce(..)
			| Answer::Spec(_)
			| Answer::Status(..)
			| Answer::Upgrade(..)
			| Answer::Settlement(..) => {},
		}
	}

	/// A transaction seen in a block, then given up by its pool, and that block retracted: its
	/// watcher heard so, or the block left the best chain followed (the watcher's node may
	/// never have had it as its best). A re-organisation retracted that block, and the branch
	/// that won cannot include it (signed for the runtime an upgrade replaced, say). As a wallet
	/// that watches until finality, its sender takes the inclusion back and signs that nonce
	/// again; what it sent after it waits for that nonce as a future transaction, and is given
	/// up too. Should a pool still include any of them, it counts as included then
	/// (`given_up`). An operator signs the batch of that nonce again: its receipts are
	/// cumulative, so the batch it had moved on to settles nothing the retracted one did not.
	/// The retracted inclusion leaves the figures: its latency too.
	fn take_back(&mut self, hash: H256, reason: String) {
		let Some(flight) = self.in_flight.remove(&hash) else { return };
		let (class, sender, nonce) = (flight.class, flight.sender, flight.nonce);
		let first = flight.included.first().map(|(at, _)| *at);
		let across = first.is_some_and(|at| spans_upgrade(&self.upgraded_in, flight.since, at));
		self.report.receipts_settled = self.report.receipts_settled.saturating_sub(flight.settled);
		let stats = self.report.classes.entry(class).or_default();
		stats.included = stats.included.saturating_sub(1);
		if let Some(at) = first {
			let latencies =
				if across { &mut stats.latencies_across_upgrade } else { &mut stats.latencies };
			let latency = at.saturating_sub(flight.since);
			if let Some(i) = latencies.iter().position(|l| *l == latency) {
				latencies.swap_remove(i);
			}
		}
		*stats.given_up.entry(format!("{RETRACTED}, then {reason}")).or_default() += 1;
		self.given_up.insert(hash, (class, sender, nonce));
		let behind: Vec<H256> = self
			.in_flight
			.iter()
			.filter(|(_, f)| f.class == class && f.sender == sender && f.nonce > nonce)
			.filter(|(_, f)| f.included.is_empty())
			.map(|(hash, _)| *hash)
			.collect();
		for later in &behind {
			if let Some(f) = self.in_flight.remove(later) {
				let stats = self.report.classes.entry(class).or_default();
				*stats.given_up.entry(format!("behind a nonce {RETRACTED}")).or_default() += 1;
				self.given_up.insert(*later, (class, sender, f.nonce));
			}
		}
		if let Some(account) = self.account(class, sender) {
			let moved_back = account.nonce.saturating_sub(nonce);
			account.nonce = account.nonce.min(nonce);
			account.first_try = None;
			if class == Class::Settle {
				let operator = &mut self.operators[sender];
				operator.batch = operator.batch.saturating_sub(u64::from(moved_back)).max(1);
			}
		}
		if !behind.is_empty() {
			self.release(class, sender, false);
		}
	}

	/// Whether one of `blocks` (numbers and hashes) is on the best chain followed, as far as the
	/// blocks followed tell: what they cannot tell counts as on it.
	fn on_best_chain(&self, blocks: &[(u32, H256)]) -> bool {
		let Some((best, best_hash, _)) = self.last_seen else { return true };
		blocks.iter().any(|&(number, hash)| {
			let mut at = (best, best_hash);
			while at.0 > number {
				match self.seen.get(&at.1) {
					Some(seen) => at = (at.0 - 1, seen.parent),
					None => return true,
				}
			}
			at == (number, hash)
		})
	}

	/// Takes back what a pool gave up after a block included it once that block has left the
	/// best chain (see `take_back`).
	fn take_back_doubted(&mut self) {
		let doubted: Vec<(H256, String)> = self
			.in_flight
			.iter()
			.filter_map(|(hash, f)| Some((*hash, f.doubt.clone()?)))
			.filter(|(hash, _)| !self.on_best_chain(&self.in_flight[hash].included))
			.collect();
		for (hash, reason) in doubted {
			self.take_back(hash, reason);
		}
	}

	/// Asks the chain for the next nonce of `sender` of `class` in the best block followed,
	/// which stays busy until it knows. Not the node's `system_accountNextIndex`: that counts
	/// what waits in its pool, and a pool may still drop it, leaving the next transaction
	/// waiting for ever behind a nonce no block will include.
	fn refresh_nonce(&mut self, class: Class, sender: usize) {
		let at = self.last_seen.map(|(_, hash, _)| hash);
		let Some(account) = self.account(class, sender) else { return };
		let id = account.id.clone();
		let node = self.nodes[0].clone();
		let answers = self.answers.clone();
		tokio::spawn(async move {
			let nonce = match at {
				Some(at) => node.account_nonce(&id, at).await,
				None => node.next_nonce(&id).await,
			};
			// Unknown: the account sends again with the nonce it had.
			let _ = answers.send(Answer::Nonce(class, sender, nonce.unwrap_or_default()));
		});
	}

	/// Accounts whose transaction the pool gave up `GIVE_UP_BLOCKS` ago and no block included
	/// send again, with the same nonce; at once when it was signed for a runtime an upgrade
	/// replaced, which no block can include any more.
	fn retire_given_up(&mut self) {
		let (best, spec) = (self.best, self.chain.spec_version);
		let retired: Vec<(H256, Class, usize)> = self
			.in_flight
			.iter()
			.filter(|(_, f)| f.included.is_empty())
			.filter(|(_, f)| {
				f.given_up
					.as_ref()
					.is_some_and(|(at, _)| at + GIVE_UP_BLOCKS <= best || f.spec < spec)
			})
			.map(|(hash, f)| (*hash, f.class, f.sender))
			.collect();
		for (hash, class, sender) in retired {
			if let Some(flight) = self.in_flight.remove(&hash) {
				let reason = self.why_given_up(&flight);
				let stats = self.report.classes.entry(class).or_default();
				*stats.given_up.entry(reason).or_default() += 1;
				self.given_up.insert(hash, (class, sender, flight.nonce));
			}
			self.release(class, sender, false);
		}
	}

	/// Sends what has waited `RESEND_BLOCKS` in a pool, accepted and neither included nor given
	/// up, to the next node that has the best block as well, unchanged: only one copy can be
	/// included. Its watcher stays on the first node; the second node's answer is not waited for.
	fn resend_waiting(&mut self) {
		let (best, count) = (self.best, self.nodes.len());
		for flight in self.in_flight.values_mut() {
			let waiting =
				flight.accepted && flight.included.is_empty() && flight.given_up.is_none();
			if !waiting || best < flight.sent_best + RESEND_BLOCKS || count < 2 {
				continue;
			}
			flight.sent_best = best;
			let next = (flight.node + 1..flight.node + count)
				.map(|k| k % count)
				.find(|&k| self.nodes[k].best() >= best)
				.unwrap_or((flight.node + 1) % count);
			let (node, extrinsic) = (self.nodes[next].clone(), flight.extrinsic.clone());
			tokio::spawn(async move {
				let _ = node.submit_unwatched(&extrinsic).await;
			});
			self.report.classes.entry(flight.class).or_default().resent_waiting += 1;
		}
	}

	/// The chain now runs a runtime of spec `spec`: what waits signed for an older one can never
	/// be included, so its senders sign it again for the new one now, as wallets do, rather than
	/// wait for each pool to drop it.
	fn upgraded(&mut self, spec: u32) {
		self.chain.spec_version = spec;
		let stale: Vec<H256> = self
			.in_flight
			.iter()
			// What a node has not answered yet it will refuse, or give up: it is counted then.
			.filter(|(_, f)| f.accepted && f.included.is_empty() && f.spec < spec)
			.map(|(hash, _)| *hash)
			.collect();
		for hash in stale {
			let Some(flight) = self.in_flight.remove(&hash) else { continue };
			let reason = format!("signed for spec {}, replaced by the upgrade", flight.spec);
			let stats = self.report.classes.entry(flight.class).or_default();
			*stats.given_up.entry(reason).or_default() += 1;
			self.given_up.insert(hash, (flight.class, flight.sender, flight.nonce));
			self.release(flight.class, flight.sender, false);
		}
	}

	/// Why the pool gave `flight` up: a transaction signed for the runtime an upgrade replaced is
	/// invalid from the upgrade on, and says so.
	fn why_given_up(&self, flight: &InFlight) -> String {
		let reason = flight.given_up.as_ref().map(|(_, why)| why.clone()).unwrap_or_default();
		if flight.spec < self.chain.spec_version {
			format!("{reason}: signed for spec {}, replaced by the upgrade", flight.spec)
		} else {
			reason
		}
	}

	/// Frees `sender` of `class` for its next transaction.
	fn release(&mut self, class: Class, sender: usize, used_nonce: bool) {
		if let Some(account) = self.account(class, sender) {
			account.busy = false;
			if used_nonce {
				account.nonce += 1;
				account.first_try = None;
			}
		}
		if class == Class::Settle && used_nonce {
			self.operators[sender].batch += 1;
		}
		if !matches!(class, Class::Settle | Class::Review | Class::Claim) {
			self.free.entry(class).or_default().push_back(sender);
		}
	}

	/// Offers what one tick of the rush holds: `budget` of weight per rate-driven class, and a
	/// settle batch or review for every operator or curator that is free.
	fn offer(&mut self, budget: &mut BTreeMap<Class, u128>) {
		for class in Class::RATED {
			while let Some(&sender) = self.free.get(&class).and_then(|f| f.front()) {
				let call = self.call_for(class, sender);
				let weight = weight_of(&call);
				let left = budget.entry(class).or_default();
				if *left < weight {
					break;
				}
				*left -= weight;
				self.free.get_mut(&class).map(VecDeque::pop_front);
				self.send(class, sender, call);
			}
		}
		for k in 0..self.operators.len() {
			if !self.operators[k].account.busy {
				let call = self.settle_batch(k);
				self.send(Class::Settle, k, call);
			}
		}
		for k in 0..self.to_review.len() {
			let curator = &self.accounts[&Class::Review][k];
			if curator.busy || self.to_review[k].is_empty() {
				continue;
			}
			let take = self.to_review[k].len().min(review_batch());
			let decisions: Vec<_> =
				self.to_review[k].drain(..take).map(|id| (id, Verdict::Accept)).collect();
			let call = RuntimeCall::Datanets(pallet_datanets::Call::review {
				datanet_id: self.datanet,
				decisions,
			});
			self.send(Class::Review, k, call);
		}
	}

	/// Sends every free claimer's next claim: claims go on after the rush, while it drains, until
	/// each leaf of every round closed meanwhile is claimed.
	fn offer_claims(&mut self) {
		for k in 0..self.to_claim.len() {
			let Some((epoch, leaf, leaves)) = self.to_claim[k].front() else { continue };
			if self.accounts[&Class::Claim][k].busy {
				continue;
			}
			let call = RuntimeCall::Attribution(pallet_attribution::Call::claim {
				epoch: *epoch,
				account: AccountId::from(leaf.account.0),
				amount: leaf.amount.0,
				proof: LeafProof {
					leaf_index: leaf.leaf_index,
					number_of_leaves: *leaves,
					items: leaf.proof.clone(),
				},
			});
			self.claim_sent[k] = *epoch;
			self.send(Class::Claim, k, call);
		}
	}

	/// Claimer `sender`'s claim is in a block (the first time), with `events`: its leaf is done,
	/// paid or failed.
	fn claim_included<'a>(
		&mut self,
		sender: usize,
		events: impl Iterator<Item = &'a RuntimeEvent>,
	) {
		for event in events {
			if let RuntimeEvent::Attribution(pallet_attribution::Event::Claimed {
				amount, ..
			}) = event
			{
				self.report.attribution.claimed += 1;
				self.report.attribution.amount_claimed += amount;
			}
		}
		let epoch = self.claim_sent.get(sender).copied();
		if let Some(queue) = self.to_claim.get_mut(sender) {
			queue.retain(|(e, ..)| Some(*e) != epoch);
		}
	}

	/// Reads the report `epoch`'s attributor named, as a contributor does who was not part of
	/// the round: fetched from its URI, its settlement rebuilt (`epoch::settle`).
	fn queue_claims(&mut self, epoch: EpochIndex) {
		if !self.claim_epochs.insert(epoch) {
			return;
		}
		let Some(uri) = self.named_reports.get(&epoch).cloned() else {
			let why = format!("epoch {epoch}: the round closed with no report named");
			self.report.attribution.unclaimable.push(why);
			return;
		};
		self.reading_reports.insert(epoch);
		let answers = self.answers.clone();
		tokio::spawn(async move {
			let settlement = async {
				let bytes = Fetcher::default().fetch(&uri).await?;
				let report: epoch::Report =
					serde_json::from_slice(&bytes).map_err(|e| format!("{uri}: {e}"))?;
				epoch::settle(&report).ok_or_else(|| format!("{uri}: a report without leaves"))
			};
			let _ = answers.send(Answer::Settlement(epoch, settlement.await));
		});
	}

	/// Queues the claims of the rush's contributors on `epoch`'s `settlement`, if its root is the
	/// one the round finalised.
	fn queue_leaves(&mut self, epoch: EpochIndex, settlement: Result<Settlement, String>) {
		self.reading_reports.remove(&epoch);
		let settlement = match settlement {
			Ok(settlement) => settlement,
			Err(e) => {
				let why = format!("epoch {epoch}: the named report: {e}");
				self.report.attribution.unclaimable.push(why);
				return;
			},
		};
		if self.finalised_roots.get(&epoch) != Some(&settlement.root) {
			let why = format!("epoch {epoch}: the named report's root is not the one finalised");
			self.report.attribution.unclaimable.push(why);
			return;
		}
		for leaf in settlement.claims {
			let Some(&k) = self.claimers.get(&leaf.account.0) else { continue };
			self.report.attribution.claims_queued += 1;
			self.report.attribution.amount_queued += leaf.amount.0;
			self.to_claim[k].push_back((epoch, leaf, settlement.number_of_leaves));
		}
	}

	/// The call `sender` of rate-driven `class` makes next.
	fn call_for(&self, class: Class, sender: usize) -> RuntimeCall {
		let nonce = self.accounts[&class][sender].nonce;
		match class {
			Class::Transfer => {
				let accounts = &self.accounts[&Class::Transfer];
				let dest = accounts[(sender + 1 + nonce as usize) % accounts.len()].id.clone();
				RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
					dest: MultiAddress::Id(dest),
					value: OPEN / 1_000,
				})
			},
			Class::Pay => RuntimeCall::Inference(pallet_inference::Call::pay_for_inference {
				model: self.model,
				input_tokens: 1_000,
				output_tokens: 500,
				max_fee: OPEN,
				output: blake2_256(&(sender as u64, nonce).encode()),
				log: None,
			}),
			Class::Contribute => RuntimeCall::Datanets(pallet_datanets::Call::contribute {
				datanet_id: self.datanet,
				content_hash: blake2_256(
					&(b"rush", self.chain.genesis, sender as u64, nonce).encode(),
				),
				size: 1_000,
				uri: format!("ipfs://rush/{sender}/{nonce}").into_bytes(),
			}),
			Class::Settle | Class::Review | Class::Claim => {
				unreachable!("settle, review and claim are not rate-driven")
			},
		}
	}

	/// Operator `k`'s next batch: one receipt per consumer, cumulative, signed by each.
	fn settle_batch(&self, k: usize) -> RuntimeCall {
		let operator = &self.operators[k];
		let b = operator.batch;
		let receipts = operator
			.consumers
			.iter()
			.map(|(consumer, allocation)| {
				let payload = ReceiptPayload {
					consumer: consumer.id.clone(),
					model: self.model,
					operator: operator.account.id.clone(),
					allocation: *allocation,
					input_tokens: 1_000 * b,
					output_tokens: 500 * b,
					requests: b,
					outputs: [0; 32],
					amount: PRICE_PER_1K * 2 * Balance::from(b),
					nonce: b,
				};
				let message = (RECEIPT_DOMAIN, self.chain.genesis, &payload).encode();
				let signature = MultiSignature::Sr25519(consumer.pair.sign(&message));
				Receipt { payload, signature }
			})
			.collect();
		// An operator's first batches name a usage log, as operators do for attribution (the
		// runtime keeps at most 64 per operator and epoch).
		let log = (b <= LOGGED_BATCHES).then(|| pallet_inference::LogRef {
			hash: blake2_256(&(b"rush log", &operator.account.id, b).encode()),
			uri: format!("file:///rush/{k}/{b}.json").into_bytes(),
		});
		RuntimeCall::Inference(pallet_inference::Call::settle { receipts, log })
	}

	/// Takes in a block of the best chain: inclusions, outcomes, contributions to review.
	fn take_block(&mut self, block: &Block, (finalized, finalized_hash): (u32, H256)) {
		if self.seen.contains_key(&block.hash) {
			return;
		}
		let contributions = block
			.events
			.iter()
			.filter_map(|r| match &r.event {
				RuntimeEvent::Datanets(pallet_datanets::Event::Contributed {
					datanet_id,
					contribution_id,
					..
				}) if *datanet_id == self.datanet => Some(*contribution_id),
				_ => None,
			})
			.collect();
		if block.events.iter().any(|r| {
			matches!(
				r.event,
				RuntimeEvent::System(polkadot_sdk::frame_system::Event::CodeUpdated { .. })
			)
		}) {
			// Transactions from the next block on are signed for the new runtime.
			self.upgraded_in.push((block.number, block.hash));
			let (node, answers, hash) = (self.nodes[0].clone(), self.answers.clone(), block.hash);
			tokio::spawn(async move {
				if let Ok(spec) = node.spec_version(Some(hash)).await {
					let _ = answers.send(Answer::Spec(spec));
				}
			});
		}
		for record in &block.events {
			match &record.event {
				RuntimeEvent::Attribution(
					pallet_attribution::Event::RoundFinalised { epoch, root, .. }
					| pallet_attribution::Event::RoundResolved { epoch, root, .. },
				) => {
					self.finalised_roots.insert(*epoch, *root);
				},
				RuntimeEvent::Attribution(pallet_attribution::Event::ReportNamed {
					epoch,
					uri,
					..
				}) => {
					let uri = String::from_utf8_lossy(uri).into_owned();
					self.named_reports.insert(*epoch, uri);
				},
				RuntimeEvent::Attribution(pallet_attribution::Event::RoundClosed {
					epoch,
					finalised,
					..
				}) => {
					let closed = (*epoch, *finalised);
					if !self.report.attribution.rounds_closed.contains(&closed) {
						self.report.attribution.rounds_closed.push(closed);
					}
					if *finalised {
						self.queue_claims(*epoch);
					}
				},
				_ => {},
			}
		}
		let seen = Seen { parent: block.parent, contributions };
		self.seen.insert(block.hash, seen);
		let mut ours: BTreeMap<Class, u64> = BTreeMap::new();
		for (index, hash) in block.extrinsics.iter().enumerate() {
			if let Some((class, sender, nonce)) = self.given_up.remove(hash) {
				// Given up by one pool, included from another's: it counts as included, with the
				// latency its sender waited since its first try of that nonce.
				let (mut advanced, mut first_try) = (0, None);
				if let Some(account) = self.account(class, sender) {
					advanced = (nonce + 1).saturating_sub(account.nonce);
					account.nonce = account.nonce.max(nonce + 1);
					first_try = account.first_try.take();
				}
				let upgraded = &self.upgraded_in;
				let stats = self.report.classes.entry(class).or_default();
				stats.included += 1;
				stats.included_after_given_up += 1;
				if let (Some(since), true) = (first_try, advanced > 0) {
					let latency = block.number.saturating_sub(since);
					if spans_upgrade(upgraded, since, block.number) {
						stats.latencies_across_upgrade.push(latency);
					} else {
						stats.latencies.push(latency);
					}
				}
				if class == Class::Settle {
					// Its operator moves on to the batch after the one included.
					self.operators[sender].batch += u64::from(advanced);
					self.report.receipts_settled += settled_in(block.events_of(index));
				}
				if class == Class::Claim {
					self.claim_included(sender, block.events_of(index));
				}
				continue;
			}
			let Some(flight) = self.in_flight.get_mut(hash) else { continue };
			let again = !flight.included.is_empty();
			flight.included.push((block.number, block.hash));
			if again {
				continue;
			}
			let (class, sender, since) = (flight.class, flight.sender, flight.since);
			*ours.entry(class).or_default() += 1;
			let stats = self.report.classes.entry(class).or_default();
			stats.included += 1;
			let latency = block.number.saturating_sub(since);
			// `RUSH_TRACE`: which validators authored the blocks a slow transaction missed (the
			// slot modulo four: the `local` preset's Alice, Bob, Charlie and Dave).
			if latency > 2 && class != Class::Transfer && std::env::var_os("RUSH_TRACE").is_some() {
				let slots: Vec<String> = (since + 1..block.number)
					.map(|n| self.slots.get(&n).map_or("?".into(), |s| format!("{}", s % 4)))
					.collect();
				eprintln!(
					"trace: {class:?} {sender} sent to node {} at #{since}, accepted after {:?}, in #{} (author {}), blocks between by {:?}, last status {}",
					flight.node,
					flight.accepted_after,
					block.number,
					(block.timestamp / runtime::MILLI_SECS_PER_BLOCK) % 4,
					slots,
					flight.last
				);
			}
			if spans_upgrade(&self.upgraded_in, since, block.number) {
				stats.latencies_across_upgrade.push(latency);
			} else {
				stats.latencies.push(latency);
			}
			if let Err(error) = chain::outcome(block, index) {
				*stats.failed.entry(error).or_default() += 1;
			}
			let settled = settled_in(block.events_of(index));
			self.report.receipts_settled += settled;
			flight.settled += settled;
			if class == Class::Claim {
				self.claim_included(sender, block.events_of(index));
			}
			self.release(class, sender, true);
		}
		let max = runtime::configs::BlockWeights::get().max_block.ref_time();
		let permille = |used: u64| u64::try_from(u128::from(used) * 1000 / u128::from(max.max(1)));
		let interval = match self.last_seen {
			Some((_, hash, at)) if hash == block.parent => block.timestamp.saturating_sub(at),
			_ => 0,
		};
		self.report.blocks.push(BlockStats {
			number: block.number,
			interval_ms: interval,
			extrinsics: block.extrinsics.len(),
			normal_permille: permille(block.used(DispatchClass::Normal)).unwrap_or(u64::MAX),
			operational_permille: permille(block.used(DispatchClass::Operational))
				.unwrap_or(u64::MAX),
			finality_lag: block.number.saturating_sub(finalized),
			ours,
		});
		self.last_seen = Some((block.number, block.hash, block.timestamp));
		self.slots.insert(block.number, block.timestamp / runtime::MILLI_SECS_PER_BLOCK);
		self.best = self.best.max(block.number);
		self.take_back_doubted();
		self.retire_given_up();
		self.resend_waiting();
		self.review_finalised(finalized_hash);
	}

	/// Hands the contributions of newly finalised blocks to the curators: a contribution in a
	/// block that a re-organisation retracts has another id in the block that replaces it.
	fn review_finalised(&mut self, finalized: H256) {
		let mut blocks = vec![];
		let mut hash = finalized;
		while Some(hash) != self.reviewed_to {
			let Some(seen) = self.seen.get(&hash) else { break };
			blocks.push(hash);
			hash = seen.parent;
		}
		if blocks.is_empty() {
			return;
		}
		self.reviewed_to = Some(finalized);
		for hash in blocks.into_iter().rev() {
			let ids = self.seen.get(&hash).map(|s| s.contributions.clone()).unwrap_or_default();
			for id in ids {
				let curator = id as usize % self.to_review.len().max(1);
				if let Some(queue) = self.to_review.get_mut(curator) {
					queue.push_back(id);
				}
			}
		}
	}
}

/// Follows the best chain of `node`: every new best block, and the blocks a re-organisation
/// brings in, in order, with the finalised block at the time.
async fn follow(
	node: Node,
	blocks: mpsc::UnboundedSender<(Block, (u32, H256))>,
) -> Result<(), Error> {
	let mut heads = node.subscribe_heads().await?;
	let mut known: HashSet<H256> = HashSet::new();
	while let Some(header) = heads.next().await {
		let header = header?;
		let mut hash = polkadot_sdk::sp_runtime::traits::Header::hash(&header);
		let finalized = node.finalized().await?;
		// Walk back to a block already followed (or 32 blocks), then take them in order.
		let mut path = vec![];
		while !known.contains(&hash) && path.len() < 32 {
			let block = node.block(hash).await?;
			hash = block.parent;
			let genesis = block.number == 0;
			path.push(block);
			if genesis || known.is_empty() {
				break;
			}
		}
		for block in path.into_iter().rev() {
			known.insert(block.hash);
			if blocks.send((block, finalized)).is_err() {
				return Ok(());
			}
		}
	}
	Err("the node ended the new-heads subscription".into())
}

/// The claimers contribute a text each (kept in `dir/content`, named by `file://` URIs), the
/// curators accept them, and the owner publishes them as the datanet's first version: its number.
async fn train(
	node: &Node,
	chain: ChainContext,
	accounts: &mut BTreeMap<Class, Vec<Account>>,
	datanet: u32,
	owner: &Account,
	dir: &Path,
) -> Result<u32, Error> {
	let content = dir.join("content");
	std::fs::create_dir_all(&content).map_err(|e| format!("{}: {e}", content.display()))?;
	let content = content.canonicalize()?;
	let claimers = &accounts[&Class::Claim];
	let mut contributions = vec![];
	for (i, claimer) in claimers.iter().enumerate() {
		let text = format!(
			"Rush contribution {i} for datanet {datanet}: when every user arrives at once, the \
			 chain still pays contributor number {i} for the words it taught the model.\n"
		);
		let path = content.join(format!("{i}.txt"));
		std::fs::write(&path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
		let call = RuntimeCall::Datanets(pallet_datanets::Call::contribute {
			datanet_id: datanet,
			content_hash: log_hash(text.as_bytes()),
			size: text.len() as u64,
			uri: format!("file://{}", path.display()).into_bytes(),
		});
		contributions.push((&claimer.pair, 0, call));
	}
	let contributed = chain::submit_and_wait(node, chain, contributions, "contributions").await?;
	let ids: Vec<u32> = contributed
		.iter()
		.filter_map(|events| {
			first_event!(events, RuntimeEvent::Datanets(pallet_datanets::Event::Contributed {
				contribution_id, ..
			}) => contribution_id)
		})
		.collect();
	let curators = &accounts[&Class::Review];
	let mut nonces = vec![0u32; curators.len()];
	let mut reviews = vec![];
	for (k, chunk) in ids.chunks(review_batch()).enumerate() {
		let c = k % curators.len().max(1);
		let Some(curator) = curators.get(c) else { return Err("no curators".into()) };
		let decisions = chunk.iter().map(|id| (*id, Verdict::Accept)).collect();
		let call =
			RuntimeCall::Datanets(pallet_datanets::Call::review { datanet_id: datanet, decisions });
		reviews.push((&curator.pair, nonces[c], call));
		nonces[c] += 1;
	}
	chain::submit_and_wait(node, chain, reviews, "reviews").await?;
	let publish =
		RuntimeCall::Datanets(pallet_datanets::Call::publish_version { datanet_id: datanet });
	let published =
		chain::submit_and_wait(node, chain, vec![(&owner.pair, 1, publish)], "version").await?;
	let version = first_event!(published[0], RuntimeEvent::Datanets(
		pallet_datanets::Event::VersionPublished { version, .. }
	) => version)
	.ok_or("no VersionPublished event")?;
	for (class, used) in [(Class::Claim, vec![1; claimers.len()]), (Class::Review, nonces)] {
		if let Some(list) = accounts.get_mut(&class) {
			list.iter_mut().zip(used).for_each(|(account, nonce)| account.nonce = nonce);
		}
	}
	Ok(version)
}

/// Runs the attributor daemon (`openledger-attributor`'s, as its operators run it) with `key`
/// against `url`, with its data in `dir/attributor`: on a thread of its own, for the rest of the
/// process.
fn start_attributor(url: &str, key: attributor_chain::Keypair, dir: &Path) -> Result<(), Error> {
	let config = daemon::Config {
		url: url.to_owned(),
		key,
		data_dir: dir.join("attributor"),
		http: None,
		public_url: None,
		fetcher: Fetcher::default(),
		threads: 1,
		poll: Duration::from_secs(1),
	};
	let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
	std::thread::spawn(move || {
		runtime.block_on(async move {
			let outcome = match Daemon::connect(config).await {
				Ok(daemon) => daemon.run().await,
				Err(e) => Err(e),
			};
			if let Err(e) = outcome {
				eprintln!("rush: the attributor stopped: {e}");
			}
		})
	});
	Ok(())
}

/// Sets the rush up, runs it, drains, checks: the report.
pub async fn run(options: Options) -> Result<Report, Error> {
	let mut nodes = vec![];
	for url in &options.urls {
		nodes.push(Node::connect(url).await.map_err(|e| format!("{url}: {e}"))?);
	}
	let node = nodes[0].clone();
	let chain = ChainContext {
		genesis: node.genesis().await?,
		spec_version: node.spec_version(None).await?,
	};
	let run = options.run.clone().unwrap_or_else(|| {
		let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
		now.map(|d| d.as_secs()).unwrap_or_default().to_string()
	});
	let start = node.header(None).await?;
	let start_hash = polkadot_sdk::sp_runtime::traits::Header::hash(&start);
	let log = |what: &str| println!("[rush {run}] {what}");

	// Accounts: derived from the funder, named by the run.
	let funder = Account::new(&options.funder)?;
	let mut funder_nonce = node.next_nonce(&funder.id).await?;
	let derive = |role: &str, n: usize| -> Result<Vec<Account>, Error> {
		(0..n).map(|i| funder.derive(&run, role, i)).collect()
	};
	let mut accounts = BTreeMap::new();
	accounts.insert(Class::Transfer, derive("transfer", options.transfer_accounts)?);
	accounts.insert(Class::Pay, derive("pay", options.payers)?);
	accounts.insert(Class::Contribute, derive("contribute", options.contributors)?);
	accounts.insert(Class::Review, derive("curator", options.curators)?);
	accounts.insert(Class::Claim, derive("claimer", options.claimers)?);
	let owner = funder.derive(&run, "owner", 0)?;
	// The attributor's key is the daemon's (`subxt_signer`), from its secret URI, as its
	// operator gives it to `openledger-attributor`.
	let attributor_uri = format!("{}//rush//{run}//attributor//0", options.funder);
	let attributor_key = attributor_chain::keypair(&attributor_uri)?;
	let attributor = AccountId::from(attributor_chain::account_of(&attributor_key).0);
	let attribution_dir = options
		.attribution_dir
		.clone()
		.unwrap_or_else(|| std::env::temp_dir().join(format!("openledger-rush-{run}")));
	let operator_accounts = derive("operator", options.operators)?;
	let consumers: Vec<Vec<Account>> = (0..options.operators)
		.map(|k| derive(&format!("consumer-{k}"), options.consumers))
		.collect::<Result<_, _>>()?;

	let everyone: Vec<(&AccountId, Balance)> = accounts
		.values()
		.flatten()
		.chain(consumers.iter().flatten())
		.chain([&owner])
		.map(|a| (&a.id, FUNDING))
		.chain(operator_accounts.iter().map(|a| (&a.id, OPERATOR_FUNDING)))
		.chain([(&attributor, ATTRIBUTOR_BOND + OPERATOR_FUNDING)])
		.collect();
	log(&format!("funding {} accounts from {}", everyone.len(), options.funder));
	let funding: Vec<_> = everyone
		.chunks(FUNDING_BATCH)
		.map(|chunk| {
			let calls = chunk
				.iter()
				.map(|(id, value)| {
					RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
						dest: MultiAddress::Id((*id).clone()),
						value: *value,
					})
				})
				.collect();
			let call = RuntimeCall::Utility(pallet_utility::Call::batch_all { calls });
			funder_nonce += 1;
			(&funder.pair, funder_nonce - 1, call)
		})
		.collect();
	chain::submit_and_wait(&node, chain, funding, "funding").await?;

	log("a datanet with its curators, the rush's attributor registered");
	let curators: Vec<AccountId> = accounts[&Class::Review].iter().map(|a| a.id.clone()).collect();
	let create = RuntimeCall::Datanets(pallet_datanets::Call::create_datanet {
		metadata: DatanetMetadata {
			name: b"rush".to_vec(),
			description: run.clone().into_bytes(),
			tags: vec![],
			kind: DataKind::Text,
			licence: b"CC-BY-4.0".to_vec(),
		},
		contribution_bond: <runtime::Runtime as pallet_datanets::Config>::MinContributionBond::get(
		),
		curators,
	});
	let created =
		chain::submit_and_wait(&node, chain, vec![(&owner.pair, 0, create)], "setup").await?;
	// The attributor registers as its operator does, with the attributor's client.
	AttributorChain::connect(&options.urls[0])
		.await?
		.register(&attributor_key, ATTRIBUTOR_BOND)
		.await?;
	let datanet = first_event!(created[0], RuntimeEvent::Datanets(
		pallet_datanets::Event::DatanetCreated { datanet_id, .. }
	) => datanet_id)
	.ok_or("no DatanetCreated event")?;
	start_attributor(&options.urls[0], attributor_key, &attribution_dir)?;
	log(&format!(
		"the rush's attributor settles epochs, its data in {}",
		attribution_dir.display()
	));

	// The claimers' texts, in the datanet's first version: the data the rush model is trained on.
	let mut owner_nonce = 1;
	let training_set = if options.claimers == 0 {
		vec![]
	} else {
		vec![(
			datanet,
			train(&node, chain, &mut accounts, datanet, &owner, &attribution_dir).await?,
		)]
	};
	if !training_set.is_empty() {
		owner_nonce += 1;
	}
	log(&format!("a model trained on {} contributions, its operators approved", options.claimers));
	let register = RuntimeCall::Models(pallet_models::Call::register_model {
		metadata: ModelMetadata { name: b"rush".to_vec(), description: run.clone().into_bytes() },
		artifact: blake2_256(format!("rush/{run}").as_bytes()),
		base: None,
		training_set,
		price: Price { per_1k_input: PRICE_PER_1K, per_1k_output: PRICE_PER_1K },
		data_share: 100_000_000,
	});
	let registered =
		chain::submit_and_wait(&node, chain, vec![(&owner.pair, owner_nonce, register)], "model")
			.await?;
	owner_nonce += 1;
	let model = first_event!(registered[0], RuntimeEvent::Models(
		pallet_models::Event::ModelRegistered { model_id, .. }
	) => model_id)
	.ok_or("no ModelRegistered event")?;
	let approvals = operator_accounts.iter().enumerate().map(|(k, o)| {
		let call = RuntimeCall::Models(pallet_models::Call::add_operator {
			model_id: model,
			operator: o.id.clone(),
		});
		(&owner.pair, owner_nonce + k as u32, call)
	});
	// A few payments now, so the epoch the setup ends in has a pool to settle early in the rush.
	let payers = &accounts[&Class::Pay];
	let warm_up = payers.iter().take(WARM_UP_PAYERS).map(|payer| {
		let call = RuntimeCall::Inference(pallet_inference::Call::pay_for_inference {
			model,
			input_tokens: 1_000,
			output_tokens: 500,
			max_fee: OPEN,
			output: blake2_256(&(b"warm-up", &payer.id).encode()),
			log: None,
		});
		(&payer.pair, 0, call)
	});
	chain::submit_and_wait(&node, chain, approvals.chain(warm_up).collect(), "operators").await?;
	if let Some(payers) = accounts.get_mut(&Class::Pay) {
		payers.iter_mut().take(WARM_UP_PAYERS).for_each(|p| p.nonce = 1);
	}

	log(&format!(
		"{} consumers allocate escrow to their operators",
		consumers.iter().flatten().count()
	));
	let deposits = consumers
		.iter()
		.enumerate()
		.flat_map(|(k, list)| {
			let operator = operator_accounts[k].id.clone();
			list.iter().map(move |c| {
				let call = RuntimeCall::Inference(pallet_inference::Call::deposit {
					operator: operator.clone(),
					amount: ALLOCATION,
				});
				(&c.pair, 0, call)
			})
		})
		.collect();
	let deposited = chain::submit_and_wait(&node, chain, deposits, "deposits").await?;
	let mut allocations = deposited.iter().map(|events| {
		first_event!(events, RuntimeEvent::Inference(
			pallet_inference::Event::Deposited { allocation, .. }
		) => allocation)
	});
	let mut operators = vec![];
	for (account, list) in operator_accounts.into_iter().zip(consumers) {
		let mut with = vec![];
		for mut consumer in list {
			let allocation = allocations.next().flatten().ok_or("no Deposited event")?;
			consumer.nonce = 1;
			with.push((consumer, allocation));
		}
		operators.push(Operator { account, consumers: with, batch: 1 });
	}

	// The rush.
	let (answers, mut results) = mpsc::unbounded_channel();
	let (block_sender, mut blocks) = mpsc::unbounded_channel();
	let follower = tokio::spawn(follow(node.clone(), block_sender));
	let bests: Vec<_> = nodes.iter().map(|n| tokio::spawn(n.clone().follow_best())).collect();
	let free = accounts.iter().map(|(c, list)| (*c, (0..list.len()).collect())).collect();
	let mut rush = Rush {
		nodes,
		next_node: 0,
		chain,
		upgraded_in: vec![],
		best: node.header(None).await?.number,
		to_review: vec![VecDeque::new(); accounts[&Class::Review].len()],
		to_claim: vec![VecDeque::new(); accounts[&Class::Claim].len()],
		claim_sent: vec![0; accounts[&Class::Claim].len()],
		claimers: accounts[&Class::Claim]
			.iter()
			.enumerate()
			.map(|(k, a)| (*<AccountId as AsRef<[u8; 32]>>::as_ref(&a.id), k))
			.collect(),
		named_reports: HashMap::new(),
		reading_reports: HashSet::new(),
		finalised_roots: HashMap::new(),
		claim_epochs: HashSet::new(),
		accounts,
		free,
		operators,
		model,
		datanet,
		in_flight: HashMap::new(),
		given_up: HashMap::new(),
		answers,
		report: Report::default(),
		seen: HashMap::new(),
		reviewed_to: None,
		last_seen: None,
		slots: BTreeMap::new(),
	};
	for class in Class::ALL {
		rush.report.classes.entry(class).or_default();
	}
	let weights = runtime::configs::BlockWeights::get();
	let normal = weights.get(DispatchClass::Normal).max_total.unwrap_or(weights.max_block);
	let slot_ms = runtime::MILLI_SECS_PER_BLOCK;
	rush.report.capacity_per_second = u128::from(normal.ref_time()) * 1000 / u128::from(slot_ms);
	log(&format!(
		"offering {}× the normal class's capacity for {} s to {} node(s)",
		options.overload,
		options.seconds,
		options.urls.len()
	));
	let tick = Duration::from_millis(100);
	// Weight per tick (a tenth of a second) per class, in hundredths of the capacity.
	let per_tick = rush.report.capacity_per_second / 10 / 100;
	let transfer_rate = (u128::from(options.overload) * 100)
		.saturating_sub(PRODUCT_RATES.iter().map(|(_, r)| r).sum());
	let rates = [PRODUCT_RATES[0], PRODUCT_RATES[1], (Class::Transfer, transfer_rate)];
	let mut budget: BTreeMap<Class, u128> = BTreeMap::new();
	let began = Instant::now();
	let rush_ends = began + Duration::from_secs(options.seconds);
	let drain_ends = rush_ends + Duration::from_secs(options.drain_seconds);
	let mut ticker = tokio::time::interval(tick);
	let mut upgrade = match &options.upgrade {
		Some(path) => Some(std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?),
		None => None,
	};
	let upgrade_at = began + Duration::from_secs(options.upgrade_after);
	let mut last_status = Instant::now();
	loop {
		let now = Instant::now();
		let rushing = now < rush_ends;
		let settled = |f: &InFlight| !f.included.is_empty() || f.given_up.is_some();
		// The drain also waits for a round with a result to close and its claims to be paid: a
		// short rush ends before the first round it paid into can close.
		let attributed = options.claimers == 0
			|| rush.report.attribution.rounds_closed.iter().any(|(_, finalised)| *finalised);
		let claimed = attributed
			&& rush.reading_reports.is_empty()
			&& rush.to_claim.iter().all(VecDeque::is_empty);
		if !rushing && ((claimed && rush.in_flight.values().all(settled)) || now > drain_ends) {
			break;
		}
		tokio::select! {
			_ = ticker.tick() => {
				if rushing {
					for (class, rate) in rates {
						let left = budget.entry(class).or_default();
						// At most a second of budget carried over: idle accounts do not bank it.
						*left = (*left + per_tick * rate).min(per_tick * rate * 10);
					}
					rush.offer(&mut budget);
				}
				rush.offer_claims();
				if let Some(code) = upgrade.take_if(|_| now >= upgrade_at) {
					log("runtime upgrade: checking it on the live state, then sudo set_code");
					let (node, sudo, chain) = (node.clone(), funder.pair.clone(), rush.chain);
					let answers = rush.answers.clone();
					tokio::spawn(async move {
						let (checked, submitted) = crate::upgrade::enact(&node, &sudo, chain, code).await;
						let _ = answers.send(Answer::Upgrade("upgrade checked on the live state", checked));
						let _ = answers.send(Answer::Upgrade("upgrade submitted", submitted));
					});
				}
				if last_status.elapsed() > Duration::from_secs(10) {
					last_status = Instant::now();
					let waiting = rush.in_flight.values().filter(|f| f.included.is_empty()).count();
					log(&format!("{:>4} s  best #{}  in flight {waiting}", began.elapsed().as_secs(), rush.best));
				}
			},
			Some(answer) = results.recv() => rush.answer(answer),
			Some((block, finalized)) = blocks.recv() => rush.take_block(&block, finalized),
		}
	}
	let ended = Instant::now();
	rush.report.seconds = options.seconds as f64;
	// What is neither included nor given up may still wait in a pool: ask each node.
	let node_names = options.urls.clone();
	let mut pooled: HashMap<H256, Vec<usize>> = HashMap::new();
	for (k, node) in rush.nodes.iter().enumerate() {
		for hash in node.pending().await.unwrap_or_default() {
			pooled.entry(hash).or_default().push(k);
		}
	}
	let mut waiting = vec![];
	for (hash, flight) in &rush.in_flight {
		if flight.included.is_empty() {
			let reason = rush.why_given_up(flight);
			let stats = rush.report.classes.entry(flight.class).or_default();
			match (&flight.given_up, pooled.get(hash)) {
				(Some(_), _) => *stats.given_up.entry(reason).or_default() += 1,
				(None, Some(nodes)) => waiting.push((flight, nodes)),
				(None, None) => {
					stats.silent += 1;
					let last = if flight.last.is_empty() { "no status" } else { &flight.last };
					let via = node_names.get(flight.node).map_or("?", String::as_str);
					*stats.silent_last.entry(format!("{last} via {via}")).or_default() += 1;
				},
			}
		}
	}
	// Why what waits is not included, from its account's nonce in the last block followed: the
	// next one is ready; one further on is ready only behind the account's others that wait too,
	// and otherwise waits as future for a nonce no pool holds; one below was used already.
	let waiting_nonces: HashSet<(Class, usize, u32)> =
		waiting.iter().map(|(f, _)| (f.class, f.sender, f.nonce)).collect();
	let at = rush.last_seen.map(|(_, hash, _)| hash);
	for (flight, nodes) in waiting {
		let names: Vec<&str> = nodes.iter().map(|&k| node_names[k].as_str()).collect();
		let next = match (rush.account_id(flight.class, flight.sender), at) {
			(Some(id), Some(at)) => rush.nodes[0].account_nonce(&id, at).await.ok(),
			_ => None,
		};
		let state = match next {
			None => "the account's nonce unknown".to_owned(),
			Some(next) if flight.nonce < next => "its nonce used already".to_owned(),
			Some(next) if flight.nonce == next => "next in line".to_owned(),
			Some(next) => match (next..flight.nonce)
				.find(|&n| !waiting_nonces.contains(&(flight.class, flight.sender, n)))
			{
				None => "behind the account's others that wait".to_owned(),
				Some(gap) => format!("future: nonce {} ahead of a gap", flight.nonce - gap),
			},
		};
		let stats = rush.report.classes.entry(flight.class).or_default();
		stats.waiting += 1;
		*stats.waiting_in.entry(format!("{}, {state}", names.join(" and "))).or_default() += 1;
	}
	let silent: u64 = rush.report.classes.values().map(|c| c.silent).sum();
	let detail = format!(
		"{silent} accepted transactions neither included, nor in a pool, nor given up by one"
	);
	rush.report
		.checks
		.insert("no silent drops", if silent == 0 { Ok(detail) } else { Err(detail) });
	if options.claimers > 0 {
		let a = &rush.report.attribution;
		let detail = format!(
			"{} leaves of the rush's contributors in the rounds closed during the rush and its drain \
			 ({} units), \
			 {} claimed ({} units){}",
			a.claims_queued,
			a.amount_queued,
			a.claimed,
			a.amount_claimed,
			if a.unclaimable.is_empty() { String::new() } else { format!("; {:?}", a.unclaimable) }
		);
		let paid = a.claimed == a.claims_queued && a.amount_claimed == a.amount_queued;
		let check = if paid && a.unclaimable.is_empty() { Ok(detail) } else { Err(detail) };
		rush.report.checks.insert("claims paid", check);
	}
	follower.abort();
	bests.iter().for_each(|task| task.abort());
	// Receipts per second over the blocks whose extrinsics settled them.
	let settled_blocks: Vec<&BlockStats> = rush
		.report
		.blocks
		.iter()
		.filter(|b| b.ours.contains_key(&Class::Settle))
		.collect();
	if let (Some(first), Some(last)) = (settled_blocks.first(), settled_blocks.last()) {
		// Each block's interval is the time it took to come after its parent (a slot when
		// unknown).
		let span: u64 = rush
			.report
			.blocks
			.iter()
			.filter(|b| b.number >= first.number && b.number <= last.number)
			.map(|b| if b.interval_ms == 0 { slot_ms } else { b.interval_ms })
			.sum();
		rush.report.receipts_per_second =
			rush.report.receipts_settled as f64 * 1000.0 / span.max(1) as f64;
	}
	log(&format!(
		"rush over after {:.0} s; checking that nothing was lost",
		(ended - began).as_secs_f64()
	));
	let upgrading = options.upgrade.is_some();
	check(&node, &mut rush, (start.number, start_hash), options.finality_seconds, upgrading)
		.await?;
	rush.report.print(slot_ms);
	if let Some(path) = &options.json {
		std::fs::write(path, serde_json::to_vec_pretty(&rush.report.json(slot_ms))?)?;
	}
	Ok(rush.report)
}

/// The checks after the rush: every inclusion finalised, the issuance accounted for, the
/// invariants whole.
async fn check(
	node: &Node,
	rush: &mut Rush,
	(start, start_hash): (u32, H256),
	finality_seconds: u64,
	upgrading: bool,
) -> Result<(), Error> {
	let last = rush.in_flight.values().flat_map(|f| f.included.iter().map(|(n, _)| *n)).max();
	// After an upgrade, past the block that migrated: the block that enacted it already has the
	// new code but not yet the new layout, and a runtime API called on its state would read the
	// old layout with the new code.
	let migrated = rush.upgraded_in.iter().map(|(n, _)| n + 1).max();
	let target = last.unwrap_or(rush.best).max(migrated.unwrap_or_default());
	let deadline = Instant::now() + Duration::from_secs(finality_seconds);
	let (finalized, finalized_hash) = loop {
		let (number, hash) = node.finalized().await?;
		if number >= target {
			break (number, hash);
		}
		if Instant::now() > deadline {
			rush.report.checks.insert(
				"finality",
				Err(format!("finalised #{number} after {finality_seconds} s, short of #{target}")),
			);
			return Ok(());
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	};
	rush.report
		.checks
		.insert("finality", Ok(format!("finalised #{finalized} ≥ #{target}")));

	// Every transaction seen included is in a block of the finalised chain: looked for in the
	// finalised blocks themselves, wherever a re-organisation moved it.
	let mut in_finalised: HashSet<H256> = HashSet::new();
	let mut canonical: HashMap<u32, H256> = HashMap::new();
	// The fees and dust burned in the finalised blocks since the start.
	let mut burned: Balance = 0;
	for number in start + 1..=finalized {
		let hash = node.block_hash(number).await?.ok_or("a finalised block without a hash")?;
		let block = node.block(hash).await?;
		burned += burned_in(&block.events);
		in_finalised.extend(block.extrinsics);
		canonical.insert(number, hash);
	}
	let included: Vec<(&H256, &InFlight)> =
		rush.in_flight.iter().filter(|(_, f)| !f.included.is_empty()).collect();
	let mut lost: BTreeMap<String, u64> = BTreeMap::new();
	for (hash, flight) in &included {
		if !in_finalised.contains(*hash) {
			// Where it was seen, and whether its account's nonce moved past it all the same
			// (another transaction of the account with that nonce is finalised).
			let forked =
				flight.included.iter().all(|(n, h)| canonical.get(n).is_some_and(|c| c != h));
			let nonce = match rush.account_id(flight.class, flight.sender) {
				Some(id) => node.account_nonce(&id, finalized_hash).await.ok(),
				None => None,
			};
			let why = format!(
				"{:?} signed for spec {}, last status {}, {}, {}",
				flight.class,
				flight.spec,
				if flight.last.is_empty() { "none" } else { &flight.last },
				if forked {
					"seen only in blocks not finalised"
				} else {
					"seen in a finalised block"
				},
				match nonce {
					Some(next) if next > flight.nonce => "its nonce used by another finalised one",
					Some(_) => "its nonce not used",
					None => "its account unknown",
				},
			);
			*lost.entry(why).or_default() += 1;
		}
	}
	let count: u64 = lost.values().sum();
	let verdict = format!(
		"{} of {} included transactions in finalised blocks{}",
		included.len() as u64 - count,
		included.len(),
		if lost.is_empty() { String::new() } else { format!("; not: {lost:?}") }
	);
	let lost = count;
	rush.report
		.checks
		.insert("included are finalised", if lost == 0 { Ok(verdict) } else { Err(verdict) });

	// The issuance fell by exactly the fees and dust burned in the finalised blocks since the
	// start.
	let before: Balance = node.value("Balances", "TotalIssuance", start_hash).await?;
	let after: Balance = node.value("Balances", "TotalIssuance", finalized_hash).await?;
	let detail = format!(
		"issuance #{start} {before} − burned {burned} = {} (issuance #{finalized}: {after})",
		before.saturating_sub(burned)
	);
	rush.report.checks.insert(
		"issuance + burned fees",
		if before.checked_sub(burned) == Some(after) { Ok(detail) } else { Err(detail) },
	);

	// The upgrade: enacted once in the finalised chain, the new runtime and storage version in
	// force at the end.
	if upgrading {
		let enacted: Vec<u32> = rush
			.upgraded_in
			.iter()
			.filter(|(n, h)| canonical.get(n) == Some(h))
			.map(|(n, _)| *n)
			.collect();
		let spec = node.spec_version(Some(finalized_hash)).await?;
		let mut versions = vec![];
		let mut migrated = true;
		for (pallet, target) in crate::upgrade::MIGRATED {
			let version: u16 = node.value(pallet, ":__STORAGE_VERSION__:", finalized_hash).await?;
			migrated &= version == target;
			versions.push(format!("{} storage v{version}", pallet.to_lowercase()));
		}
		rush.report.upgraded_at = enacted.first().copied();
		let detail = format!(
			"enacted in finalised block(s) {enacted:?}; spec {spec} and {} at #{finalized}",
			versions.join(" and ")
		);
		let ok = enacted.len() == 1 && spec == runtime::VERSION.spec_version && migrated;
		rush.report
			.checks
			.insert("runtime upgrade", if ok { Ok(detail) } else { Err(detail) });
	}

	// Every pallet's invariants, on the final state.
	let broken: Vec<(Vec<u8>, Vec<u8>)> =
		node.call("InvariantsApi_broken_invariants", finalized_hash).await?;
	let described: Vec<String> = broken
		.iter()
		.map(|(p, m)| format!("{}: {}", String::from_utf8_lossy(p), String::from_utf8_lossy(m)))
		.collect();
	rush.report.checks.insert(
		"invariants",
		if described.is_empty() {
			Ok(format!("datanets, models, inference, attribution hold at #{finalized}"))
		} else {
			Err(described.join("; "))
		},
	);
	Ok(())
}

/// The fees and dust a block's events burned.
fn burned_in(events: &chain::Events) -> Balance {
	events
		.iter()
		.map(|r| match &r.event {
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
			) => *actual_fee,
			RuntimeEvent::Balances(pallet_balances::Event::DustLost { amount, .. }) => *amount,
			_ => 0,
		})
		.sum()
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The accounts derived from the funder's key are the ones its URI names, so anyone can
	/// find a run's accounts (`//Alice//rush//<run>//transfer//7` in Polkadot.js Apps).
	#[test]
	fn derived_accounts_are_the_ones_their_uri_names() {
		let alice = Account::new("//Alice").expect("dev account");
		for (role, i) in [("transfer", 7), ("consumer-2", 0), ("owner", 0)] {
			let derived = alice.derive("1234", role, i).expect("derives");
			let named = Account::new(&format!("//Alice//rush//1234//{role}//{i}")).expect("uri");
			assert_eq!(derived.id, named.id, "{role} {i}");
		}
	}

	/// A rush with one operator and nothing else, connected to no node.
	fn rush_of_one_operator() -> Rush {
		let account = Account::new("//Operator").expect("uri");
		Rush {
			nodes: vec![],
			next_node: 0,
			chain: ChainContext::this_runtime(H256::zero()),
			best: 0,
			upgraded_in: vec![],
			accounts: BTreeMap::new(),
			free: BTreeMap::new(),
			operators: vec![Operator { account, consumers: vec![], batch: 1 }],
			model: 0,
			datanet: 0,
			to_review: vec![],
			to_claim: vec![],
			claim_sent: vec![],
			claimers: HashMap::new(),
			named_reports: HashMap::new(),
			reading_reports: HashSet::new(),
			finalised_roots: HashMap::new(),
			claim_epochs: HashSet::new(),
			in_flight: HashMap::new(),
			given_up: HashMap::new(),
			answers: mpsc::unbounded_channel().0,
			report: Report::default(),
			seen: HashMap::new(),
			reviewed_to: None,
			last_seen: None,
			slots: BTreeMap::new(),
		}
	}

	fn settle_flight(nonce: u32, since: u32) -> InFlight {
		InFlight {
			class: Class::Settle,
			sender: 0,
			nonce,
			given_up: None,
			since,
			spec: 0,
			extrinsic: vec![],
			rebroadcasts: 0,
			sent_best: since,
			node: 0,
			accepted: true,
			sent_at: Instant::now(),
			accepted_after: None,
			last: String::new(),
			retracted: false,
			included: vec![],
			settled: 0,
			doubt: None,
		}
	}

	/// A settle batch included in a block that a re-organisation retracted, then given up by its
	/// pool, is taken back: the operator signs that batch again with that nonce, the batch sent
	/// after it is given up, and the figures no longer count the inclusion, its receipts or its
	/// latency.
	#[test]
	fn a_retracted_settle_batch_is_taken_back() {
		let mut rush = rush_of_one_operator();
		let (retracted, behind) = (H256::repeat_byte(1), H256::repeat_byte(2));
		// Batch 3 (nonce 5) sent at #9, seen in #10, settling 400 receipts; batch 4 (nonce 6)
		// sent after it, waiting.
		let mut flight = settle_flight(5, 9);
		flight.included.push((10, H256::repeat_byte(10)));
		flight.retracted = true;
		flight.settled = 400;
		rush.in_flight.insert(retracted, flight);
		rush.in_flight.insert(behind, settle_flight(6, 10));
		let operator = &mut rush.operators[0];
		(operator.account.nonce, operator.account.busy, operator.batch) = (7, true, 5);
		let stats = rush.report.classes.entry(Class::Settle).or_default();
		(stats.included, stats.latencies) = (2, vec![1, 2]);
		rush.report.receipts_settled = 1_000;

		rush.answer(Answer::GivenUp(retracted, "pool: invalid".into()));

		let stats = &rush.report.classes[&Class::Settle];
		assert_eq!(stats.included, 1);
		assert_eq!(
			stats.latencies,
			vec![2],
			"the retracted inclusion's latency leaves the figures"
		);
		assert_eq!(rush.report.receipts_settled, 600);
		assert_eq!(stats.given_up.values().sum::<u64>(), 2, "{:?}", stats.given_up);
		assert!(rush.in_flight.is_empty());
		let operator = &rush.operators[0];
		assert_eq!((operator.account.nonce, operator.batch), (5, 3), "batch 3 with nonce 5 again");
		assert!(!operator.account.busy, "the operator sends again");
	}

	/// The pool of a node on another branch gives up a settle batch that a block of the best
	/// chain included: the tool doubts, and takes it back once that block leaves the best chain.
	#[test]
	fn a_batch_given_up_is_taken_back_once_its_block_leaves_the_best_chain() {
		let mut rush = rush_of_one_operator();
		let [b9, b10, c10, c11] = [9u8, 10, 110, 111].map(H256::repeat_byte);
		for (hash, parent) in [(b10, b9), (c10, b9), (c11, c10)] {
			rush.seen.insert(hash, Seen { parent, contributions: vec![] });
		}
		let hash = H256::repeat_byte(1);
		let mut flight = settle_flight(5, 9);
		flight.included.push((10, b10));
		rush.in_flight.insert(hash, flight);
		rush.report.classes.entry(Class::Settle).or_default().included = 1;
		rush.operators[0].account.nonce = 6;
		rush.last_seen = Some((10, b10, 0));

		rush.answer(Answer::GivenUp(hash, "pool: invalid".into()));
		assert_eq!(rush.report.classes[&Class::Settle].included, 1, "its block is still best");
		rush.last_seen = Some((10, c10, 0));
		rush.take_back_doubted();
		assert_eq!(
			rush.report.classes[&Class::Settle].included,
			0,
			"its block left the best chain"
		);
		assert!(rush.in_flight.is_empty());
		assert_eq!(rush.operators[0].account.nonce, 5, "its nonce is signed again");

		// The same, its block still an ancestor of the best: nothing is taken back.
		let mut flight = settle_flight(5, 9);
		flight.included.push((10, c10));
		rush.in_flight.insert(hash, flight);
		rush.report.classes.entry(Class::Settle).or_default().included = 1;
		rush.answer(Answer::GivenUp(hash, "pool: dropped".into()));
		rush.last_seen = Some((11, c11, 0));
		rush.take_back_doubted();
		assert_eq!(rush.report.classes[&Class::Settle].included, 1);
	}

	/// An operator's batch refused by its node, and signed again for the same nonce, is
	/// included from the copy sent to another node: it counts as included with the latency
	/// since the first try, and the operator moves on to its next batch.
	#[test]
	fn a_copy_included_after_a_refusal_moves_its_operator_on() {
		let mut rush = rush_of_one_operator();
		let (copy, again) = (H256::repeat_byte(1), H256::repeat_byte(2));
		rush.given_up.insert(copy, (Class::Settle, 0, 5));
		let mut flight = settle_flight(5, 9);
		flight.accepted = false;
		flight.given_up = Some((10, "1014 Priority is too low".into()));
		rush.in_flight.insert(again, flight);
		let operator = &mut rush.operators[0];
		(operator.account.nonce, operator.account.busy, operator.batch) = (5, true, 3);
		operator.account.first_try = Some(9);
		let block = Block {
			number: 11,
			hash: H256::repeat_byte(11),
			parent: H256::repeat_byte(10),
			extrinsics: vec![copy],
			events: vec![],
			timestamp: 0,
			weight: Default::default(),
		};
		rush.take_block(&block, (9, H256::repeat_byte(9)));

		let stats = &rush.report.classes[&Class::Settle];
		assert_eq!((stats.included, stats.included_after_given_up), (1, 1));
		assert_eq!(stats.latencies, vec![2], "from the first try at #9");
		let operator = &rush.operators[0];
		assert_eq!((operator.account.nonce, operator.batch), (6, 4));
	}

	/// What was never seen in a retracted block is not taken back when its pool gives it up.
	#[test]
	fn a_settle_batch_given_up_without_retraction_is_not_taken_back() {
		let mut rush = rush_of_one_operator();
		let hash = H256::repeat_byte(1);
		let mut flight = settle_flight(5, 9);
		flight.included.push((10, H256::repeat_byte(10)));
		rush.in_flight.insert(hash, flight);
		rush.report.classes.entry(Class::Settle).or_default().included = 1;
		rush.answer(Answer::GivenUp(hash, "pool: dropped".into()));
		assert_eq!(rush.report.classes[&Class::Settle].included, 1);
		assert!(rush.in_flight.contains_key(&hash));
	}
}
