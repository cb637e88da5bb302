//! Weights of the OpenLedger pallets and of the database, generated from benchmarks on the
//! development machine by `scripts/benchmark-weights.sh`. Do not edit by hand: regenerate.

pub mod pallet_attribution;
pub mod pallet_datanets;
pub mod pallet_inference;
pub mod pallet_models;
pub mod paritydb_weights;
