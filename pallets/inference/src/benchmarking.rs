//! Benchmarks of the metering pallet, each in the worst case a user can build. A settle batch
//! is weighed as `settle` (its receipts, each of another consumer, opening a channel in a nearly
//! full allocation, verified, and closing it) plus `settle_models` (the distinct models they
//! name, each with owners of its own), measured apart so that neither drowns the other.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use openledger_primitives::{ModelId, UsageSink};
use sp_runtime::traits::{Bounded, Zero};

fn funded<T: Config>(who: &T::AccountId) {
	T::Currency::set_balance(who, BalanceOf::<T>::max_value() / 1_000_000_000u32.into());
}

fn ensure_exists<T: Config>(who: &T::AccountId) {
	if T::Currency::balance(who) < T::Currency::minimum_balance() {
		T::Currency::set_balance(who, T::Currency::minimum_balance());
	}
}

/// A usable adapter model of owner `i` on a base model of base owner `i`, served by
/// `operator`; the pots exist.
fn model<T: Config>(operator: &T::AccountId, i: u32) -> ModelId {
	for pot in [T::TreasuryAccount::get(), Pallet::<T>::account_id(), T::UsageSink::pot()] {
		ensure_exists::<T>(&pot);
	}
	let owner: T::AccountId = account("owner", i, 0);
	let base_owner: T::AccountId = account("base-owner", i, 0);
	funded::<T>(&owner);
	funded::<T>(&base_owner);
	T::BenchmarkHelper::create_model(&owner, &base_owner, operator)
}

fn amount<T: Config>() -> BalanceOf<T> {
	T::MinAllocation::get().max(T::Currency::minimum_balance()) * 1_000u32.into()
}

/// `consumer`'s allocation to `operator` of `amount`, with channels for `MaxChannels - 1` other
/// models: the largest record a receipt can still open a channel in.
fn allocation<T: Config>(consumer: &T::AccountId, operator: &T::AccountId) -> AllocationId {
	funded::<T>(consumer);
	ensure_exists::<T>(operator);
	Pallet::<T>::do_deposit(consumer.clone(), operator.clone(), amount::<T>())
		.expect("funded; qed");
	Escrows::<T>::mutate(consumer, operator, |a| {
		let a = a.as_mut().expect("just opened; qed");
		for model in 0..T::MaxChannels::get().saturating_sub(1) {
			let state = ChannelState { nonce: 1, ..Default::default() };
			a.channels
				.try_push((ModelId::MAX - model, state))
				.expect("below the bound; qed");
		}
		a.id
	})
}

/// One receipt per entry of `models`, each of another consumer whose allocation to `operator`
/// is as large a record as a receipt can still open a channel in, charging all of it.
fn receipts<T: Config>(operator: &T::AccountId, models: &[ModelId]) -> ReceiptBatchOf<T> {
	models
		.iter()
		.enumerate()
		.map(|(i, model)| {
			let consumer = T::BenchmarkHelper::account(i as u32);
			let allocation = allocation::<T>(&consumer, operator);
			let payload = ReceiptPayload {
				consumer: consumer.clone(),
				model: *model,
				operator: operator.clone(),
				allocation,
				input_tokens: 1_000,
				output_tokens: 1_000,
				requests: 10,
				outputs: [7; 32],
				amount: amount::<T>(),
				nonce: 1,
			};
			let signature =
				T::BenchmarkHelper::sign(&consumer, &Pallet::<T>::receipt_message(&payload));
			Receipt { payload, signature }
		})
		.collect::<alloc::vec::Vec<_>>()
		.try_into()
		.expect("at most MaxBatch receipts; qed")
}

/// A usage log reference with a URI of the longest length: the worst case of a call naming one.
fn longest_log<T: Config>() -> LogRef<alloc::vec::Vec<u8>> {
	let uri =
		[b"https://".as_slice(), &alloc::vec![b'x'; T::MaxUriLen::get() as usize - 8]].concat();
	LogRef { hash: [1; 32], uri }
}

