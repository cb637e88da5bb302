//! Benchmarks of the datanet pallet, each call in its worst case.

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use openledger_primitives::{ContributionId, DatanetId, Hash256};
use sp_runtime::traits::Bounded;

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000_000u32.into());
	who
}

fn full_string<S: Get<u32>>() -> BoundedVec<u8, S> {
	vec![b'x'; S::get() as usize].try_into().expect("exactly the bound; qed")
}

/// Metadata of the largest encoded size.
fn largest_metadata<T: Config>() -> DatanetMetadataOf<T> {
	let tag = full_string::<T::MaxTagLen>();
	DatanetMetadata {
		name: full_string::<T::MaxStringLen>(),
		description: full_string::<T::MaxStringLen>(),
		tags: vec![tag; T::MaxTags::get() as usize]
			.try_into()
			.expect("exactly the bound; qed"),
		kind: DataKind::Other,
		licence: full_string::<T::MaxStringLen>(),
	}
}

fn smallest_metadata<T: Config>() -> DatanetMetadataOf<T> {
	DatanetMetadata {
		name: Default::default(),
		description: Default::default(),
		tags: Default::default(),
		kind: DataKind::Text,
		licence: Default::default(),
	}
}

/// A datanet owned by a funded account, with the largest metadata and `curators` curators.
fn datanet<T: Config>(curators: u32) -> (DatanetId, T::AccountId) {
	let owner = funded::<T>("owner", 0);
	let curators: CuratorsOf<T> = (0..curators)
		.map(|i| account("curator", i, 0))
		.collect::<alloc::vec::Vec<_>>()
		.try_into()
		.expect("at most MaxCurators; qed");
	let id = NextDatanetId::<T>::get();
	Pallet::<T>::do_create_datanet(
		owner.clone(),
		largest_metadata::<T>(),
		T::MinContributionBond::get().max(T::Currency::minimum_balance()),
		curators,
	)
	.expect("funded owner; qed");
	(id, owner)
}

fn content(i: u32) -> Hash256 {
	let mut hash = [0u8; 32];
	hash[..4].copy_from_slice(&i.to_le_bytes());
	hash
}

