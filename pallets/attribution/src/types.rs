//! The types the attribution pallet stores, takes as call arguments and answers queries with.

use crate::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use openledger_primitives::settlement::LeafProof;
use openledger_primitives::{EpochIndex, Hash256};
use polkadot_sdk::{
	frame_support::{traits::fungible, BoundedVec},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_runtime::Perbill,
};
use scale_info::TypeInfo;

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// An attributor's record as the pallet stores it.
pub type AttributorOf<T> = Attributor<BalanceOf<T>, BlockNumberFor<T>>;

/// An epoch's round schedule as the pallet stores it.
pub type ScheduleOf<T> = RoundSchedule<BlockNumberFor<T>>;

/// An epoch's pool as the pallet stores it.
pub type EpochPoolOf<T> = EpochPool<BalanceOf<T>>;

/// A model's part of an epoch's pool.
pub type ModelPoolOf<T> = ModelPool<BalanceOf<T>>;

/// A usage log as the pallet keeps it with its epoch.
pub type UsageLogOf<T> = openledger_primitives::UsageLogRecord<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BoundedVec<u8, <T as crate::Config>::MaxLogUriLen>,
>;

/// The URI of an attributor's report, as the pallet keeps it.
pub type ReportUriOf<T> = BoundedVec<u8, <T as crate::Config>::MaxLogUriLen>;

/// An epoch's round as the pallet stores it.
pub type RoundOf<T> = Round<BalanceOf<T>>;

/// An attributor's commitment to an epoch's result.
pub type CommitmentOf<T> = Commitment<BalanceOf<T>>;

/// The bonded stake that settles rounds, as the pallet stores it.
pub type StakeLedgerOf<T> = StakeLedger<BalanceOf<T>>;

/// A revealed result of a round, as the pallet stores it.
pub type TallyOf<T> = Tally<BalanceOf<T>>;

/// A finalised settlement as the pallet stores it.
pub type SettlementOf<T> = Settlement<BalanceOf<T>, BlockNumberFor<T>>;

/// One claim as calls take it. Its proof may have at most `MaxProofDepth` items.
pub type ClaimOf<T> = Claim<<T as frame_system::Config>::AccountId, BalanceOf<T>, LeafProof>;

/// A batch of claims, checked to hold at most `MaxClaimBatch`.
pub type ClaimBatchOf<T> = BoundedVec<ClaimOf<T>, <T as Config>::MaxClaimBatch>;

/// The skipped entries of a claim batch, with the reasons.
pub type ClaimSkipsOf<T> = BoundedVec<(u16, ClaimSkip), <T as Config>::MaxClaimBatch>;

/// The state of the current epoch and of the round that settles the previous one.
pub type EpochStatusOf<T> = EpochStatus<BlockNumberFor<T>>;

/// A round's state as the runtime API shows it.
pub type RoundInfoOf<T> = RoundInfo<BalanceOf<T>, BlockNumberFor<T>>;

/// The timing of epochs and their settlement rounds, in blocks.
///
/// Epoch `e` is blocks `[e × epoch_length, (e + 1) × epoch_length)`. Its round opens when it
/// ends: `commit_window` blocks of commitments, then `reveal_window` blocks of reveals, then
/// `challenge_window` blocks in which the dispute origin may annul a finalised result or pick
/// one for a round without quorum. The commit and reveal windows together fit in one epoch, so
/// commitments and reveals always happen during the next epoch; the round closes, and its
/// rewards become claimable, after the challenge window.
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
pub struct RoundSchedule<BlockNumber> {
	/// Blocks per epoch.
	pub epoch_length: BlockNumber,
	/// Blocks of the commit window.
	pub commit_window: BlockNumber,
	/// Blocks of the reveal window.
	pub reveal_window: BlockNumber,
	/// Blocks after the reveal window before the round may close.
	pub challenge_window: BlockNumber,
}

/// The first blocks of a round's windows.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub struct RoundWindows<BlockNumber> {
	/// The first block of the commit window: the block after the epoch's last.
	pub commit_from: BlockNumber,
	/// The first block of the reveal window.
	pub reveal_from: BlockNumber,
	/// The first block of the challenge window.
	pub challenge_from: BlockNumber,
	/// The first block after the challenge window: the round may close.
	pub close_from: BlockNumber,
}

