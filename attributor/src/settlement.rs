//! An epoch's settlement as attributors compute it: `(account, amount)` leaves, their merkle
//! root and total, the proof of every leaf, and what an attributor commits and reveals.
//!
//! The bytes are those of [`openledger_primitives::settlement`], which the runtime verifies
//! against: same leaf encoding, same tree, same commitment.

use openledger_primitives::{settlement, EpochIndex, Hash256};
use serde::{Deserialize, Serialize};
use std::{collections::BTreeSet, fmt, str::FromStr};
use subxt::utils::AccountId32;

/// An amount of the smallest unit, written in JSON as a decimal string (or a number) so no
/// precision is lost.
#[derive(Clone, Copy, Debug, Default, Eq, Ord, PartialEq, PartialOrd)]
pub struct Amount(pub u128);

impl Serialize for Amount {
	fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&self.0.to_string())
	}
}

impl<'de> Deserialize<'de> for Amount {
	fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
		#[derive(Deserialize)]
		#[serde(untagged)]
		enum Raw {
			Text(String),
			Number(u64),
		}
		match Raw::deserialize(d)? {
			Raw::Text(text) => text.parse().map(Amount).map_err(serde::de::Error::custom),
			Raw::Number(n) => Ok(Amount(n.into())),
		}
	}
}

/// An account, written in JSON as an SS58 address.
#[derive(Clone, Debug, Eq, Ord, PartialEq, PartialOrd)]
pub struct Account(pub [u8; 32]);

impl fmt::Display for Account {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "{}", AccountId32(self.0))
	}
}

impl FromStr for Account {
	type Err = String;

	fn from_str(s: &str) -> Result<Self, Self::Err> {
		if let Some(hex) = s.strip_prefix("0x") {
			return parse_hash(hex).map(Account);
		}
		AccountId32::from_str(s).map(|a| Account(a.0)).map_err(|e| format!("{s}: {e}"))
	}
}

impl Serialize for Account {
	fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&self.to_string())
	}
}

impl<'de> Deserialize<'de> for Account {
	fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
		String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
	}
}

/// A 32-byte hash as `0x`-prefixed hex.
pub fn hex_hash(hash: &Hash256) -> String {
	format!("0x{}", hex::encode(hash))
}

/// Parse a 32-byte hash from hex (with or without `0x`).
pub fn parse_hash(text: &str) -> Result<Hash256, String> {
	let bytes = hex::decode(text.trim_start_matches("0x")).map_err(|e| format!("{text}: {e}"))?;
	bytes.try_into().map_err(|_| format!("{text}: not 32 bytes"))
}

pub(crate) mod hash_hex {
	use super::*;

	pub fn serialize<S: serde::Serializer>(hash: &Hash256, s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&hex_hash(hash))
	}

	pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Hash256, D::Error> {
		parse_hash(&String::deserialize(d)?).map_err(serde::de::Error::custom)
	}
}

mod hashes_hex {
	use super::*;

	pub fn serialize<S: serde::Serializer>(hashes: &[Hash256], s: S) -> Result<S::Ok, S::Error> {
		s.collect_seq(hashes.iter().map(hex_hash))
	}

	pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Hash256>, D::Error> {
		Vec::<String>::deserialize(d)?
			.iter()
			.map(|h| parse_hash(h).map_err(serde::de::Error::custom))
			.collect()
	}
}

/// What one account may claim of an epoch's pool.
#[derive(Clone, Debug, Deserialize, Eq, PartialEq, Serialize)]
pub struct Leaf {
	/// The account paid.
	pub account: Account,
	/// The amount, in the smallest unit.
	pub amount: Amount,
}

/// A leaf with its proof: everything `claim` takes.
#[derive(Clone, Debug, Deserialize, Eq, PartialEq, Serialize)]
pub struct LeafClaim {
	/// The account paid.
	pub account: Account,
	/// The amount, in the smallest unit.
	pub amount: Amount,
	/// The leaf's position in the tree.
	pub leaf_index: u32,
	/// The sibling hashes from the leaf to the root.
	#[serde(with = "hashes_hex")]
	pub proof: Vec<Hash256>,
}

/// An epoch's settlement: what goes on chain and what contributors claim with.
#[derive(Clone, Debug, Deserialize, Eq, PartialEq, Serialize)]
pub struct Settlement {
	/// The merkle root of the leaves.
	#[serde(with = "hash_hex")]
	pub root: Hash256,
	/// The sum of the leaves' amounts.
	pub total: Amount,
	/// The hash of the attribution report the leaves came from.
	#[serde(with = "hash_hex")]
	pub report: Hash256,
	/// How many leaves the tree has.
	pub number_of_leaves: u32,
	/// Every leaf with its proof, in tree order.
	pub claims: Vec<LeafClaim>,
}

/// Why leaves cannot be settled.
#[derive(Debug, Eq, PartialEq)]
pub enum SettlementError {
	/// There are no leaves.
	NoLeaves,
	/// An account appears in two leaves; the chain pays one leaf per account and epoch.
	DuplicateAccount(String),
	/// The amounts overflow a 128-bit total.
	TotalOverflow,
	/// More leaves than a tree may hold.
	TooManyLeaves,
}

