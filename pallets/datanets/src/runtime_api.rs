//! The runtime API of the datanet pallet: what a UI or script asks about datanets.

use codec::Codec;
use openledger_primitives::{ContributionId, DatanetId, Hash256};

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Queries on datanets, their contributions, versions and contributors.
	pub trait DatanetsApi<AccountId, Details, Contribution, Stats>
	where
		AccountId: Codec,
		Details: Codec,
		Contribution: Codec,
		Stats: Codec,
	{
		/// A datanet with its published versions, oldest first; `None` if it does not exist.
		fn datanet(datanet_id: DatanetId) -> Option<Details>;

		/// A contribution by id; `None` if the datanet has no such contribution.
		fn contribution(datanet_id: DatanetId, contribution_id: ContributionId) -> Option<Contribution>;

		/// The contribution that committed `content_hash` to the datanet, with its id.
		fn contribution_by_hash(
			datanet_id: DatanetId,
			content_hash: Hash256,
		) -> Option<(ContributionId, Contribution)>;

		/// What `account` contributed to the datanet: pending, accepted, rejected, withdrawn,
		/// bytes accepted.
		fn contributor_stats(datanet_id: DatanetId, account: AccountId) -> Stats;
	}
}