/// A registered attributor.
#[derive(Clone, Copy, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Attributor<Balance, BlockNumber> {
	/// The bond held (`HoldReason::AttributorBond`), less what was slashed.
	pub bond: Balance,
	/// Rounds the attributor committed to that have not closed yet.
	pub open_rounds: u32,
	/// Once unregistered: the block from which the bond may be withdrawn.
	pub unbonding_at: Option<BlockNumber>,
	/// The first epoch whose round the attributor may settle: the epoch after the one it
	/// registered in (epoch 0 for attributors registered at genesis).
	pub active_from: EpochIndex,
	/// Closed rounds in a row in which the attributor was slashed: each doubles the next slash.
	pub strikes: u32,
}

/// The bonded stake of the attributors who may settle rounds: registered, not unbonding.
#[derive(Clone, Copy, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct StakeLedger<Balance> {
	/// The epoch the ledger was last brought to.
	pub epoch: EpochIndex,
	/// The stake of attributors registered before `epoch`: it settles `epoch`'s round.
	pub active: Balance,
	/// The stake of attributors registered during `epoch`: it settles from the next round on.
	pub warming: Balance,
	/// The active stake when epoch `epoch - 1` ended: the base of that epoch's quorum.
	pub ended: Balance,
}

/// The data pool and attribution fee of an epoch: what metering paid into the pot while the
/// epoch ran, plus what a previous round carried over.
#[derive(Clone, Copy, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct EpochPool<Balance> {
	/// The contributors' pool, carried-over part included: the most the epoch's settlement may
	/// distribute.
	pub data: Balance,
	/// The attribution fee, carried-over part included: paid to the attributors who agree on
	/// the settlement.
	pub fee: Balance,
	/// The part of `data` carried over from earlier rounds.
	pub carried_data: Balance,
	/// The part of `fee` carried over from earlier rounds.
	pub carried_fee: Balance,
}

/// One model's part of an epoch's pool, for accounting: the data share and attribution fee of
/// the fees paid for the model during the epoch, and those fees.
#[derive(Clone, Copy, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct ModelPool<Balance> {
	/// Everything paid for the model's usage, every share included: what the values of its
	/// outputs are measured against when its data share is divided.
	pub paid: Balance,
	/// Data share paid for the model's usage.
	pub data: Balance,
	/// Attribution fee paid for the model's usage.
	pub fee: Balance,
}

/// The attribution engine's parameters: every attributor reads them from the chain, as they
/// were at the last block of the epoch it settles, so honest attributors cannot diverge by
/// configuration. `openledger-attributor` explains the rule they drive (docs/attribution.md).
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
pub struct EngineParams {
	/// The fewest words a span of an output must have to be credited to a contribution.
	pub min_words: u32,
	/// The most contributions a span may occur in: a span found in more is boilerplate and
	/// earns nothing.
	pub max_docs: u32,
	/// The version of the engine's tokenizer (how text is cut into words).
	pub tokenizer: u32,
	/// The share of each model's data pool divided among the contributions of its training
	/// set by their verified bytes, whatever the outputs quote; the rest goes by the words of
	/// paid outputs credited to each contribution.
	pub base_share: Perbill,
}

impl EngineParams {
	/// The longest `min_words` allowed.
	pub const MAX_MIN_WORDS: u32 = 256;

	/// Whether the parameters can drive the engine: spans of 1 to `MAX_MIN_WORDS` words, at
	/// least one contribution per span, a tokenizer version from 1.
	pub fn is_valid(&self) -> bool {
		(1..=Self::MAX_MIN_WORDS).contains(&self.min_words)
			&& self.max_docs >= 1
			&& self.tokenizer >= 1
	}
}

impl Default for EngineParams {
	/// Spans of at least 8 words, in at most 10 contributions, tokenizer 1, and a base share of
	/// 10%.
	fn default() -> Self {
		Self { min_words: 8, max_docs: 10, tokenizer: 1, base_share: Perbill::from_percent(10) }
	}
}

/// The settlement round of an epoch.
#[derive(Clone, Copy, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Round<Balance> {
	/// How many attributors committed.
	pub committers: u32,
	/// Their bonds when they committed.
	pub committed_bond: Balance,
	/// The active bonded stake when the epoch ended: the base of the quorum.
	pub eligible_stake: Balance,
	/// The result key (`settlement::result_key`) that finalised the round, once one did: by
	/// quorum, or picked by the dispute origin.
	pub finalised: Option<Hash256>,
	/// The result the dispute origin annulled: the round finalises no more by reveals, and
	/// those who revealed it are slashed at closing.
	pub annulled: Option<Hash256>,
	/// Whether the round was closed: attributors paid and slashed, the pool's rest carried.
	pub closed: bool,
}