/// The first and last of `count` receipts were charged in full: their allocations closed.
fn closed<T: Config>(operator: &T::AccountId, count: u32) {
	for i in [0, count - 1] {
		let consumer = T::BenchmarkHelper::account(i);
		assert!(Escrows::<T>::get(&consumer, operator).is_none(), "charged in full");
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn pay_for_inference() {
		let operator: T::AccountId = account("operator", 0, 0);
		let model = model::<T>(&operator, 0);
		let consumer: T::AccountId = whitelisted_caller();
		funded::<T>(&consumer);
		let fee = Pallet::<T>::quote(model, 100_000, 100_000).expect("usable model; qed");
		// Worst case: a log reference with a URI of the longest length.
		let log = longest_log::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), model, 100_000u64, 100_000u64, fee, [2; 32], Some(log));
	}

	/// Worst case: the deposit opens a new allocation.
	#[benchmark]
	fn deposit() {
		let consumer: T::AccountId = whitelisted_caller();
		let operator: T::AccountId = account("operator", 0, 0);
		funded::<T>(&consumer);
		ensure_exists::<T>(&operator);

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer.clone()), operator.clone(), amount::<T>());

		assert_eq!(Pallet::<T>::escrow_held(&consumer), amount::<T>());
		assert_eq!(Pallet::<T>::escrow_backing(&operator), amount::<T>());
	}

	#[benchmark]
	fn request_withdrawal() {
		let consumer: T::AccountId = whitelisted_caller();
		let operator: T::AccountId = account("operator", 0, 0);
		allocation::<T>(&consumer, &operator);

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer.clone()), operator.clone(), amount::<T>());

		assert!(Pallet::<T>::guaranteed(&consumer, &operator).is_zero());
	}

	/// Worst case: everything is withdrawn, and the allocation closes with its channels.
	#[benchmark]
	fn withdraw() {
		let consumer: T::AccountId = whitelisted_caller();
		let operator: T::AccountId = account("operator", 0, 0);
		allocation::<T>(&consumer, &operator);
		Pallet::<T>::do_request_withdrawal(consumer.clone(), operator.clone(), amount::<T>())
			.expect("held; qed");
		frame_system::Pallet::<T>::set_block_number(
			frame_system::Pallet::<T>::block_number() + T::UnlockDelay::get(),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer.clone()), operator.clone());

		assert!(Escrows::<T>::get(&consumer, &operator).is_none());
	}

	/// `n` receipts on one model, with a usage log of the longest URI. Every receipt is of another
	/// consumer, opens a channel in an allocation that already has `MaxChannels - 1`, is verified,
	/// and charges the whole allocation, which closes.
	#[benchmark]
	fn settle(n: Linear<1, { T::MaxBatch::get() }>) {
		let operator: T::AccountId = account("operator", 0, 0);
		let model = model::<T>(&operator, 0);
		let receipts = receipts::<T>(&operator, &alloc::vec![model; n as usize]);
		assert_eq!(Pallet::<T>::batch_shape(&receipts), (n - 1, 1));

		#[extrinsic_call]
		settle(
			RawOrigin::Signed(operator.clone()),
			receipts.into_inner(),
			Some(longest_log::<T>()),
		);

		closed::<T>(&operator, n);
	}

	/// `m` receipts, each on a model of its own (an adapter with its own owner and base owner,
	/// so every share goes to new accounts and new pools), each as costly as in `settle`.
	#[benchmark]
	fn settle_models(m: Linear<1, { T::MaxModelsPerBatch::get() }>) {
		let operator: T::AccountId = account("operator", 0, 0);
		let models: alloc::vec::Vec<ModelId> = (0..m).map(|i| model::<T>(&operator, i)).collect();
		let receipts = receipts::<T>(&operator, &models);
		assert_eq!(Pallet::<T>::batch_shape(&receipts), (0, m));

		#[extrinsic_call]
		settle(
			RawOrigin::Signed(operator.clone()),
			receipts.into_inner(),
			Some(longest_log::<T>()),
		);

		closed::<T>(&operator, m);
	}

	#[benchmark]
	fn set_fee_split() -> Result<(), BenchmarkError> {
		let split = T::DefaultFeeSplit::get();
		let origin =
			T::FeeSplitOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, split.parts());

		assert_eq!(FeeSplitOverride::<T>::get(), Some(split));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
