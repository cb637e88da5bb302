//! Money: balances (the `OPEN` token) and transaction fees.

use crate::{
	currency::{EXISTENTIAL_DEPOSIT, MICRO_OPEN},
	AccountId, Balance, Balances, Runtime, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason,
};
use polkadot_sdk::{
	frame_support::{
		parameter_types,
		traits::{ConstU128, ConstU32, ConstU8, VariantCountOf},
		weights::ConstantMultiplier,
		PalletId,
	},
	pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier},
	sp_runtime::traits::{AccountIdConversion, One},
	*,
};

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = frame_system::Pallet<Runtime>;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// Fee per unit of `ref_time` weight: a balance transfer costs about 0.001 OPEN.
	pub const WeightToFeeMultiplier: Balance = 5_000_000;
	/// Fee per byte of an extrinsic: 0.000001 OPEN.
	pub const TransactionByteFee: Balance = MICRO_OPEN;
	pub FeeMultiplier: Multiplier = Multiplier::one();
	/// The protocol treasury's pot: slashed bonds and the treasury's share of fees go here.
	pub const TreasuryPalletId: PalletId = PalletId(*b"ol/trsry");
	pub TreasuryAccount: AccountId = TreasuryPalletId::get().into_account_truncating();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = ConstantMultiplier<Balance, WeightToFeeMultiplier>;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}
