//! The runtime's benchmarks: which pallets `openledger-node benchmark pallet` can measure.

use crate::{
	Attribution, Balances, Datanets, Inference, Models, Runtime, Sudo, Timestamp, Utility,
};
use alloc::{string::String, vec::Vec};
use polkadot_sdk::{
	frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList},
	frame_support::traits::StorageInfo,
	*,
};

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_datanets, Datanets]
	[pallet_models, Models]
	[pallet_inference, Inference]
	[pallet_attribution, Attribution]
);

impl frame_system_benchmarking::Config for Runtime {}
impl frame_benchmarking::baseline::Config for Runtime {}

/// The benchmarks this runtime offers, with the storage they touch.
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	use frame_benchmarking::baseline::Pallet as BaselineBench;
	use frame_support::traits::StorageInfoTrait;
	use frame_system_benchmarking::Pallet as SystemBench;

	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	let storage_info = crate::AllPalletsWithSystem::storage_info();
	(list, storage_info)
}

/// Runs the benchmarks `config` selects.
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, String> {
	use frame_benchmarking::baseline::Pallet as BaselineBench;
	use frame_support::traits::TrackedStorageKey;
	use frame_system_benchmarking::Pallet as SystemBench;

	use frame_support::traits::WhitelistedStorageKeys;
	let whitelist: Vec<TrackedStorageKey> = crate::AllPalletsWithSystem::whitelisted_storage_keys();

	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}
