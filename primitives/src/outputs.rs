//! The running digest of a channel's outputs, shared by the receipt signer, the chain and the
//! attributors' verifier so all compute the same bytes.
//!
//! A consumer commits, in every receipt it signs, to the outputs it received on the channel so
//! far, in order: the digest starts at [`EMPTY`] and each output extends it as
//! `d' = blake2_256(d ++ blake2_256(output))`. Only outputs are committed, never prompts. A
//! consumer that signs no outputs keeps the digest where it was.

use crate::Hash256;
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
}
