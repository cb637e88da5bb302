//! A runtime fuzzer for the OpenLedger appchain.
//!
//! An input is a SCALE-encoded sequence of [`Action`]s, run from the development preset's genesis
//! (its demo datanets, models, escrow and attributor included) plus two funded fuzz accounts.
//! Actions are plain calls of any pallet (decoded from the fuzzer's bytes, as the SRLabs
//! substrate-runtime-fuzzer does), and actions the fuzzer could never guess: receipts signed by
//! the consumers' real keys over fuzzer-chosen counters, commit/reveal pairs with correct
//! commitments over fuzzer-chosen leaves, claims with real merkle proofs (or mutated ones), and
//! block advances that cross epochs, round windows and unlock delays. Every transaction goes
//! through the full signed-extrinsic path (signature, validation, pre-dispatch, dispatch,
//! post-dispatch) inside real blocks, and a block that is full takes no more calls.
//!
//! A failed check panics, which the fuzzer reports as a crash, with its input. Checked in every
//! block:
//! - no panic anywhere;
//! - the weight a call used is at most what it was charged before dispatch;
//! - a block executes within its 2 s of weight.
//!
//! Checked after every action (an advance of many blocks is one action) and at the end of the
//! input:
//! - every pallet's invariants (`try_state`), and the runtime's integrity tests once;
//! - no account with consumers but no providers;
//! - the total issuance is the genesis issuance, less what was burned (fees, dust, `burn`), plus
//!   what root minted, as the balances pallet's events tell;
//! - the claim oracle: a claim pays an account exactly the amount of a leaf of the finalised
//!   settlement, once.
//!
//! Inputs are SCALE rather than `arbitrary` bytes so that the seed corpus is written by encoding
//! actions (one seed per call of the metadata, `openledger-fuzz seeds`), and a byte mutation of
//! an input is a mutation of its structure.

// A panic here is how a finding is reported, with the input that made it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ext;

use codec::{Decode, DecodeLimit, Encode};
use openledger_primitives::{settlement, EpochIndex, Hash256};
use openledger_runtime::{
	self as runtime, currency::OPEN, genesis_config_presets, signing, AccountId, Attribution,
	Balance, Balances, Executive, Header, Runtime, RuntimeCall, RuntimeEvent, RuntimeGenesisConfig,
	System, UncheckedExtrinsic,
};
use polkadot_sdk::{
	frame_support::{dispatch::GetDispatchInfo, traits::IntegrityTest, weights::Weight},
	frame_system, pallet_balances, pallet_transaction_payment,
	sp_consensus_aura::{Slot, AURA_ENGINE_ID},
	sp_core::{crypto::Pair as _, sr25519, H256},
	sp_keyring::Sr25519Keyring,
	sp_runtime::{
		traits::{Applyable, Checkable, Header as _},
		transaction_validity::{InvalidTransaction, TransactionValidityError},
		BuildStorage, Digest, DigestItem, MultiSignature, Storage,
	},
};
use std::{
	collections::{BTreeMap, BTreeSet},
	sync::OnceLock,
	time::{Duration, Instant},
};

/// How deep a call may nest (utility batches, sudo): the runtime's own limit.
const MAX_CALL_DEPTH: u32 = 8;
/// The most actions an input runs.
const MAX_ACTIONS: usize = 256;
/// The most blocks an input makes: enough for rounds, unlock delays and a few hundred epochs.
const MAX_BLOCKS: u32 = 2_000;
/// What each fuzz account holds at genesis.
const FUZZ_ENDOWMENT: Balance = 10_000 * OPEN;
/// The wall-clock time a block may take: its 2 s of weight.
const BLOCK_TIME_LIMIT: Duration = Duration::from_secs(2);

/// An account of the fuzz: Alice (root and attributor), Bob, Charlie, Dave (a model owner), Eve
/// (the demo models' operator), Ferdie (a consumer with escrow at Eve) and two fuzz accounts.
#[derive(Clone, Copy, Debug, Decode, Encode, PartialEq, Eq)]
pub struct Who(pub u8);

/// The number of accounts [`Who`] chooses from.
pub const ACCOUNTS: u8 = 8;

/// One receipt of a settle batch, as a consumer signs it: its counters advance the channel's
/// last signed ones by these amounts (zero or backwards when the fuzzer says so).
#[derive(Clone, Debug, Decode, Encode, PartialEq, Eq)]
pub struct ReceiptStep {
	pub consumer: Who,
	pub model: u8,
	pub requests: u8,
	pub tokens: u16,
	/// The amount added, in micro-OPEN.
	pub amount: u32,
	/// Set: the nonce does not advance (a replay) or the signature is over other bytes.
	pub replay: bool,
	pub forge: bool,
}

/// How a claim's proof is damaged, if it is.
#[derive(Clone, Copy, Debug, Decode, Encode, PartialEq, Eq)]
pub enum Mutation {
	/// Another amount than the leaf's.
	Amount(u32),
	/// Another account than the leaf's.
	Account(Who),
	/// One proof item's byte flipped.
	Item(u8),
	/// The leaf index changed.
	Index(u8),
}

