//! The configuration of every pallet in the runtime, one module per group of pallets.

mod consensus;
mod datanets;
mod inference;
mod models;
mod monetary;
mod system;
mod utility;

pub use inference::{AttributionPot, InferenceAccount};
pub use monetary::{TransactionByteFee, TreasuryAccount, WeightToFeeMultiplier};
pub use system::{BlockHashCount, BlockLength, BlockWeights};
