//! A runtime upgrade during the rush: checked against the live state first, then enacted with
//! sudo `set_code`.
//!
//! The check runs this tool's runtime — the one the upgrade installs — natively on a copy of the
//! live state: every key and value at the best block, fetched over RPC and checked against
//! the block's state root, as `frame-remote-externalities` does. On that copy it runs what the
//! first block of the new runtime runs (`Executive::execute_on_runtime_upgrade`: our
//! migrations, then every pallet's upgrade hook), compares the usage logs listed before and
//! after, checks that every allocation's escrow moved onto its operator's account with no money
//! made or lost, runs every pallet's invariants, and runs the upgrade once more to show that it
//! changes nothing the second time.

use crate::chain::{self, Error, Node, POOL_FULL};
use codec::Decode;
use openledger_runtime::{signing::ChainContext, Executive, Runtime, RuntimeCall, RuntimeEvent};
use pallet_attribution::migrations::v2::UncheckedMigrateV1ToV2;
use pallet_inference::migrations::v2::UncheckedMigrateV1ToV2 as UncheckedEscrowMigration;
use polkadot_sdk::{
	frame_system, pallet_sudo,
	sp_core::{
		sr25519,
		storage::{
			well_known_keys::{CHILD_STORAGE_KEY_PREFIX, CODE},
			Storage,
		},
		H256,
	},
	sp_crypto_hashing::twox_128,
	sp_io::TestExternalities,
	sp_runtime::StateVersion,
};

/// The pallets whose storage this runtime migrates, and the storage version each is left at.
pub const MIGRATED: [(&str, u16); 2] = [("Attribution", 2), ("Inference", 2)];

/// The storage version of `pallet` in the state of the externalities (0 when unset).
fn storage_version(pallet: &str) -> u16 {
	let key = [twox_128(pallet.as_bytes()), twox_128(b":__STORAGE_VERSION__:")].concat();
	polkadot_sdk::sp_io::storage::get(&key)
		.and_then(|raw| u16::decode(&mut &raw[..]).ok())
		.unwrap_or_default()
}

/// What the check on the live state found.
pub struct LiveCheck {
	pub block: u32,
	pub keys: usize,
	/// What each migrated pallet's migration did: its storage version before and after, and
	/// what it checked.
	pub migrated: Vec<(&'static str, u16, u16, String)>,
	/// The weight the upgrade used (reference time, ps) and the block's maximum.
	pub weight: (u64, u64),
}

impl std::fmt::Display for LiveCheck {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		let migrated: Vec<String> = self
			.migrated
			.iter()
			.map(|(pallet, before, after, found)| {
				format!("{} storage v{before} → v{after}, {found}", pallet.to_lowercase())
			})
			.collect();
		write!(
			f,
			"on the state of #{} ({} keys, root matches): {}; invariants whole, a second run \
			 changes nothing; weight {:.1} ms of the block's {:.0} ms",
			self.block,
			self.keys,
			migrated.join("; "),
			self.weight.0 as f64 / 1e9,
			self.weight.1 as f64 / 1e9,
		)
	}
}