/// `n` pending contributions from `n` different funded accounts.
fn pending<T: Config>(datanet: DatanetId, n: u32) -> alloc::vec::Vec<ContributionId> {
	(0..n)
		.map(|i| {
			let who = funded::<T>("contributor", i);
			let id = Datanets::<T>::get(datanet).expect("exists; qed").next_contribution_id;
			Pallet::<T>::do_contribute(who, datanet, content(i), 1, full_string::<T::MaxUriLen>())
				.expect("funded contributor, fresh content; qed");
			id
		})
		.collect()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_datanet(c: Linear<0, { T::MaxCurators::get() }>) {
		let owner = funded::<T>("owner", 0);
		let curators: CuratorsOf<T> = (0..c)
			.map(|i| account("curator", i, 0))
			.collect::<alloc::vec::Vec<_>>()
			.try_into()
			.expect("at most MaxCurators; qed");
		let bond = T::MinContributionBond::get();
		// A preset may hold datanets already.
		let id = NextDatanetId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner.clone()),
			largest_metadata::<T>().into(),
			bond,
			curators.into_inner(),
		);

		assert_eq!(Datanets::<T>::get(id).map(|d| d.owner), Some(owner));
	}

	#[benchmark]
	fn update_metadata() {
		let owner = funded::<T>("owner", 0);
		let id = NextDatanetId::<T>::get();
		Pallet::<T>::do_create_datanet(
			owner.clone(),
			smallest_metadata::<T>(),
			T::MinContributionBond::get(),
			Default::default(),
		)
		.expect("funded owner; qed");

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, largest_metadata::<T>().into());

		assert_eq!(Datanets::<T>::get(id).map(|d| d.metadata), Some(largest_metadata::<T>()));
	}

	#[benchmark]
	fn set_contribution_bond() {
		let (id, owner) = datanet::<T>(0);
		let bond = T::MinContributionBond::get() + T::Currency::minimum_balance();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, bond);

		assert_eq!(Datanets::<T>::get(id).map(|d| d.contribution_bond), Some(bond));
	}

	#[benchmark]
	fn add_curator() {
		let (id, owner) = datanet::<T>(T::MaxCurators::get() - 1);
		let curator: T::AccountId = account("new-curator", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, curator.clone());

		assert!(Datanets::<T>::get(id).is_some_and(|d| d.curators.contains(&curator)));
	}

	#[benchmark]
	fn remove_curator() {
		let max = T::MaxCurators::get();
		let (id, owner) = datanet::<T>(max);
		let curator: T::AccountId = account("curator", max - 1, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, curator.clone());

		assert!(Datanets::<T>::get(id).is_some_and(|d| !d.curators.contains(&curator)));
	}

	#[benchmark]
	fn transfer_ownership() {
		let (id, owner) = datanet::<T>(T::MaxCurators::get());
		let new_owner = funded::<T>("new-owner", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, new_owner.clone());

		assert_eq!(Datanets::<T>::get(id).map(|d| d.owner), Some(new_owner));
	}

	#[benchmark]
	fn close_datanet() {
		let (id, owner) = datanet::<T>(0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert!(Datanets::<T>::get(id).is_some_and(|d| d.deposit == 0u32.into()));
	}

	#[benchmark]
	fn contribute() {
		let (id, _) = datanet::<T>(0);
		let who = funded::<T>("contributor", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, content(0), 1u64, full_string::<T::MaxUriLen>().into_inner());

		assert!(Contributions::<T>::contains_key(id, 0));
	}

	#[benchmark]
	fn withdraw_contribution() {
		// Worst case: the last pending contribution of a closed datanet, which also returns
		// the datanet's deposit.
		let (id, owner) = datanet::<T>(0);
		let contribution = pending::<T>(id, 1)[0];
		Pallet::<T>::do_close_datanet(owner, id).expect("owner closes; qed");
		let who: T::AccountId = account("contributor", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, contribution);

		assert!(Datanets::<T>::get(id).is_some_and(|d| d.deposit == 0u32.into()));
	}

	#[benchmark]
	fn review(n: Linear<1, { T::MaxReviewBatch::get() }>) {
		// Worst case: every entry rejected (a slash and a release each), by the last listed
		// curator, emptying a closed datanet so its deposit is returned too.
		let max = T::MaxCurators::get();
		let (id, owner) = datanet::<T>(max);
		let ids = pending::<T>(id, n);
		Pallet::<T>::do_close_datanet(owner.clone(), id).expect("owner closes; qed");
		let treasury = T::TreasuryAccount::get();
		if T::Currency::balance(&treasury) < T::Currency::minimum_balance() {
			T::Currency::set_balance(&treasury, T::Currency::minimum_balance());
		}
		let curator = if max > 0 { account("curator", max - 1, 0) } else { owner };
		let decisions: ReviewBatchOf<T> = ids
			.into_iter()
			.map(|c| (c, Verdict::Reject))
			.collect::<alloc::vec::Vec<_>>()
			.try_into()
			.expect("n is at most MaxReviewBatch; qed");

		#[extrinsic_call]
		_(RawOrigin::Signed(curator), id, decisions.into_inner());

		assert!(Datanets::<T>::get(id).is_some_and(|d| d.pending == 0));
	}

	#[benchmark]
	fn publish_version() {
		let (id, owner) = datanet::<T>(0);
		let ids = pending::<T>(id, 2);
		let accept = |c| -> ReviewBatchOf<T> {
			vec![(c, Verdict::Accept)].try_into().expect("one entry; qed")
		};
		Pallet::<T>::do_review(owner.clone(), id, accept(ids[0])).expect("pending; qed");
		Pallet::<T>::do_publish_version(owner.clone(), id).expect("new data; qed");
		Pallet::<T>::do_review(owner.clone(), id, accept(ids[1])).expect("pending; qed");

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert!(Versions::<T>::contains_key(id, 2));
	}

	#[benchmark]
	fn sweep_rate_windows(n: Linear<0, { crate::functions::MAX_SWEEP }>) {
		// Worst case: every window looked at is over, so each goes and its deposit comes back.
		let _ = RateLimits::<T>::clear(u32::MAX, None);
		let (id, _) = datanet::<T>(0);
		pending::<T>(id, n);
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now + T::RateLimitPeriod::get());

		#[block]
		{
			Pallet::<T>::sweep_rate_windows(frame_support::weights::Weight::MAX);
		}

		assert_eq!(RateLimits::<T>::iter().count(), 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
