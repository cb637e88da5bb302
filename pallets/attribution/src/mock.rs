//! A test runtime with balances and the attribution pallet. Epochs are 10 blocks: a round
//! commits in blocks 10–12 of the next epoch's start, reveals in 13–15, may be challenged in
//! 16–17, and closes from 18.

use crate as pallet_attribution;
use openledger_primitives::{settlement, EpochIndex, Hash256, ModelId, UsageSink};
use polkadot_sdk::{
	frame_support::{
		derive_impl, parameter_types,
		traits::{fungible::Mutate, tokens::Preservation, ConstU128, ConstU32, Hooks},
		weights::Weight,
		PalletId,
	},
	frame_system, pallet_balances,
	sp_io::TestExternalities,
	sp_runtime::{BuildStorage, Perbill},
};

pub type AccountId = u64;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;

pub const ED: Balance = 10;
pub const ENDOWMENT: Balance = 1_000_000;
pub const MIN_BOND: Balance = 100;
pub const TREASURY: AccountId = 99;
/// Pays fees into the pot in the tests.
pub const PAYER: AccountId = 50;
pub const EPOCH: u64 = 10;
pub const CLAIM_PERIOD: EpochIndex = 2;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Attribution: pallet_attribution,
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
	type ExistentialDeposit = ConstU128<ED>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	pub const AttributionPalletId: PalletId = PalletId(*b"ol/attrb");
	pub const Treasury: AccountId = TREASURY;
	pub const DefaultSchedule: crate::RoundSchedule<u64> = crate::RoundSchedule {
		epoch_length: EPOCH,
		commit_window: 3,
		reveal_window: 3,
		challenge_window: 2,
	};
	pub static Quorum: Perbill = Perbill::from_rational(2u32, 3u32);
	pub const SlashShare: Perbill = Perbill::from_percent(10);
}

impl pallet_attribution::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = AttributionPalletId;
	type TreasuryAccount = Treasury;
	type DefaultSchedule = DefaultSchedule;
	type MinBond = ConstU128<MIN_BOND>;
	type MaxAttributors = ConstU32<4>;
	type Quorum = Quorum;
	type SlashShare = SlashShare;
	type DisputeOrigin = polkadot_sdk::frame_system::EnsureRoot<AccountId>;
	type EngineParamsOrigin = polkadot_sdk::frame_system::EnsureRoot<AccountId>;
	type UnbondingDelay = polkadot_sdk::frame_support::traits::ConstU64<5>;
	type ClaimPeriod = ConstU32<CLAIM_PERIOD>;
	type MaxProofDepth = ConstU32<32>;
	type MaxClaimBatch = ConstU32<16>;
	type MaxLogsPerOperator = ConstU32<2>;
	type MaxLogUriLen = ConstU32<64>;
	type WeightInfo = ();
}

/// Accounts 1..=8 (attributors and contributors), the payer, the treasury and the pot hold
/// funds at genesis.
pub fn new_test_ext() -> TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=8).chain([PAYER, TREASURY]).map(|who| (who, ENDOWMENT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_attribution::GenesisConfig::<Test>::default()
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run `test` and check the pallet's invariants after it.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Attribution::do_try_state().expect("invariants hold");
	});
}

/// Go to block `n` without idle work.
pub fn run_to(n: u64) {
	System::set_block_number(n);
}

/// Go to block `n`, giving each block on the way all idle weight.
pub fn run_to_with_idle(n: u64) {
	while System::block_number() < n {
		System::set_block_number(System::block_number() + 1);
		Attribution::on_idle(System::block_number(), Weight::MAX);
	}
}

/// Pay `data` and `fee` for `model` into the pot, as metering does, of fees ten times `data`.
pub fn usage(model: ModelId, data: Balance, fee: Balance) {
	Balances::transfer(&PAYER, &Attribution::pot(), data + fee, Preservation::Preserve).unwrap();
	<Attribution as UsageSink<AccountId, Balance>>::on_usage(model, data * 10, data, fee);
}

/// A settlement: its leaves, root and total.
pub struct Leaves {
	pub leaves: Vec<(AccountId, Balance)>,
	pub root: Hash256,
	pub total: Balance,
}

impl Leaves {
	pub fn new(leaves: &[(AccountId, Balance)]) -> Self {
		let encoded: Vec<_> = leaves.iter().map(|(a, b)| settlement::leaf(a, b)).collect();
		Self {
			leaves: leaves.to_vec(),
			root: settlement::merkle_root(&encoded),
			total: leaves.iter().map(|(_, b)| b).sum(),
		}
	}

	/// The claim of leaf `i`.
	pub fn claim(&self, i: usize) -> crate::ClaimOf<Test> {
		let encoded: Vec<_> = self.leaves.iter().map(|(a, b)| settlement::leaf(a, b)).collect();
		let proof = settlement::merkle_proof(&encoded, i as u32).unwrap();
		crate::Claim { account: self.leaves[i].0, amount: self.leaves[i].1, proof }
	}
}

/// `who`'s commitment to `leaves` for `epoch` with `salt`.
pub fn commitment_of(who: AccountId, epoch: EpochIndex, leaves: &Leaves, salt: u8) -> Hash256 {
	settlement::commitment(&who, epoch, &leaves.root, &leaves.total, &REPORT, &[salt; 32])
}

/// The report hash the tests' attributors agree on.
pub const REPORT: Hash256 = [0x5e; 32];

pub fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Attribution(e) = r.event { Some(e) } else { None })
		.collect()
}
