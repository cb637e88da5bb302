//! Proof of attribution: the round schedule, the committee, the quorum and slashing, claims.

use crate::{
	configs::TreasuryAccount, AccountId, Balances, BlockNumber, Runtime, RuntimeHoldReason, HOURS,
	MINUTES,
};
use openledger_primitives::EpochIndex;
use polkadot_sdk::{
	frame_support::{parameter_types, traits::ConstU32, PalletId},
	sp_runtime::{traits::AccountIdConversion, Perbill},
};

parameter_types! {
	pub const AttributionPalletId: PalletId = PalletId(*b"ol/attrb");
	/// The attribution pot: the data share and the attribution fee of every fee, until claimed.
	pub AttributionPot: AccountId = AttributionPalletId::get().into_account_truncating();
	/// Hourly epochs; a round commits for ten minutes, reveals for ten, and may be challenged
	/// for thirty more before it closes. The `development` preset sets one-minute epochs
	/// instead.
	pub const DefaultSchedule: pallet_attribution::RoundSchedule<BlockNumber> =
		pallet_attribution::RoundSchedule {
			epoch_length: HOURS,
			commit_window: 10 * MINUTES,
			reveal_window: 10 * MINUTES,
			challenge_window: 30 * MINUTES,
		};
	/// An attributor bonds at least 1,000 OPEN.
	pub const MinAttributorBond: crate::Balance = 1_000 * crate::currency::OPEN;
	/// Two thirds of the active bonded stake (when the epoch ended) must reveal the same result.
	pub Quorum: Perbill = Perbill::from_rational(2u32, 3u32);
	/// Not revealing, or revealing a result other than the finalised one, costs 10% of the bond,
	/// doubled for each round in a row the attributor was slashed before.
	pub const SlashShare: Perbill = Perbill::from_percent(10);
	/// A bond is released an hour after unregistering, once its rounds closed.
	pub const UnbondingDelay: BlockNumber = HOURS;
	/// Rewards are claimable for 720 epochs after their own: 30 days of hourly epochs.
	pub const ClaimPeriod: EpochIndex = 720;
}

impl pallet_attribution::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = AttributionPalletId;
	type TreasuryAccount = TreasuryAccount;
	type DefaultSchedule = DefaultSchedule;
	type MinBond = MinAttributorBond;
	type MaxAttributors = ConstU32<64>;
	type Quorum = Quorum;
	type SlashShare = SlashShare;
	/// Root (sudo on the dev chains) annuls results and resolves blocked rounds.
	type DisputeOrigin = polkadot_sdk::frame_system::EnsureRoot<AccountId>;
	type EngineParamsOrigin = polkadot_sdk::frame_system::EnsureRoot<AccountId>;
	type UnbondingDelay = UnbondingDelay;
	type ClaimPeriod = ClaimPeriod;
	type MaxProofDepth = ConstU32<32>;
	type MaxClaimBatch = ConstU32<1024>;
	/// 64 logs of up to 2,048 receipts: 131,072 channel settlements per operator and epoch.
	type MaxLogsPerOperator = ConstU32<64>;
	type MaxLogUriLen = super::MaxLogUriLen;
	type WeightInfo = crate::weights::pallet_attribution::WeightInfo<Runtime>;
}
