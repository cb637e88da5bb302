//! The types the metering pallet stores and takes as call arguments.

use crate::{Config, Error};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use openledger_primitives::{bounded, share, Hash256, ModelId, UsageRefusal};
use polkadot_sdk::{
	frame_support::{traits::fungible, BoundedVec},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_runtime::Perbill,
};
use scale_info::TypeInfo;

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// The id of an allocation of escrow, assigned by the chain in opening order. Receipts name it,
/// so a receipt signed for an allocation that was closed can never charge a later one.
pub type AllocationId = u64;

/// The channels of an allocation as the pallet stores them: the last settled receipt per model.
pub type ChannelsOf<T> = BoundedVec<(ModelId, ChannelOf<T>), <T as Config>::MaxChannels>;

/// An allocation of escrow as the pallet stores it and the runtime API shows it.
pub type AllocationOf<T> = Allocation<BalanceOf<T>, BlockNumberFor<T>, ChannelsOf<T>>;

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
/// for a signature of anything else. Version 3: receipts commit to the outputs received
/// (version 2 named the allocation).
pub const RECEIPT_DOMAIN: &[u8] = b"openledger:usage-receipt:v3";

/// Credit a consumer holds in escrow for one operator. Only that operator can charge it, with
/// receipts the consumer signed; the consumer gets back what is left only through a withdrawal
/// request and the unlock delay, during which all of it stays chargeable.
#[derive(Clone, Decode, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo)]
pub struct Allocation<Balance, BlockNumber, Channels> {
	/// The allocation's id: receipts name it.
	pub id: AllocationId,
	/// What is held for the operator, including what is unlocking: all of it is chargeable.
	pub amount: Balance,
	/// The part the consumer asked back (never more than `amount`).
	pub unlocking: Balance,
	/// The block from which the unlocking part may be withdrawn.
	pub unlock_at: BlockNumber,
	/// The last settled receipt of each model the operator served on this allocation.
	pub channels: Channels,
}

/// What a consumer signs: the cumulative usage of one `(consumer, model, operator)` channel of
/// one allocation.
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
	/// The allocation of the consumer's escrow to the operator that pays for it.
	pub allocation: AllocationId,
	/// Input tokens since the channel opened.
	pub input_tokens: u64,
	/// Output tokens since the channel opened.
	pub output_tokens: u64,
	/// Requests since the channel opened.
	pub requests: u64,
	/// The running digest of every output the consumer received on the channel, in order
	/// (`openledger_primitives::outputs`): zero bytes when it signed none.
	pub outputs: Hash256,
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

/// Where the payer of a direct payment published the output it paid for: the blake2-256 of the
/// published bytes and a URI (`file://`, `http://`, `https://` or `ipfs://`).
#[derive(
	Clone, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo,
)]
pub struct LogRef<Uri> {
	/// The hash of the published bytes.
	pub hash: Hash256,
	/// Where they can be fetched.
	pub uri: Uri,
}

/// A log reference as events carry it.
pub type LogRefOf<T> = LogRef<BoundedVec<u8, <T as Config>::MaxUriLen>>;

/// The usage log of a settled batch, as `BatchSettled` reports it: the reference the operator
/// named and the commitment to the settled receipts the log must reproduce
/// (`openledger_primitives::outputs::BatchCommitment`).
#[derive(
	Clone, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo,
)]
pub struct RecordedLog<Uri> {
	/// The hash of the log's bytes.
	pub hash: Hash256,
	/// Where the log can be fetched.
	pub uri: Uri,
	/// The commitment to the settled receipts, in batch order.
	pub root: Hash256,
}

/// A recorded log as events carry it.
pub type RecordedLogOf<T> = RecordedLog<BoundedVec<u8, <T as Config>::MaxUriLen>>;

