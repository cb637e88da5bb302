//! # OpenLedger primitives
//!
//! Ids, shared types and the cross-pallet traits of the OpenLedger appchain. The pallets never
//! depend on each other's crates: what one pallet needs to know of another comes through the
//! traits here, which the runtime wires together, and each pallet's tests mock the traits it uses.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod outputs;
pub mod settlement;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	sp_arithmetic::{traits::AtLeast32BitUnsigned, PerThing, Perbill},
	sp_core::{bounded::BoundedVec, Get},
};
use scale_info::TypeInfo;

/// The id of a datanet, assigned by the chain in creation order.
pub type DatanetId = u32;

/// The id of a contribution within its datanet, assigned by the chain in submission order.
pub type ContributionId = u32;

/// A published version of a datanet: 1 for the first `publish_version`, then 2, 3, …
pub type DatanetVersion = u32;

/// The id of a model, assigned by the chain in registration order.
pub type ModelId = u32;

/// The index of an attribution epoch: block number divided by the epoch length.
pub type EpochIndex = u32;

/// A 32-byte hash: content hashes of contributions and artifacts, merkle roots, report hashes.
pub type Hash256 = [u8; 32];

/// The running commitment to a datanet's accepted contributions, and what a published version
/// freezes.
///
/// `root` starts at all zeroes and each accepted contribution extends it as
/// `root' = blake2_256(root ++ content_hash)`, so anyone holding the accepted content hashes in
/// order can recompute it.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Default,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct DatanetCommitment {
	/// The hash chain over the accepted content hashes.
	pub root: Hash256,
	/// How many contributions were accepted.
	pub count: u32,
	/// The total size of the accepted contributions, in bytes.
	pub bytes: u64,
}

/// What other pallets (models, attribution) may ask of the datanet registry.
pub trait DatanetInspect<AccountId> {
	/// The owner of `datanet`, if it exists.
	fn owner(datanet: DatanetId) -> Option<AccountId>;

	/// The commitment frozen by `version` of `datanet`, if that version was published.
	fn published_version(datanet: DatanetId, version: DatanetVersion) -> Option<DatanetCommitment>;

	/// Whether `version` of `datanet` was published.
	fn is_published(datanet: DatanetId, version: DatanetVersion) -> bool {
		Self::published_version(datanet, version).is_some()
	}
}

/// What a model charges and whom it pays, as the inference pallet needs to know at the moment
/// of use.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct ModelTerms<AccountId, Balance> {
	/// The model's owner: receives what is left of a fee after the other shares.
	pub owner: AccountId,
	/// The owner of the base model, for an adapter: receives the base model's share.
	pub base_owner: Option<AccountId>,
	/// Price per 1,000 input tokens.
	pub price_per_1k_input: Balance,
	/// Price per 1,000 output tokens.
	pub price_per_1k_output: Balance,
	/// The share of each fee the model promises its training data's contributors, in parts per
	/// billion (never below the runtime's floor).
	pub data_share_ppb: u32,
}

/// Why a model refuses usage, or refuses to let an account settle usage.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub enum UsageRefusal {
	/// No model has this id.
	#[codec(index = 0)]
	UnknownModel,
	/// The model is paused or retired (for settlement: longer ago than the grace period).
	#[codec(index = 1)]
	ModelNotActive,
	/// The account is neither the model's owner nor one of its operators (for settlement: nor
	/// an operator removed within the grace period).
	#[codec(index = 2)]
	NotOperator,
}

/// What other pallets (inference, attribution) may ask of the model registry.
pub trait ModelInspect<AccountId, Balance> {
	/// The terms of new usage of `model`: refused unless the model exists and is active.
	fn usage_terms(model: ModelId) -> Result<ModelTerms<AccountId, Balance>, UsageRefusal>;

	/// The terms on which `operator` may settle usage of `model` now. Usage served while the
	/// operator was serving stays settleable for a grace period after the model is paused or
	/// retired, or the operator is removed.
	fn settlement_terms(
		model: ModelId,
		operator: &AccountId,
	) -> Result<ModelTerms<AccountId, Balance>, UsageRefusal>;

	/// The datanet versions the model's current artifact was trained on (empty if the model
	/// does not exist).
	fn training_set(model: ModelId) -> Vec<(DatanetId, DatanetVersion)>;
}

