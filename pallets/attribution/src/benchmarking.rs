//! Benchmarks of the attribution pallet. Settling an epoch (commit, reveal, close) depends on
//! the number of attributors only; claims on the batch size and the proof depth.

use super::*;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use openledger_primitives::{settlement, EpochIndex, Hash256, UsageSink};
use polkadot_sdk::sp_crypto_hashing::blake2_256;
use sp_runtime::traits::{Bounded, One, Saturating};

fn funded<T: Config>(who: &T::AccountId) {
	T::Currency::set_balance(who, BalanceOf::<T>::max_value() / 1_000_000_000u32.into());
}

fn bond<T: Config>() -> BalanceOf<T> {
	T::MinBond::get().saturating_mul(10u32.into())
}

/// A registered attributor `i`, whose bond settles the current epoch's round.
fn attributor<T: Config>(i: u32) -> T::AccountId {
	let who: T::AccountId = account("attributor", i, 0);
	funded::<T>(&who);
	Pallet::<T>::do_register_active(who.clone(), bond::<T>()).expect("funded, room left; qed");
	who
}

fn go_to<T: Config>(n: BlockNumberFor<T>) {
	frame_system::Pallet::<T>::set_block_number(n);
}

/// Epoch 0 had usage; the pot and the treasury exist.
fn pool<T: Config>() {
	funded::<T>(&Pallet::<T>::pot());
	funded::<T>(&T::TreasuryAccount::get());
	let unit = T::Currency::minimum_balance().saturating_mul(1_000_000u32.into());
	<Pallet<T> as UsageSink<T::AccountId, BalanceOf<T>>>::on_usage(0, unit, unit, unit);
}

/// `who`'s commitment for epoch 0 to a result of `total` with root `root`, salt `[i; 32]`.
fn commitment<T: Config>(who: &T::AccountId, root: Hash256, total: BalanceOf<T>) -> Hash256 {
	settlement::commitment(who, 0, &root, &total, &[7; 32], &[1; 32])
}

fn hash_pair(left: &Hash256, right: &Hash256) -> Hash256 {
	let mut pair = [0u8; 64];
	pair[..32].copy_from_slice(left);
	pair[32..].copy_from_slice(right);
	blake2_256(&pair)
}

/// `n` claims of `amount` each, proved at depth `depth` (at least log2 of `n` rounded up),
/// and the root they prove against. The leaves fill a full subtree; the levels above it are
/// filler, so every proof has `depth` items.
fn claims<T: Config>(n: u32, depth: u32, amount: BalanceOf<T>) -> (Vec<ClaimOf<T>>, Hash256) {
	let width = n.next_power_of_two();
	let accounts: Vec<T::AccountId> = (0..n).map(|i| account("claimant", i, 0)).collect();
	let mut level: Vec<Hash256> = (0..width)
		.map(|i| match accounts.get(i as usize) {
			Some(who) => blake2_256(&settlement::leaf(who, &amount)),
			None => blake2_256(&i.to_le_bytes()),
		})
		.collect();
	let mut levels = vec![level.clone()];
	while level.len() > 1 {
		level = level.chunks(2).map(|pair| hash_pair(&pair[0], &pair[1])).collect();
		levels.push(level.clone());
	}
	let mut root = level[0];
	let filler: Vec<Hash256> =
		(width.trailing_zeros()..depth).map(|i| blake2_256(&i.to_be_bytes())).collect();
	for item in &filler {
		root = hash_pair(&root, item);
	}
	let claims = accounts
		.into_iter()
		.enumerate()
		.map(|(i, account)| {
			let mut items: Vec<Hash256> = levels[..levels.len() - 1]
				.iter()
				.enumerate()
				.map(|(k, level)| level[(i >> k) ^ 1])
				.collect();
			items.extend(filler.iter().copied());
			Claim {
				account,
				amount,
				proof: LeafProof {
					leaf_index: i as u32,
					// Any count this large keeps every level "full" for these positions.
					number_of_leaves: u32::MAX,
					items,
				},
			}
		})
		.collect();
	(claims, root)
}

