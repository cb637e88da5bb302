//! A test runtime with balances, the metering pallet, a mock model registry and a mock
//! attribution pot. Accounts are sr25519 keys, so receipts carry real signatures.

use crate as pallet_inference;
use openledger_primitives::{
	ModelId, ModelInspect, ModelTerms, UsageLogRecord, UsageRefusal, UsageSink,
};
use polkadot_sdk::{
	frame_support::{
		derive_impl, parameter_types,
		traits::{ConstU128, ConstU32, ConstU64},
		PalletId,
	},
	frame_system, pallet_balances,
	sp_io::TestExternalities,
	sp_keyring::Sr25519Keyring,
	sp_runtime::{
		traits::{IdentityLookup, Verify},
		AccountId32, BuildStorage, MultiSignature, Perbill,
	},
};
use std::{cell::RefCell, collections::BTreeMap};

pub type AccountId = AccountId32;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;

pub const ED: Balance = 10;
pub const ENDOWMENT: Balance = 1_000_000_000;
pub const UNLOCK_DELAY: u64 = 5;
pub const MIN_ALLOCATION: Balance = 100;
pub const MAX_CHANNELS: u32 = 3;
pub const MAX_MODELS_PER_BATCH: u32 = 8;

pub fn alice() -> AccountId {
	Sr25519Keyring::Alice.to_account_id()
}
pub fn bob() -> AccountId {
	Sr25519Keyring::Bob.to_account_id()
}
pub fn charlie() -> AccountId {
	Sr25519Keyring::Charlie.to_account_id()
}
pub fn dave() -> AccountId {
	Sr25519Keyring::Dave.to_account_id()
}
pub fn eve() -> AccountId {
	Sr25519Keyring::Eve.to_account_id()
}
pub fn treasury() -> AccountId {
	AccountId32::new([0xee; 32])
}
pub fn pot() -> AccountId {
	AccountId32::new([0xaa; 32])
}

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Inference: pallet_inference,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<ED>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// A model in the mock registry.
#[derive(Clone)]
pub struct MockModel {
	pub terms: ModelTerms<AccountId, Balance>,
	/// Takes new usage.
	pub active: bool,
	/// When not active: the block until which usage still settles (the registry's grace).
	pub settles_until: u64,
	pub operators: Vec<AccountId>,
	/// Removed operators and the block until which they may still settle.
	pub former_operators: Vec<(AccountId, u64)>,
}

impl MockModel {
	pub fn new(terms: ModelTerms<AccountId, Balance>, operators: Vec<AccountId>) -> Self {
		Self { terms, active: true, settles_until: 0, operators, former_operators: Vec::new() }
	}
}

thread_local! {
	#[cfg(feature = "runtime-benchmarks")]
	static BENCH_KEYS: RefCell<BTreeMap<AccountId, polkadot_sdk::sp_core::sr25519::Pair>> =
		const { RefCell::new(BTreeMap::new()) };
	static MODELS: RefCell<BTreeMap<ModelId, MockModel>> = const { RefCell::new(BTreeMap::new()) };
	static USAGE: RefCell<Vec<(ModelId, Balance, Balance)>> = const { RefCell::new(Vec::new()) };
	static LOGS: RefCell<Vec<UsageLogRecord<AccountId, Balance, Vec<u8>>>> =
		const { RefCell::new(Vec::new()) };
	/// Whether the sink refuses logs, as a full epoch would.
	static LOGS_FULL: RefCell<bool> = const { RefCell::new(false) };
}

/// A model registry the tests fill in.
pub struct MockModels;

impl MockModels {
	pub fn insert(id: ModelId, model: MockModel) {
		MODELS.with(|m| m.borrow_mut().insert(id, model));
	}

	pub fn update(id: ModelId, f: impl FnOnce(&mut MockModel)) {
		MODELS.with(|m| f(m.borrow_mut().get_mut(&id).expect("model exists")));
	}

	fn get(id: ModelId) -> Option<MockModel> {
		MODELS.with(|m| m.borrow().get(&id).cloned())
	}
}

impl ModelInspect<AccountId, Balance> for MockModels {
	fn usage_terms(model: ModelId) -> Result<ModelTerms<AccountId, Balance>, UsageRefusal> {
		let m = Self::get(model).ok_or(UsageRefusal::UnknownModel)?;
		if !m.active {
			return Err(UsageRefusal::ModelNotActive);
		}
		Ok(m.terms)
	}

	fn settlement_terms(
		model: ModelId,
		operator: &AccountId,
	) -> Result<ModelTerms<AccountId, Balance>, UsageRefusal> {
		let m = Self::get(model).ok_or(UsageRefusal::UnknownModel)?;
		let now = System::block_number();
		if !m.active && now >= m.settles_until {
			return Err(UsageRefusal::ModelNotActive);
		}
		let serving = m.terms.owner == *operator
			|| m.operators.contains(operator)
			|| m.former_operators.iter().any(|(o, until)| o == operator && now < *until);
		if !serving {
			return Err(UsageRefusal::NotOperator);
		}
		Ok(m.terms)
	}

	fn training_set(_model: ModelId) -> Vec<(u32, u32)> {
		Vec::new()
	}
}

/// An attribution pot that records what it was told.
pub struct MockSink;

impl MockSink {
	/// `(model, data share, attribution fee)` as reported, in order.
	pub fn usage() -> Vec<(ModelId, Balance, Balance)> {
		USAGE.with(|u| u.borrow().clone())
	}