/// What the fuzzer does next.
#[derive(Clone, Debug, Decode, Encode, PartialEq, Eq)]
pub enum Action {
	/// Any call of the runtime, SCALE-encoded, signed by `signer` with a tip.
	Call { signer: Who, tip: u16, call: Vec<u8> },
	/// `inference.settle` by `operator` of receipts its consumers signed.
	Settle { operator: Who, receipts: Vec<ReceiptStep>, log: bool },
	/// An attributor commits to a settlement of an epoch (`epochs_back` before the current one)
	/// over these leaves (account, micro-OPEN), with a correct commitment.
	Commit { attributor: Who, epochs_back: u8, leaves: Vec<(Who, u32)>, salt: u8 },
	/// An attributor reveals what it committed to (or, `lie` set, another total).
	Reveal { attributor: Who, epochs_back: u8, lie: bool },
	/// `claimer` claims leaf `leaf` of what was revealed for an epoch, with its real proof or a
	/// mutated one; `batch` sends it through `claim_batch` with the epoch's other leaves.
	Claim { claimer: Who, epochs_back: u8, leaf: u8, mutation: Option<Mutation>, batch: bool },
	/// Ends the block and makes `blocks` more (idle hooks run in each).
	Advance { blocks: u8 },
}

/// Whether the fuzz runs `call`: everything but root's raw writes of storage and code
/// (`system.setStorage`, `killStorage`, `killPrefix`, `setCode`, …), which break any invariant
/// by design, whether called directly or wrapped in sudo and utility calls.
pub fn allowed(call: &RuntimeCall) -> bool {
	use polkadot_sdk::{pallet_sudo::Call as Sudo, pallet_utility::Call as Utility};
	match call {
		RuntimeCall::System(call) => matches!(
			call,
			frame_system::Call::remark { .. } | frame_system::Call::remark_with_event { .. }
		),
		RuntimeCall::Sudo(
			Sudo::sudo { call }
			| Sudo::sudo_unchecked_weight { call, .. }
			| Sudo::sudo_as { call, .. },
		) => allowed(call),
		RuntimeCall::Utility(
			Utility::batch { calls }
			| Utility::batch_all { calls }
			| Utility::force_batch { calls },
		) => calls.iter().all(allowed),
		RuntimeCall::Utility(
			Utility::as_derivative { call, .. }
			| Utility::dispatch_as { call, .. }
			| Utility::dispatch_as_fallible { call, .. }
			| Utility::with_weight { call, .. },
		) => allowed(call),
		RuntimeCall::Utility(Utility::if_else { main, fallback }) => {
			allowed(main) && allowed(fallback)
		},
		_ => true,
	}
}

/// The accounts, by [`Who`].
fn account_pair(who: Who) -> sr25519::Pair {
	match who.0 % ACCOUNTS {
		0 => Sr25519Keyring::Alice.pair(),
		1 => Sr25519Keyring::Bob.pair(),
		2 => Sr25519Keyring::Charlie.pair(),
		3 => Sr25519Keyring::Dave.pair(),
		4 => Sr25519Keyring::Eve.pair(),
		5 => Sr25519Keyring::Ferdie.pair(),
		n => sr25519::Pair::from_string(&format!("//fuzz//{}", n - 6), None)
			.expect("a valid derivation"),
	}
}

/// The genesis the fuzz starts from: the development preset with two fuzz accounts funded.
pub fn genesis() -> &'static Storage {
	static GENESIS: OnceLock<Storage> = OnceLock::new();
	GENESIS.get_or_init(|| {
		let preset = genesis_config_presets::get_preset(
			&polkadot_sdk::sp_genesis_builder::DEV_RUNTIME_PRESET.into(),
		)
		.expect("the development preset");
		let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("JSON");
		genesis_config_presets::merge(&mut config, serde_json::from_slice(&preset).expect("JSON"));
		let balances = config["balances"]["balances"].as_array_mut().expect("balances");
		for n in 6..ACCOUNTS {
			let id = AccountId::from(account_pair(Who(n)).public());
			balances.push(serde_json::json!([id.to_string(), FUZZ_ENDOWMENT]));
		}
		let config: RuntimeGenesisConfig = serde_json::from_value(config).expect("a config");
		config.build_storage().expect("the genesis builds")
	})
}

/// The cached pairs of the accounts.
fn pairs() -> &'static [sr25519::Pair] {
	static PAIRS: OnceLock<Vec<sr25519::Pair>> = OnceLock::new();
	PAIRS.get_or_init(|| (0..ACCOUNTS).map(|n| account_pair(Who(n))).collect())
}

fn pair(who: Who) -> &'static sr25519::Pair {
	&pairs()[usize::from(who.0 % ACCOUNTS)]
}