/// The fee of `input_tokens` and `output_tokens` at the given prices per 1,000 tokens. Each side
/// rounds up to the next smallest unit, so usage is never free by rounding. `None` when the fee
/// does not fit the balance type: it is never silently capped.
pub fn usage_fee<Balance: AtLeast32BitUnsigned + Copy>(
	price_per_1k_input: Balance,
	price_per_1k_output: Balance,
	input_tokens: u64,
	output_tokens: u64,
) -> Option<Balance> {
	// With `per_1k = 1000 q + r` and `tokens = 1000 a + b` (r, b < 1000), the exact fee is
	// `q tokens + r a + ceil(r b / 1000)`: nothing overflows unless the fee itself does.
	let side = |per_1k: Balance, tokens: u64| -> Option<Balance> {
		let thousand: Balance = 1_000u32.into();
		let (q, r) = (per_1k / thousand, per_1k % thousand);
		let tokens: Balance = tokens.try_into().ok()?;
		let (a, b) = (tokens / thousand, tokens % thousand);
		let rest = r * b;
		let round_up: Balance = if (rest % thousand).is_zero() { 0u32.into() } else { 1u32.into() };
		let rounded = rest / thousand + round_up;
		q.checked_mul(&tokens)?.checked_add(&r.checked_mul(&a)?)?.checked_add(&rounded)
	};
	side(price_per_1k_input, input_tokens)?.checked_add(&side(price_per_1k_output, output_tokens)?)
}

/// A list call argument as a bounded vector, or `error` when it holds more than `S::get()` items.
///
/// Calls take lists unbounded and bound them with this: an argument past its bound then fails
/// with the pallet error naming it. (A `BoundedVec` argument past its bound does not even decode,
/// and the transaction pool can only answer with a trap.)
pub fn bounded<Item, S: Get<u32>, E>(items: Vec<Item>, error: E) -> Result<BoundedVec<Item, S>, E> {
	BoundedVec::try_from(items).map_err(|_| error)
}

/// A share given in parts per billion (`1_000_000_000` is 100%), or `error` above 100%.
///
/// Calls take shares as plain parts and convert them with this, for the same reason as
/// [`bounded`]: a `Perbill` argument above 100% does not decode.
pub fn share<E>(parts_per_billion: u32, error: E) -> Result<Perbill, E> {
	(parts_per_billion <= Perbill::ACCURACY)
		.then(|| Perbill::from_parts(parts_per_billion))
		.ok_or(error)
}

/// The URI schemes the chain accepts for what is published off chain (usage logs, attribution
/// reports): what the attributor tool fetches.
pub const URI_SCHEMES: [&[u8]; 4] = [b"file://", b"http://", b"https://", b"ipfs://"];

/// Whether `uri` is of one of the [`URI_SCHEMES`].
pub fn has_known_scheme(uri: &[u8]) -> bool {
	URI_SCHEMES.iter().any(|scheme| uri.starts_with(scheme))
}

/// Where the metering pallet pays the data contributors' and attributors' shares of every fee:
/// the attribution pot, accounted per epoch and per model.
pub trait UsageSink<AccountId, Balance> {
	/// The account the shares are paid into.
	fn pot() -> AccountId;

	/// `data_share` and `attribution_fee` of `paid`, fees paid for `model` (every share
	/// included), were just paid into [`Self::pot`]: account them to the current epoch.
	fn on_usage(model: ModelId, paid: Balance, data_share: Balance, attribution_fee: Balance);

	/// An operator named the usage log of a batch that just settled: keep it with the current
	/// epoch for the attributors. An error undoes the whole settlement (the caller's call is
	/// transactional).
	fn on_log(
		log: UsageLogRecord<AccountId, Balance, Vec<u8>>,
	) -> Result<(), polkadot_sdk::sp_runtime::DispatchError>;
}

/// The usage log an operator named when settling a batch, as the chain keeps it with the epoch
/// the batch settled in. Attributors fetch the log from `uri`, check it hashes to `hash`, and
/// recompute `root` from its entries ([`outputs::BatchCommitment`]): a log that does both lists
/// exactly the receipts that settled, with the outputs their payers signed for.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct UsageLogRecord<AccountId, Balance, Uri> {
	/// Who settled the batch and published the log.
	pub operator: AccountId,
	/// The blake2-256 of the log's bytes.
	pub hash: Hash256,
	/// Where the log can be fetched (`file://`, `http://`, `https://` or `ipfs://`).
	pub uri: Uri,
	/// How many receipts of the batch settled: the log lists exactly these.
	pub receipts: u32,
	/// The commitment to the settled receipts, in batch order.
	pub root: Hash256,
	/// What the settled receipts charged, every share included.
	pub fee: Balance,
	/// The data contributors' share of `fee`.
	pub data: Balance,
}

#[cfg(test)]
mod tests {
	use super::{bounded, share, usage_fee};
	use polkadot_sdk::{sp_arithmetic::Perbill, sp_core::ConstU32};

