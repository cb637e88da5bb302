//! Models: deposits, the data-share floor and the registry's bounds.

use crate::{
	currency::{MILLI_OPEN, OPEN},
	Balance, Balances, Datanets, Runtime, RuntimeHoldReason,
};
use polkadot_sdk::{
	frame_support::{parameter_types, traits::ConstU32},
	sp_runtime::Perbill,
};

parameter_types! {
	/// Every model holds 10 OPEN, plus 0.01 OPEN per byte of metadata.
	pub const ModelDepositBase: Balance = 10 * OPEN;
	pub const ModelDepositPerByte: Balance = 10 * MILLI_OPEN;
	/// Every model promises its data contributors at least 10% of each fee.
	pub const DataShareFloor: Perbill = Perbill::from_percent(10);
	/// Usage stays settleable for an hour after a model is paused or retired, or an operator
	/// removed.
	pub const UsageGrace: crate::BlockNumber = crate::HOURS;
}

impl pallet_models::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Datanets = Datanets;
	type ModelDepositBase = ModelDepositBase;
	type ModelDepositPerByte = ModelDepositPerByte;
	type DataShareFloor = DataShareFloor;
	type MaxStringLen = ConstU32<256>;
	type MaxTrainingSet = ConstU32<32>;
	type MaxLineageDepth = ConstU32<4>;
	type MaxArtifactVersions = ConstU32<256>;
	type MaxOperators = ConstU32<16>;
	type UsageGrace = UsageGrace;
	type WeightInfo = crate::weights::pallet_models::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = PublishDatanetVersion;
}

/// Makes a datanet version exist for the model benchmarks' training sets.
#[cfg(feature = "runtime-benchmarks")]
pub struct PublishDatanetVersion;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_models::BenchmarkHelper for PublishDatanetVersion {
	fn publish(datanet: openledger_primitives::DatanetId, version: u32) {
		pallet_datanets::Versions::<Runtime>::insert(
			datanet,
			version,
			pallet_datanets::VersionInfo { commitment: Default::default(), published_at: 0 },
		);
	}
}