fn id(who: Who) -> AccountId {
	pair(who).public().into()
}

/// What a run did, for the replay's summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
	pub actions: usize,
	pub blocks: u32,
	/// Transactions applied, and of those, dispatched without error.
	pub applied: u32,
	pub succeeded: u32,
	/// Leaves paid by claims.
	pub claims_paid: u32,
	/// Attributors slashed.
	pub slashes: u32,
}

/// The leaves an attributor committed to for an epoch, and its salt.
struct Committed {
	leaves: Vec<(AccountId, Balance)>,
	/// Their merkle root and total, as committed.
	root: Hash256,
	total: Balance,
	salt: Hash256,
}

/// The state of a run beside the chain's.
struct Run {
	genesis: H256,
	/// The hash of the last closed block.
	last: H256,
	summary: Summary,
	/// Each channel's (consumer, operator) last receipt payload the harness signed.
	channels:
		BTreeMap<(AccountId, AccountId), pallet_inference::ReceiptPayload<AccountId, Balance>>,
	/// Commitments by epoch and attributor.
	commitments: BTreeMap<(EpochIndex, AccountId), Committed>,
	/// Leaves each epoch's claims paid, as the oracle counts them.
	paid: BTreeSet<(EpochIndex, AccountId)>,
	/// What the issuance should be.
	issuance: Balance,
	/// When the block open now started.
	block_started: Instant,
}

/// The report hash every fuzz settlement names.
const REPORT: Hash256 = [7; 32];

fn leaf_hashes(leaves: &[(AccountId, Balance)]) -> Vec<Hash256> {
	leaves
		.iter()
		.map(|(account, amount)| settlement::leaf(account, amount))
		.collect()
}

fn root_and_total(leaves: &[(AccountId, Balance)]) -> (Hash256, Balance) {
	let total = leaves.iter().fold(0u128, |sum, (_, amount)| sum.saturating_add(*amount));
	(settlement::merkle_root(leaf_hashes(leaves)), total)
}