	#[test]
	fn bounded_names_an_argument_past_its_bound() {
		assert_eq!(bounded::<u8, ConstU32<2>, _>(vec![1, 2], "long").unwrap().into_inner(), [1, 2]);
		assert_eq!(bounded::<u8, ConstU32<2>, _>(vec![1, 2, 3], "long"), Err("long"));
	}

	#[test]
	fn share_refuses_more_than_everything() {
		assert_eq!(share(1_000_000_000, "above"), Ok(Perbill::one()));
		assert_eq!(share(0, "above"), Ok(Perbill::zero()));
		assert_eq!(share(1_000_000_001, "above"), Err("above"));
		assert_eq!(share(u32::MAX, "above"), Err("above"));
	}

	#[test]
	fn usage_fee_rounds_each_side_up() {
		assert_eq!(usage_fee(1_000u128, 2_000, 1, 1), Some(1 + 2));
		assert_eq!(usage_fee(1_000u128, 2_000, 1_000, 500), Some(1_000 + 1_000));
		assert_eq!(usage_fee(0u128, 0, u64::MAX, u64::MAX), Some(0));
	}

	#[test]
	fn usage_fee_that_does_not_fit_is_refused_not_capped() {
		assert_eq!(usage_fee(u128::MAX, 0, 1_001, 0), None);
		assert_eq!(usage_fee(u128::MAX / 2, u128::MAX / 2, 1_001, 1_000), None);
		assert_eq!(usage_fee(u32::MAX, 1, u64::MAX, 0), None);
		// At the edge: exactly the largest balance fits, one smallest unit more does not.
		assert_eq!(usage_fee(u128::MAX, 0, 1_000, 0), Some(u128::MAX));
		assert_eq!(usage_fee(u128::MAX, 1, 1_000, 1), None);
		assert_eq!(usage_fee(u128::MAX / 2, u128::MAX / 2, 1_000, 1_000), Some(u128::MAX - 1));
	}

	#[test]
	fn usage_fee_is_exact_where_the_product_would_not_fit() {
		// 2 × MAX / 1000 fits although 2 × MAX does not: MAX = 1000 q + 455.
		assert_eq!(usage_fee(u128::MAX, 0, 2, 0), Some(2 * (u128::MAX / 1_000) + 1));
		for (price, tokens) in [(1_999u128, 1_001u64), (7, 3), (1_000_000_007, 123_456_789)] {
			let exact = (price * tokens as u128).div_ceil(1_000);
			assert_eq!(usage_fee(price, 0, tokens, 0), Some(exact), "{price} × {tokens}");
		}
	}

	mod properties {
		use super::usage_fee;
		use polkadot_sdk::sp_core::U256;
		use proptest::prelude::*;

		/// `ceil(per_1k * tokens / 1000)`, in 256 bits.
		fn exact_side(per_1k: u128, tokens: u64) -> U256 {
			(U256::from(per_1k) * U256::from(tokens) + U256::from(999u32)) / U256::from(1000u32)
		}

		proptest! {
			#[test]
			fn a_fee_is_each_side_rounded_up_or_none_past_the_balance_type(
				per_in in any::<u128>(),
				per_out in any::<u128>(),
				tokens_in in any::<u64>(),
				tokens_out in any::<u64>(),
			) {
				let exact = exact_side(per_in, tokens_in) + exact_side(per_out, tokens_out);
				match usage_fee(per_in, per_out, tokens_in, tokens_out) {
					Some(fee) => prop_assert_eq!(U256::from(fee), exact),
					None => prop_assert!(exact > U256::from(u128::MAX)),
				}
			}

			#[test]
			fn usage_is_never_free_by_rounding(per_1k in 1u128..1_000_000, tokens in 1u64..1_000_000) {
				prop_assert!(usage_fee(per_1k, 0, tokens, 0).unwrap() >= 1);
				prop_assert!(usage_fee(0, per_1k, 0, tokens).unwrap() >= 1);
			}

			#[test]
			fn more_tokens_never_cost_less(
				per_in in 0u128..u128::from(u64::MAX),
				per_out in 0u128..u128::from(u64::MAX),
				tokens_in in any::<u32>(),
				tokens_out in any::<u32>(),
				more in 1u32..,
			) {
				let (tokens_in, tokens_out) = (u64::from(tokens_in), u64::from(tokens_out));
				let fee = usage_fee(per_in, per_out, tokens_in, tokens_out).unwrap();
				let bigger = usage_fee(per_in, per_out, tokens_in + u64::from(more), tokens_out).unwrap();
				prop_assert!(bigger >= fee);
			}
		}
	}
}
