//! Inference metering: escrow delay, batch size and the fee split. The data share and the
//! attribution fee are paid to the attribution pallet, which accounts them per epoch and model.

use crate::{
	configs::TreasuryAccount, AccountId, Balances, Models, Runtime, RuntimeHoldReason, Signature,
	MINUTES,
};
use polkadot_sdk::{
	frame_support::{parameter_types, traits::ConstU32, PalletId},
	sp_runtime::{
		traits::{AccountIdConversion, Verify},
		Perbill,
	},
};

parameter_types! {
	pub const InferencePalletId: PalletId = PalletId(*b"ol/infer");
	/// The account a settlement's charges pass through before they are split.
	pub InferenceAccount: AccountId = InferencePalletId::get().into_account_truncating();
	/// 5% to the treasury, 5% to the attributors, 10% to a base model's owner; the model's
	/// promised data share (at least 10%) to contributors; the rest to the model's owner.
	pub const DefaultFeeSplit: pallet_inference::FeeSplit = pallet_inference::FeeSplit {
		treasury: Perbill::from_percent(5),
		attribution: Perbill::from_percent(5),
		base_model: Perbill::from_percent(10),
	};
	/// Withdrawals from escrow wait ten minutes, chargeable meanwhile.
	pub const UnlockDelay: crate::BlockNumber = 10 * MINUTES;
	/// An allocation to an operator opens with at least 0.01 OPEN: the collateral behind its
	/// record and its channels.
	pub const MinAllocation: crate::Balance = 10 * crate::currency::MILLI_OPEN;
}

/// The longest URI of a published output or usage log: the metering pallet takes it, the
/// attribution pallet keeps it with the epoch.
pub type MaxLogUriLen = ConstU32<256>;

impl pallet_inference::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Models = Models;
	type UsageSink = crate::Attribution;
	type Signature = Signature;
	type Signer = <Signature as Verify>::Signer;
	type TreasuryAccount = TreasuryAccount;
	type PalletId = InferencePalletId;
	type DefaultFeeSplit = DefaultFeeSplit;
	type FeeSplitOrigin = polkadot_sdk::frame_system::EnsureRoot<AccountId>;
	type DataShareFloor = super::models::DataShareFloor;
	type UnlockDelay = UnlockDelay;
	type MinAllocation = MinAllocation;
	type MaxChannels = ConstU32<16>;
	type MaxBatch = ConstU32<2048>;
	type MaxModelsPerBatch = ConstU32<64>;
	type MaxUriLen = MaxLogUriLen;
	type WeightInfo = crate::weights::pallet_inference::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

/// Keys, signatures and models for the metering benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
#[allow(clippy::expect_used, reason = "benchmark setup: a failed step must abort the benchmark")]
impl pallet_inference::BenchmarkHelper<AccountId, Signature> for BenchmarkHelper {
	fn account(i: u32) -> AccountId {
		let seed = alloc::format!("//openledger-bench-{i}").into_bytes();
		polkadot_sdk::sp_io::crypto::sr25519_generate(KEY_TYPE, Some(seed)).into()
	}

	fn sign(who: &AccountId, message: &[u8]) -> Signature {
		let public = polkadot_sdk::sp_core::sr25519::Public::from_raw(*who.as_ref());
		polkadot_sdk::sp_io::crypto::sr25519_sign(KEY_TYPE, &public, message)
			.map(Signature::Sr25519)
			.expect("the key was generated in the benchmark keystore; qed")
	}

	fn create_model(
		owner: &AccountId,
		base_owner: &AccountId,
		operator: &AccountId,
	) -> openledger_primitives::ModelId {
		use polkadot_sdk::frame_system::RawOrigin;
		let register = |who: &AccountId, base| {
			let id = pallet_models::NextModelId::<Runtime>::get();
			pallet_models::Pallet::<Runtime>::register_model(
				RawOrigin::Signed(who.clone()).into(),
				pallet_models::ModelMetadata {
					name: Default::default(),
					description: Default::default(),
				},
				[0; 32],
				base,
				Default::default(),
				pallet_models::Price {
					per_1k_input: crate::currency::MILLI_OPEN,
					per_1k_output: crate::currency::MILLI_OPEN,
				},
				// 20%, in parts per billion.
				200_000_000,
			)
			.expect("funded owner, valid model; qed");
			id
		};
		let base = register(base_owner, None);
		let adapter = register(owner, Some(base));
		pallet_models::Pallet::<Runtime>::add_operator(
			RawOrigin::Signed(owner.clone()).into(),
			adapter,
			operator.clone(),
		)
		.expect("owner adds an operator; qed");
		adapter
	}
}

#[cfg(feature = "runtime-benchmarks")]
const KEY_TYPE: polkadot_sdk::sp_core::crypto::KeyTypeId =
	polkadot_sdk::sp_core::crypto::KeyTypeId(*b"bnch");
