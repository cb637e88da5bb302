//! Signing extrinsics for this runtime natively, as the node's benchmarks and the load tool
//! (`scripts/rush`) do: the transaction extensions in order, with the implicit data a signer
//! commits to.

use crate::{configs::BlockHashCount, Runtime, RuntimeCall, SignedPayload, TxExtension, VERSION};
use codec::Encode;
use polkadot_sdk::{
	frame_metadata_hash_extension, frame_system, pallet_transaction_payment,
	sp_core::{sr25519, Pair, H256},
	sp_runtime::{generic::Era, AccountId32, MultiSignature},
};

/// What a signature commits to about the chain it is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainContext {
	/// The chain's genesis hash.
	pub genesis: H256,
	/// The spec version of the runtime the chain runs: it changes with every runtime upgrade,
	/// and a transaction signed for another is refused as a bad signature.
	pub spec_version: u32,
}

impl ChainContext {
	/// The chain of `genesis` running this runtime.
	pub fn this_runtime(genesis: H256) -> Self {
		Self { genesis, spec_version: VERSION.spec_version }
	}
}

/// An extrinsic of `call` signed by `signer` with `nonce` and `tip`, for `chain`. Mortal from
/// block `(number, hash)` for `BlockHashCount` blocks when given, immortal otherwise.
pub fn signed_extrinsic(
	signer: &sr25519::Pair,
	call: RuntimeCall,
	nonce: u32,
	tip: u128,
	chain: ChainContext,
	mortal_from: Option<(u32, H256)>,
) -> crate::UncheckedExtrinsic {
	let genesis = chain.genesis;
	let (era, era_hash) = match mortal_from {
		Some((number, hash)) => {
			let period = BlockHashCount::get().checked_next_power_of_two().map_or(2, |c| c / 2);
			(Era::mortal(period.into(), number.into()), hash)
		},
		None => (Era::Immortal, genesis),
	};
	let extension: TxExtension = (
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(era),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(tip),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	);
	let implicit = (
		(),
		chain.spec_version,
		VERSION.transaction_version,
		genesis,
		era_hash,
		(),
		(),
		(),
		None,
		(),
	);
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	crate::UncheckedExtrinsic::new_signed(
		call,
		AccountId32::from(signer.public()).into(),
		MultiSignature::Sr25519(signature),
		extension,
	)
}
