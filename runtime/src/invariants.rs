//! The chain's invariants, checkable on a live node: each of our pallets' `try_state` checks
//! (holds match records, the attribution pot covers what it owes, claims stay within totals,
//! counters add up), run read-only through a runtime API. Load and fault harnesses call it on
//! the final state of a run; `try-runtime` runs the same checks in every block.

use crate::{Attribution, Datanets, Inference, Models};
use alloc::{format, vec::Vec};
use polkadot_sdk::sp_runtime::DispatchError;

/// A broken invariant: the pallet that checks it, and what is wrong.
pub type Broken = (Vec<u8>, Vec<u8>);

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// The chain's invariants on the state of a block.
	pub trait InvariantsApi {
		/// Runs every pallet's invariant checks and returns the ones that fail (none when the
		/// state is sound). Reads only.
		fn broken_invariants() -> Vec<Broken>;
	}
}

/// A pallet's invariant checks.
type Check = fn() -> Result<(), DispatchError>;

/// Runs the checks of the datanets, models, inference and attribution pallets.
pub fn broken() -> Vec<Broken> {
	let checks: [(&str, Check); 4] = [
		("Datanets", Datanets::do_try_state),
		("Models", Models::do_try_state),
		("Inference", Inference::do_try_state),
		("Attribution", Attribution::do_try_state),
	];
	checks
		.into_iter()
		.filter_map(|(pallet, check)| {
			check().err().map(|error| {
				let message = match error {
					DispatchError::Other(message) => message.into(),
					other => format!("{other:?}").into_bytes(),
				};
				(pallet.as_bytes().to_vec(), message)
			})
		})
		.collect()
}
