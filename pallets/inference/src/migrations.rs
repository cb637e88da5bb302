//! Storage migrations of the metering pallet.

/// Version 2: escrow held on the operator's account instead of the consumer's.
///
/// Version 1 held each consumer's escrow on the consumer's account, so every receipt a batch
/// settled moved money out of its own consumer's hold: three records read and written per
/// receipt (the allocation, the consumer's holds and the consumer's account). Version 2 holds
/// each allocation's credit on the operator's account, under the same `Escrow` reason: the
/// operator cannot spend it (only this pallet moves it), a batch's charges leave the one hold of
/// its operator at once, and a receipt reads and writes its allocation only. Allocations,
/// their ids and channels do not change.
///
/// The migration moves each allocation's amount from the consumer's hold to the operator's.
/// An allocation whose operator's account no longer exists cannot be held there: its credit is
/// released to the consumer and it closes (`AllocationClosed`, and a warning in the log), as
/// a withdrawal would have closed it.
pub mod v2 {
	use crate::{pallet::*, BalanceOf, HoldReason};
	use alloc::{collections::BTreeMap, vec::Vec};
	use codec::{Decode, Encode};
	use polkadot_sdk::{
		frame_support::{
			migrations::VersionedMigration,
			pallet_prelude::*,
			storage::with_storage_layer,
			traits::{
				fungible::{Inspect, InspectHold, MutateHold},
				tokens::{Fortitude, Precision, Restriction},
				UncheckedOnRuntimeUpgrade,
			},
		},
		sp_runtime::{
			traits::{CheckedAdd, Zero},
			TryRuntimeError,
		},
	};

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

	/// What the checks compare: every allocation `(consumer, operator, amount)`, and the total
	/// issuance.
	type Before<T> = (Vec<(AccountIdOf<T>, AccountIdOf<T>, BalanceOf<T>)>, BalanceOf<T>);

	type AccountIdOf<T> = <T as polkadot_sdk::frame_system::Config>::AccountId;

	impl<T: Config> UncheckedMigrateV1ToV2<T> {
		/// The allocations and the total issuance before the migration, for
		/// [`Self::check_after`].
		pub fn state_before() -> Vec<u8> {
			let allocations: Vec<_> =
				Escrows::<T>::iter().map(|(c, o, a)| (c, o, a.amount)).collect();
			(allocations, T::Currency::total_issuance()).encode()
		}

		/// Checks that every allocation kept its amount (or closed with its credit back on the
		/// consumer's account), that each account's `Escrow` hold is now the sum of the
		/// allocations made *to* it, and that no money was made or lost.
		pub fn check_after(before: Vec<u8>) -> Result<(), TryRuntimeError> {
			let (allocations, issuance) = Before::<T>::decode(&mut &before[..])
				.map_err(|_| TryRuntimeError::Other("the state before does not decode"))?;
			ensure!(T::Currency::total_issuance() == issuance, "the total issuance changed");
			let reason = HoldReason::Escrow.into();
			// What is allocated to each account as an operator, summed once.
			let mut backing: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
			for (_, operator, allocation) in Escrows::<T>::iter() {
				let sum = backing.entry(operator).or_insert_with(Zero::zero);
				*sum = sum.checked_add(&allocation.amount).ok_or("escrow allocated overflows")?;
			}
			for (consumer, operator, amount) in &allocations {
				if let Some(allocation) = Escrows::<T>::get(consumer, operator) {
					ensure!(allocation.amount == *amount, "an allocation's amount changed");
				}
				let allocated = backing.get(consumer).copied().unwrap_or_else(Zero::zero);
				ensure!(
					T::Currency::balance_on_hold(&reason, consumer) == allocated,
					"a consumer still holds escrow beyond what is allocated to it"
				);
			}
			Pallet::<T>::do_try_state()
		}
	}

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let reason = HoldReason::Escrow.into();
			let allocations: Vec<_> =
				Escrows::<T>::iter().map(|(c, o, a)| (c, o, a.amount, a.id)).collect();
			let (mut moved, mut closed) = (0u32, 0u32);
			for (consumer, operator, amount, id) in &allocations {
				let to_operator = with_storage_layer(|| {
					T::Currency::transfer_on_hold(
						&reason,
						consumer,
						operator,
						*amount,
						Precision::Exact,
						Restriction::OnHold,
						Fortitude::Force,
					)
				});
				if to_operator.is_ok() {
					moved += 1;
					continue;
				}
				// The operator's account is gone: the credit goes back to the consumer.
				let released = with_storage_layer(|| {
					T::Currency::release(&reason, consumer, *amount, Precision::Exact)
				});
				if released.is_err() {
					log::error!(
						target: "runtime::inference",
						"allocation {id} ({consumer:?} to {operator:?}) is not backed by its hold",
					);
					continue;
				}
				Escrows::<T>::remove(consumer, operator);
				Pallet::<T>::deposit_event(Event::AllocationClosed {
					consumer: consumer.clone(),
					operator: operator.clone(),
					allocation: *id,
				});
				log::warn!(
					target: "runtime::inference",
					"allocation {id}: the account of operator {operator:?} is gone; {amount:?} \
					 released to {consumer:?} and the allocation closed",
				);
				closed += 1;
			}
			log::info!(
				target: "runtime::inference",
				"escrow moved to the operators' accounts: {moved} allocations moved, {closed} closed",
			);
			// Each move reads and writes two holds and two accounts; a close, one of each and
			// the allocation.
			let n = allocations.len() as u64;
			T::DbWeight::get().reads_writes(1 + 5 * n, 5 * n)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			Ok(Self::state_before())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(before: Vec<u8>) -> Result<(), TryRuntimeError> {
			Self::check_after(before)
		}
	}
}
