//! The configuration of every pallet in the runtime, one module per group of pallets.

mod consensus;
mod datanets;
mod models;
mod monetary;
mod system;
mod utility;

pub use monetary::{TransactionByteFee, TreasuryAccount, WeightToFeeMultiplier};
pub use system::{BlockHashCount, BlockLength, BlockWeights};
