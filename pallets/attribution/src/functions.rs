//! The logic behind the attribution pallet's calls, hooks and queries.

use crate::{pallet::*, types::*, WeightInfo, LOG_TARGET};
use alloc::vec::Vec;
use openledger_primitives::{settlement, EpochIndex, Hash256, ModelId, UsageLogRecord, UsageSink};
use polkadot_sdk::{
	frame_support::{
		defensive, ensure,
		pallet_prelude::*,
		storage::with_storage_layer,
		traits::{
			fungible::{Inspect, InspectHold, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Preservation, Restriction},
			Defensive,
		},
	},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_runtime::{
		helpers_128bit::multiply_by_rational_with_rounding,
		traits::{AccountIdConversion, CheckedAdd, One, Saturating, Zero},
		DispatchError, DispatchResult, Perbill, Rounding, SaturatedConversion,
	},
};

/// What one step of pruning an epoch did.
pub struct PruneOutcome {
	/// Records removed.
	pub removed: u32,
	/// Whether no record of the epoch is left.
	pub done: bool,
}

impl<T: Config> Pallet<T> {
	/// The attribution pot: the pallet's account.
	pub fn pot() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Whether the windows are non-zero and the commit and reveal windows fit in one epoch.
	pub fn is_valid_schedule(schedule: &ScheduleOf<T>) -> bool {
		!schedule.epoch_length.is_zero()
			&& !schedule.commit_window.is_zero()
			&& !schedule.reveal_window.is_zero()
			&& !schedule.challenge_window.is_zero()
			&& schedule.commit_window.saturating_add(schedule.reveal_window)
				<= schedule.epoch_length
	}