impl Run {
	/// Opens block `number` (the slot and timestamp of its number).
	fn open_block(&mut self) {
		let number = System::block_number() + 1;
		let parent = self.last;
		let slot = Slot::from(u64::from(number) + 1_000);
		let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
		let header = Header::new(number, H256::zero(), H256::zero(), parent, digest);
		Executive::initialize_block(&header);
		let now = (u64::from(number) + 1_000) * runtime::SLOT_DURATION;
		let inherent = UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(
			polkadot_sdk::pallet_timestamp::Call::set { now },
		));
		Executive::apply_extrinsic(inherent)
			.expect("the timestamp inherent applies")
			.expect("the timestamp inherent dispatches");
		self.block_started = Instant::now();
	}

	/// Closes the block open now, with its idle and finalisation hooks, checks its time and
	/// counts what its events say about money (the state's invariants are checked after each
	/// action, an advance of many blocks included).
	fn close_block(&mut self) {
		let header = Executive::finalize_block();
		let took = self.block_started.elapsed();
		assert!(
			took <= BLOCK_TIME_LIMIT,
			"block #{} took {took:?}, more than its 2 s of weight",
			header.number()
		);
		// The hash the next block names as its parent.
		self.last = header.hash();
		self.summary.blocks += 1;
		self.take_events();
	}

	/// Ends the block open now and opens the next.
	fn next_block(&mut self) {
		self.close_block();
		self.open_block();
	}

	/// Signs `call` as `signer` and applies it through the full signed-extrinsic path; when the
	/// block is full it goes into the next one. Returns the call's own result, when it was
	/// dispatched.
	fn submit(&mut self, signer: Who, call: RuntimeCall, tip: Balance) -> Option<bool> {
		for _ in 0..2 {
			let who = id(signer);
			let nonce = System::account_nonce(&who);
			let chain = signing::ChainContext::this_runtime(self.genesis);
			let xt = signing::signed_extrinsic(pair(signer), call.clone(), nonce, tip, chain, None);
			match self.apply(xt) {
				// The block is full: the call waits for the next one.
				Err(TransactionValidityError::Invalid(InvalidTransaction::ExhaustsResources)) => {
					self.next_block();
				},
				Err(_) => return None,
				Ok(outcome) => return Some(outcome),
			}
		}
		None
	}

	/// What the executive does with an extrinsic, with the call's post-dispatch weight kept, to
	/// check it against what was charged.
	fn apply(&mut self, xt: UncheckedExtrinsic) -> Result<bool, TransactionValidityError> {
		let encoded = xt.encode();
		let len = encoded.len();
		let xt = <UncheckedExtrinsic as Checkable<frame_system::ChainContext<Runtime>>>::check(
			xt,
			&Default::default(),
		)?;
		let info = xt.get_dispatch_info();
		frame_system::Pallet::<Runtime>::note_extrinsic(encoded);
		let result = Applyable::apply::<Runtime>(xt, &info, len)?;
		frame_system::Pallet::<Runtime>::note_applied_extrinsic(&result, info);
		let post = match &result {
			Ok(post) => *post,
			Err(error) => error.post_info,
		};
		let charged = info.total_weight();
		let used = post.actual_weight.unwrap_or(charged);
		assert!(
			used.all_lte(charged),
			"a call used {used:?}, more than the {charged:?} charged before dispatch: {:?}",
			result
		);
		self.summary.applied += 1;
		self.summary.succeeded += u32::from(result.is_ok());
		Ok(result.is_ok())
	}

	/// The events of the block so far, and clears them, checking what they tell about money:
	/// issuance changes and claims.
	fn take_events(&mut self) {
		let events = System::read_events_no_consensus().map(|r| r.event).collect::<Vec<_>>();
		System::reset_events();
		for event in events {
			match event {
				// Fees are burned (`TransactionFeePaid`), as is the dust of reaped accounts.
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid {
						actual_fee: amount,
						..
					},
				)
				| RuntimeEvent::Balances(pallet_balances::Event::DustLost { amount, .. })
				| RuntimeEvent::Balances(pallet_balances::Event::Burned { amount, .. })
				| RuntimeEvent::Balances(pallet_balances::Event::Rescinded { amount }) => {
					self.issuance = self.issuance.saturating_sub(amount)
				},
				RuntimeEvent::Balances(pallet_balances::Event::Minted { amount, .. })
				| RuntimeEvent::Balances(pallet_balances::Event::Issued { amount }) => {
					self.issuance = self.issuance.saturating_add(amount)
				},
				RuntimeEvent::Attribution(pallet_attribution::Event::AttributorSlashed {
					..
				}) => self.summary.slashes += 1,
				// Root set the issuance itself.
				RuntimeEvent::Balances(pallet_balances::Event::TotalIssuanceForced {
					new, ..
				}) => self.issuance = new,
				RuntimeEvent::Attribution(pallet_attribution::Event::Claimed {
					epoch,
					account,
					amount,
				}) => self.claimed(epoch, account, amount),
				_ => {},
			}
		}
	}

	/// The claim oracle: a leaf of the finalised settlement of `epoch`, paid once.
	fn claimed(&mut self, epoch: EpochIndex, account: AccountId, amount: Balance) {
		let settled = pallet_attribution::Settlements::<Runtime>::get(epoch)
			.expect("a claim is paid from a finalised settlement");
		let leaves = self
			.commitments
			.iter()
			.filter(|((e, _), c)| *e == epoch && c.root == settled.root)
			.map(|(_, c)| &c.leaves)
			.next()
			.expect("the finalised root is one an attributor committed to");
		assert!(
			leaves.contains(&(account.clone(), amount)),
			"epoch {epoch} paid {account} {amount}, which is no leaf of its settlement"
		);
		assert!(self.paid.insert((epoch, account.clone())), "epoch {epoch} paid {account} twice");
		self.summary.claims_paid += 1;
	}

	/// Every invariant of the chain's state.
	fn check(&mut self) {
		self.take_events();
		let broken = runtime::invariants::broken();
		assert!(
			broken.is_empty(),
			"invariants broken: {:?}",
			broken
				.iter()
				.map(|(p, m)| format!(
					"{}: {}",
					String::from_utf8_lossy(p),
					String::from_utf8_lossy(m)
				))
				.collect::<Vec<_>>()
		);
		let mut balances: Balance = 0;
		for (who, account) in frame_system::Account::<Runtime>::iter() {
			assert!(
				account.consumers == 0 || account.providers > 0 || account.sufficients > 0,
				"{who} has {} consumers and no provider",
				account.consumers
			);
			balances =
				balances.saturating_add(account.data.free).saturating_add(account.data.reserved);
		}
		let issuance = Balances::total_issuance();
		assert_eq!(issuance, self.issuance, "the issuance moved without a mint or burn event");
		assert_eq!(issuance, balances, "the issuance is not the sum of the accounts' balances");
	}

	fn act(&mut self, action: Action) {
		match action {
			Action::Call { signer, tip, mut call } => {
				normalise(&mut call);
				let call = RuntimeCall::decode_with_depth_limit(MAX_CALL_DEPTH, &mut &call[..]);
				if let Some(call) = call.ok().filter(allowed) {
					self.submit(signer, call, Balance::from(tip) * runtime::currency::MICRO_OPEN);
				}
			},
			Action::Settle { operator, receipts, log } => self.settle(operator, receipts, log),
			Action::Commit { attributor, epochs_back, leaves, salt } => {
				let epoch = self.epoch_back(epochs_back);
				let leaves: Vec<(AccountId, Balance)> = leaves
					.into_iter()
					.take(64)
					.map(|(who, amount)| {
						(id(who), Balance::from(amount) * runtime::currency::MICRO_OPEN)
					})
					.collect();
				let (root, total) = root_and_total(&leaves);
				let salt = [salt; 32];
				let who = id(attributor);
				let commitment = settlement::commitment(&who, epoch, &root, &total, &REPORT, &salt);
				let call = RuntimeCall::Attribution(pallet_attribution::Call::commit {
					epoch,
					commitment,
				});
				if self.submit(attributor, call, 0) == Some(true) {
					self.commitments.insert((epoch, who), Committed { leaves, root, total, salt });
				}
			},
			Action::Reveal { attributor, epochs_back, lie } => {
				let epoch = self.epoch_back(epochs_back);
				let Some(committed) = self.commitments.get(&(epoch, id(attributor))) else {
					return;
				};
				let call = RuntimeCall::Attribution(pallet_attribution::Call::reveal {
					epoch,
					root: committed.root,
					total: committed.total + Balance::from(lie),
					report: REPORT,
					salt: committed.salt,
				});
				self.submit(attributor, call, 0);
			},
			Action::Claim { claimer, epochs_back, leaf, mutation, batch } => {
				self.claim(claimer, self.epoch_back(epochs_back), leaf, mutation, batch)
			},
			Action::Advance { blocks } => {
				for _ in 0..=blocks {
					if self.summary.blocks >= MAX_BLOCKS {
						break;
					}
					self.next_block();
				}
			},
		}
		self.check();
	}

	/// The epoch `back` epochs before the current one.
	fn epoch_back(&self, back: u8) -> EpochIndex {
		Attribution::current_epoch().saturating_sub(EpochIndex::from(back))
	}

	fn settle(&mut self, operator: Who, steps: Vec<ReceiptStep>, log: bool) {
		let operator_id = id(operator);
		let mut receipts = vec![];
		for step in steps.into_iter().take(64) {
			let consumer = id(step.consumer);
			let Some(allocation) =
				pallet_inference::Escrows::<Runtime>::get(&consumer, &operator_id)
			else {
				continue;
			};
			let key = (consumer.clone(), operator_id.clone());
			let last = self.channels.get(&key).filter(|p| p.allocation == allocation.id);
			let mut payload = match last {
				Some(last) => last.clone(),
				None => pallet_inference::ReceiptPayload {
					consumer: consumer.clone(),
					model: 0,
					operator: operator_id.clone(),
					allocation: allocation.id,
					input_tokens: 0,
					output_tokens: 0,
					requests: 0,
					outputs: [0; 32],
					amount: 0,
					nonce: 0,
				},
			};
			payload.model = u32::from(step.model % 3);
			payload.requests += u64::from(step.requests);
			payload.input_tokens += u64::from(step.tokens);
			payload.output_tokens += u64::from(step.tokens) / 2;
			payload.amount += Balance::from(step.amount) * runtime::currency::MICRO_OPEN;
			if !step.replay {
				payload.nonce += 1;
			}
			let mut message = (pallet_inference::RECEIPT_DOMAIN, self.genesis, &payload).encode();
			if step.forge {
				message.push(0);
			}
			let signature = MultiSignature::Sr25519(pair(step.consumer).sign(&message));
			self.channels.insert(key, payload.clone());
			receipts.push(pallet_inference::Receipt { payload, signature });
		}
		let log = log.then(|| pallet_inference::LogRef {
			hash: [self.summary.applied as u8; 32],
			uri: b"file:///fuzz/log.json".to_vec(),
		});
		let call = RuntimeCall::Inference(pallet_inference::Call::settle { receipts, log });
		self.submit(operator, call, 0);
	}

	fn claim(
		&mut self,
		claimer: Who,
		epoch: EpochIndex,
		leaf: u8,
		mutation: Option<Mutation>,
		batch: bool,
	) {
		// The leaves of the result that finalised (else of any commitment of the epoch).
		let settled = pallet_attribution::Settlements::<Runtime>::get(epoch).map(|s| s.root);
		let Some(leaves) = self
			.commitments
			.iter()
			.filter(|((e, _), _)| *e == epoch)
			.max_by_key(|(_, c)| Some(c.root) == settled)
			.map(|(_, c)| c.leaves.clone())
		else {
			return;
		};
		if leaves.is_empty() {
			return;
		}
		let hashes = leaf_hashes(&leaves);
		let claim_of = |index: usize, mutation: Option<Mutation>| {
			let (mut account, mut amount) = leaves[index].clone();
			let mut proof =
				settlement::merkle_proof(&hashes, index as u32).expect("a leaf of the tree");
			match mutation {
				None => {},
				Some(Mutation::Amount(a)) => amount = Balance::from(a),
				Some(Mutation::Account(who)) => account = id(who),
				Some(Mutation::Item(i)) if !proof.items.is_empty() => {
					let at = usize::from(i) % proof.items.len();
					proof.items[at][usize::from(i) % 32] ^= 1;
				},
				// A proof without items (a one-leaf tree) has nothing to flip.
				Some(Mutation::Item(_)) => {},
				Some(Mutation::Index(i)) => proof.leaf_index = u32::from(i),
			}
			pallet_attribution::Claim { account, amount, proof }
		};
		let index = usize::from(leaf) % leaves.len();
		let call = if batch {
			let claims = (0..leaves.len())
				.map(|i| claim_of(i, if i == index { mutation } else { None }))
				.collect();
			RuntimeCall::Attribution(pallet_attribution::Call::claim_batch { epoch, claims })
		} else {
			let pallet_attribution::Claim { account, amount, proof } = claim_of(index, mutation);
			RuntimeCall::Attribution(pallet_attribution::Call::claim {
				epoch,
				account,
				amount,
				proof,
			})
		};
		self.submit(claimer, call, 0);
	}
}