/// A result revealed in a round and the bond behind it.
#[derive(Clone, Copy, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Tally<Balance> {
	/// The merkle root of the leaves.
	pub root: Hash256,
	/// The sum of the leaves' amounts.
	pub total: Balance,
	/// The hash of the attribution report.
	pub report: Hash256,
	/// The bond of the attributors who revealed it.
	pub bond: Balance,
}

/// An attributor's commitment to an epoch's result.
#[derive(Clone, Copy, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Commitment<Balance> {
	/// `settlement::commitment(attributor, epoch, root, total, report, salt)`.
	pub hash: Hash256,
	/// The attributor's bond when it committed: its weight in the round.
	pub stake: Balance,
	/// The key of the revealed result, once revealed.
	pub revealed: Option<Hash256>,
}

/// An epoch's finalised settlement: what contributors claim against.
#[derive(Clone, Copy, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Settlement<Balance, BlockNumber> {
	/// The merkle root of the `(account, amount)` leaves.
	pub root: Hash256,
	/// The sum of the leaves' amounts.
	pub total: Balance,
	/// The hash of the attribution report the leaves came from.
	pub report: Hash256,
	/// How much of `total` was claimed.
	pub claimed: Balance,
	/// The block the round finalised in.
	pub finalised_at: BlockNumber,
	/// Whether the claim period ended and the unclaimed rest went to the treasury.
	pub expired: bool,
}

/// A claim of `amount` for `account` in an epoch's settlement, with its proof.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct Claim<AccountId, Balance, Proof> {
	/// The account paid.
	pub account: AccountId,
	/// The leaf's amount.
	pub amount: Balance,
	/// The proof of the leaf `(account, amount)`.
	pub proof: Proof,
}

/// Why an entry of a claim batch was not paid.
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
pub enum ClaimSkip {
	/// The account's leaf of this epoch was already claimed.
	#[codec(index = 0)]
	AlreadyClaimed,
	/// No leaf `(account, amount)` sits where the proof says under the settlement's root: the
	/// amount or the account differs from the attributors' report, or the proof is another
	/// epoch's.
	#[codec(index = 1)]
	LeafNotInSettlement,
	/// Paying it would exceed the settlement's total.
	#[codec(index = 2)]
	ExceedsTotal,
	/// The account cannot receive the amount (for instance below the existential deposit).
	#[codec(index = 3)]
	PayoutFailed,
	/// The proof's position is outside its tree, or it has more hashes than such a tree has
	/// levels.
	#[codec(index = 4)]
	MalformedProof,
}

/// Where a round is in its life.
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
pub enum RoundPhase {
	/// The epoch is still running.
	#[codec(index = 0)]
	EpochRunning,
	/// Attributors commit.
	#[codec(index = 1)]
	Commit,
	/// Attributors reveal.
	#[codec(index = 2)]
	Reveal,
	/// The reveal window is over; the dispute origin may annul the result or pick one.
	#[codec(index = 5)]
	Challenge,
	/// The challenge window is over; anyone may close the round.
	#[codec(index = 3)]
	Closable,
	/// The round is closed; a finalised settlement's rewards may be claimed.
	#[codec(index = 4)]
	Closed,
}

/// A round as the runtime API shows it.
#[derive(Clone, Copy, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct RoundInfo<Balance, BlockNumber> {
	/// The epoch the round settles.
	pub epoch: EpochIndex,
	/// Where the round is now.
	pub phase: RoundPhase,
	/// The first block of the commit window (the block after the epoch's last).
	pub commit_from: BlockNumber,
	/// The first block of the reveal window.
	pub reveal_from: BlockNumber,
	/// The first block after the reveal window: the challenge window.
	pub challenge_from: BlockNumber,
	/// The first block after the challenge window: from here the round may be closed.
	pub close_from: BlockNumber,
	/// How many attributors committed.
	pub committers: u32,
	/// Their bonds when they committed.
	pub committed_bond: Balance,
	/// The active bonded stake when the epoch ended (for a round nobody committed to yet,
	/// what it will be).
	pub eligible_stake: Balance,
	/// The least revealed bond behind one result that finalises the round.
	pub quorum_bond: Balance,
	/// Whether a result finalised the round.
	pub finalised: bool,
	/// Whether the dispute origin annulled the round's result.
	pub annulled: bool,
}

/// The current epoch, with its blocks.
#[derive(Clone, Copy, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct EpochStatus<BlockNumber> {
	/// The current epoch.
	pub epoch: EpochIndex,
	/// The current block.
	pub now: BlockNumber,
	/// The epoch's first block.
	pub starts_at: BlockNumber,
	/// The first block of the next epoch.
	pub ends_at: BlockNumber,
}