	/// Makes sure the pot exists (holds the existential deposit), whatever the genesis
	/// balances: fees of any size may then be paid into it.
	pub(crate) fn ensure_pot() {
		let pot = Self::pot();
		let minimum = T::Currency::minimum_balance();
		let balance = T::Currency::balance(&pot);
		if balance < minimum {
			let _ = T::Currency::mint_into(&pot, minimum.saturating_sub(balance))
				.defensive_proof("minting the existential deposit into a new account works; qed");
		}
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The epoch running at block `n`.
	pub fn epoch_at(n: BlockNumberFor<T>) -> EpochIndex {
		(n / Schedule::<T>::get().epoch_length).saturated_into()
	}

	/// The epoch running now.
	pub fn current_epoch() -> EpochIndex {
		Self::epoch_at(Self::now())
	}

	/// The first block of `epoch`.
	pub fn epoch_start(epoch: EpochIndex) -> BlockNumberFor<T> {
		BlockNumberFor::<T>::from(epoch).saturating_mul(Schedule::<T>::get().epoch_length)
	}

	/// The first blocks of `epoch`'s commit window, reveal window, challenge window, and of
	/// the time after (when the round may close).
	pub fn round_windows(epoch: EpochIndex) -> RoundWindows<BlockNumberFor<T>> {
		let schedule = Schedule::<T>::get();
		let commit_from = Self::epoch_start(epoch.saturating_add(1));
		let reveal_from = commit_from.saturating_add(schedule.commit_window);
		let challenge_from = reveal_from.saturating_add(schedule.reveal_window);
		RoundWindows {
			commit_from,
			reveal_from,
			challenge_from,
			close_from: challenge_from.saturating_add(schedule.challenge_window),
		}
	}

	/// The first epoch in which `epoch`'s rewards can no longer be claimed.
	pub fn expiry_epoch(epoch: EpochIndex) -> EpochIndex {
		epoch.saturating_add(1).saturating_add(T::ClaimPeriod::get())
	}

	/// The least bond behind one result that finalises a round whose epoch ended with
	/// `eligible` active stake. Never zero: a round without stake finalises nothing.
	pub fn quorum_bond(eligible: BalanceOf<T>) -> BalanceOf<T> {
		T::Quorum::get().mul_ceil(eligible).max(One::one())
	}

	/// The stake ledger brought to the current epoch: bonds registered in an earlier epoch are
	/// active, and `ended` is the active stake when the previous epoch ended.
	pub fn stake_now() -> StakeLedgerOf<T> {
		let now = Self::current_epoch();
		let mut ledger = Stake::<T>::get();
		if ledger.epoch < now {
			ledger.ended = if ledger.epoch.saturating_add(1) == now {
				ledger.active
			} else {
				ledger.active.saturating_add(ledger.warming)
			};
			ledger.active.saturating_accrue(ledger.warming);
			ledger.warming = Zero::zero();
			ledger.epoch = now;
		}
		ledger
	}

	/// The active bonded stake when `epoch` ended, while it is known: from the end of `epoch`
	/// for as long as the epoch after it runs (its commit and reveal windows). Later rounds
	/// keep theirs in [`Round::eligible_stake`].
	pub fn stake_at_end(epoch: EpochIndex) -> Option<BalanceOf<T>> {
		let ledger = Self::stake_now();
		(ledger.epoch == epoch.saturating_add(1)).then_some(ledger.ended)
	}

	/// Take `amount` of an attributor's bond out of the ledger: it unregisters, or was slashed.
	fn unstake(attributor: &AttributorOf<T>, amount: BalanceOf<T>) {
		if attributor.unbonding_at.is_some() {
			return;
		}
		let mut ledger = Self::stake_now();
		if attributor.active_from <= ledger.epoch {
			ledger.active.saturating_reduce(amount);
		} else {
			ledger.warming.saturating_reduce(amount);
		}
		Stake::<T>::put(ledger);
	}

	/// Register `who` with `bond`, settling rounds from the next epoch on.
	pub(crate) fn do_register(who: T::AccountId, bond: BalanceOf<T>) -> DispatchResult {
		Self::register_from(who, bond, false)
	}

	/// Register `who` with `bond`, settling rounds at once: the attributors a chain starts
	/// with.
	pub(crate) fn do_register_active(who: T::AccountId, bond: BalanceOf<T>) -> DispatchResult {
		Self::register_from(who, bond, true)
	}

	fn register_from(who: T::AccountId, bond: BalanceOf<T>, active: bool) -> DispatchResult {
		ensure!(!Attributors::<T>::contains_key(&who), Error::<T>::AlreadyAttributor);
		ensure!(bond >= T::MinBond::get(), Error::<T>::BondTooLow);
		ensure!(Attributors::<T>::count() < T::MaxAttributors::get(), Error::<T>::CommitteeFull);
		T::Currency::hold(&HoldReason::AttributorBond.into(), &who, bond)?;
		let mut ledger = Self::stake_now();
		let active_from = if active {
			ledger.active.saturating_accrue(bond);
			ledger.epoch
		} else {
			ledger.warming.saturating_accrue(bond);
			ledger.epoch.saturating_add(1)
		};
		Stake::<T>::put(ledger);
		Attributors::<T>::insert(
			&who,
			Attributor { bond, open_rounds: 0, unbonding_at: None, active_from, strikes: 0 },
		);
		Self::deposit_event(Event::AttributorRegistered { attributor: who, bond, active_from });
		Ok(())
	}

	pub(crate) fn do_unregister(who: T::AccountId) -> DispatchResult {
		let withdrawable_at = Self::now().saturating_add(T::UnbondingDelay::get());
		Attributors::<T>::try_mutate(&who, |maybe| -> DispatchResult {
			let attributor = maybe.as_mut().ok_or(Error::<T>::NotAttributor)?;
			ensure!(attributor.unbonding_at.is_none(), Error::<T>::Unbonding);
			Self::unstake(attributor, attributor.bond);
			attributor.unbonding_at = Some(withdrawable_at);
			Ok(())
		})?;
		Self::deposit_event(Event::AttributorUnbonding { attributor: who, withdrawable_at });
		Ok(())
	}

	pub(crate) fn do_withdraw_bond(who: T::AccountId) -> DispatchResult {
		let attributor = Attributors::<T>::get(&who).ok_or(Error::<T>::NotAttributor)?;
		let at = attributor.unbonding_at.ok_or(Error::<T>::NotUnbonding)?;
		ensure!(Self::now() >= at, Error::<T>::StillUnbonding);
		ensure!(attributor.open_rounds == 0, Error::<T>::RoundsOpen);
		let reason = HoldReason::AttributorBond.into();
		let held = T::Currency::balance_on_hold(&reason, &who);
		let amount = T::Currency::release(&reason, &who, held, Precision::BestEffort)?;
		Attributors::<T>::remove(&who);
		Self::deposit_event(Event::BondWithdrawn { attributor: who, amount });
		Ok(())
	}

	pub(crate) fn do_commit(
		who: T::AccountId,
		epoch: EpochIndex,
		commitment: Hash256,
	) -> DispatchResult {
		let mut attributor = Attributors::<T>::get(&who).ok_or(Error::<T>::NotAttributor)?;
		ensure!(attributor.unbonding_at.is_none(), Error::<T>::Unbonding);
		ensure!(attributor.active_from <= epoch, Error::<T>::WarmingUp);
		ensure!(attributor.bond >= T::MinBond::get(), Error::<T>::BondTooLow);
		let windows = Self::round_windows(epoch);
		let now = Self::now();
		ensure!(windows.commit_from <= now, Error::<T>::CommitWindowNotOpen);
		ensure!(now < windows.reveal_from, Error::<T>::CommitWindowOver);
		ensure!(!Commitments::<T>::contains_key(epoch, &who), Error::<T>::AlreadyCommitted);
		// The commit window lies in the epoch after `epoch`: the snapshot is at hand.
		let eligible = Self::stake_at_end(epoch)
			.defensive_proof("the commit window lies in the next epoch; qed")
			.unwrap_or_default();

		Commitments::<T>::insert(
			epoch,
			&who,
			Commitment { hash: commitment, stake: attributor.bond, revealed: None },
		);
		Rounds::<T>::mutate(epoch, |round| {
			let round = round
				.get_or_insert_with(|| Round { eligible_stake: eligible, ..Default::default() });
			round.committers.saturating_inc();
			round.committed_bond.saturating_accrue(attributor.bond);
		});
		attributor.open_rounds.saturating_inc();
		Attributors::<T>::insert(&who, attributor);
		Self::deposit_event(Event::Committed { epoch, attributor: who, commitment });
		Ok(())
	}

	pub(crate) fn do_reveal(
		who: T::AccountId,
		epoch: EpochIndex,
		root: Hash256,
		total: BalanceOf<T>,
		report: Hash256,
		salt: Hash256,
	) -> DispatchResult {
		let windows = Self::round_windows(epoch);
		let now = Self::now();
		ensure!(windows.reveal_from <= now, Error::<T>::RevealWindowNotOpen);
		ensure!(now < windows.challenge_from, Error::<T>::RevealWindowOver);
		let mut commitment = Commitments::<T>::get(epoch, &who).ok_or(Error::<T>::NoCommitment)?;
		ensure!(commitment.revealed.is_none(), Error::<T>::AlreadyRevealed);
		ensure!(
			settlement::commitment(&who, epoch, &root, &total, &report, &salt) == commitment.hash,
			Error::<T>::CommitmentMismatch
		);
		let pool = Pools::<T>::get(epoch).unwrap_or_default();
		ensure!(total <= pool.data, Error::<T>::TotalAbovePool);

		let key = settlement::result_key(&root, &total, &report);
		commitment.revealed = Some(key);
		Commitments::<T>::insert(epoch, &who, commitment);
		let backing = Tallies::<T>::mutate(epoch, key, |tally| {
			let tally = tally.get_or_insert(Tally { root, total, report, bond: Zero::zero() });
			tally.bond.saturating_accrue(commitment.stake);
			tally.bond
		});
		Self::deposit_event(Event::Revealed { epoch, attributor: who, root, total, report });

		let mut round = Rounds::<T>::get(epoch).unwrap_or_default();
		if round.finalised.is_none()
			&& round.annulled.is_none()
			&& backing >= Self::quorum_bond(round.eligible_stake)
		{
			round.finalised = Some(key);
			Rounds::<T>::insert(epoch, round);
			Self::finalise(epoch, root, total, report);
			Self::deposit_event(Event::RoundFinalised {
				epoch,
				root,
				total,
				report,
				backing_bond: backing,
			});
		}
		Ok(())
	}

	fn finalise(epoch: EpochIndex, root: Hash256, total: BalanceOf<T>, report: Hash256) {
		Settlements::<T>::insert(
			epoch,
			Settlement {
				root,
				total,
				report,
				claimed: Zero::zero(),
				finalised_at: Self::now(),
				expired: false,
			},
		);
	}

	pub(crate) fn do_annul(epoch: EpochIndex) -> DispatchResult {
		let mut round = Rounds::<T>::get(epoch).ok_or(Error::<T>::NotFinalised)?;
		let key = round.finalised.ok_or(Error::<T>::NotFinalised)?;
		ensure!(
			!round.closed && Self::now() < Self::round_windows(epoch).close_from,
			Error::<T>::ChallengeWindowOver
		);
		let settled = Settlements::<T>::take(epoch)
			.defensive_proof("a finalised round has its settlement; qed")
			.ok_or(Error::<T>::NotFinalised)?;
		round.finalised = None;
		round.annulled = Some(key);
		Rounds::<T>::insert(epoch, round);
		Self::deposit_event(Event::SettlementAnnulled {
			epoch,
			root: settled.root,
			total: settled.total,
			report: settled.report,
		});
		Ok(())
	}

	pub(crate) fn do_resolve(epoch: EpochIndex, result: Hash256) -> DispatchResult {
		let windows = Self::round_windows(epoch);
		let now = Self::now();
		ensure!(now >= windows.challenge_from, Error::<T>::RevealsStillOpen);
		let mut round = Rounds::<T>::get(epoch).ok_or(Error::<T>::UnknownResult)?;
		ensure!(!round.closed && now < windows.close_from, Error::<T>::ChallengeWindowOver);
		ensure!(round.finalised.is_none(), Error::<T>::AlreadyFinalised);
		ensure!(round.annulled != Some(result), Error::<T>::ResultAnnulled);
		let tally = Tallies::<T>::get(epoch, result).ok_or(Error::<T>::UnknownResult)?;
		round.finalised = Some(result);
		Rounds::<T>::insert(epoch, round);
		Self::finalise(epoch, tally.root, tally.total, tally.report);
		Self::deposit_event(Event::RoundResolved {
			epoch,
			root: tally.root,
			total: tally.total,
			report: tally.report,
			backing_bond: tally.bond,
		});
		Ok(())
	}

	pub(crate) fn do_set_engine_params(params: EngineParams) -> DispatchResult {
		ensure!(params.is_valid(), Error::<T>::InvalidEngineParams);
		EngineParameters::<T>::put(params);
		Self::deposit_event(Event::EngineParamsSet { params });
		Ok(())
	}

	pub(crate) fn do_name_report(
		who: T::AccountId,
		epoch: EpochIndex,
		uri: Vec<u8>,
	) -> DispatchResult {
		ensure!(Commitments::<T>::contains_key(epoch, &who), Error::<T>::NoCommitment);
		ensure!(openledger_primitives::has_known_scheme(&uri), Error::<T>::UnsupportedReportUri);
		let uri: ReportUriOf<T> =
			openledger_primitives::bounded(uri, Error::<T>::ReportUriTooLong)?;
		ReportUris::<T>::insert(epoch, &who, uri.clone());
		Self::deposit_event(Event::ReportNamed { epoch, attributor: who, uri });
		Ok(())
	}

	/// The share of its stake an attributor with `strikes` earlier slashes in a row loses:
	/// `SlashShare`, doubled per strike, at most the whole.
	pub fn slash_share(strikes: u32) -> Perbill {
		let parts = u64::from(T::SlashShare::get().deconstruct())
			.saturating_mul(1u64.checked_shl(strikes.min(32)).unwrap_or(u64::MAX));
		Perbill::from_parts(parts.min(u64::from(Perbill::one().deconstruct())) as u32)
	}

	/// Close `epoch`'s round; returns how many attributors had committed.
	pub(crate) fn do_close_round(epoch: EpochIndex) -> Result<u32, DispatchError> {
		ensure!(Self::now() >= Self::round_windows(epoch).close_from, Error::<T>::RoundStillOpen);
		let maybe_round = Rounds::<T>::get(epoch);
		let maybe_pool = Pools::<T>::get(epoch);
		ensure!(maybe_round.is_some() || maybe_pool.is_some(), Error::<T>::NothingToDo);
		let mut round = maybe_round.unwrap_or_default();
		ensure!(!round.closed, Error::<T>::RoundAlreadyClosed);
		let pool = maybe_pool.unwrap_or_default();
		let treasury = T::TreasuryAccount::get();
		let reason = HoldReason::AttributorBond.into();

		// Settle every committer: collect the agreeing ones, slash the others.
		let mut agreeing: Vec<(T::AccountId, BalanceOf<T>)> = Vec::new();
		let mut slashed = BalanceOf::<T>::zero();
		for (who, commitment) in Commitments::<T>::drain_prefix(epoch) {
			let Some(mut attributor) = Attributors::<T>::get(&who)
				.defensive_proof("a committer stays registered until its rounds close; qed")
			else {
				continue;
			};
			attributor.open_rounds.saturating_dec();
			// With a result, only those who revealed it are right; without, only the silent
			// and those who revealed an annulled result are wrong.
			let right = match (round.finalised, commitment.revealed) {
				(Some(result), revealed) => revealed == Some(result),
				(None, Some(revealed)) => round.annulled != Some(revealed),
				(None, None) => false,
			};
			if right && round.finalised.is_some() {
				attributor.strikes = 0;
				agreeing.push((who.clone(), commitment.stake));
			} else if !right {
				let due = Self::slash_share(attributor.strikes)
					.mul_floor(commitment.stake)
					.min(attributor.bond);
				let amount = T::Currency::transfer_on_hold(
					&reason,
					&who,
					&treasury,
					due,
					Precision::BestEffort,
					Restriction::Free,
					Fortitude::Force,
				)
				.unwrap_or_default();
				Self::unstake(&attributor, amount);
				attributor.bond.saturating_reduce(amount);
				attributor.strikes.saturating_inc();
				slashed.saturating_accrue(amount);
				if !amount.is_zero() {
					Self::deposit_event(Event::AttributorSlashed {
						epoch,
						attributor: who.clone(),
						amount,
						strikes: attributor.strikes,
					});
				}
			}
			Attributors::<T>::insert(&who, attributor);
		}
		let _ = Tallies::<T>::clear_prefix(epoch, round.committers.saturating_add(1), None);

		// Pay the fee to the agreeing attributors, or carry everything on.
		let pot = Self::pot();
		let mut rewarded = BalanceOf::<T>::zero();
		let (carried_data, carried_fee) = match Settlements::<T>::get(epoch) {
			Some(settled) if round.finalised.is_some() => {
				let backing = agreeing
					.iter()
					.fold(BalanceOf::<T>::zero(), |sum, (_, stake)| sum.saturating_add(*stake));
				for (who, stake) in agreeing {
					let share = Self::pro_rata(pool.fee, stake, backing);
					if share.is_zero()
						|| T::Currency::transfer(&pot, &who, share, Preservation::Expendable)
							.is_err()
					{
						continue;
					}
					rewarded.saturating_accrue(share);
					Self::deposit_event(Event::AttributorRewarded {
						epoch,
						attributor: who,
						amount: share,
					});
				}
				// Rounding dust, and what could not be paid, go to the treasury.
				let dust = pool.fee.saturating_sub(rewarded);
				if !dust.is_zero() {
					let _ = T::Currency::transfer(&pot, &treasury, dust, Preservation::Expendable)
						.defensive_proof("the pot holds the epoch's fee; qed");
				}
				(pool.data.saturating_sub(settled.total), Zero::zero())
			},
			_ => (pool.data, pool.fee),
		};

		let carried_to = Self::current_epoch();
		if !carried_data.is_zero() || !carried_fee.is_zero() {
			Pools::<T>::mutate(carried_to, |next| {
				let next = next.get_or_insert_with(Default::default);
				next.data.saturating_accrue(carried_data);
				next.carried_data.saturating_accrue(carried_data);
				next.fee.saturating_accrue(carried_fee);
				next.carried_fee.saturating_accrue(carried_fee);
			});
		}
		let committers = round.committers;
		round.closed = true;
		Rounds::<T>::insert(epoch, round);
		Self::deposit_event(Event::RoundClosed {
			epoch,
			finalised: round.finalised.is_some(),
			rewarded,
			slashed,
			carried_data,
			carried_fee,
			carried_to,
		});
		Ok(committers)
	}

	/// `amount × part / whole`, rounded down.
	fn pro_rata(amount: BalanceOf<T>, part: BalanceOf<T>, whole: BalanceOf<T>) -> BalanceOf<T> {
		if whole.is_zero() {
			return Zero::zero();
		}
		multiply_by_rational_with_rounding(
			amount.saturated_into(),
			part.saturated_into(),
			whole.saturated_into(),
			Rounding::Down,
		)
		.map(SaturatedConversion::saturated_into)
		.unwrap_or_default()
	}

	/// The settlement of `epoch`, if its rewards may be claimed now: its round closed after
	/// the challenge window, and the claim period is not over.
	fn claimable(epoch: EpochIndex) -> Result<SettlementOf<T>, DispatchError> {
		ensure!(Self::current_epoch() < Self::expiry_epoch(epoch), Error::<T>::ClaimPeriodOver);
		let settled = Settlements::<T>::get(epoch).ok_or(Error::<T>::NotFinalised)?;
		ensure!(!settled.expired, Error::<T>::ClaimPeriodOver);
		ensure!(
			Rounds::<T>::get(epoch).is_some_and(|round| round.closed),
			Error::<T>::InChallengeWindow
		);
		Ok(settled)
	}

	/// Verify and pay one claim against `settled`, recording it.
	fn pay_claim(
		epoch: EpochIndex,
		settled: &mut SettlementOf<T>,
		claim: &ClaimOf<T>,
		pot: &T::AccountId,
	) -> Result<(), ClaimSkip> {
		if Claimed::<T>::contains_key(epoch, &claim.account) {
			return Err(ClaimSkip::AlreadyClaimed);
		}
		let proof = &claim.proof;
		if proof.leaf_index >= proof.number_of_leaves
			|| proof.items.len() > T::MaxProofDepth::get() as usize
			|| proof.items.len() > settlement::tree_depth(proof.number_of_leaves) as usize
		{
			return Err(ClaimSkip::MalformedProof);
		}
		let leaf = settlement::leaf(&claim.account, &claim.amount);
		if !settlement::verify_leaf(
			&settled.root,
			&claim.proof.items,
			claim.proof.number_of_leaves,
			claim.proof.leaf_index,
			&leaf,
		) {
			return Err(ClaimSkip::LeafNotInSettlement);
		}
		let claimed = settled
			.claimed
			.checked_add(&claim.amount)
			.filter(|claimed| *claimed <= settled.total)
			.ok_or(ClaimSkip::ExceedsTotal)?;
		if !claim.amount.is_zero() {
			T::Currency::transfer(pot, &claim.account, claim.amount, Preservation::Expendable)
				.map_err(|_| ClaimSkip::PayoutFailed)?;
		}
		Claimed::<T>::insert(epoch, &claim.account, ());
		settled.claimed = claimed;
		Self::deposit_event(Event::Claimed {
			epoch,
			account: claim.account.clone(),
			amount: claim.amount,
		});
		Ok(())
	}

	pub(crate) fn do_claim(epoch: EpochIndex, claim: ClaimOf<T>) -> DispatchResult {
		let mut settled = Self::claimable(epoch)?;
		Self::pay_claim(epoch, &mut settled, &claim, &Self::pot()).map_err(|skip| match skip {
			ClaimSkip::AlreadyClaimed => Error::<T>::AlreadyClaimed,
			ClaimSkip::LeafNotInSettlement => Error::<T>::LeafNotInSettlement,
			ClaimSkip::MalformedProof => Error::<T>::MalformedProof,
			ClaimSkip::ExceedsTotal => Error::<T>::ExceedsTotal,
			ClaimSkip::PayoutFailed => Error::<T>::PayoutFailed,
		})?;
		Settlements::<T>::insert(epoch, settled);
		Ok(())
	}

	pub(crate) fn do_claim_batch(epoch: EpochIndex, claims: ClaimBatchOf<T>) -> DispatchResult {
		ensure!(!claims.is_empty(), Error::<T>::EmptyBatch);
		let mut settled = Self::claimable(epoch)?;
		let before = settled.claimed;
		let pot = Self::pot();
		let mut skipped = ClaimSkipsOf::<T>::default();
		let mut paid = 0u32;
		for (index, claim) in claims.iter().enumerate() {
			match Self::pay_claim(epoch, &mut settled, claim, &pot) {
				Ok(()) => paid.saturating_inc(),
				// The batch bound (at most u16::MAX, checked in `integrity_test`) bounds both.
				Err(reason) => {
					let _ = skipped.try_push((index as u16, reason));
				},
			}
		}
		let amount = settled.claimed.saturating_sub(before);
		Settlements::<T>::insert(epoch, settled);
		Self::deposit_event(Event::ClaimBatchProcessed { epoch, claimed: paid, amount, skipped });
		Ok(())
	}

	/// After `epoch`'s claim period: expire its settlement (once), then remove up to `limit` of
	/// its records.
	pub(crate) fn do_prune_epoch(
		epoch: EpochIndex,
		limit: u32,
	) -> Result<PruneOutcome, DispatchError> {
		ensure!(Self::current_epoch() >= Self::expiry_epoch(epoch), Error::<T>::ClaimPeriodNotOver);
		let round = Rounds::<T>::get(epoch);
		let pool = Pools::<T>::get(epoch);
		ensure!(round.is_some() || pool.is_some(), Error::<T>::NothingToDo);
		ensure!(round.map_or(pool.is_none(), |round| round.closed), Error::<T>::RoundNotClosed);

		if let Some(mut settled) = Settlements::<T>::get(epoch) {
			if !settled.expired {
				let unclaimed = settled.total.saturating_sub(settled.claimed);
				if !unclaimed.is_zero() {
					T::Currency::transfer(
						&Self::pot(),
						&T::TreasuryAccount::get(),
						unclaimed,
						Preservation::Expendable,
					)?;
				}
				settled.expired = true;
				Settlements::<T>::insert(epoch, settled);
				Self::deposit_event(Event::EpochExpired { epoch, unclaimed });
			}
		}

		if limit == 0 {
			return Ok(PruneOutcome { removed: 0, done: false });
		}
		let claims = Claimed::<T>::clear_prefix(epoch, limit, None);
		let mut removed = claims.unique;
		if claims.maybe_cursor.is_some() {
			return Ok(PruneOutcome { removed, done: false });
		}
		if removed >= limit {
			return Ok(PruneOutcome { removed, done: false });
		}
		let models = ModelPools::<T>::clear_prefix(epoch, limit.saturating_sub(removed), None);
		removed.saturating_accrue(models.unique);
		if models.maybe_cursor.is_some() || removed >= limit {
			return Ok(PruneOutcome { removed, done: false });
		}
		let logs = UsageLogs::<T>::clear_prefix(epoch, limit.saturating_sub(removed), None);
		removed.saturating_accrue(logs.unique);
		if logs.maybe_cursor.is_some() || removed >= limit {
			return Ok(PruneOutcome { removed, done: false });
		}
		let counts =
			OperatorLogCount::<T>::clear_prefix(epoch, limit.saturating_sub(removed), None);
		removed.saturating_accrue(counts.unique);
		if counts.maybe_cursor.is_some() || removed >= limit {
			return Ok(PruneOutcome { removed, done: false });
		}
		let reports = ReportUris::<T>::clear_prefix(epoch, limit.saturating_sub(removed), None);
		removed.saturating_accrue(reports.unique);
		if reports.maybe_cursor.is_some() {
			return Ok(PruneOutcome { removed, done: false });
		}
		Rounds::<T>::remove(epoch);
		Pools::<T>::remove(epoch);
		Settlements::<T>::remove(epoch);
		UsageLogCount::<T>::remove(epoch);
		Self::deposit_event(Event::EpochPruned { epoch });
		Ok(PruneOutcome { removed, done: true })
	}

	/// Close due rounds and prune expired epochs, in order, within `remaining` weight.
	pub(crate) fn idle_work(remaining: Weight) -> Weight {
		let db = T::DbWeight::get();
		// Looking at one epoch: its round and pool.
		let look = db.reads(3);
		let close = T::WeightInfo::close_round(T::MaxAttributors::get());
		let mut used = db.reads(2);
		if !remaining.all_gte(used) {
			return Weight::zero();
		}
		let current = Self::current_epoch();

		// Close the rounds whose reveal window ended.
		let mut epoch = NextToClose::<T>::get();
		let start = epoch;
		while epoch < current && remaining.all_gte(used.saturating_add(look).saturating_add(close))
		{
			if Self::now() < Self::round_windows(epoch).close_from {
				break;
			}
			used.saturating_accrue(look);
			let due =
				Rounds::<T>::get(epoch).map_or(Pools::<T>::contains_key(epoch), |r| !r.closed);
			if due {
				// Each step in a layer of its own: a failed one leaves nothing behind.
				match with_storage_layer(|| Self::do_close_round(epoch)) {
					Ok(committers) => {
						used.saturating_accrue(T::WeightInfo::close_round(committers))
					},
					Err(error) => {
						// `due` and the window checked above are all it checks.
						defensive!("on_idle could not close a due round");
						log::error!(
							target: LOG_TARGET,
							"on_idle: closing the round of epoch {epoch} failed: {error:?}",
						);
						used.saturating_accrue(look);
					},
				}
			}
			epoch.saturating_inc();
		}
		if epoch != start {
			NextToClose::<T>::put(epoch);
			used.saturating_accrue(db.writes(1));
		}

		// Prune the epochs whose claim period ended, once their round is closed.
		let mut epoch = NextToPrune::<T>::get();
		let start = epoch;
		let step = T::WeightInfo::prune_epoch(0);
		let per_record = T::WeightInfo::prune_epoch(1).saturating_sub(step);
		while epoch < NextToClose::<T>::get() && Self::expiry_epoch(epoch) <= current {
			let Some(spare) =
				remaining.checked_sub(&used.saturating_add(look).saturating_add(step))
			else {
				break;
			};
			used.saturating_accrue(look);
			if !Rounds::<T>::contains_key(epoch) && !Pools::<T>::contains_key(epoch) {
				epoch.saturating_inc();
				continue;
			}
			let limit = if per_record.ref_time() == 0 {
				u32::MAX
			} else {
				(spare.ref_time() / per_record.ref_time()).min(u32::MAX as u64) as u32
			};
			if limit == 0 {
				break;
			}
			match with_storage_layer(|| Self::do_prune_epoch(epoch, limit)) {
				Ok(outcome) => {
					used.saturating_accrue(T::WeightInfo::prune_epoch(outcome.removed));
					if !outcome.done {
						break;
					}
				},
				// Not prunable (its round is still open): try again later.
				Err(error) => {
					log::debug!(
						target: LOG_TARGET,
						"on_idle: epoch {epoch} not pruned yet: {error:?}",
					);
					break;
				},
			}
			epoch.saturating_inc();
		}
		if epoch != start {
			NextToPrune::<T>::put(epoch);
			used.saturating_accrue(db.writes(1));
		}
		used
	}

	/// The most usage logs one page of [`Self::usage_logs`] returns.
	pub const LOG_PAGE: u32 = 1_000;

	/// Up to `limit` (at most [`Self::LOG_PAGE`]) of the usage logs named in `epoch`, in
	/// settlement order from the `start`-th on. A page reads only its own logs.
	pub fn usage_logs(epoch: EpochIndex, start: u32, limit: u32) -> Vec<UsageLogOf<T>> {
		let end = start
			.saturating_add(limit.min(Self::LOG_PAGE))
			.min(UsageLogCount::<T>::get(epoch));
		(start..end)
			.filter_map(|position| UsageLogs::<T>::get(epoch, position))
			.collect()
	}

	/// The round of `epoch` as the runtime API shows it.
	pub fn round_info(epoch: EpochIndex) -> RoundInfoOf<T> {
		let RoundWindows { commit_from, reveal_from, challenge_from, close_from } =
			Self::round_windows(epoch);
		let stored = Rounds::<T>::get(epoch);
		let round = stored.unwrap_or_default();
		let now = Self::now();
		let phase = if round.closed {
			RoundPhase::Closed
		} else if now < commit_from {
			RoundPhase::EpochRunning
		} else if now < reveal_from {
			RoundPhase::Commit
		} else if now < challenge_from {
			RoundPhase::Reveal
		} else if now < close_from {
			RoundPhase::Challenge
		} else {
			RoundPhase::Closable
		};
		// Before anyone commits, the stake the round will have: the snapshot once the epoch
		// ended, the active stake while it runs.
		let eligible_stake = match stored {
			Some(round) => round.eligible_stake,
			None => Self::stake_at_end(epoch).unwrap_or_else(|| Self::stake_now().active),
		};
		RoundInfo {
			epoch,
			phase,
			commit_from,
			reveal_from,
			challenge_from,
			close_from,
			committers: round.committers,
			committed_bond: round.committed_bond,
			eligible_stake,
			quorum_bond: Self::quorum_bond(eligible_stake),
			finalised: round.finalised.is_some(),
			annulled: round.annulled.is_some(),
		}
	}

	/// The current epoch as the runtime API shows it.
	pub fn epoch_status() -> EpochStatusOf<T> {
		let epoch = Self::current_epoch();
		EpochStatus {
			epoch,
			now: Self::now(),
			starts_at: Self::epoch_start(epoch),
			ends_at: Self::epoch_start(epoch.saturating_add(1)),
		}
	}

	/// `epoch`'s pool per model.
	pub fn model_pools(epoch: EpochIndex) -> Vec<(ModelId, ModelPoolOf<T>)> {
		ModelPools::<T>::iter_prefix(epoch).collect()
	}

	/// What the pot owes: every open round's pool and fee, less what was already claimed of
	/// it, and every finalised total not yet claimed or expired.
	pub fn obligations() -> BalanceOf<T> {
		let mut owed = BalanceOf::<T>::zero();
		for (epoch, pool) in Pools::<T>::iter() {
			let closed = Rounds::<T>::get(epoch).is_some_and(|r| r.closed);
			if !closed {
				let claimed = Settlements::<T>::get(epoch).map(|s| s.claimed).unwrap_or_default();
				owed.saturating_accrue(pool.data.saturating_add(pool.fee).saturating_sub(claimed));
			}
		}
		for (epoch, settled) in Settlements::<T>::iter() {
			let closed = Rounds::<T>::get(epoch).is_some_and(|r| r.closed);
			if closed && !settled.expired {
				owed.saturating_accrue(settled.total.saturating_sub(settled.claimed));
			}
		}
		owed
	}

	/// Checks the usage logs: each epoch's are numbered from 0 without gaps up to its count,
	/// each operator's count is what it named and within the bound, and the epoch will be
	/// pruned (it has a pool or a round). An epoch whose claim period is over may be half
	/// pruned, and only the last of these holds for it.
	fn check_usage_logs() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use alloc::collections::{BTreeMap, BTreeSet};
		let now = Self::current_epoch();
		let whole = |epoch: EpochIndex| now < Self::expiry_epoch(epoch);
		let mut positions = BTreeMap::<EpochIndex, BTreeSet<u32>>::new();
		let mut named = BTreeMap::<(EpochIndex, T::AccountId), u32>::new();
		for (epoch, position, log) in UsageLogs::<T>::iter() {
			ensure!(
				Pools::<T>::contains_key(epoch) || Rounds::<T>::contains_key(epoch),
				"usage logs kept for an epoch that will never be pruned"
			);
			if whole(epoch) {
				positions.entry(epoch).or_default().insert(position);
				*named.entry((epoch, log.operator)).or_default() += 1;
			}
		}
		for (epoch, count) in UsageLogCount::<T>::iter().filter(|(epoch, _)| whole(*epoch)) {
			let kept = positions.remove(&epoch).unwrap_or_default();
			ensure!(
				kept.len() as u32 == count && kept.last().is_none_or(|last| *last + 1 == count),
				"an epoch's usage logs are not numbered 0 to its count"
			);
		}
		ensure!(positions.is_empty(), "usage logs kept beyond their epoch's count");
		for (epoch, operator, count) in OperatorLogCount::<T>::iter() {
			ensure!(count <= T::MaxLogsPerOperator::get(), "an operator named too many logs");
			if whole(epoch) {
				ensure!(
					named.remove(&(epoch, operator)) == Some(count),
					"an operator's log count is not the logs it named"
				);
			}
		}
		ensure!(named.is_empty(), "usage logs not counted for their operator");
		Ok(())
	}

