//! The settlement format of an attribution epoch, shared by the attribution pallet and the
//! off-chain attributor tool so both compute the same bytes.
//!
//! - A **leaf** is the blake2-256 hash of the SCALE encoding of `(account, amount)`: what `account`
//!   may claim of the epoch's data pool. Each account appears in at most one leaf of an epoch. The
//!   tree hashes each leaf once more, so a leaf node is the hash of 32 bytes and an inner node the
//!   hash of 64: no inner node can pass as a leaf, whatever the sizes of accounts and balances.
//! - The **root** is the binary merkle root of the leaves in order (the `binary-merkle-tree` crate,
//!   blake2-256), and the **total** is the sum of their amounts.
//! - The **report** is the blake2-256 hash of the full attribution report (scores per model and per
//!   contribution) the leaves were derived from, published off chain for audit.
//! - An attributor's **commitment** is `blake2_256(SCALE(attributor, epoch, root, total, report,
//!   salt))`. It names the attributor, so a copied commitment cannot be revealed by anyone else.

use crate::{EpochIndex, Hash256};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode};
use polkadot_sdk::{
	binary_merkle_tree, sp_core::H256, sp_crypto_hashing::blake2_256,
	sp_runtime::traits::BlakeTwo256,
};
use scale_info::TypeInfo;

/// The leaf `(account, amount)`: the hash of its SCALE encoding.
pub fn leaf<AccountId: Encode, Balance: Encode>(account: &AccountId, amount: &Balance) -> Hash256 {
	blake2_256(&(account, amount).encode())
}

/// The most hashes a proof of a leaf of a tree of `number_of_leaves` leaves has: the tree's
/// depth.
pub fn tree_depth(number_of_leaves: u32) -> u32 {
	32 - (number_of_leaves.max(1) - 1).leading_zeros()
}

/// The merkle root of `leaves` (all zeroes for no leaves).
pub fn merkle_root<I>(leaves: I) -> Hash256
where
	I: IntoIterator,
	I::Item: AsRef<[u8]>,
{
	binary_merkle_tree::merkle_root::<BlakeTwo256, _>(leaves).0
}

/// A proof that a leaf is at `leaf_index` of a tree of `number_of_leaves` leaves, as claims
/// carry it.
#[derive(Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, PartialEq, TypeInfo)]
pub struct LeafProof {
	/// The leaf's position, from 0.
	pub leaf_index: u32,
	/// How many leaves the tree has.
	pub number_of_leaves: u32,
	/// The sibling hashes from the leaf up to (not including) the root.
	pub items: Vec<Hash256>,
}

/// The proof of the leaf at `leaf_index`, or `None` if there is no such leaf.
pub fn merkle_proof<T: AsRef<[u8]>>(leaves: &[T], leaf_index: u32) -> Option<LeafProof> {
	if leaf_index as usize >= leaves.len() {
		return None;
	}
	let proof = binary_merkle_tree::merkle_proof::<BlakeTwo256, _, _>(
		leaves.iter().map(AsRef::as_ref),
		leaf_index,
	);
	Some(LeafProof {
		leaf_index,
		number_of_leaves: proof.number_of_leaves,
		items: proof.proof.into_iter().map(|h| h.0).collect(),
	})
}

/// Whether `items` prove `leaf` at `leaf_index` of `number_of_leaves` leaves under `root`.
pub fn verify_leaf(
	root: &Hash256,
	items: &[Hash256],
	number_of_leaves: u32,
	leaf_index: u32,
	leaf: &[u8],
) -> bool {
	binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
		&H256(*root),
		items.iter().map(|h| H256(*h)),
		number_of_leaves,
		leaf_index,
		binary_merkle_tree::Leaf::Value(leaf),
	)
}

/// The hash of a full attribution report's bytes: the `report` a settlement names.
pub fn report_hash(report: &[u8]) -> Hash256 {
	blake2_256(report)
}

/// The key a revealed result is tallied under: `blake2_256(SCALE(root, total, report))`.
pub fn result_key<Balance: Encode>(root: &Hash256, total: &Balance, report: &Hash256) -> Hash256 {
	blake2_256(&(root, total, report).encode())
}

/// What an attributor commits to for `epoch`.
pub fn commitment<AccountId: Encode, Balance: Encode>(
	attributor: &AccountId,
	epoch: EpochIndex,
	root: &Hash256,
	total: &Balance,
	report: &Hash256,
	salt: &Hash256,
) -> Hash256 {
	blake2_256(&(attributor, epoch, root, total, report, salt).encode())
}

#[cfg(test)]
mod tests {
	use super::*;