/// Decodes an input into its actions: as many as decode, at most `MAX_ACTIONS`.
/// Bytes that decode to no action are skipped one at a time, so that a mutation that breaks
/// one action leaves the others.
pub fn actions(mut input: &[u8]) -> Vec<Action> {
	let mut actions = vec![];
	while !input.is_empty() && actions.len() < MAX_ACTIONS {
		let mut rest = input;
		match Action::decode_with_depth_limit(MAX_CALL_DEPTH, &mut rest) {
			Ok(action) => {
				actions.push(action);
				input = rest;
			},
			Err(_) => input = &input[1..],
		}
	}
	actions
}

/// A pallet's index and name, and its calls' indices, names and argument types.
type PalletCalls = (u8, String, Vec<(u8, String, Vec<u32>)>);
/// The runtime's calls, and the registry their types are in.
type RuntimeCalls = (scale_info::PortableRegistry, Vec<PalletCalls>);

/// The calls of the runtime, from its type information.
fn runtime_calls() -> &'static RuntimeCalls {
	use scale_info::{PortableRegistry, Registry, TypeDef};
	static CALLS: OnceLock<RuntimeCalls> = OnceLock::new();
	CALLS.get_or_init(|| {
		let mut registry = Registry::new();
		let root = registry.register_type(&scale_info::meta_type::<RuntimeCall>()).id;
		let registry: PortableRegistry = registry.into();
		let mut pallets = vec![];
		if let Some(TypeDef::Variant(variants)) = registry.resolve(root).map(|t| &t.type_def) {
			for pallet in &variants.variants {
				let Some(field) = pallet.fields.first() else { continue };
				let Some(TypeDef::Variant(calls)) =
					registry.resolve(field.ty.id).map(|t| &t.type_def)
				else {
					continue;
				};
				let calls = calls
					.variants
					.iter()
					.map(|c| (c.index, c.name.clone(), c.fields.iter().map(|f| f.ty.id).collect()))
					.collect();
				pallets.push((pallet.index, pallet.name.clone(), calls));
			}
		}
		(registry, pallets)
	})
}