impl fmt::Display for SettlementError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::NoLeaves => write!(f, "there are no leaves"),
			Self::DuplicateAccount(a) => {
				write!(f, "{a} appears in more than one leaf: merge its amounts into one")
			},
			Self::TotalOverflow => write!(f, "the amounts overflow a 128-bit total"),
			Self::TooManyLeaves => write!(f, "more than 2^32 - 1 leaves"),
		}
	}
}

impl std::error::Error for SettlementError {}

impl Settlement {
	/// The settlement of `leaves`, in their order, from the report hashed as `report`.
	pub fn new(leaves: &[Leaf], report: Hash256) -> Result<Self, SettlementError> {
		if leaves.is_empty() {
			return Err(SettlementError::NoLeaves);
		}
		let number_of_leaves =
			u32::try_from(leaves.len()).map_err(|_| SettlementError::TooManyLeaves)?;
		let mut seen = BTreeSet::new();
		let mut total = 0u128;
		for leaf in leaves {
			if !seen.insert(&leaf.account) {
				return Err(SettlementError::DuplicateAccount(leaf.account.to_string()));
			}
			total = total.checked_add(leaf.amount.0).ok_or(SettlementError::TotalOverflow)?;
		}
		let encoded: Vec<Hash256> =
			leaves.iter().map(|l| settlement::leaf(&l.account.0, &l.amount.0)).collect();
		let root = settlement::merkle_root(&encoded);
		let claims = leaves
			.iter()
			.enumerate()
			.map(|(i, leaf)| {
				#[allow(clippy::expect_used, reason = "i is below the number of leaves")]
				let proof = settlement::merkle_proof(&encoded, i as u32)
					.expect("every index below the number of leaves has a proof; qed");
				LeafClaim {
					account: leaf.account.clone(),
					amount: leaf.amount,
					leaf_index: i as u32,
					proof: proof.items,
				}
			})
			.collect();
		Ok(Self { root, total: Amount(total), report, number_of_leaves, claims })
	}

	/// The claim of `account`, if it has a leaf.
	pub fn claim_of(&self, account: &Account) -> Option<&LeafClaim> {
		self.claims.iter().find(|c| &c.account == account)
	}

	/// Whether every proof leads to the root (a check of a settlement read from a file).
	pub fn verify(&self) -> bool {
		self.claims.iter().all(|c| {
			settlement::verify_leaf(
				&self.root,
				&c.proof,
				self.number_of_leaves,
				c.leaf_index,
				&settlement::leaf(&c.account.0, &c.amount.0),
			)
		})
	}

	/// What `attributor` commits to for `epoch` with `salt`.
	pub fn commitment(&self, attributor: &Account, epoch: EpochIndex, salt: &Hash256) -> Hash256 {
		settlement::commitment(&attributor.0, epoch, &self.root, &self.total.0, &self.report, salt)
	}
}

/// The hash of a report's bytes: what `report` commits to.
pub fn report_hash(report: &[u8]) -> Hash256 {
	openledger_primitives::settlement::report_hash(report)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn leaf(byte: u8, amount: u128) -> Leaf {
		Leaf { account: Account([byte; 32]), amount: Amount(amount) }
	}

	#[test]
	fn settles_and_proves_every_leaf() {
		let leaves: Vec<_> = (1..=7).map(|i| leaf(i, u128::from(i) * 10)).collect();
		let s = Settlement::new(&leaves, [9; 32]).unwrap();
		assert_eq!(s.total, Amount(280));
		assert_eq!(s.number_of_leaves, 7);
		assert!(s.verify());
		let mut forged = s.clone();
		forged.claims[3].amount = Amount(41);
		assert!(!forged.verify());
	}

	#[test]
	fn refuses_bad_leaves() {
		assert_eq!(Settlement::new(&[], [0; 32]), Err(SettlementError::NoLeaves));
		assert!(matches!(
			Settlement::new(&[leaf(1, 1), leaf(1, 2)], [0; 32]),
			Err(SettlementError::DuplicateAccount(_))
		));
		assert_eq!(
			Settlement::new(&[leaf(1, u128::MAX), leaf(2, 1)], [0; 32]),
			Err(SettlementError::TotalOverflow)
		);
	}

	#[test]
	fn json_round_trip() {
		let s = Settlement::new(&[leaf(1, u128::MAX / 2), leaf(2, 5)], [3; 32]).unwrap();
		let text = serde_json::to_string(&s).unwrap();
		assert!(text.contains(&format!("\"{}\"", u128::MAX / 2)));
		assert_eq!(serde_json::from_str::<Settlement>(&text).unwrap(), s);
		let leaves: Vec<Leaf> = serde_json::from_str(
			r#"[{"account": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", "amount": 5},
			    {"account": "0x0101010101010101010101010101010101010101010101010101010101010101", "amount": "7"}]"#,
		)
		.unwrap();
		assert_eq!(leaves[1], leaf(1, 7));
		assert_eq!(leaves[0].amount, Amount(5));
	}
}
