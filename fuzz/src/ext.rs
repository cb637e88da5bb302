//! The externalities an input runs in: the SDK's in-memory ones ([`BasicExternalities`]: storage
//! is a sorted map, a read is a map lookup, not a walk down a trie), except that the storage root
//! a block's header carries is not computed.
//!
//! Computing that root hashes the whole state at the end of every block, three quarters of what an
//! input cost; the runtime never reads it back, and what it checks (the trie) is the SDK's, not
//! ours. Everything else is delegated unchanged: transactions (storage layers), prefix removal,
//! appends and child tries behave as on a node.

use polkadot_sdk::{
	sp_core::storage::{ChildInfo, StateVersion, TrackedStorageKey},
	sp_externalities::{Error, Extension, ExtensionStore, Externalities, MultiRemovalResults},
	sp_runtime::Storage,
	sp_state_machine::BasicExternalities,
};
use std::any::{Any, TypeId};

/// What [`Externalities::storage_root`] answers: a fixed value, 32 bytes as a hash is.
const ROOT: [u8; 32] = [0; 32];

/// In-memory externalities without the storage root.
pub struct Ext(BasicExternalities);

impl Ext {
	/// Externalities over `storage`.
	pub fn new(storage: Storage) -> Self {
		Self(BasicExternalities::new(storage))
	}

	/// Runs `f` with these externalities.
	pub fn execute_with<R>(&mut self, f: impl FnOnce() -> R) -> R {
		polkadot_sdk::sp_externalities::set_and_run_with_externalities(self, f)
	}
}

impl ExtensionStore for Ext {
	fn extension_by_type_id(&mut self, type_id: TypeId) -> Option<&mut dyn Any> {
		self.0.extension_by_type_id(type_id)
	}

	fn register_extension_with_type_id(
		&mut self,
		type_id: TypeId,
		extension: Box<dyn Extension>,
	) -> Result<(), Error> {
		self.0.register_extension_with_type_id(type_id, extension)
	}

	fn deregister_extension_by_type_id(&mut self, type_id: TypeId) -> Result<(), Error> {
		self.0.deregister_extension_by_type_id(type_id)
	}
}

impl Externalities for Ext {
	fn set_offchain_storage(&mut self, key: &[u8], value: Option<&[u8]>) {
		self.0.set_offchain_storage(key, value)
	}

	fn storage(&mut self, key: &[u8]) -> Option<Vec<u8>> {
		self.0.storage(key)
	}

	fn storage_hash(&mut self, key: &[u8]) -> Option<Vec<u8>> {
		self.0.storage_hash(key)
	}

	fn child_storage_hash(&mut self, child_info: &ChildInfo, key: &[u8]) -> Option<Vec<u8>> {
		self.0.child_storage_hash(child_info, key)
	}

	fn child_storage(&mut self, child_info: &ChildInfo, key: &[u8]) -> Option<Vec<u8>> {
		self.0.child_storage(child_info, key)
	}

	fn next_storage_key(&mut self, key: &[u8]) -> Option<Vec<u8>> {
		self.0.next_storage_key(key)
	}

	fn next_child_storage_key(&mut self, child_info: &ChildInfo, key: &[u8]) -> Option<Vec<u8>> {
		self.0.next_child_storage_key(child_info, key)
	}

	fn kill_child_storage(
		&mut self,
		child_info: &ChildInfo,
		maybe_limit: Option<u32>,
		maybe_cursor: Option<&[u8]>,
	) -> MultiRemovalResults {
		self.0.kill_child_storage(child_info, maybe_limit, maybe_cursor)
	}

	fn clear_prefix(
		&mut self,
		prefix: &[u8],
		maybe_limit: Option<u32>,
		maybe_cursor: Option<&[u8]>,
	) -> MultiRemovalResults {
		self.0.clear_prefix(prefix, maybe_limit, maybe_cursor)
	}

	fn clear_child_prefix(
		&mut self,
		child_info: &ChildInfo,
		prefix: &[u8],
		maybe_limit: Option<u32>,
		maybe_cursor: Option<&[u8]>,
	) -> MultiRemovalResults {
		self.0.clear_child_prefix(child_info, prefix, maybe_limit, maybe_cursor)
	}

	fn place_storage(&mut self, key: Vec<u8>, value: Option<Vec<u8>>) {
		self.0.place_storage(key, value)
	}

	fn place_child_storage(
		&mut self,
		child_info: &ChildInfo,
		key: Vec<u8>,
		value: Option<Vec<u8>>,
	) {
		self.0.place_child_storage(child_info, key, value)
	}

	fn storage_root(&mut self, _: StateVersion) -> Vec<u8> {
		ROOT.to_vec()
	}

	fn child_storage_root(
		&mut self,
		child_info: &ChildInfo,
		state_version: StateVersion,
	) -> Vec<u8> {
		self.0.child_storage_root(child_info, state_version)
	}

	fn storage_append(&mut self, key: Vec<u8>, value: Vec<u8>) {
		self.0.storage_append(key, value)
	}

	fn storage_start_transaction(&mut self) {
		self.0.storage_start_transaction()
	}

	fn storage_rollback_transaction(&mut self) -> Result<(), ()> {
		self.0.storage_rollback_transaction()
	}

	fn storage_commit_transaction(&mut self) -> Result<(), ()> {
		self.0.storage_commit_transaction()
	}

	fn wipe(&mut self) {
		self.0.wipe()
	}

	fn commit(&mut self) {
		self.0.commit()
	}

	fn read_write_count(&self) -> (u32, u32, u32, u32) {
		self.0.read_write_count()
	}

	fn reset_read_write_count(&mut self) {
		self.0.reset_read_write_count()
	}

	fn get_whitelist(&self) -> Vec<TrackedStorageKey> {
		self.0.get_whitelist()
	}

	fn set_whitelist(&mut self, new: Vec<TrackedStorageKey>) {
		self.0.set_whitelist(new)
	}

	fn get_read_and_written_keys(&self) -> Vec<(Vec<u8>, u32, u32, bool)> {
		self.0.get_read_and_written_keys()
	}
}