/// Makes the first two bytes of an encoded call a pallet's index and one of its calls' (bytes
/// that already are stay), so that most of the fuzzer's bytes decode to a call.
fn normalise(call: &mut [u8]) {
	let pallets = &runtime_calls().1;
	let [pallet, index, ..] = call else { return };
	if pallets.is_empty() {
		return;
	}
	let at = pallets
		.iter()
		.position(|(i, _, _)| i == pallet)
		.unwrap_or(usize::from(*pallet) % pallets.len());
	let (pallet_index, _, calls) = &pallets[at];
	*pallet = *pallet_index;
	if !calls.is_empty() && !calls.iter().any(|(i, _, _)| i == index) {
		*index = calls[usize::from(*index) % calls.len()].0;
	}
}

/// Encodes actions as an input.
pub fn input(actions: &[Action]) -> Vec<u8> {
	actions.iter().flat_map(Encode::encode).collect()
}

/// Runs `input` from genesis, checking everything after every action. Panics on a finding.
pub fn run(input: &[u8]) -> Summary {
	let actions = actions(input);
	let mut ext = ext::Ext::new(genesis().clone());
	ext.execute_with(|| {
		static INTEGRITY: OnceLock<()> = OnceLock::new();
		INTEGRITY.get_or_init(runtime::AllPalletsWithSystem::integrity_test);
		let mut run = Run {
			genesis: System::block_hash(0),
			last: System::block_hash(0),
			summary: Summary::default(),
			channels: BTreeMap::new(),
			commitments: BTreeMap::new(),
			paid: BTreeSet::new(),
			issuance: Balances::total_issuance(),
			block_started: Instant::now(),
		};
		run.open_block();
		for action in actions {
			run.summary.actions += 1;
			run.act(action);
		}
		run.close_block();
		run.check();
		run.summary
	})
}

/// The weight of a block's normal class, for seeds that fill one.
pub fn normal_block_weight() -> Weight {
	let weights = runtime::configs::BlockWeights::get();
	weights
		.get(polkadot_sdk::frame_support::dispatch::DispatchClass::Normal)
		.max_total
		.unwrap_or(weights.max_block)
}

