//! The runtime API of the attribution pallet: epochs, rounds, pools, settlements and claims.

use crate::types::{
	Attributor, EngineParams, EpochPool, EpochStatus, ModelPool, RoundInfo, RoundSchedule,
	Settlement,
};
use alloc::vec::Vec;
use codec::Codec;
use openledger_primitives::{EpochIndex, ModelId, UsageLogRecord};

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Queries on proof of attribution.
	pub trait AttributionApi<AccountId, Balance, BlockNumber, Uri>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
		Uri: Codec,
	{
		/// The current epoch and its blocks.
		fn current_epoch() -> EpochStatus<BlockNumber>;

		/// The epoch length and the round windows.
		fn schedule() -> RoundSchedule<BlockNumber>;

		/// The round that settles `epoch`: its phase, windows, committed bond and quorum.
		fn round(epoch: EpochIndex) -> RoundInfo<Balance, BlockNumber>;

		/// `epoch`'s data pool and attribution fee (carried-over parts included), if any.
		fn epoch_pool(epoch: EpochIndex) -> Option<EpochPool<Balance>>;

		/// `epoch`'s pool per model used in it.
		fn model_pools(epoch: EpochIndex) -> Vec<(ModelId, ModelPool<Balance>)>;

		/// The usage logs operators named for batches settled in `epoch`, with the fee and data
		/// share each covers and the commitment its receipts must reproduce: up to `limit` (at
		/// most 1,000) from the `start`-th on. Page until fewer than asked come back.
		fn usage_logs(epoch: EpochIndex, start: u32, limit: u32)
			-> Vec<UsageLogRecord<AccountId, Balance, Uri>>;

		/// The attribution engine's parameters in force (query them at an epoch's last block
		/// for the ones that settle it).
		fn engine_params() -> EngineParams;

		/// The URIs attributors named for their reports of `epoch`.
		fn report_uris(epoch: EpochIndex) -> Vec<(AccountId, Uri)>;

		/// `epoch`'s finalised settlement: root, total, report hash, claimed so far.
		fn settlement(epoch: EpochIndex) -> Option<Settlement<Balance, BlockNumber>>;

		/// Whether `account`'s leaf of `epoch` was claimed.
		fn is_claimed(epoch: EpochIndex, account: AccountId) -> bool;

		/// A registered attributor's bond, open rounds and unbonding block.
		fn attributor(account: AccountId) -> Option<Attributor<Balance, BlockNumber>>;

		/// What the attribution pot owes: open pools and unclaimed finalised totals.
		fn obligations() -> Balance;
	}
}
