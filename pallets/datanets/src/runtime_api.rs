//! The runtime API of the datanet pallet: what a UI or script asks about datanets.

use codec::Codec;
use openledger_primitives::{ContributionId, DatanetId, DatanetVersion, Hash256};

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Queries on datanets, their contributions, versions and contributors.
	pub trait DatanetsApi<AccountId, Details, Contribution, Stats, Deposits, VersionPage>
	where
		AccountId: Codec,
		Details: Codec,
		Contribution: Codec,
		Stats: Codec,
		Deposits: Codec,
		VersionPage: Codec,
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

		/// What `account` contributed to the datanet: pending, accepted and rejected
		/// contributions, bytes accepted, and the storage deposit of the record (all zero when
		/// the account has nothing in the datanet).
		fn contributor_stats(datanet_id: DatanetId, account: AccountId) -> Stats;

		/// What each kind of record holds as its storage deposit while it lives.
		fn storage_deposits() -> Deposits;

		/// The contributions of a published version (contributor, content hash, URI, size, and
		/// place in acceptance order), paged by contribution id: looks at up to `limit` (at most
		/// 1,000) ids from `start` and says where the next page starts. `None` when the version
		/// was not published.
		fn version_contributions(
			datanet_id: DatanetId,
			version: DatanetVersion,
			start: ContributionId,
			limit: u32,
		) -> Option<VersionPage>;
	}
}
