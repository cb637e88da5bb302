//! The runtime API of the metering pallet: quotes, allocations of escrow and channels.

use crate::QuoteError;
use alloc::vec::Vec;
use codec::Codec;
use openledger_primitives::ModelId;

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Queries on inference metering.
	pub trait InferenceApi<AccountId, Balance, Allocation, Channel, FeeSplit>
	where
		AccountId: Codec,
		Balance: Codec,
		Allocation: Codec,
		Channel: Codec,
		FeeSplit: Codec,
	{
		/// What `input_tokens` and `output_tokens` cost on the model now, or why there is no
		/// quote (unknown model, model not active, a fee that does not fit).
		fn quote(model: ModelId, input_tokens: u64, output_tokens: u64)
			-> Result<Balance, QuoteError>;

		/// `consumer`'s allocation to `operator`: its id (receipts name it), the amount held
		/// (all chargeable), the part unlocking and its unlock block, and the channels.
		fn escrow(consumer: AccountId, operator: AccountId) -> Option<Allocation>;

		/// Every allocation of `consumer`, by operator.
		fn escrows(consumer: AccountId) -> Vec<(AccountId, Allocation)>;

		/// What `operator` can rely on of `consumer`'s allocation before serving: the amount no
		/// withdrawal request stands against (any future request waits the full unlock delay).
		fn guaranteed(consumer: AccountId, operator: AccountId) -> Balance;

		/// The last settled receipt of a `(consumer, model, operator)` channel.
		fn channel(consumer: AccountId, model: ModelId, operator: AccountId) -> Option<Channel>;

		/// The fee split in force.
		fn fee_split() -> FeeSplit;
	}
}
