//! # OpenLedger primitives
//!
//! Ids and shared types of the OpenLedger appchain. The pallets never depend on each other's
//! crates: what one pallet needs to know of another comes through the types and traits here,
//! which the runtime wires together.

#![cfg_attr(not(feature = "std"), no_std)]

/// The id of a datanet, assigned by the chain in creation order.
pub type DatanetId = u32;

/// A published version of a datanet: 1 for the first `publish_version`, then 2, 3, …
pub type DatanetVersion = u32;

/// The id of a model, assigned by the chain in registration order.
pub type ModelId = u32;

/// The index of an attribution epoch: block number divided by the epoch length.
pub type EpochIndex = u32;

/// A 32-byte hash: content hashes of contributions and artifacts, merkle roots, report hashes.
pub type Hash256 = [u8; 32];
