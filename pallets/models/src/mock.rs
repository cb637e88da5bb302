//! A test runtime with balances, the model pallet, and a mock datanet registry.

use crate as pallet_models;
use openledger_primitives::{DatanetCommitment, DatanetId, DatanetInspect, DatanetVersion};
use polkadot_sdk::{
	frame_support::{
		derive_impl, parameter_types,
		traits::{ConstU32, ConstU64},
	},
	frame_system, pallet_balances,
	sp_io::TestExternalities,
	sp_runtime::{BuildStorage, Perbill},
};
use std::{cell::RefCell, collections::BTreeSet};

pub type AccountId = u64;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlock<Test>;

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const PAUPER: AccountId = 99;
pub const ENDOWMENT: Balance = 1_000_000;
pub const DEPOSIT_BASE: Balance = 100;
pub const DEPOSIT_PER_BYTE: Balance = 2;
pub const FLOOR: Perbill = Perbill::from_percent(10);
pub const GRACE: u64 = 5;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Models: pallet_models,
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

thread_local! {
	static PUBLISHED: RefCell<BTreeSet<(DatanetId, DatanetVersion)>> = const { RefCell::new(BTreeSet::new()) };
}

/// A datanet registry in which the tests publish versions at will.
pub struct MockDatanets;

impl MockDatanets {
	pub fn publish(datanet: DatanetId, version: DatanetVersion) {
		PUBLISHED.with(|p| p.borrow_mut().insert((datanet, version)));
	}
}

impl DatanetInspect<AccountId> for MockDatanets {
	fn owner(_datanet: DatanetId) -> Option<AccountId> {
		None
	}

	fn published_version(datanet: DatanetId, version: DatanetVersion) -> Option<DatanetCommitment> {
		PUBLISHED
			.with(|p| p.borrow().contains(&(datanet, version)))
			.then(DatanetCommitment::default)
	}
}

parameter_types! {
	pub const DataShareFloor: Perbill = FLOOR;
}

impl pallet_models::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Datanets = MockDatanets;
	type ModelDepositBase = ConstU64<DEPOSIT_BASE>;
	type ModelDepositPerByte = ConstU64<DEPOSIT_PER_BYTE>;
	type DataShareFloor = DataShareFloor;
	type MaxStringLen = ConstU32<64>;
	type MaxTrainingSet = ConstU32<4>;
	type MaxLineageDepth = ConstU32<2>;
	type MaxArtifactVersions = ConstU32<3>;
	type MaxOperators = ConstU32<2>;
	type UsageGrace = ConstU64<GRACE>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockDatanets;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_models::BenchmarkHelper for MockDatanets {
	fn publish(datanet: DatanetId, version: DatanetVersion) {
		MockDatanets::publish(datanet, version);
	}
}

/// Externalities with funded accounts and datanet versions (0, 1), (0, 2) and (1, 1) published.
pub fn new_test_ext() -> TestExternalities {
	PUBLISHED.with(|p| p.borrow_mut().clear());
	for (datanet, version) in [(0, 1), (0, 2), (1, 1)] {
		MockDatanets::publish(datanet, version);
	}
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [ALICE, BOB, CHARLIE, DAVE].into_iter().map(|who| (who, ENDOWMENT)).collect(),
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
		Models::do_try_state().expect("invariants hold after the test");
		crate::tests::assert_no_stray_holds();
	});
}
