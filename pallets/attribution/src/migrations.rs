//! Storage migrations of the attribution pallet.

/// Version 2: usage logs kept one record per log, numbered in their epoch, instead of one list
/// per operator and epoch.
///
/// Version 1 kept `UsageLogs: (epoch, operator) → [log; ≤ MaxLogsPerOperator]`. Listing an
/// epoch's logs from the `start`-th on had to read every list before it, so paging through `n`
/// logs cost `n²/page` reads, and every settle that named a log read and wrote the operator's
/// whole list (up to 25 kB). Version 2 keeps `UsageLogs: (epoch, position) → log` with the
/// epoch's count (`UsageLogCount`) and each operator's (`OperatorLogCount`, still bounded by
/// `MaxLogsPerOperator`). A page reads only its logs; a settle reads and writes two counters and
/// writes one log.
///
/// The migration keeps the order in which version 1 listed an epoch's logs (by operator in
/// storage order, each operator's in settlement order), so attributors that read an epoch's
/// logs before the upgrade read the same list after it. Logs named afterwards follow in
/// settlement order.
pub mod v2 {
	use crate::{pallet::*, types::UsageLogOf};
	use alloc::{collections::BTreeMap, vec::Vec};
	use codec::{Decode, Encode};
	use openledger_primitives::EpochIndex;
	use polkadot_sdk::{
		frame_support::{
			migrations::VersionedMigration,
			pallet_prelude::*,
			storage::{KeyPrefixIterator, StoragePrefixedMap},
			storage_alias,
			traits::UncheckedOnRuntimeUpgrade,
		},
		sp_runtime::TryRuntimeError,
	};

	/// The layout of version 1.
	pub mod v1 {
		use super::*;

		/// Version 1's usage logs: one list per epoch and operator.
		#[storage_alias]
		pub type UsageLogs<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Twox64Concat,
			EpochIndex,
			Blake2_128Concat,
			<T as polkadot_sdk::frame_system::Config>::AccountId,
			BoundedVec<UsageLogOf<T>, <T as Config>::MaxLogsPerOperator>,
		>;
	}

	/// Every epoch's usage logs in the order the pallet lists them.
	type Listing<T> = BTreeMap<EpochIndex, Vec<UsageLogOf<T>>>;

	/// The migration from version 1 to 2, run only when the pallet's stored version is 1, and
	/// then setting it to 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		UncheckedMigrateV1ToV2<T>,
		Pallet<T>,
		<T as polkadot_sdk::frame_system::Config>::DbWeight,
	>;

	/// The migration without its version check: use [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedMigrateV1ToV2<T> {
		/// What version 1 lists, epoch by epoch: taken before the migration, compared with what
		/// version 2 lists after it by [`Self::check_after`].
		pub fn listing_before() -> Vec<u8> {
			let mut listing = Listing::<T>::new();
			for (epoch, _, logs) in v1::UsageLogs::<T>::iter() {
				listing.entry(epoch).or_default().extend(logs);
			}
			listing.encode()
		}

		/// Checks that version 2 lists every epoch's logs as version 1 did (`before`, from
		/// [`Self::listing_before`]) and that nothing of version 1's layout is left.
		pub fn check_after(before: Vec<u8>) -> Result<(), TryRuntimeError> {
			let before = Listing::<T>::decode(&mut &before[..])
				.map_err(|_| TryRuntimeError::Other("the listing before does not decode"))?;
			let mut after = Listing::<T>::new();
			for (epoch, count) in UsageLogCount::<T>::iter() {
				let listed = after.entry(epoch).or_default();
				while (listed.len() as u32) < count {
					let page = Pallet::<T>::usage_logs(epoch, listed.len() as u32, count);
					ensure!(!page.is_empty(), "an epoch lists fewer logs than its count");
					listed.extend(page);
				}
			}
			ensure!(before == after, "the usage logs are not listed as before the migration");
			// Every key under the prefix, whichever layout it has.
			let prefix = UsageLogs::<T>::final_prefix();
			let keys = KeyPrefixIterator::new(prefix.to_vec(), prefix.to_vec(), |_| Ok(())).count();
			let kept: u32 = UsageLogCount::<T>::iter_values().sum();
			ensure!(keys as u32 == kept, "usage logs left beyond the epochs' counts");
			Ok(())
		}
	}

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			// Read every list first: the old and the new layout share the storage prefix.
			let lists: Vec<_> = v1::UsageLogs::<T>::drain().collect();
			let (mut reads, mut writes) = (lists.len() as u64, lists.len() as u64);
			let mut counts = BTreeMap::<EpochIndex, u32>::new();
			for (epoch, operator, logs) in lists {
				OperatorLogCount::<T>::insert(epoch, &operator, logs.len() as u32);
				writes += 1 + logs.len() as u64;
				let count = counts.entry(epoch).or_default();
				for log in logs {
					UsageLogs::<T>::insert(epoch, *count, log);
					*count += 1;
				}
			}
			for (epoch, count) in &counts {
				UsageLogCount::<T>::insert(epoch, count);
			}
			writes += counts.len() as u64;
			reads += 1;
			log::info!(
				target: crate::LOG_TARGET,
				"usage logs migrated to version 2: {} logs of {} epochs",
				counts.values().sum::<u32>(),
				counts.len(),
			);
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			Ok(Self::listing_before())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(before: Vec<u8>) -> Result<(), TryRuntimeError> {
			Self::check_after(before)
		}
	}
}