/// The seed corpus: one input per call of the runtime, and inputs that play the flows the
/// fuzzer could not find by chance (settle, a whole attribution round with its claims).
pub mod seeds {
	use super::*;
	use scale_info::{form::PortableForm, PortableRegistry, TypeDef, TypeDefPrimitive};

	/// Appends to `out` the smallest encoding of type `id`: zeros, empty sequences, the first
	/// variant. `None` for a type with no value (an enum without variants) or nested too deep.
	fn zero(registry: &PortableRegistry, id: u32, depth: u32, out: &mut Vec<u8>) -> Option<()> {
		if depth > 16 {
			return None;
		}
		let ty = registry.resolve(id)?;
		let fields = |fields: &[scale_info::Field<PortableForm>], out: &mut Vec<u8>| {
			fields.iter().try_for_each(|f| zero(registry, f.ty.id, depth + 1, out))
		};
		match &ty.type_def {
			TypeDef::Composite(c) => fields(&c.fields, out)?,
			TypeDef::Variant(v) => {
				let first = v.variants.iter().find_map(|variant| {
					let mut bytes = vec![variant.index];
					fields(&variant.fields, &mut bytes).map(|()| bytes)
				})?;
				out.extend(first);
			},
			TypeDef::Sequence(_) | TypeDef::Compact(_) | TypeDef::BitSequence(_) => out.push(0),
			TypeDef::Array(a) => {
				for _ in 0..a.len {
					zero(registry, a.type_param.id, depth + 1, out)?;
				}
			},
			TypeDef::Tuple(t) => {
				t.fields.iter().try_for_each(|f| zero(registry, f.id, depth + 1, out))?
			},
			TypeDef::Primitive(p) => {
				let size = match p {
					TypeDefPrimitive::Bool | TypeDefPrimitive::U8 | TypeDefPrimitive::I8 => 1,
					TypeDefPrimitive::Str => 1,
					TypeDefPrimitive::U16 | TypeDefPrimitive::I16 => 2,
					TypeDefPrimitive::Char | TypeDefPrimitive::U32 | TypeDefPrimitive::I32 => 4,
					TypeDefPrimitive::U64 | TypeDefPrimitive::I64 => 8,
					TypeDefPrimitive::U128 | TypeDefPrimitive::I128 => 16,
					TypeDefPrimitive::U256 | TypeDefPrimitive::I256 => 32,
				};
				out.extend(std::iter::repeat_n(0, size));
			},
		}
		Some(())
	}

	/// Every call of the runtime with its smallest arguments, by pallet and call name.
	pub fn calls() -> Vec<(String, Vec<u8>)> {
		let (registry, pallets) = runtime_calls();
		let mut seeds = vec![];
		for (pallet, pallet_name, calls) in pallets {
			for (call, call_name, fields) in calls {
				let mut bytes = vec![*pallet, *call];
				let encoded =
					fields.iter().try_for_each(|ty| zero(registry, *ty, 0, &mut bytes)).is_some();
				// Only what the runtime decodes back into that call, and the fuzz runs.
				let decoded = RuntimeCall::decode(&mut &bytes[..]).ok().filter(allowed);
				if encoded && decoded.is_some() {
					seeds.push((format!("{pallet_name}-{call_name}"), bytes));
				}
			}
		}
		seeds
	}

	fn call(signer: u8, call: RuntimeCall) -> Action {
		Action::Call { signer: Who(signer), tip: 0, call: call.encode() }
	}

