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

use crate::chain::{self, Error, Node};
use codec::Encode;
use openledger_runtime::{
	signing::{signed_extrinsic, ChainContext},
	Attribution, Executive, Inference, Runtime, RuntimeCall,
};
use pallet_attribution::migrations::v2::UncheckedMigrateV1ToV2;
use pallet_inference::migrations::v2::UncheckedMigrateV1ToV2 as UncheckedEscrowMigration;
use polkadot_sdk::{
	frame_support::traits::{GetStorageVersion, StorageVersion},
	frame_system, pallet_sudo,
	sp_core::{
		sr25519,
		storage::{
			well_known_keys::{CHILD_STORAGE_KEY_PREFIX, CODE},
			Storage,
		},
		H256,
	},
	sp_io::TestExternalities,
	sp_runtime::StateVersion,
};

/// What the check on the live state found.
pub struct LiveCheck {
	pub block: u32,
	pub keys: usize,
	/// The attribution pallet's storage version before and after.
	pub versions: (u16, u16),
	/// The inference pallet's storage version before and after.
	pub escrow_versions: (u16, u16),
	/// The allocations whose escrow is now held on their operator's account.
	pub allocations: usize,
	/// The weight the upgrade used (reference time, ps) and the block's maximum.
	pub weight: (u64, u64),
	pub logs: u32,
}

impl std::fmt::Display for LiveCheck {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(
			f,
			"on the state of #{} ({} keys, root matches): attribution storage v{} → v{}, {} usage \
			 logs listed as before; inference storage v{} → v{}, {} allocations held on their \
			 operators' accounts, issuance unchanged; invariants whole, a second run changes \
			 nothing; weight {:.1} ms of the block's {:.0} ms",
			self.block,
			self.keys,
			self.versions.0,
			self.versions.1,
			self.logs,
			self.escrow_versions.0,
			self.escrow_versions.1,
			self.allocations,
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
		let before = Attribution::on_chain_storage_version();
		let listing = UncheckedMigrateV1ToV2::<Runtime>::listing_before();
		let escrow_before = Inference::on_chain_storage_version();
		let escrows = UncheckedEscrowMigration::<Runtime>::state_before();
		let weight = Executive::execute_on_runtime_upgrade();
		let after = Attribution::on_chain_storage_version();
		if after != StorageVersion::new(2) {
			return Err(format!("attribution storage version {after:?} after the upgrade"));
		}
		if before == StorageVersion::new(1) {
			UncheckedMigrateV1ToV2::<Runtime>::check_after(listing)
				.map_err(|e| format!("usage logs: {e:?}"))?;
		}
		let escrow_after = Inference::on_chain_storage_version();
		if escrow_after != StorageVersion::new(2) {
			return Err(format!("inference storage version {escrow_after:?} after the upgrade"));
		}
		if escrow_before == StorageVersion::new(1) {
			UncheckedEscrowMigration::<Runtime>::check_after(escrows)
				.map_err(|e| format!("escrow: {e:?}"))?;
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
		let migrated = polkadot_sdk::sp_io::storage::root(StateVersion::V1);
		Executive::execute_on_runtime_upgrade();
		if polkadot_sdk::sp_io::storage::root(StateVersion::V1) != migrated {
			return Err("a second run of the upgrade changed the state".into());
		}
		let logs = pallet_attribution::UsageLogCount::<Runtime>::iter_values().sum();
		let max = openledger_runtime::configs::BlockWeights::get().max_block.ref_time();
		Ok(LiveCheck {
			block: header.number,
			keys,
			versions: (storage_version_number(before), storage_version_number(after)),
			escrow_versions: (
				storage_version_number(escrow_before),
				storage_version_number(escrow_after),
			),
			allocations: pallet_inference::Escrows::<Runtime>::iter_keys().count(),
			weight: (weight.ref_time(), max),
			logs,
		})
	});
	Ok(outcome?)
}

fn storage_version_number(version: StorageVersion) -> u16 {
	// `StorageVersion` encodes as its `u16`.
	codec::Decode::decode(&mut &codec::Encode::encode(&version)[..]).unwrap_or_default()
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
		let extrinsic = signed_extrinsic(sudo, call, nonce, 0, chain, None).encode();
		let mut statuses = node.submit(&extrinsic).await.map_err(|e| chain::refusal(&e))?;
		while let Some(status) = futures::StreamExt::next(&mut statuses).await {
			let status = status?;
			if chain::in_block(&status) {
				return Ok::<_, Error>(format!("sudo set_code of {size} bytes in a block"));
			}
			if let Some(reason) = chain::given_up(&status) {
				return Err(reason.into());
			}
		}
		Err("the node ended the watch".into())
	}
	.await
	.map_err(|e| e.to_string());
	(checked, submitted)
}
