//! A test runtime with balances and the datanet pallet.

use crate as pallet_datanets;
use polkadot_sdk::{
	frame_support::{
		derive_impl, parameter_types,
		traits::{ConstU32, ConstU64},
	},
	frame_system, pallet_balances,
	sp_io::TestExternalities,
	sp_runtime::{BuildStorage, Perbill},
};

pub type AccountId = u64;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlock<Test>;

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
/// An account with no funds.
pub const PAUPER: AccountId = 99;
pub const TREASURY: AccountId = 1_000;
pub const ENDOWMENT: Balance = 1_000_000;
pub const DEPOSIT_BASE: Balance = 100;
pub const DEPOSIT_PER_BYTE: Balance = 2;
pub const MIN_BOND: Balance = 10;
pub const STORAGE_BASE: Balance = 5;
pub const STORAGE_PER_BYTE: Balance = 1;
pub const RATE_PERIOD: u64 = 10;
pub const MAX_PER_PERIOD: u32 = 3;
pub const MAX_BYTES_PER_PERIOD: u64 = 10_000;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Datanets: pallet_datanets,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type Balance = Balance;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	pub const Treasury: AccountId = TREASURY;
	pub const RejectionSlash: Perbill = Perbill::from_percent(50);
}

impl pallet_datanets::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type TreasuryAccount = Treasury;
	type DatanetDepositBase = ConstU64<DEPOSIT_BASE>;
	type DatanetDepositPerByte = ConstU64<DEPOSIT_PER_BYTE>;
	type MinContributionBond = ConstU64<MIN_BOND>;
	type RejectionSlash = RejectionSlash;
	type StorageDepositBase = ConstU64<STORAGE_BASE>;
	type StorageDepositPerByte = ConstU64<STORAGE_PER_BYTE>;
	type MaxStringLen = ConstU32<64>;
	type MaxTagLen = ConstU32<16>;
	type MaxTags = ConstU32<4>;
	type MaxCurators = ConstU32<3>;
	type MaxUriLen = ConstU32<64>;
	type MaxReviewBatch = ConstU32<8>;
	type MaxVersions = ConstU32<3>;
	type RateLimitPeriod = ConstU64<RATE_PERIOD>;
	type MaxContributionsPerPeriod = ConstU32<MAX_PER_PERIOD>;
	type MaxBytesPerPeriod = ConstU64<MAX_BYTES_PER_PERIOD>;
	type WeightInfo = ();
}

/// Externalities with the dev accounts and the treasury funded, at block 1.
pub fn new_test_ext() -> TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [ALICE, BOB, CHARLIE, DAVE]
			.into_iter()
			.map(|who| (who, ENDOWMENT))
			.chain([(TREASURY, 1)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in fresh externalities, then checks the pallet's invariants.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Datanets::do_try_state().expect("invariants hold after the test");
		crate::tests::assert_no_stray_holds();
	});
}

/// Moves to block `n`.
pub fn run_to_block(n: u64) {
	System::set_block_number(n);
}