	/// The flows: named inputs.
	pub fn flows() -> Vec<(String, Vec<Action>)> {
		let (alice, bob, charlie, dave, eve, ferdie, fuzz) = (0, 1, 2, 3, 4, 5, 6);
		let pay = |payer: u8| {
			call(
				payer,
				RuntimeCall::Inference(pallet_inference::Call::pay_for_inference {
					model: 0,
					input_tokens: 1_000,
					output_tokens: 500,
					max_fee: OPEN,
					output: [payer; 32],
					log: None,
				}),
			)
		};
		let step = |consumer: u8, amount: u32| ReceiptStep {
			consumer: Who(consumer),
			model: 0,
			requests: 1,
			tokens: 1_000,
			amount,
			replay: false,
			forge: false,
		};
		let leaves = vec![(Who(bob), 100), (Who(charlie), 200), (Who(fuzz), 50)];
		// The round of epoch 0, run in the dev schedule's windows: commits in the blocks after
		// the epoch, reveals four blocks later, claims after the challenge window.
		let round = vec![
			pay(bob),
			pay(charlie),
			Action::Advance { blocks: 9 },
			Action::Commit { attributor: Who(alice), epochs_back: 1, leaves, salt: 1 },
			Action::Advance { blocks: 3 },
			Action::Reveal { attributor: Who(alice), epochs_back: 1, lie: false },
			Action::Advance { blocks: 9 },
			Action::Claim {
				claimer: Who(bob),
				epochs_back: 2,
				leaf: 0,
				mutation: None,
				batch: false,
			},
			Action::Claim {
				claimer: Who(bob),
				epochs_back: 2,
				leaf: 0,
				mutation: None,
				batch: false,
			},
			Action::Claim {
				claimer: Who(charlie),
				epochs_back: 2,
				leaf: 1,
				mutation: Some(Mutation::Amount(1_000)),
				batch: false,
			},
			Action::Claim {
				claimer: Who(fuzz),
				epochs_back: 2,
				leaf: 1,
				mutation: None,
				batch: true,
			},
		];
		// Two attributors: the fuzz account registers (active from the next epoch), both commit
		// to epoch 1, only Alice reveals; no quorum, so root resolves the round with Alice's
		// result in its challenge window, the silent one is slashed when it closes, and the
		// leaves are claimed in one batch.
		let leaves_1 = vec![(Who(dave), 70), (Who(bob), 30)];
		let ids: Vec<(AccountId, Balance)> = leaves_1
			.iter()
			.map(|(who, amount)| (id(*who), Balance::from(*amount) * runtime::currency::MICRO_OPEN))
			.collect();
		let (root, total) = root_and_total(&ids);
		let result = settlement::result_key(&root, &total, &REPORT);
		let resolve = RuntimeCall::Sudo(polkadot_sdk::pallet_sudo::Call::sudo {
			call: Box::new(RuntimeCall::Attribution(pallet_attribution::Call::resolve {
				epoch: 1,
				result,
			})),
		});
		let silent = vec![
			call(
				fuzz,
				RuntimeCall::Attribution(pallet_attribution::Call::register_attributor {
					bond: 1_000 * OPEN,
				}),
			),
			Action::Advance { blocks: 9 },
			pay(bob),
			pay(charlie),
			Action::Advance { blocks: 9 },
			Action::Commit {
				attributor: Who(alice),
				epochs_back: 1,
				leaves: leaves_1.clone(),
				salt: 2,
			},
			Action::Commit { attributor: Who(fuzz), epochs_back: 1, leaves: leaves_1, salt: 3 },
			Action::Advance { blocks: 3 },
			Action::Reveal { attributor: Who(alice), epochs_back: 1, lie: false },
			Action::Advance { blocks: 3 },
			call(alice, resolve),
			Action::Advance { blocks: 9 },
			Action::Claim {
				claimer: Who(charlie),
				epochs_back: 2,
				leaf: 0,
				mutation: None,
				batch: true,
			},
		];
		vec![
			("flow-two-attributors-one-silent".into(), silent),
			(
				"flow-settle".into(),
				vec![
					Action::Settle {
						operator: Who(eve),
						receipts: vec![step(ferdie, 10)],
						log: true,
					},
					Action::Settle {
						operator: Who(eve),
						receipts: vec![step(ferdie, 20), step(ferdie, 5)],
						log: false,
					},
					Action::Settle {
						operator: Who(eve),
						receipts: vec![ReceiptStep { replay: true, ..step(ferdie, 1) }],
						log: false,
					},
					Action::Settle {
						operator: Who(eve),
						receipts: vec![ReceiptStep { forge: true, ..step(ferdie, 1) }],
						log: false,
					},
				],
			),
			(
				"flow-deposit-settle-withdraw".into(),
				vec![
					call(
						fuzz,
						RuntimeCall::Inference(pallet_inference::Call::deposit {
							operator: id(Who(eve)),
							amount: 10 * OPEN,
						}),
					),
					Action::Settle {
						operator: Who(eve),
						receipts: vec![step(fuzz, 500)],
						log: false,
					},
					call(
						fuzz,
						RuntimeCall::Inference(pallet_inference::Call::request_withdrawal {
							operator: id(Who(eve)),
							amount: 9 * OPEN,
						}),
					),
					Action::Advance { blocks: 100 },
					call(
						fuzz,
						RuntimeCall::Inference(pallet_inference::Call::withdraw {
							operator: id(Who(eve)),
						}),
					),
				],
			),
			("flow-round-and-claims".into(), round),
		]
	}

	/// A libFuzzer dictionary: the accounts' ids, so that mutations of a call's arguments put
	/// in accounts that exist and hold money.
	pub fn dictionary() -> String {
		(0..ACCOUNTS)
			.map(|n| {
				let bytes: String =
					id(Who(n)).encode().iter().map(|b| format!("\\x{b:02x}")).collect();
				format!("account_{n}=\"{bytes}\"\n")
			})
			.collect()
	}

	/// Every seed: the calls, each signed by Alice (root, so that sudo calls dispatch), and the
	/// flows.
	pub fn all() -> Vec<(String, Vec<u8>)> {
		let calls = calls().into_iter().map(|(name, bytes)| {
			(format!("call-{name}"), input(&[Action::Call { signer: Who(0), tip: 0, call: bytes }]))
		});
		calls
			.chain(flows().into_iter().map(|(name, actions)| (name, input(&actions))))
			.collect()
	}
}
