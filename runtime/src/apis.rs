//! The runtime APIs: what the node and clients (Polkadot.js, scripts) may ask the runtime.

use crate::{
	genesis_config_presets, opaque::SessionKeys, AccountId, Attribution, Aura, Balance, Block,
	BlockNumber, Datanets, Executive, Grandpa, Inference, InherentDataExt, Models, Nonce, Runtime,
	RuntimeCall, RuntimeGenesisConfig, System, TransactionPayment, VERSION,
};
use alloc::vec::Vec;
use openledger_primitives::{
	ContributionId, DatanetId, DatanetVersion, EpochIndex, Hash256, ModelId,
};
use polkadot_sdk::{
	frame_support::{
		genesis_builder_helper::{build_state, get_preset},
		weights::Weight,
	},
	sp_api::impl_runtime_apis,
	sp_consensus_aura::sr25519::AuthorityId as AuraId,
	sp_consensus_grandpa::AuthorityId as GrandpaId,
	sp_core::{crypto::KeyTypeId, OpaqueMetadata},
	sp_genesis_builder::PresetId,
	sp_inherents::{CheckInherentsResult, InherentData},
	sp_runtime::{
		traits::{Block as BlockT, NumberFor},
		transaction_validity::{TransactionSource, TransactionValidity},
		ApplyExtrinsicResult, ExtrinsicInclusionMode,
	},
	sp_version::RuntimeVersion,
	*,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl crate::invariants::InvariantsApi<Block> for Runtime {
		fn broken_invariants() -> Vec<crate::invariants::Broken> {
			crate::invariants::broken()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: InherentData,
		) -> CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			// There is no session pallet, so key ownership cannot be proven.
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}

		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}

		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			crate::benchmarks::metadata(extra)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			crate::benchmarks::dispatch(config)
		}
	}

	#[cfg(feature = "try-runtime")]
	#[allow(clippy::expect_used, reason = "try-runtime is a test tool: a failed check must abort it")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks)
				.expect("try-runtime is a test tool: a failed upgrade check must abort it; qed");
			(weight, crate::configs::BlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("try-runtime is a test tool: a failed block execution must abort it; qed")
		}
	}

	impl pallet_datanets::runtime_api::DatanetsApi<
		Block,
		AccountId,
		pallet_datanets::DatanetDetailsOf<Runtime>,
		pallet_datanets::ContributionOf<Runtime>,
		pallet_datanets::StatsOf<Runtime>,
		pallet_datanets::StorageDeposits<Balance>,
		pallet_datanets::VersionPageOf<Runtime>,
	> for Runtime {
		fn datanet(datanet_id: DatanetId) -> Option<pallet_datanets::DatanetDetailsOf<Runtime>> {
			Datanets::datanet_details(datanet_id)
		}

		fn contribution(
			datanet_id: DatanetId,
			contribution_id: ContributionId,
		) -> Option<pallet_datanets::ContributionOf<Runtime>> {
			pallet_datanets::Contributions::<Runtime>::get(datanet_id, contribution_id)
		}

		fn contribution_by_hash(
			datanet_id: DatanetId,
			content_hash: Hash256,
		) -> Option<(ContributionId, pallet_datanets::ContributionOf<Runtime>)> {
			let id = pallet_datanets::ContentIndex::<Runtime>::get(datanet_id, content_hash)?;
			pallet_datanets::Contributions::<Runtime>::get(datanet_id, id).map(|c| (id, c))
		}

		fn contributor_stats(
			datanet_id: DatanetId,
			account: AccountId,
		) -> pallet_datanets::StatsOf<Runtime> {
			pallet_datanets::ContributorStatsOf::<Runtime>::get(datanet_id, account)
				.unwrap_or_default()
		}

		fn storage_deposits() -> pallet_datanets::StorageDeposits<Balance> {
			Datanets::storage_deposits()
		}

		fn version_contributions(
			datanet_id: DatanetId,
			version: DatanetVersion,
			start: ContributionId,
			limit: u32,
		) -> Option<pallet_datanets::VersionPageOf<Runtime>> {
			Datanets::version_contributions(datanet_id, version, start, limit)
		}
	}

	impl pallet_models::runtime_api::ModelsApi<
		Block,
		pallet_models::ModelDetailsOf<Runtime>,
		Balance,
	> for Runtime {
		fn model(model_id: ModelId) -> Option<pallet_models::ModelDetailsOf<Runtime>> {
			Models::model_details(model_id)
		}

		fn quote(model_id: ModelId, input_tokens: u64, output_tokens: u64) -> Option<Balance> {
			Models::quote(model_id, input_tokens, output_tokens)
		}
	}

	impl pallet_inference::runtime_api::InferenceApi<
		Block,
		AccountId,
		Balance,
		pallet_inference::AllocationOf<Runtime>,
		pallet_inference::ChannelOf<Runtime>,
		pallet_inference::FeeSplit,
	> for Runtime {
		fn quote(
			model: ModelId,
			input_tokens: u64,
			output_tokens: u64,
		) -> Result<Balance, pallet_inference::QuoteError> {
			Inference::quote(model, input_tokens, output_tokens)
		}

		fn escrow(
			consumer: AccountId,
			operator: AccountId,
		) -> Option<pallet_inference::AllocationOf<Runtime>> {
			pallet_inference::Escrows::<Runtime>::get(consumer, operator)
		}

		fn escrows(consumer: AccountId) -> Vec<(AccountId, pallet_inference::AllocationOf<Runtime>)> {
			pallet_inference::Escrows::<Runtime>::iter_prefix(consumer).collect()
		}

		fn guaranteed(consumer: AccountId, operator: AccountId) -> Balance {
			Inference::guaranteed(&consumer, &operator)
		}

		fn channel(
			consumer: AccountId,
			model: ModelId,
			operator: AccountId,
		) -> Option<pallet_inference::ChannelOf<Runtime>> {
			Inference::channel(&consumer, model, &operator)
		}

		fn fee_split() -> pallet_inference::FeeSplit {
			Inference::fee_split()
		}
	}

	impl
		pallet_attribution::runtime_api::AttributionApi<
			Block,
			AccountId,
			Balance,
			BlockNumber,
			frame_support::BoundedVec<u8, crate::configs::MaxLogUriLen>,
		> for Runtime
	{
		fn current_epoch() -> pallet_attribution::EpochStatus<BlockNumber> {
			Attribution::epoch_status()
		}

		fn schedule() -> pallet_attribution::RoundSchedule<BlockNumber> {
			pallet_attribution::Schedule::<Runtime>::get()
		}

		fn round(epoch: EpochIndex) -> pallet_attribution::RoundInfo<Balance, BlockNumber> {
			Attribution::round_info(epoch)
		}

		fn epoch_pool(epoch: EpochIndex) -> Option<pallet_attribution::EpochPool<Balance>> {
			pallet_attribution::Pools::<Runtime>::get(epoch)
		}

		fn model_pools(
			epoch: EpochIndex,
		) -> Vec<(ModelId, pallet_attribution::ModelPool<Balance>)> {
			Attribution::model_pools(epoch)
		}

		fn usage_logs(
			epoch: EpochIndex,
			start: u32,
			limit: u32,
		) -> Vec<pallet_attribution::UsageLogOf<Runtime>> {
			Attribution::usage_logs(epoch, start, limit)
		}

		fn engine_params() -> pallet_attribution::EngineParams {
			pallet_attribution::EngineParameters::<Runtime>::get()
		}

		fn report_uris(
			epoch: EpochIndex,
		) -> Vec<(AccountId, pallet_attribution::ReportUriOf<Runtime>)> {
			pallet_attribution::ReportUris::<Runtime>::iter_prefix(epoch).collect()
		}

		fn settlement(
			epoch: EpochIndex,
		) -> Option<pallet_attribution::Settlement<Balance, BlockNumber>> {
			pallet_attribution::Settlements::<Runtime>::get(epoch)
		}

		fn is_claimed(epoch: EpochIndex, account: AccountId) -> bool {
			pallet_attribution::Claimed::<Runtime>::contains_key(epoch, account)
		}

		fn attributor(
			account: AccountId,
		) -> Option<pallet_attribution::Attributor<Balance, BlockNumber>> {
			pallet_attribution::Attributors::<Runtime>::get(account)
		}

		fn obligations() -> Balance {
			Attribution::obligations()
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<PresetId> {
			genesis_config_presets::preset_names()
		}
	}
}