/// A finalised settlement of epoch 0 for `claims`, its round closed, with the pot funded.
fn settled<T: Config>(root: Hash256, total: BalanceOf<T>) {
	pool::<T>();
	Rounds::<T>::insert(0, Round { finalised: Some(root), closed: true, ..Default::default() });
	Settlements::<T>::insert(
		0,
		Settlement {
			root,
			total,
			report: [7; 32],
			claimed: Default::default(),
			finalised_at: Default::default(),
			expired: false,
		},
	);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_attributor() {
		let caller: T::AccountId = whitelisted_caller();
		funded::<T>(&caller);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), bond::<T>());

		assert!(Attributors::<T>::contains_key(&caller));
	}

	#[benchmark]
	fn unregister() {
		let caller = attributor::<T>(0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));

		assert!(Attributors::<T>::get(&caller).is_some_and(|a| a.unbonding_at.is_some()));
	}

	#[benchmark]
	fn withdraw_bond() {
		let caller = attributor::<T>(0);
		Pallet::<T>::do_unregister(caller.clone()).expect("registered; qed");
		go_to::<T>(T::UnbondingDelay::get() + One::one());

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));

		assert!(!Attributors::<T>::contains_key(&caller));
	}

	#[benchmark]
	fn commit() {
		pool::<T>();
		let other = attributor::<T>(1);
		let caller = attributor::<T>(0);
		go_to::<T>(Pallet::<T>::round_windows(0).commit_from);
		Pallet::<T>::do_commit(other, 0, [1; 32]).expect("registered, in window; qed");

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), 0 as EpochIndex, [2; 32]);

		assert_eq!(Rounds::<T>::get(0).map(|r| r.committers), Some(2));
	}

	/// The reveal that reaches the quorum and finalises the round.
	#[benchmark]
	fn reveal() {
		pool::<T>();
		let caller = attributor::<T>(0);
		let total = T::Currency::minimum_balance();
		let windows = Pallet::<T>::round_windows(0);
		go_to::<T>(windows.commit_from);
		let hash = commitment::<T>(&caller, [3; 32], total);
		Pallet::<T>::do_commit(caller.clone(), 0, hash).expect("registered, in window; qed");
		go_to::<T>(windows.reveal_from);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), 0 as EpochIndex, [3; 32], total, [7; 32], [1; 32]);

		assert!(Settlements::<T>::contains_key(0));
	}

	/// `n` committers: two in three reveal the finalised result and are paid, the others stay
	/// silent and are slashed (the result is picked by the dispute origin when the preset's
	/// attributors keep the revealed bond below the quorum).
	#[benchmark]
	fn close_round(n: Linear<1, { T::MaxAttributors::get() }>) {
		pool::<T>();
		let total = T::Currency::minimum_balance();
		// Attributors the chain starts with (a preset's) commit too: the committee is bounded.
		let existing: Vec<_> = Attributors::<T>::iter_keys().take(n as usize).collect();
		let fresh = n - existing.len() as u32;
		let committers: Vec<_> =
			existing.into_iter().chain((0..fresh).map(attributor::<T>)).collect();
		let windows = Pallet::<T>::round_windows(0);
		go_to::<T>(windows.commit_from);
		for who in &committers {
			let hash = commitment::<T>(who, [3; 32], total);
			Pallet::<T>::do_commit(who.clone(), 0, hash).expect("registered, in window; qed");
		}
		go_to::<T>(windows.reveal_from);
		for (i, who) in committers.iter().enumerate() {
			if i % 3 != 2 {
				Pallet::<T>::do_reveal(who.clone(), 0, [3; 32], total, [7; 32], [1; 32])
					.expect("committed; qed");
			}
		}
		go_to::<T>(windows.challenge_from);
		if Settlements::<T>::get(0).is_none() {
			let key = settlement::result_key(&[3; 32], &total, &[7; 32]);
			Pallet::<T>::do_resolve(0, key).expect("revealed, in the challenge window; qed");
		}
		go_to::<T>(windows.close_from);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), 0 as EpochIndex);

		assert!(Rounds::<T>::get(0).is_some_and(|r| r.closed));
	}

	#[benchmark]
	fn claim(d: Linear<1, { T::MaxProofDepth::get() }>) {
		let amount = T::Currency::minimum_balance().saturating_mul(2u32.into());
		let (mut claims, root) = claims::<T>(1, d, amount);
		settled::<T>(root, amount);
		let entry = claims.remove(0);
		let account = entry.account.clone();
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), 0 as EpochIndex, entry.account, entry.amount, entry.proof);

		assert!(Claimed::<T>::contains_key(0, account));
	}

	/// Every claim pays a new account and carries a proof of the deepest allowed depth: the
	/// cost of a proof grows with the claims *and* their depth, so the weight takes the worst
	/// depth for every claim rather than a depth term that a linear fit could not scale.
	#[benchmark]
	fn claim_batch(n: Linear<1, { T::MaxClaimBatch::get() }>) {
		let amount = T::Currency::minimum_balance().saturating_mul(2u32.into());
		let (claims, root) = claims::<T>(n, T::MaxProofDepth::get(), amount);
		settled::<T>(root, amount.saturating_mul(n.into()));
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), 0 as EpochIndex, claims);

		assert_eq!(
			Settlements::<T>::get(0).map(|s| s.claimed),
			Some(amount.saturating_mul(n.into()))
		);
	}

	/// Expire epoch 0 and remove `n` of its claim records.
	#[benchmark]
	fn prune_epoch(n: Linear<0, 1_000>) {
		let amount = T::Currency::minimum_balance().saturating_mul(2u32.into());
		settled::<T>([0; 32], amount);
		for i in 0..n {
			Claimed::<T>::insert(0, account::<T::AccountId>("claimant", i, 0), ());
		}
		let expiry = Pallet::<T>::expiry_epoch(0);
		go_to::<T>(Pallet::<T>::epoch_start(expiry));
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), 0 as EpochIndex, n);

		assert!(Settlements::<T>::get(0).is_none_or(|s| s.expired));
		assert_eq!(Claimed::<T>::iter_prefix(0).count(), 0);
	}

	/// Annul a finalised result.
	#[benchmark]
	fn annul() -> Result<(), BenchmarkError> {
		pool::<T>();
		let who = attributor::<T>(0);
		let total = T::Currency::minimum_balance();
		let windows = Pallet::<T>::round_windows(0);
		go_to::<T>(windows.commit_from);
		let hash = commitment::<T>(&who, [3; 32], total);
		Pallet::<T>::do_commit(who.clone(), 0, hash).expect("registered, in window; qed");
		go_to::<T>(windows.reveal_from);
		Pallet::<T>::do_reveal(who, 0, [3; 32], total, [7; 32], [1; 32]).expect("committed; qed");
		let finalised = Settlements::<T>::contains_key(0);
		go_to::<T>(windows.challenge_from);
		if !finalised {
			let key = settlement::result_key(&[3; 32], &total, &[7; 32]);
			Pallet::<T>::do_resolve(0, key).expect("revealed, in the challenge window; qed");
		}

		let origin =
			T::DisputeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0 as EpochIndex);

		assert!(Rounds::<T>::get(0).is_some_and(|r| r.annulled.is_some()));
		Ok(())
	}

	/// Pick one of two results revealed in a round without quorum.
	#[benchmark]
	fn resolve() -> Result<(), BenchmarkError> {
		pool::<T>();
		let total = T::Currency::minimum_balance();
		let windows = Pallet::<T>::round_windows(0);
		let pair = [attributor::<T>(0), attributor::<T>(1)];
		go_to::<T>(windows.commit_from);
		for (i, who) in pair.iter().enumerate() {
			let hash = commitment::<T>(who, [i as u8; 32], total);
			Pallet::<T>::do_commit(who.clone(), 0, hash).expect("registered, in window; qed");
		}
		go_to::<T>(windows.reveal_from);
		for (i, who) in pair.iter().enumerate() {
			Pallet::<T>::do_reveal(who.clone(), 0, [i as u8; 32], total, [7; 32], [1; 32])
				.expect("committed; qed");
		}
		assert!(!Settlements::<T>::contains_key(0), "two halves reach no quorum");
		go_to::<T>(windows.challenge_from);
		let key = settlement::result_key(&[0; 32], &total, &[7; 32]);

		let origin =
			T::DisputeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0 as EpochIndex, key);

		assert!(Settlements::<T>::contains_key(0));
		Ok(())
	}

	/// Set the engine's parameters.
	#[benchmark]
	fn set_engine_params() -> Result<(), BenchmarkError> {
		let origin = T::EngineParamsOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 12, 3, 1, 250_000_000);

		assert_eq!(EngineParameters::<T>::get().min_words, 12);
		Ok(())
	}

	/// Name a report of the longest URI, as a committed attributor.
	#[benchmark]
	fn name_report() {
		pool::<T>();
		let who = attributor::<T>(0);
		go_to::<T>(Pallet::<T>::round_windows(0).commit_from);
		let hash = commitment::<T>(&who, [3; 32], T::Currency::minimum_balance());
		Pallet::<T>::do_commit(who.clone(), 0, hash).expect("registered, in window; qed");
		let mut uri = b"https://".to_vec();
		uri.resize(T::MaxLogUriLen::get() as usize, b'r');

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 0 as EpochIndex, uri);

		assert!(ReportUris::<T>::contains_key(0, who));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