/// Runs the upgrade natively on the state of block `at` of `node` and checks it.
pub async fn check_on_live_state(node: &Node, at: H256) -> Result<LiveCheck, Error> {
	let header = node.header(Some(at)).await?;
	let pairs = node.state(at).await?;
	let keys = pairs.len();
	if pairs.iter().any(|(key, _)| key.starts_with(CHILD_STORAGE_KEY_PREFIX)) {
		return Err("the state has child tries, which this check does not fetch".into());
	}
	let top: std::collections::BTreeMap<_, _> = pairs.into_iter().collect();
	let code = top.get(CODE).cloned().ok_or("the state has no runtime code")?;
	let storage = Storage { top, children_default: Default::default() };
	// (`new_with_code_and_state` sets `:code`: it is given the chain's own.)
	let mut ext = TestExternalities::new_with_code_and_state(&code, storage, StateVersion::V1);
	let outcome = ext.execute_with(|| -> Result<LiveCheck, String> {
		let root = polkadot_sdk::sp_io::storage::root(StateVersion::V1);
		if root[..] != header.state_root[..] {
			return Err("the fetched state does not have the block's state root".into());
		}
		let before = MIGRATED.map(|(pallet, _)| storage_version(pallet));
		let mut listing = Some(UncheckedMigrateV1ToV2::<Runtime>::listing_before());
		let mut escrows = Some(UncheckedEscrowMigration::<Runtime>::state_before());
		let weight = Executive::execute_on_runtime_upgrade();
		let mut migrated = vec![];
		for ((pallet, target), before) in MIGRATED.into_iter().zip(before) {
			let after = storage_version(pallet);
			if after != target {
				return Err(format!("{pallet} storage version {after} after the upgrade"));
			}
			let ran = before < target;
			let found = match pallet {
				"Attribution" => {
					if let Some(listing) = listing.take().filter(|_| ran) {
						UncheckedMigrateV1ToV2::<Runtime>::check_after(listing)
							.map_err(|e| format!("usage logs: {e:?}"))?;
					}
					let logs: u32 =
						pallet_attribution::UsageLogCount::<Runtime>::iter_values().sum();
					format!("{logs} usage logs listed as before")
				},
				"Inference" => {
					if let Some(escrows) = escrows.take().filter(|_| ran) {
						UncheckedEscrowMigration::<Runtime>::check_after(escrows)
							.map_err(|e| format!("escrow: {e:?}"))?;
					}
					let allocations = pallet_inference::Escrows::<Runtime>::iter_keys().count();
					format!(
						"{allocations} allocations held on their operators' accounts, issuance \
						 unchanged"
					)
				},
				other => return Err(format!("no check of {other}'s migration")),
			};
			migrated.push((pallet, before, after, found));
		}
		let broken = openledger_runtime::invariants::broken();
		if !broken.is_empty() {
			let broken: Vec<String> = broken
				.iter()
				.map(|(p, m)| {
					format!("{}: {}", String::from_utf8_lossy(p), String::from_utf8_lossy(m))
				})
				.collect();
			return Err(format!("invariants broken after the upgrade: {}", broken.join("; ")));
		}
		let done = polkadot_sdk::sp_io::storage::root(StateVersion::V1);
		Executive::execute_on_runtime_upgrade();
		if polkadot_sdk::sp_io::storage::root(StateVersion::V1) != done {
			return Err("a second run of the upgrade changed the state".into());
		}
		let max = openledger_runtime::configs::BlockWeights::get().max_block.ref_time();
		Ok(LiveCheck { block: header.number, keys, migrated, weight: (weight.ref_time(), max) })
	});
	Ok(outcome?)
}

/// Checks the upgrade on the live state at the best block, then submits `code` with sudo
/// `set_code` from `sudo` and waits until a block includes it: how each step went.
pub async fn enact(
	node: &Node,
	sudo: &sr25519::Pair,
	chain: ChainContext,
	code: Vec<u8>,
) -> (Result<String, String>, Result<String, String>) {
	let checked = async {
		// The latest state: what the upgrade will meet, give or take the blocks until it is in.
		let head = node.header(None).await?;
		let at = polkadot_sdk::sp_runtime::traits::Header::hash(&head);
		check_on_live_state(node, at).await
	}
	.await
	.map(|check| check.to_string())
	.map_err(|e| e.to_string());
	if checked.is_err() {
		return (checked, Err("not submitted: the check on the live state failed".into()));
	}
	let submitted = async {
		let id = polkadot_sdk::sp_core::Pair::public(sudo).into();
		let nonce = node.next_nonce(&id).await?;
		let size = code.len();
		let call = RuntimeCall::Sudo(pallet_sudo::Call::sudo {
			call: Box::new(RuntimeCall::System(frame_system::Call::set_code { code })),
		});
		// A full pool refuses it at times (`1016`: a pool filled with what it has yet to
		// validate evicts nothing for it), as it does any transaction: sent again, as its
		// sender would, every two seconds for two minutes.
		let mut refused = 0;
		let events = loop {
			let sent = chain::submit_and_wait(
				node,
				chain,
				vec![(sudo, nonce, call.clone())],
				"sudo set_code",
			)
			.await;
			match sent {
				Err(e) if e.to_string().contains(POOL_FULL) && refused < 60 => {
					refused += 1;
					tokio::time::sleep(std::time::Duration::from_secs(2)).await;
				},
				other => break other?,
			}
		};
		// Sudo's own dispatch succeeds whatever `set_code` does: its result is in `Sudid`.
		let outcome = events.iter().flatten().find_map(|event| match event {
			RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result }) => Some(*sudo_result),
			_ => None,
		});
		match outcome {
			Some(Ok(())) => Ok::<_, Error>(format!(
				"sudo set_code of {size} bytes in a block (refused by a full pool {refused} times first)"
			)),
			Some(Err(e)) => Err(format!("set_code failed: {}", chain::dispatch_error(&e)).into()),
			None => Err("no Sudid event".into()),
		}
	}
	.await
	.map_err(|e| e.to_string());
	(checked, submitted)
}
