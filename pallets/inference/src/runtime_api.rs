//! The runtime API of the metering pallet: quotes, escrows and channels.

use codec::Codec;
use openledger_primitives::ModelId;

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Queries on inference metering.
	pub trait InferenceApi<AccountId, Balance, Escrow, Channel, FeeSplit>
	where
		AccountId: Codec,
		Balance: Codec,
		Escrow: Codec,
		Channel: Codec,
		FeeSplit: Codec,
	{
		/// What `input_tokens` and `output_tokens` cost on the model now; `None` if the model
		/// takes no usage.
		fn quote(model: ModelId, input_tokens: u64, output_tokens: u64) -> Option<Balance>;

		/// An account's escrow: held (all chargeable), unlocking, and the unlock block.
		fn escrow(account: AccountId) -> Option<Escrow>;

		/// The last settled receipt of a `(consumer, model, operator)` channel.
		fn channel(consumer: AccountId, model: ModelId, operator: AccountId) -> Option<Channel>;

		/// The fee split in force.
		fn fee_split() -> FeeSplit;
	}
}
