//! The configuration of every pallet in the runtime, one module per group of pallets.

mod attribution;
mod consensus;
mod datanets;
mod inference;
mod models;
mod monetary;
mod system;
mod utility;

pub use attribution::{AttributionPot, DefaultSchedule as AttributionSchedule};
pub use inference::{InferenceAccount, MaxLogUriLen};
pub use monetary::{TransactionByteFee, TreasuryAccount, WeightToFeeMultiplier};
pub use system::{BlockHashCount, BlockLength, BlockWeights};