	/// Checks the pallet's invariants: the pot covers what open pools and unclaimed settlements
	/// owe, holds match attributor records, claimed amounts stay within totals.
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use polkadot_sdk::sp_runtime::TryRuntimeError;
		let pot = T::Currency::balance(&Self::pot());
		ensure!(
			pot >= Self::obligations(),
			TryRuntimeError::Other("the attribution pot does not cover its pools and claims")
		);
		Self::check_usage_logs()?;
		for (epoch, settled) in Settlements::<T>::iter() {
			ensure!(
				settled.claimed <= settled.total,
				TryRuntimeError::Other("an epoch paid more claims than its total")
			);
			let pool = Pools::<T>::get(epoch).unwrap_or_default();
			ensure!(
				settled.total <= pool.data,
				TryRuntimeError::Other("a settlement's total is above its pool")
			);
		}
		let reason = HoldReason::AttributorBond.into();
		let mut open_rounds = alloc::collections::BTreeMap::<T::AccountId, usize>::new();
		for (_, committer, _) in Commitments::<T>::iter() {
			*open_rounds.entry(committer).or_default() += 1;
		}
		let mut count = 0u32;
		let ledger = Self::stake_now();
		let (mut active, mut warming) = (BalanceOf::<T>::zero(), BalanceOf::<T>::zero());
		for (who, attributor) in Attributors::<T>::iter() {
			count.saturating_inc();
			if attributor.unbonding_at.is_none() {
				if attributor.active_from <= ledger.epoch {
					active.saturating_accrue(attributor.bond);
				} else {
					warming.saturating_accrue(attributor.bond);
				}
			}
			ensure!(
				T::Currency::balance_on_hold(&reason, &who) == attributor.bond,
				TryRuntimeError::Other("an attributor's held bond differs from its record")
			);
			let open = open_rounds.get(&who).copied().unwrap_or_default();
			ensure!(
				open == attributor.open_rounds as usize,
				TryRuntimeError::Other("an attributor's open rounds differ from its commitments")
			);
		}
		ensure!(
			count == Attributors::<T>::count(),
			TryRuntimeError::Other("the attributor count differs from the records")
		);
		ensure!(
			(active, warming) == (ledger.active, ledger.warming),
			TryRuntimeError::Other("the stake ledger differs from the bonds of the attributors")
		);
		for (epoch, round) in Rounds::<T>::iter() {
			ensure!(
				round.committed_bond <= round.eligible_stake,
				TryRuntimeError::Other("a round's committed bond is above its eligible stake")
			);
			ensure!(
				round.finalised.is_none() || round.finalised != round.annulled,
				TryRuntimeError::Other("a round is finalised with its annulled result")
			);
			ensure!(
				round.finalised.is_some() == Settlements::<T>::contains_key(epoch),
				TryRuntimeError::Other("a round's result and its settlement disagree")
			);
			let committed = Commitments::<T>::iter_prefix(epoch).count();
			let expected = if round.closed { 0 } else { round.committers as usize };
			ensure!(
				committed == expected,
				TryRuntimeError::Other("a round's commitments differ from its count")
			);
		}
		Ok(())
	}
}