impl LogRef<Vec<u8>> {
	/// The reference with its URI checked: within `MaxUriLen` bytes, of a known scheme.
	pub fn bounded<T: Config>(self) -> Result<LogRefOf<T>, Error<T>> {
		ensure_known_scheme::<T>(&self.uri)?;
		Ok(LogRef { hash: self.hash, uri: bounded(self.uri, Error::<T>::UriTooLong)? })
	}
}

fn ensure_known_scheme<T: Config>(uri: &[u8]) -> Result<(), Error<T>> {
	openledger_primitives::has_known_scheme(uri)
		.then_some(())
		.ok_or(Error::<T>::UnsupportedUri)
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
	/// The output digest of the last settled receipt.
	pub outputs: Hash256,
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
	#[codec(index = 0)]
	WrongOperator,
	/// The settling account is not an operator of the model (nor one removed within the grace
	/// period).
	#[codec(index = 1)]
	NotOperator,
	/// The model is paused or retired, longer ago than the grace period.
	#[codec(index = 2)]
	ModelNotActive,
	/// The signature is not the consumer's over this payload.
	#[codec(index = 3)]
	BadSignature,
	/// The nonce is not above the channel's last settled nonce (a replay or a reordering).
	#[codec(index = 4)]
	StaleNonce,
	/// A cumulative counter is below the channel's last settled value.
	#[codec(index = 5)]
	CountersDecreased,
	/// The allocation to the operator does not cover the increase in amount.
	#[codec(index = 6)]
	InsufficientEscrow,
	/// No model has this id.
	#[codec(index = 7)]
	UnknownModel,
	/// The consumer has allocated no escrow to the settling operator.
	#[codec(index = 8)]
	NoAllocation,
	/// The receipt names an allocation that is not the consumer's current one to the operator
	/// (it was used up or withdrawn, and closed).
	#[codec(index = 9)]
	WrongAllocation,
	/// The allocation already has a channel for `MaxChannels` models: a receipt for another
	/// model cannot open one.
	#[codec(index = 10)]
	TooManyChannels,
	/// The output digest changed although the requests did not: outputs without requests.
	#[codec(index = 11)]
	OutputsWithoutRequests,
}

impl From<UsageRefusal> for SkipReason {
	fn from(refusal: UsageRefusal) -> Self {
		match refusal {
			UsageRefusal::UnknownModel => Self::UnknownModel,
			UsageRefusal::ModelNotActive => Self::ModelNotActive,
			UsageRefusal::NotOperator => Self::NotOperator,
		}
	}
}

/// Why the chain gives no quote.
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
pub enum QuoteError {
	/// No model has this id.
	#[codec(index = 0)]
	UnknownModel,
	/// The model is paused or retired: it takes no new usage.
	#[codec(index = 1)]
	ModelNotActive,
	/// The fee of that many tokens does not fit the balance type.
	#[codec(index = 2)]
	FeeOverflow,
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
pub struct FeeSplit<Share = Perbill> {
	/// The protocol treasury's share (it also receives the rounding dust).
	pub treasury: Share,
	/// The attributors' share, paid to those who settle the epoch.
	pub attribution: Share,
	/// The base model owner's share, for adapters.
	pub base_model: Share,
}

impl FeeSplit {
	/// The split as calls take it: each share in parts per billion.
	pub fn parts(self) -> FeeSplit<u32> {
		FeeSplit {
			treasury: self.treasury.deconstruct(),
			attribution: self.attribution.deconstruct(),
			base_model: self.base_model.deconstruct(),
		}
	}
}

impl FeeSplit<u32> {
	/// The split with each share, given in parts per billion, checked to be at most 100%.
	pub fn shares<T: Config>(self) -> Result<FeeSplit, Error<T>> {
		let share = |parts| share(parts, Error::<T>::FeeShareAboveAll);
		Ok(FeeSplit {
			treasury: share(self.treasury)?,
			attribution: share(self.attribution)?,
			base_model: share(self.base_model)?,
		})
	}
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