	fn leaves(n: u64) -> Vec<Hash256> {
		(0..n).map(|i| leaf(&[i as u8; 32], &(u128::from(i) * 1_000))).collect()
	}

	#[test]
	fn every_leaf_proves_against_the_root() {
		for n in [1u64, 2, 3, 5, 8, 13] {
			let leaves = leaves(n);
			let root = merkle_root(&leaves);
			for (i, l) in leaves.iter().enumerate() {
				let proof = merkle_proof(&leaves, i as u32).unwrap();
				assert!(proof.items.len() as u32 <= tree_depth(n as u32));
				assert!(verify_leaf(&root, &proof.items, proof.number_of_leaves, i as u32, l));
				// The same proof does not prove another leaf.
				let other = leaf(&[0xffu8; 32], &1u128);
				assert!(!verify_leaf(
					&root,
					&proof.items,
					proof.number_of_leaves,
					i as u32,
					&other
				));
			}
		}
	}

	#[test]
	fn depth_of_trees() {
		assert_eq!([1, 2, 3, 4, 5, 8, 9].map(tree_depth), [0, 1, 2, 2, 3, 3, 4]);
		assert_eq!(tree_depth(0), 0);
		assert_eq!(tree_depth(u32::MAX), 32);
	}

	#[test]
	fn proof_of_a_missing_leaf_is_none() {
		assert_eq!(merkle_proof(&leaves(3), 3), None);
		assert_eq!(merkle_root(Vec::<Hash256>::new()), [0u8; 32]);
	}

	#[test]
	fn commitment_names_the_attributor_and_epoch() {
		let (root, report, salt) = ([1u8; 32], [2u8; 32], [3u8; 32]);
		let a = commitment(&[7u8; 32], 4, &root, &10u128, &report, &salt);
		assert_ne!(a, commitment(&[8u8; 32], 4, &root, &10u128, &report, &salt));
		assert_ne!(a, commitment(&[7u8; 32], 5, &root, &10u128, &report, &salt));
		assert_ne!(a, commitment(&[7u8; 32], 4, &root, &11u128, &report, &salt));
	}

	mod properties {
		use super::*;
		use proptest::prelude::*;

		/// Up to 64 leaves of distinct accounts with any amounts.
		fn leaf_sets() -> impl Strategy<Value = Vec<([u8; 32], u128)>> {
			proptest::collection::btree_map(any::<[u8; 32]>(), any::<u128>(), 1..64)
				.prop_map(|m| m.into_iter().collect())
		}

		proptest! {
			#[test]
			fn every_leaf_of_any_set_proves_against_its_root(set in leaf_sets()) {
				let hashes: Vec<Hash256> = set.iter().map(|(a, v)| leaf(a, v)).collect();
				let root = merkle_root(&hashes);
				for (i, hash) in hashes.iter().enumerate() {
					let proof = merkle_proof(&hashes, i as u32).unwrap();
					prop_assert_eq!(proof.number_of_leaves, hashes.len() as u32);
					prop_assert!(proof.items.len() as u32 <= tree_depth(hashes.len() as u32));
					prop_assert!(verify_leaf(&root, &proof.items, proof.number_of_leaves, i as u32, hash));
				}
			}

			#[test]
			fn a_mutated_leaf_amount_or_proof_never_verifies(
				set in leaf_sets(),
				pick in any::<prop::sample::Index>(),
				delta in 1u128..,
				flip in any::<(prop::sample::Index, usize, u8)>(),
			) {
				let hashes: Vec<Hash256> = set.iter().map(|(a, v)| leaf(a, v)).collect();
				let root = merkle_root(&hashes);
				let i = pick.index(set.len());
				let proof = merkle_proof(&hashes, i as u32).unwrap();
				// Another amount for the same account.
				let (account, amount) = set[i];
				let forged = leaf(&account, &amount.wrapping_add(delta));
				prop_assert!(!verify_leaf(&root, &proof.items, proof.number_of_leaves, i as u32, &forged));
				// One bit of one proof item flipped.
				if !proof.items.is_empty() {
					let mut items = proof.items.clone();
					let (at, byte, bit) = flip;
					let at = at.index(items.len());
					items[at][byte % 32] ^= 1 << (bit % 8);
					prop_assert!(!verify_leaf(&root, &items, proof.number_of_leaves, i as u32, &hashes[i]));
				}
				// Another leaf's proof.
				if set.len() > 1 {
					let j = (i + 1) % set.len();
					prop_assert!(!verify_leaf(&root, &proof.items, proof.number_of_leaves, i as u32, &hashes[j]));
				}
			}
		}
	}
}
