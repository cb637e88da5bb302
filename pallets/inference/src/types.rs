//! The types the metering pallet stores and takes as call arguments.

use crate::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use openledger_primitives::ModelId;
use polkadot_sdk::{
	frame_support::{traits::fungible, BoundedVec},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_runtime::Perbill,
};
use scale_info::TypeInfo;

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// An account's escrow as the runtime API shows it.
pub type EscrowOf<T> = Escrow<BalanceOf<T>, BlockNumberFor<T>>;

/// A pending withdrawal as the pallet stores it.
pub type UnlockingOf<T> = Unlocking<BalanceOf<T>, BlockNumberFor<T>>;

/// A receipt payload as the pallet takes it.
pub type ReceiptPayloadOf<T> = ReceiptPayload<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

/// A signed receipt as the pallet takes it.
pub type ReceiptOf<T> =
	Receipt<<T as frame_system::Config>::AccountId, BalanceOf<T>, <T as Config>::Signature>;

/// A batch of signed receipts.
pub type ReceiptBatchOf<T> = BoundedVec<ReceiptOf<T>, <T as Config>::MaxBatch>;

/// The state of a channel as the pallet stores it.
pub type ChannelOf<T> = ChannelState<BalanceOf<T>>;

/// The skipped entries of a batch, with the reasons.
pub type SkippedOf<T> = BoundedVec<(u16, SkipReason), <T as Config>::MaxBatch>;

/// The domain tag a consumer signs a receipt under, so a receipt signature can never be mistaken
/// for a signature of anything else.
pub const RECEIPT_DOMAIN: &[u8] = b"openledger:usage-receipt:v1";

/// A withdrawal from escrow a consumer asked for. What may finally be withdrawn is the lesser
/// of `amount` and what settlements left in escrow.
#[derive(Clone, Copy, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo)]
pub struct Unlocking<Balance, BlockNumber> {
	/// The amount asked for.
	pub amount: Balance,
	/// The block from which it may be withdrawn.
	pub unlock_at: BlockNumber,
}

/// Credit a consumer holds for metered usage.
#[derive(Clone, Copy, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo)]
pub struct Escrow<Balance, BlockNumber> {
	/// Everything held, including what is unlocking: all of it is chargeable.
	pub held: Balance,
	/// The part requested for withdrawal.
	pub unlocking: Balance,
	/// The block from which the unlocking part may be withdrawn.
	pub unlock_at: BlockNumber,
}

/// What a consumer signs: the cumulative usage of one `(consumer, model, operator)` channel.
#[derive(
	Clone, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo,
)]
pub struct ReceiptPayload<AccountId, Balance> {
	/// Who pays.
	pub consumer: AccountId,
	/// The model used.
	pub model: ModelId,
	/// Who served the usage and settles it.
	pub operator: AccountId,
	/// Input tokens since the channel opened.
	pub input_tokens: u64,
	/// Output tokens since the channel opened.
	pub output_tokens: u64,
	/// Requests since the channel opened.
	pub requests: u64,
	/// The amount owed since the channel opened.
	pub amount: Balance,
	/// Increases with every receipt of the channel.
	pub nonce: u64,
}

/// A receipt with the consumer's signature over
/// `(RECEIPT_DOMAIN, genesis hash, payload)` in SCALE encoding.
#[derive(
	Clone, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo,
)]
pub struct Receipt<AccountId, Balance, Signature> {
	/// What the consumer agreed to.
	pub payload: ReceiptPayload<AccountId, Balance>,
	/// The consumer's signature.
	pub signature: Signature,
}

/// The last settled receipt of a channel.
#[derive(Clone, Copy, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo)]
pub struct ChannelState<Balance> {
	/// Cumulative input tokens settled.
	pub input_tokens: u64,
	/// Cumulative output tokens settled.
	pub output_tokens: u64,
	/// Cumulative requests settled.
	pub requests: u64,
	/// Cumulative amount charged.
	pub amount: Balance,
	/// The nonce of the last settled receipt.
	pub nonce: u64,
}

/// Why a receipt of a batch was skipped (the rest of the batch settles).
#[derive(
	Clone,
	Copy,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	Debug,
	TypeInfo,
)]
pub enum SkipReason {
	/// The receipt names another operator than the one settling the batch.
	WrongOperator,
	/// The settling account is not an operator of the model.
	NotOperator,
	/// The model does not exist, or is paused or retired.
	ModelNotUsable,
	/// The signature is not the consumer's over this payload.
	BadSignature,
	/// The nonce is not above the channel's last settled nonce (a replay or a reordering).
	StaleNonce,
	/// A cumulative counter is below the channel's last settled value.
	CountersDecreased,
	/// The consumer's escrow does not cover the increase in amount.
	InsufficientEscrow,
}

/// The shares of every fee, besides the data contributors' share each model promises and the
/// model owner's rest. Governance (root) may change them.
#[derive(
	Clone,
	Copy,
	Decode,
	DecodeWithMemTracking,
	Default,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	Debug,
	TypeInfo,
)]
pub struct FeeSplit {
	/// The protocol treasury's share (it also receives the rounding dust).
	pub treasury: Perbill,
	/// The attributors' share, paid to those who settle the epoch.
	pub attribution: Perbill,
	/// The base model owner's share, for adapters.
	pub base_model: Perbill,
}

/// How one fee is divided. The parts always sum to the fee.
#[derive(
	Clone,
	Copy,
	Decode,
	DecodeWithMemTracking,
	Default,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	Debug,
	TypeInfo,
)]
pub struct FeeShares<Balance> {
	/// To the protocol treasury, rounding dust included.
	pub treasury: Balance,
	/// To the attributors of the epoch.
	pub attribution: Balance,
	/// To the data contributors, through the epoch's pool for the model.
	pub data: Balance,
	/// To the base model's owner (zero for a base model).
	pub base_model: Balance,
	/// To the model's owner.
	pub owner: Balance,
}

/// The totals of a settled batch.
#[derive(
	Clone,
	Copy,
	Decode,
	DecodeWithMemTracking,
	Default,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	Debug,
	TypeInfo,
)]
pub struct BatchTotals<Balance> {
	/// The amount charged from escrows.
	pub amount: Balance,
	/// Input tokens covered.
	pub input_tokens: u64,
	/// Output tokens covered.
	pub output_tokens: u64,
	/// Requests (inferences) covered.
	pub requests: u64,
}