impl<T: Config> UsageSink<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn pot() -> T::AccountId {
		Pallet::<T>::pot()
	}

	fn on_log(
		log: UsageLogRecord<T::AccountId, BalanceOf<T>, Vec<u8>>,
	) -> Result<(), DispatchError> {
		let epoch = Self::current_epoch();
		let uri = BoundedVec::try_from(log.uri).map_err(|_| Error::<T>::LogUriTooLong)?;
		let record = UsageLogRecord {
			operator: log.operator,
			hash: log.hash,
			uri,
			receipts: log.receipts,
			root: log.root,
			fee: log.fee,
			data: log.data,
		};
		OperatorLogCount::<T>::try_mutate(epoch, &record.operator, |named| {
			ensure!(*named < T::MaxLogsPerOperator::get(), Error::<T>::TooManyLogs);
			*named += 1;
			Ok::<_, Error<T>>(())
		})?;
		let position = UsageLogCount::<T>::mutate(epoch, |count| {
			let position = *count;
			*count = count.saturating_add(1);
			position
		});
		UsageLogs::<T>::insert(epoch, position, record);
		// The epoch's records are pruned through its pool: make sure it has one, even when
		// the logged receipts charged nothing.
		Pools::<T>::mutate(epoch, |pool| {
			pool.get_or_insert_with(Default::default);
		});
		Ok(())
	}

	fn on_usage(
		model: ModelId,
		paid: BalanceOf<T>,
		data_share: BalanceOf<T>,
		attribution_fee: BalanceOf<T>,
	) {
		let epoch = Self::current_epoch();
		Pools::<T>::mutate(epoch, |pool| {
			let pool = pool.get_or_insert_with(Default::default);
			pool.data.saturating_accrue(data_share);
			pool.fee.saturating_accrue(attribution_fee);
		});
		ModelPools::<T>::mutate(epoch, model, |pool| {
			let pool = pool.get_or_insert_with(Default::default);
			pool.paid.saturating_accrue(paid);
			pool.data.saturating_accrue(data_share);
			pool.fee.saturating_accrue(attribution_fee);
		});
	}
}
