//! Benchmarks of the model pallet, each call in its worst case. Training sets must name
//! published datanet versions: `T::BenchmarkHelper` publishes them.

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use openledger_primitives::ModelId;
use sp_runtime::{traits::Bounded, Perbill};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000_000u32.into());
	who
}

fn largest_metadata<T: Config>() -> ModelMetadataOf<T> {
	let text: BoundedVec<u8, T::MaxStringLen> = vec![b'x'; T::MaxStringLen::get() as usize]
		.try_into()
		.expect("exactly the bound; qed");
	ModelMetadata { name: text.clone(), description: text }
}

/// A training set of `n` distinct published datanet versions.
fn training_set<T: Config>(n: u32) -> TrainingSetOf<T> {
	(0..n)
		.map(|i| {
			T::BenchmarkHelper::publish(i, 1);
			(i, 1)
		})
		.collect::<alloc::vec::Vec<_>>()
		.try_into()
		.expect("n is at most MaxTrainingSet; qed")
}

/// A base model and `depth` adapters stacked on it; returns the top one and its owner.
fn stack<T: Config>(depth: u32) -> (ModelId, T::AccountId) {
	let owner = funded::<T>("owner", 0);
	let mut base = None;
	for _ in 0..=depth {
		let id = NextModelId::<T>::get();
		Pallet::<T>::do_register_model(
			owner.clone(),
			largest_metadata::<T>(),
			[1; 32],
			base,
			training_set::<T>(T::MaxTrainingSet::get()),
			Price { per_1k_input: 1u32.into(), per_1k_output: 1u32.into() },
			T::DataShareFloor::get(),
		)
		.expect("valid model; qed");
		base = Some(id);
	}
	(base.expect("at least one model; qed"), owner)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_model(t: Linear<0, { T::MaxTrainingSet::get() }>) {
		// Worst case: an adapter at the deepest level the chain allows.
		let (base, _) = stack::<T>(T::MaxLineageDepth::get().saturating_sub(1));
		let owner = funded::<T>("adapter-owner", 0);
		let set = training_set::<T>(t);
		let price = Price { per_1k_input: 10u32.into(), per_1k_output: 20u32.into() };

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner.clone()),
			largest_metadata::<T>().into(),
			[2; 32],
			Some(base),
			set.into_inner(),
			price,
			Perbill::one().deconstruct(),
		);

		assert_eq!(Models::<T>::get(base + 1).map(|m| m.owner), Some(owner));
	}

	#[benchmark]
	fn set_price() {
		let (id, owner) = stack::<T>(0);
		let price = Price { per_1k_input: 5u32.into(), per_1k_output: 6u32.into() };

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, price);

		assert_eq!(Models::<T>::get(id).map(|m| m.price), Some(price));
	}

	#[benchmark]
	fn set_status(v: Linear<1, { T::MaxArtifactVersions::get() }>) {
		// Worst case: retiring, which also returns the deposit and removes `v` artifact versions.
		let (id, owner) = stack::<T>(0);
		for _ in 1..v {
			Pallet::<T>::do_publish_artifact(owner.clone(), id, [4; 32], None)
				.expect("below MaxArtifactVersions; qed");
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, ModelStatus::Retired);

		assert_eq!(Models::<T>::get(id).map(|m| m.status), Some(ModelStatus::Retired));
		assert_eq!(ArtifactVersions::<T>::iter_prefix(id).count(), 0);
	}

	#[benchmark]
	fn publish_artifact(t: Linear<0, { T::MaxTrainingSet::get() }>) {
		let (id, owner) = stack::<T>(0);
		let set = training_set::<T>(t);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, [3; 32], Some(set.into_inner()));

		assert_eq!(Models::<T>::get(id).map(|m| m.version), Some(2));
	}

	#[benchmark]
	fn add_operator() {
		let (id, owner) = stack::<T>(0);
		for i in 1..T::MaxOperators::get() {
			Pallet::<T>::do_add_operator(owner.clone(), id, account("operator", i, 0))
				.expect("room for operators; qed");
		}
		let operator: T::AccountId = account("operator", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, operator.clone());

		assert!(Models::<T>::get(id).is_some_and(|m| m.operators.contains(&operator)));
	}

	#[benchmark]
	fn remove_operator() {
		let (id, owner) = stack::<T>(0);
		// Worst case: the list of former operators is full, all within their grace.
		let max = T::MaxOperators::get();
		for i in 0..max {
			let former: T::AccountId = account("former", i, 0);
			Pallet::<T>::do_add_operator(owner.clone(), id, former.clone())
				.expect("room for operators; qed");
			Pallet::<T>::do_remove_operator(owner.clone(), id, former).expect("listed; qed");
		}
		for i in 0..max {
			Pallet::<T>::do_add_operator(owner.clone(), id, account("operator", i, 0))
				.expect("room for operators; qed");
		}
		let operator: T::AccountId = account("operator", T::MaxOperators::get() - 1, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, operator.clone());

		assert!(Models::<T>::get(id).is_some_and(|m| !m.operators.contains(&operator)
			&& m.former_operators.last().is_some_and(|(o, _)| *o == operator)));
	}

	#[benchmark]
	fn transfer_ownership() {
		let (id, owner) = stack::<T>(0);
		let new_owner = funded::<T>("new-owner", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, new_owner.clone());

		assert_eq!(Models::<T>::get(id).map(|m| m.owner), Some(new_owner));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
