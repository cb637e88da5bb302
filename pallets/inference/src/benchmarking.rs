//! Benchmarks of the metering pallet. `settle` is measured in its worst case: every receipt
//! opens a new channel of a new consumer, and every signature is verified.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	Get,
};
use frame_system::RawOrigin;
use openledger_primitives::{ModelId, UsageSink};
use sp_runtime::traits::Bounded;

fn funded<T: Config>(who: &T::AccountId) {
	T::Currency::set_balance(who, BalanceOf::<T>::max_value() / 1_000_000_000u32.into());
}

fn ensure_exists<T: Config>(who: &T::AccountId) {
	if T::Currency::balance(who) < T::Currency::minimum_balance() {
		T::Currency::set_balance(who, T::Currency::minimum_balance());
	}
}

/// A usable adapter model with a base model, served by `operator`; the pots exist.
fn model<T: Config>(operator: &T::AccountId) -> ModelId {
	for pot in [T::TreasuryAccount::get(), Pallet::<T>::account_id(), T::UsageSink::pot()] {
		ensure_exists::<T>(&pot);
	}
	let owner: T::AccountId = account("owner", 0, 0);
	let base_owner: T::AccountId = account("base-owner", 0, 0);
	funded::<T>(&owner);
	funded::<T>(&base_owner);
	T::BenchmarkHelper::create_model(&owner, &base_owner, operator)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn pay_for_inference() {
		let operator: T::AccountId = account("operator", 0, 0);
		let model = model::<T>(&operator);
		let consumer: T::AccountId = whitelisted_caller();
		funded::<T>(&consumer);
		let fee = Pallet::<T>::quote(model, 100_000, 100_000).expect("usable model; qed");

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), model, 100_000u64, 100_000u64, fee);
	}

	#[benchmark]
	fn deposit() {
		let consumer: T::AccountId = whitelisted_caller();
		funded::<T>(&consumer);
		let amount = T::Currency::minimum_balance() * 1_000u32.into();
		Pallet::<T>::do_deposit(consumer.clone(), amount).expect("funded; qed");

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer.clone()), amount);

		assert_eq!(Pallet::<T>::escrow_held(&consumer), amount + amount);
	}

	#[benchmark]
	fn request_withdrawal() {
		let consumer: T::AccountId = whitelisted_caller();
		funded::<T>(&consumer);
		let amount = T::Currency::minimum_balance() * 1_000u32.into();
		Pallet::<T>::do_deposit(consumer.clone(), amount).expect("funded; qed");

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer.clone()), amount);

		assert!(Pallet::<T>::escrow(&consumer).is_some_and(|e| e.unlocking == amount));
	}

	#[benchmark]
	fn withdraw() {
		let consumer: T::AccountId = whitelisted_caller();
		funded::<T>(&consumer);
		let amount = T::Currency::minimum_balance() * 1_000u32.into();
		Pallet::<T>::do_deposit(consumer.clone(), amount).expect("funded; qed");
		Pallet::<T>::do_request_withdrawal(consumer.clone(), amount).expect("held; qed");
		frame_system::Pallet::<T>::set_block_number(
			frame_system::Pallet::<T>::block_number() + T::UnlockDelay::get(),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer.clone()));

		assert!(Pallet::<T>::escrow(&consumer).is_none());
	}

	#[benchmark]
	fn settle(n: Linear<1, { T::MaxBatch::get() }>) {
		let operator: T::AccountId = account("operator", 0, 0);
		let model = model::<T>(&operator);
		let amount = T::Currency::minimum_balance() * 1_000u32.into();
		let receipts: ReceiptBatchOf<T> = (0..n)
			.map(|i| {
				let consumer = T::BenchmarkHelper::account(i);
				funded::<T>(&consumer);
				Pallet::<T>::do_deposit(consumer.clone(), amount).expect("funded; qed");
				let payload = ReceiptPayload {
					consumer: consumer.clone(),
					model,
					operator: operator.clone(),
					input_tokens: 1_000,
					output_tokens: 1_000,
					requests: 10,
					amount,
					nonce: 1,
				};
				let signature =
					T::BenchmarkHelper::sign(&consumer, &Pallet::<T>::receipt_message(&payload));
				Receipt { payload, signature }
			})
			.collect::<alloc::vec::Vec<_>>()
			.try_into()
			.expect("n is at most MaxBatch; qed");

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), receipts);

		let consumer = T::BenchmarkHelper::account(0);
		assert!(Pallet::<T>::escrow(&consumer).is_none(), "the whole escrow was charged");
	}

	#[benchmark]
	fn set_fee_split() {
		let split = T::DefaultFeeSplit::get();

		#[extrinsic_call]
		_(RawOrigin::Root, split);

		assert_eq!(FeeSplitOverride::<T>::get(), Some(split));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
