//! Datanets: deposits, bonds, limits and rate limits of the datanet registry.

use crate::{
	configs::TreasuryAccount,
	currency::{MILLI_OPEN, OPEN},
	Balance, Balances, Runtime, RuntimeHoldReason, HOURS,
};
use polkadot_sdk::{
	frame_support::{parameter_types, traits::ConstU32},
	sp_runtime::Perbill,
};

parameter_types! {
	/// Every datanet holds 1 OPEN, plus 0.01 OPEN per byte of metadata.
	pub const DatanetDepositBase: Balance = OPEN;
	pub const DatanetDepositPerByte: Balance = 10 * MILLI_OPEN;
	/// A datanet may not ask less than 0.01 OPEN of bond per contribution.
	pub const MinContributionBond: Balance = 10 * MILLI_OPEN;
	/// Half of a rejected contribution's bond goes to the treasury.
	pub const RejectionSlash: Perbill = Perbill::from_percent(50);
	/// Every contribution, contributor's stats and rate-limit window holds 0.01 OPEN plus
	/// 0.1 mOPEN per byte the record may take while it lives.
	pub const StorageDepositBase: Balance = 10 * MILLI_OPEN;
	pub const StorageDepositPerByte: Balance = MILLI_OPEN / 10;
	/// Rate limits are counted per hour.
	pub const RateLimitPeriod: crate::BlockNumber = HOURS;
	/// At most 10 GiB submitted per account per hour.
	pub const MaxBytesPerPeriod: u64 = 10 * 1024 * 1024 * 1024;
}

impl pallet_datanets::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type TreasuryAccount = TreasuryAccount;
	type DatanetDepositBase = DatanetDepositBase;
	type DatanetDepositPerByte = DatanetDepositPerByte;
	type MinContributionBond = MinContributionBond;
	type RejectionSlash = RejectionSlash;
	type StorageDepositBase = StorageDepositBase;
	type StorageDepositPerByte = StorageDepositPerByte;
	type MaxStringLen = ConstU32<256>;
	type MaxTagLen = ConstU32<32>;
	type MaxTags = ConstU32<8>;
	type MaxCurators = ConstU32<16>;
	type MaxUriLen = ConstU32<256>;
	type MaxReviewBatch = ConstU32<64>;
	type MaxVersions = ConstU32<1024>;
	type RateLimitPeriod = RateLimitPeriod;
	type MaxContributionsPerPeriod = ConstU32<100>;
	type MaxBytesPerPeriod = MaxBytesPerPeriod;
	type WeightInfo = crate::weights::pallet_datanets::WeightInfo<Runtime>;
}