	/// The usage logs recorded, in order.
	pub fn logs() -> Vec<UsageLogRecord<AccountId, Balance, Vec<u8>>> {
		LOGS.with(|l| l.borrow().clone())
	}

	/// Makes the sink refuse (or take again) logs.
	pub fn set_logs_full(full: bool) {
		LOGS_FULL.with(|f| *f.borrow_mut() = full);
	}
}

impl UsageSink<AccountId, Balance> for MockSink {
	fn pot() -> AccountId {
		pot()
	}

	fn on_usage(model: ModelId, _paid: Balance, data_share: Balance, attribution_fee: Balance) {
		USAGE.with(|u| u.borrow_mut().push((model, data_share, attribution_fee)));
	}

	fn on_log(
		log: UsageLogRecord<AccountId, Balance, Vec<u8>>,
	) -> Result<(), polkadot_sdk::sp_runtime::DispatchError> {
		if LOGS_FULL.with(|f| *f.borrow()) {
			return Err("the epoch's logs are full".into());
		}
		LOGS.with(|l| l.borrow_mut().push(log));
		Ok(())
	}
}

parameter_types! {
	pub TreasuryAccount: AccountId = treasury();
	pub const InferencePalletId: PalletId = PalletId(*b"ol/infer");
	pub const DefaultFeeSplit: crate::FeeSplit = crate::FeeSplit {
		treasury: Perbill::from_percent(5),
		attribution: Perbill::from_percent(5),
		base_model: Perbill::from_percent(10),
	};
	pub const DataShareFloor: Perbill = Perbill::from_percent(10);
}

impl pallet_inference::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Models = MockModels;
	type UsageSink = MockSink;
	type Signature = MultiSignature;
	type Signer = <MultiSignature as Verify>::Signer;
	type TreasuryAccount = TreasuryAccount;
	type PalletId = InferencePalletId;
	type DefaultFeeSplit = DefaultFeeSplit;
	type FeeSplitOrigin = polkadot_sdk::frame_system::EnsureRoot<AccountId>;
	type DataShareFloor = DataShareFloor;
	type UnlockDelay = ConstU64<UNLOCK_DELAY>;
	type MinAllocation = ConstU128<MIN_ALLOCATION>;
	type MaxChannels = ConstU32<MAX_CHANNELS>;
	type MaxBatch = ConstU32<16>;
	type MaxModelsPerBatch = ConstU32<MAX_MODELS_PER_BATCH>;
	type MaxUriLen = ConstU32<64>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockModels;
}

#[cfg(feature = "runtime-benchmarks")]
fn bench_pair(who: &AccountId) -> polkadot_sdk::sp_core::sr25519::Pair {
	BENCH_KEYS.with(|k| k.borrow().get(who).cloned().expect("benchmark account"))
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_inference::BenchmarkHelper<AccountId, MultiSignature> for MockModels {
	fn account(i: u32) -> AccountId {
		use polkadot_sdk::sp_core::Pair;
		let mut seed = [0u8; 32];
		seed[..4].copy_from_slice(&i.to_le_bytes());
		let pair = polkadot_sdk::sp_core::sr25519::Pair::from_seed(&seed);
		let who: AccountId = pair.public().into();
		BENCH_KEYS.with(|k| k.borrow_mut().insert(who.clone(), pair));
		who
	}

	fn sign(who: &AccountId, message: &[u8]) -> MultiSignature {
		use polkadot_sdk::sp_core::Pair;
		MultiSignature::Sr25519(bench_pair(who).sign(message))
	}

	fn create_model(owner: &AccountId, base_owner: &AccountId, operator: &AccountId) -> ModelId {
		let terms = ModelTerms {
			owner: owner.clone(),
			base_owner: Some(base_owner.clone()),
			price_per_1k_input: 1_000,
			price_per_1k_output: 2_000,
			data_share_ppb: Perbill::from_percent(20).deconstruct(),
		};
		let id = MODELS.with(|m| m.borrow().keys().max().map_or(0, |id| id + 1));
		MockModels::insert(id, MockModel::new(terms, vec![operator.clone()]));
		id
	}
}

/// Model 0: a base model of Dave (price 1,000 / 2,000 per 1k tokens, 20% data share), served by
/// Eve. Model 1: an adapter of Charlie on model 0 (30% data share). Model 2: paused.
pub fn new_test_ext() -> TestExternalities {
	MODELS.with(|m| m.borrow_mut().clear());
	USAGE.with(|u| u.borrow_mut().clear());
	LOGS.with(|l| l.borrow_mut().clear());
	LOGS_FULL.with(|f| *f.borrow_mut() = false);
	let terms = |owner: AccountId, base_owner, share| ModelTerms {
		owner,
		base_owner,
		price_per_1k_input: 1_000,
		price_per_1k_output: 2_000,
		data_share_ppb: Perbill::from_percent(share).deconstruct(),
	};
	MockModels::insert(0, MockModel::new(terms(dave(), None, 20), vec![eve()]));
	MockModels::insert(1, MockModel::new(terms(charlie(), Some(dave()), 30), vec![eve()]));
	MockModels::insert(
		2,
		MockModel { active: false, ..MockModel::new(terms(dave(), None, 20), vec![eve()]) },
	);

	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [alice(), bob(), charlie(), dave(), eve()]
			.into_iter()
			.map(|who| (who, ENDOWMENT))
			.chain([(treasury(), ED), (pot(), ED), (Inference::account_id(), ED)])
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
		Inference::do_try_state().expect("invariants hold after the test");
	});
}
