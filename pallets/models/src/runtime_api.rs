//! The runtime API of the model pallet: what a UI or script asks about models.

use codec::Codec;
use openledger_primitives::ModelId;

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Queries on models: their record, lineage, artifact history, and quotes.
	pub trait ModelsApi<Details, Balance>
	where
		Details: Codec,
		Balance: Codec,
	{
		/// A model (with its training set and operators), its lineage (base models, nearest
		/// first) and its artifact versions, oldest first; `None` if it does not exist.
		fn model(model_id: ModelId) -> Option<Details>;

		/// What `input_tokens` and `output_tokens` cost on the model now; `None` if the model
		/// does not exist or takes no usage (paused or retired).
		fn quote(model_id: ModelId, input_tokens: u64, output_tokens: u64) -> Option<Balance>;
	}
}
