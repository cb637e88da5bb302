//! The running digest of a channel's outputs, shared by the receipt signer, the chain and the
//! attributors' verifier so all compute the same bytes.
//!
//! A consumer commits, in every receipt it signs, to the outputs it received on the channel so
//! far, in order: the digest starts at [`EMPTY`] and each output extends it as
//! `d' = blake2_256(d ++ blake2_256(output))`. Only outputs are committed, never prompts. A
//! consumer that signs no outputs keeps the digest where it was.

use crate::{Hash256, ModelId};
use alloc::vec::Vec;
use codec::Encode;
use polkadot_sdk::sp_crypto_hashing::blake2_256;

/// The digest of a channel that has received no output.
pub const EMPTY: Hash256 = [0; 32];

/// The digest after `output` was received on a channel whose digest was `digest`.
pub fn extend(digest: &Hash256, output: &[u8]) -> Hash256 {
	let mut preimage = [0u8; 64];
	preimage[..32].copy_from_slice(digest);
	preimage[32..].copy_from_slice(&blake2_256(output));
	blake2_256(&preimage)
}

/// The hash a usage log is named by on chain: the blake2-256 of its bytes.
pub fn log_hash(bytes: &[u8]) -> Hash256 {
	blake2_256(bytes)
}

/// The digest after `outputs` were received, in order, on a channel whose digest was `from`.
pub fn replay<'a>(from: &Hash256, outputs: impl IntoIterator<Item = &'a [u8]>) -> Hash256 {
	outputs.into_iter().fold(*from, |digest, output| extend(&digest, output))
}

/// The commitment the chain records for the receipts of a batch that settled, and attributors
/// recompute from the batch's usage log.
///
/// It is the blake2-256 of the SCALE encodings, concatenated in batch order, of each settled
/// receipt's `(consumer, model, allocation, nonce, from, digest, charged)`: the channel's digest
/// before the receipt (`from`, what the chain had recorded) and the one the receipt signed
/// (`digest`), and the amount the settlement charged. A log that reproduces it names exactly the
/// receipts that settled, on the channels, allocations and amounts the chain knows.
#[derive(Clone, Debug, Default)]
pub struct BatchCommitment {
	encoded: Vec<u8>,
	entries: u32,
}

impl BatchCommitment {
	/// A commitment with no entry yet.
	pub fn new() -> Self {
		Self::default()
	}

	/// Adds the next settled receipt.
	#[allow(clippy::too_many_arguments)]
	pub fn push<AccountId: Encode, Balance: Encode>(
		&mut self,
		consumer: &AccountId,
		model: ModelId,
		allocation: u64,
		nonce: u64,
		from: &Hash256,
		digest: &Hash256,
		charged: &Balance,
	) {
		(consumer, model, allocation, nonce, from, digest, charged).encode_to(&mut self.encoded);
		self.entries = self.entries.saturating_add(1);
	}

	/// How many receipts were added.
	pub fn entries(&self) -> u32 {
		self.entries
	}

	/// The commitment to the receipts added, in order.
	pub fn root(&self) -> Hash256 {
		blake2_256(&self.encoded)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_digest_commits_to_every_output_and_its_order() {
		let (a, b): (&[u8], &[u8]) = (b"first answer", b"second answer");
		let both = replay(&EMPTY, [a, b]);
		assert_eq!(both, extend(&extend(&EMPTY, a), b));
		assert_eq!(replay(&extend(&EMPTY, a), [b]), both, "replay goes on from any digest");
		assert_ne!(replay(&EMPTY, [b, a]), both, "order matters");
		assert_ne!(replay(&EMPTY, [a]), both, "a dropped output shows");
		assert_ne!(replay(&EMPTY, [a, b, b]), both, "an added output shows");
		assert_ne!(replay(&EMPTY, [a, b"second answeR"]), both, "a changed output shows");
		assert_eq!(replay(&EMPTY, []), EMPTY);
		// An empty output still counts as an output.
		assert_ne!(extend(&EMPTY, b""), EMPTY);
	}

	#[test]
	fn the_batch_commitment_covers_every_field_and_the_order() {
		let entry = |c: &mut BatchCommitment, consumer: u64, charged: u128| {
			c.push(&consumer, 1, 2, 3, &EMPTY, &[7; 32], &charged)
		};
		let root = |entries: &[(u64, u128)]| {
			let mut c = BatchCommitment::new();
			entries.iter().for_each(|(who, charged)| entry(&mut c, *who, *charged));
			(c.entries(), c.root())
		};
		let (n, both) = root(&[(1, 10), (2, 20)]);
		assert_eq!(n, 2);
		assert_ne!(root(&[(2, 20), (1, 10)]).1, both, "order matters");
		assert_ne!(root(&[(1, 10)]).1, both, "a dropped receipt shows");
		assert_ne!(root(&[(1, 10), (2, 21)]).1, both, "the amount charged shows");
		let mut c = BatchCommitment::new();
		c.push(&1u64, 1, 2, 3, &EMPTY, &[7; 32], &10u128);
		c.push(&2u64, 1, 2, 3, &[1; 32], &[7; 32], &20u128);
		assert_ne!(c.root(), both, "the digest before shows");
		assert_eq!(BatchCommitment::new().root(), blake2_256(&[]));
	}
}
