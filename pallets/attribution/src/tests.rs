//! Unit tests of the attribution pallet.

use crate::{mock::*, Error, Event, *};
use openledger_primitives::{EpochIndex, UsageLogRecord, UsageSink};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		traits::{
			fungible::{Inspect, InspectHold},
			Get,
		},
	},
	sp_runtime::{DispatchError, Perbill, TokenError},
};

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Attribution(HoldReason::AttributorBond), &who)
}

fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

/// Register attributors `(who, bond)` whose bonds settle the current epoch's round already, as
/// the attributors a chain starts with (the warm-up has its own tests).
fn register(attributors: &[(AccountId, Balance)]) {
	for (who, bond) in attributors {
		assert_ok!(Attribution::do_register_active(*who, *bond));
	}
}

/// Close `epoch`'s round at the first block it may close.
fn close(epoch: EpochIndex) {
	run_to(Attribution::round_windows(epoch).close_from.max(System::block_number()));
	assert_ok!(Attribution::close_round(signed(9), epoch));
}

/// Commit `who` to `leaves` for epoch 0 (salt = who), at the current block.
fn commit(who: AccountId, leaves: &Leaves) {
	assert_ok!(Attribution::commit(signed(who), 0, commitment_of(who, 0, leaves, who as u8)));
}

fn reveal(
	who: AccountId,
	leaves: &Leaves,
) -> polkadot_sdk::frame_support::dispatch::DispatchResult {
	Attribution::reveal(signed(who), 0, leaves.root, leaves.total, REPORT, [who as u8; 32])
}

/// Epoch 0 had `data` and `fee` from model 7; attributors 1, 2, 3 with `bonds` commit to
/// `results[i]` and reveal them when `Some`.
fn round(bonds: [Balance; 3], data: Balance, fee: Balance, results: [Option<&Leaves>; 3]) {
	register(&[(1, bonds[0]), (2, bonds[1]), (3, bonds[2])]);
	usage(7, data, fee);
	run_to(10);
	for (i, leaves) in results.iter().enumerate() {
		commit(i as u64 + 1, leaves.unwrap_or(results[0].unwrap()));
	}
	run_to(13);
	for (i, leaves) in results.iter().enumerate() {
		if let Some(leaves) = leaves {
			assert_ok!(reveal(i as u64 + 1, leaves));
		}
	}
}

/// `round`, then closed: its rewards are claimable.
fn closed_round(bonds: [Balance; 3], data: Balance, fee: Balance, results: [Option<&Leaves>; 3]) {
	round(bonds, data, fee, results);
	close(0);
}

fn honest() -> Leaves {
	Leaves::new(&[(4, 600), (5, 300), (6, 50)])
}

fn other() -> Leaves {
	Leaves::new(&[(7, 950)])
}

#[test]
fn register_holds_the_bond() {
	build_and_execute(|| {
		assert_ok!(Attribution::register_attributor(signed(1), 500));
		System::assert_last_event(
			Event::AttributorRegistered { attributor: 1, bond: 500, active_from: 1 }.into(),
		);
		assert_eq!(held(1), 500);
		assert_eq!(
			Attributors::<Test>::get(1),
			Some(Attributor {
				bond: 500,
				open_rounds: 0,
				unbonding_at: None,
				active_from: 1,
				strikes: 0
			})
		);
		assert_eq!(
			Stake::<Test>::get(),
			StakeLedger { epoch: 0, active: 0, warming: 500, ended: 0 }
		);
		assert_noop!(
			Attribution::register_attributor(signed(1), 500),
			Error::<Test>::AlreadyAttributor
		);
		assert_noop!(
			Attribution::register_attributor(signed(2), MIN_BOND - 1),
			Error::<Test>::BondTooLow
		);
		assert_noop!(
			Attribution::register_attributor(signed(2), ENDOWMENT * 2),
			TokenError::FundsUnavailable
		);
		register(&[(2, 100), (3, 100), (4, 100)]);
		assert_noop!(
			Attribution::register_attributor(signed(5), 100),
			Error::<Test>::CommitteeFull
		);
	});
}

#[test]
fn unbonding_waits_for_the_delay_and_open_rounds() {
	build_and_execute(|| {
		assert_noop!(Attribution::unregister(signed(1)), Error::<Test>::NotAttributor);
		assert_noop!(Attribution::withdraw_bond(signed(1)), Error::<Test>::NotAttributor);
		register(&[(1, 500)]);
		usage(7, 1000, 100);
		assert_noop!(Attribution::withdraw_bond(signed(1)), Error::<Test>::NotUnbonding);
		run_to(10);
		commit(1, &honest());
		assert_ok!(Attribution::unregister(signed(1)));
		System::assert_last_event(
			Event::AttributorUnbonding { attributor: 1, withdrawable_at: 15 }.into(),
		);
		assert_noop!(Attribution::unregister(signed(1)), Error::<Test>::Unbonding);
		assert_noop!(Attribution::withdraw_bond(signed(1)), Error::<Test>::StillUnbonding);
		// An unbonding attributor takes part in no new round.
		assert_noop!(Attribution::commit(signed(1), 1, [0; 32]), Error::<Test>::Unbonding);
		run_to(15);
		assert_noop!(Attribution::withdraw_bond(signed(1)), Error::<Test>::RoundsOpen);
		assert_ok!(reveal(1, &honest()));
		close(0);
		let before = free(1);
		assert_ok!(Attribution::withdraw_bond(signed(1)));
		System::assert_last_event(Event::BondWithdrawn { attributor: 1, amount: 500 }.into());
		assert_eq!(held(1), 0);
		// It agreed alone, so it also got the whole fee.
		assert_eq!(free(1), before + 500);
		assert!(!Attributors::<Test>::contains_key(1));
		assert_eq!(Attributors::<Test>::count(), 0);
	});
}

#[test]
fn commits_only_in_the_commit_window() {
	build_and_execute(|| {
		register(&[(1, 500), (2, 500)]);
		let c = commitment_of(1, 0, &honest(), 1);
		assert_noop!(Attribution::commit(signed(3), 0, c), Error::<Test>::NotAttributor);
		// Epoch 0 is still running.
		run_to(9);
		assert_noop!(Attribution::commit(signed(1), 0, c), Error::<Test>::CommitWindowNotOpen);
		run_to(10);
		assert_ok!(Attribution::commit(signed(1), 0, c));
		System::assert_last_event(
			Event::Committed { epoch: 0, attributor: 1, commitment: c }.into(),
		);
		assert_noop!(Attribution::commit(signed(1), 0, c), Error::<Test>::AlreadyCommitted);
		assert_eq!(
			Rounds::<Test>::get(0),
			Some(Round {
				committers: 1,
				committed_bond: 500,
				eligible_stake: 1000,
				finalised: None,
				annulled: None,
				closed: false
			})
		);
		assert_eq!(Attributors::<Test>::get(1).unwrap().open_rounds, 1);
		run_to(13);
		assert_noop!(Attribution::commit(signed(2), 0, c), Error::<Test>::CommitWindowOver);
	});
}

#[test]
fn reveals_only_in_the_reveal_window_and_only_what_was_committed() {
	build_and_execute(|| {
		register(&[(1, 500), (2, 500)]);
		usage(7, 1000, 100);
		run_to(10);
		commit(1, &honest());
		// Attributor 2 copies 1's commitment.
		let copied = commitment_of(1, 0, &honest(), 1);
		assert_ok!(Attribution::commit(signed(2), 0, copied));
		assert_noop!(reveal(1, &honest()), Error::<Test>::RevealWindowNotOpen);
		run_to(13);
		assert_noop!(reveal(3, &honest()), Error::<Test>::NoCommitment);
		// Wrong salt.
		assert_noop!(
			Attribution::reveal(signed(1), 0, honest().root, honest().total, REPORT, [9; 32]),
			Error::<Test>::CommitmentMismatch
		);
		assert_ok!(reveal(1, &honest()));
		System::assert_has_event(
			Event::Revealed {
				epoch: 0,
				attributor: 1,
				root: honest().root,
				total: 950,
				report: REPORT,
			}
			.into(),
		);
		assert_noop!(reveal(1, &honest()), Error::<Test>::AlreadyRevealed);
		// The copier knows everything 1 revealed, salt included, and still cannot reveal it.
		assert_noop!(
			Attribution::reveal(signed(2), 0, honest().root, honest().total, REPORT, [1; 32]),
			Error::<Test>::CommitmentMismatch
		);
		run_to(16);
		assert_noop!(reveal(2, &honest()), Error::<Test>::RevealWindowOver);
	});
}

#[test]
fn a_total_above_the_pool_cannot_be_revealed() {
	build_and_execute(|| {
		register(&[(1, 500)]);
		usage(7, 949, 100);
		run_to(10);
		commit(1, &honest());
		run_to(13);
		assert_noop!(reveal(1, &honest()), Error::<Test>::TotalAbovePool);
	});
}

#[test]
fn quorum_at_the_boundary() {
	build_and_execute(|| {
		// Committed bond 600: the quorum is two thirds, 400.
		register(&[(1, 200), (2, 199), (3, 201)]);
		usage(7, 1000, 100);
		run_to(10);
		for who in 1..=3 {
			commit(who, &honest());
		}
		assert_eq!(Attribution::round_info(0).quorum_bond, 400);
		run_to(13);
		assert_ok!(reveal(1, &honest()));
		assert_ok!(reveal(2, &honest()));
		// 399 of 600: one short.
		assert_eq!(Tallies::<Test>::get(0, settlement_key(&honest())).map(|t| t.bond), Some(399));
		assert!(Settlements::<Test>::get(0).is_none());
		assert_eq!(Attribution::round_info(0).phase, RoundPhase::Reveal);
		assert_ok!(reveal(3, &honest()));
		System::assert_last_event(
			Event::RoundFinalised {
				epoch: 0,
				root: honest().root,
				total: 950,
				report: REPORT,
				backing_bond: 600,
			}
			.into(),
		);
		assert!(Attribution::round_info(0).finalised);
	});
}

#[test]
fn quorum_exactly_reached_finalises() {
	build_and_execute(|| {
		round([100, 100, 100], 1000, 100, [Some(&honest()), Some(&honest()), None]);
		// 200 of 300 is exactly two thirds.
		let settled = Settlements::<Test>::get(0).unwrap();
		assert_eq!((settled.root, settled.total, settled.claimed), (honest().root, 950, 0));
		assert_eq!(settled.finalised_at, 13);
	});
}

fn settlement_key(leaves: &Leaves) -> openledger_primitives::Hash256 {
	openledger_primitives::settlement::result_key(&leaves.root, &leaves.total, &REPORT)
}

#[test]
fn close_slashes_dissent_pays_agreement_and_carries_the_rest() {
	build_and_execute(|| {
		round([100, 200, 300], 1000, 100, [Some(&honest()), Some(&honest()), Some(&other())]);
		// 300 of 600 for each result: no quorum yet; the third result never comes.
		assert!(Settlements::<Test>::get(0).is_none());
		let _ = other;
	});
	build_and_execute(|| {
		// 1 and 2 agree (300 of 400 ≥ quorum), 3 reveals another result, 4 never reveals.
		register(&[(1, 100), (2, 200), (3, 100), (4, 1000)]);
		usage(7, 700, 60);
		usage(8, 300, 40);
		run_to(10);
		let (agreed, dissent) = (honest(), other());
		for who in 1..=3 {
			commit(who, if who == 3 { &dissent } else { &agreed });
		}
		commit(4, &agreed);
		run_to(13);
		assert_ok!(reveal(1, &honest()));
		assert_ok!(reveal(3, &other()));
		assert_ok!(reveal(2, &honest()));
		// 300 of 1,400: not yet.
		assert!(Settlements::<Test>::get(0).is_none());
		run_to(17);
		assert_noop!(Attribution::close_round(signed(9), 0), Error::<Test>::RoundStillOpen);
		run_to(18);
		let treasury = free(TREASURY);
		let (one, two) = (free(1), free(2));
		assert_ok!(Attribution::close_round(signed(9), 0));
		// No quorum: the revealers keep their bonds, the silent 4 loses 10%.
		assert_eq!(held(4), 900);
		assert_eq!((held(1), held(2), held(3)), (100, 200, 100));
		assert_eq!(free(TREASURY), treasury + 100);
		assert_eq!((free(1), free(2)), (one, two));
		System::assert_last_event(
			Event::RoundClosed {
				epoch: 0,
				finalised: false,
				rewarded: 0,
				slashed: 100,
				carried_data: 1000,
				carried_fee: 100,
				carried_to: 1,
			}
			.into(),
		);
		assert_eq!(
			Pools::<Test>::get(1),
			Some(EpochPool { data: 1000, fee: 100, carried_data: 1000, carried_fee: 100 })
		);
		assert_noop!(Attribution::close_round(signed(9), 0), Error::<Test>::RoundAlreadyClosed);
		assert_eq!(Attributors::<Test>::get(4).unwrap().open_rounds, 0);
		assert_eq!(Commitments::<Test>::iter_prefix(0).count(), 0);
		assert_eq!(Tallies::<Test>::iter_prefix(0).count(), 0);
	});
}

#[test]
fn close_of_a_finalised_round() {
	build_and_execute(|| {
		// 1 (100) and 2 (200) agree, 3 (100) reveals another result: 300 of 400 finalises.
		round([100, 200, 100], 1000, 100, [Some(&honest()), Some(&honest()), Some(&other())]);
		assert!(Settlements::<Test>::get(0).is_some());
		run_to(18);
		let (treasury, one, two) = (free(TREASURY), free(1), free(2));
		assert_ok!(Attribution::close_round(signed(9), 0));
		// The dissenter loses 10% of 100.
		assert_eq!(held(3), 90);
		assert_eq!(Attributors::<Test>::get(3).unwrap().bond, 90);
		// The fee of 100 pro rata 100:200 is 33 and 66; the dust of 1 goes to the treasury.
		assert_eq!((free(1), free(2)), (one + 33, two + 66));
		assert_eq!(free(TREASURY), treasury + 10 + 1);
		System::assert_has_event(
			Event::AttributorSlashed { epoch: 0, attributor: 3, amount: 10, strikes: 1 }.into(),
		);
		System::assert_has_event(
			Event::AttributorRewarded { epoch: 0, attributor: 2, amount: 66 }.into(),
		);
		// The pool was 1,000 and the settlement distributes 950: 50 carries to epoch 1.
		System::assert_last_event(
			Event::RoundClosed {
				epoch: 0,
				finalised: true,
				rewarded: 99,
				slashed: 10,
				carried_data: 50,
				carried_fee: 0,
				carried_to: 1,
			}
			.into(),
		);
		assert_eq!(Pools::<Test>::get(1).unwrap().data, 50);
		// The pot holds the ED, the unclaimed 950 and epoch 1's 50.
		assert_eq!(free(Attribution::pot()), ED + 950 + 50);
		assert_eq!(Attribution::obligations(), 1000);
	});
}

#[test]
fn an_empty_epoch_has_nothing_to_close() {
	build_and_execute(|| {
		run_to(18);
		assert_noop!(Attribution::close_round(signed(9), 0), Error::<Test>::NothingToDo);
		// A pool nobody settled still closes, and carries on.
		usage(7, 10, 1);
		run_to(28);
		assert_ok!(Attribution::close_round(signed(9), 1));
		assert_eq!(Pools::<Test>::get(2).unwrap().data, 10);
	});
}

#[test]
fn a_bond_slashed_below_the_minimum_commits_no_more() {
	build_and_execute(|| {
		closed_round([100, 100, 100], 1000, 100, [Some(&honest()), Some(&honest()), None]);
		assert_eq!(held(3), 90);
		usage(7, 10, 1);
		run_to(20);
		assert_noop!(Attribution::commit(signed(3), 1, [0; 32]), Error::<Test>::BondTooLow);
	});
}

#[test]
fn claims_pay_once() {
	build_and_execute(|| {
		let leaves = honest();
		round([100, 100, 100], 1000, 100, [Some(&leaves), Some(&leaves), Some(&leaves)]);
		let c = leaves.claim(1);
		// Final only once the round closes, after the challenge window.
		run_to(17);
		assert_noop!(
			Attribution::claim(signed(9), 0, c.account, c.amount, c.proof.clone()),
			Error::<Test>::InChallengeWindow
		);
		close(0);
		let before = free(5);
		// Anyone may claim for the account.
		assert_ok!(Attribution::claim(signed(9), 0, c.account, c.amount, c.proof.clone()));
		System::assert_last_event(Event::Claimed { epoch: 0, account: 5, amount: 300 }.into());
		assert_eq!(free(5), before + 300);
		assert!(Claimed::<Test>::contains_key(0, 5));
		assert_eq!(Settlements::<Test>::get(0).unwrap().claimed, 300);
		assert_noop!(
			Attribution::claim(signed(5), 0, c.account, c.amount, c.proof.clone()),
			Error::<Test>::AlreadyClaimed
		);
		// Another amount for the same account is not its leaf.
		assert_noop!(
			Attribution::claim(signed(5), 0, 5, 301, c.proof.clone()),
			Error::<Test>::AlreadyClaimed
		);
		let c4 = leaves.claim(0);
		assert_noop!(
			Attribution::claim(signed(4), 0, 4, 601, c4.proof.clone()),
			Error::<Test>::LeafNotInSettlement
		);
		let mut outside = c4.proof.clone();
		outside.leaf_index = outside.number_of_leaves;
		assert_noop!(
			Attribution::claim(signed(4), 0, 4, 600, outside),
			Error::<Test>::MalformedProof
		);
		let mut too_deep = c4.proof.clone();
		too_deep.items.extend([[0; 32]; 2]);
		assert_noop!(
			Attribution::claim(signed(4), 0, 4, 600, too_deep),
			Error::<Test>::MalformedProof
		);
		// Past the chain's bound (here with a tree so large its depth would allow it).
		let mut past_bound = c4.proof.clone();
		past_bound.number_of_leaves = u32::MAX;
		past_bound.items =
			vec![[0; 32]; <<Test as Config>::MaxProofDepth as Get<u32>>::get() as usize + 1];
		assert_noop!(
			Attribution::claim(signed(4), 0, 4, 600, past_bound),
			Error::<Test>::MalformedProof
		);
		assert_noop!(
			Attribution::claim(signed(4), 1, 4, 600, c4.proof.clone()),
			Error::<Test>::NotFinalised
		);
	});
}

#[test]
fn a_proof_for_another_epoch_does_not_pay() {
	build_and_execute(|| {
		closed_round(
			[100, 100, 100],
			1000,
			100,
			[Some(&honest()), Some(&honest()), Some(&honest())],
		);
		// Epoch 1 settles other leaves; a proof of epoch 0 is no proof for it.
		usage(7, 2000, 0);
		let epoch1 = Leaves::new(&[(4, 1), (6, 1999)]);
		run_to(20);
		for who in 1..=3u64 {
			let (root, total) = (epoch1.root, epoch1.total);
			let c = openledger_primitives::settlement::commitment(
				&who, 1, &root, &total, &REPORT, &[0; 32],
			);
			assert_ok!(Attribution::commit(signed(who), 1, c));
		}
		run_to(23);
		for who in 1..=3u64 {
			assert_ok!(Attribution::reveal(
				signed(who),
				1,
				epoch1.root,
				epoch1.total,
				REPORT,
				[0; 32]
			));
		}
		close(1);
		let c = honest().claim(0);
		assert_noop!(
			Attribution::claim(signed(4), 1, c.account, c.amount, c.proof.clone()),
			Error::<Test>::LeafNotInSettlement
		);
		assert_ok!(Attribution::claim(signed(4), 0, c.account, c.amount, c.proof));
		let c = epoch1.claim(0);
		assert_ok!(Attribution::claim(signed(4), 1, c.account, c.amount, c.proof));
	});
}

#[test]
fn claims_never_exceed_the_total() {
	build_and_execute(|| {
		// A settlement whose leaves sum to more than the total it names.
		let inflated = Leaves::new(&[(4, 600), (5, 600)]);
		let lying = Leaves { leaves: inflated.leaves.clone(), root: inflated.root, total: 700 };
		closed_round([100, 100, 100], 1000, 100, [Some(&lying), Some(&lying), Some(&lying)]);
		let c = lying.claim(0);
		assert_ok!(Attribution::claim(signed(4), 0, c.account, c.amount, c.proof));
		let c = lying.claim(1);
		assert_noop!(
			Attribution::claim(signed(5), 0, c.account, c.amount, c.proof),
			Error::<Test>::ExceedsTotal
		);
	});
}

#[test]
fn a_payout_below_the_existential_deposit_fails_cleanly() {
	build_and_execute(|| {
		// Account 40 does not exist; 5 is below the ED.
		let leaves = Leaves::new(&[(40, 5), (4, 900)]);
		closed_round([100, 100, 100], 1000, 100, [Some(&leaves), Some(&leaves), Some(&leaves)]);
		let c = leaves.claim(0);
		assert_noop!(
			Attribution::claim(signed(4), 0, c.account, c.amount, c.proof),
			Error::<Test>::PayoutFailed
		);
	});
}

#[test]
fn claim_batch_pays_the_valid_and_reports_the_rest() {
	build_and_execute(|| {
		let leaves = honest();
		closed_round([100, 100, 100], 1000, 100, [Some(&leaves), Some(&leaves), Some(&leaves)]);
		assert_noop!(
			Attribution::claim_batch(signed(9), 0, Default::default()),
			Error::<Test>::EmptyBatch
		);
		let max = <<Test as Config>::MaxClaimBatch as Get<u32>>::get() as usize;
		assert_noop!(
			Attribution::claim_batch(signed(9), 0, vec![leaves.claim(0); max + 1]),
			Error::<Test>::BatchTooLarge
		);
		let mut forged = leaves.claim(2);
		forged.amount = 51;
		let batch = vec![leaves.claim(0), leaves.claim(0), forged, leaves.claim(2)];
		let (four, six) = (free(4), free(6));
		assert_ok!(Attribution::claim_batch(signed(9), 0, batch));
		System::assert_last_event(
			Event::ClaimBatchProcessed {
				epoch: 0,
				claimed: 2,
				amount: 650,
				skipped: vec![(1, ClaimSkip::AlreadyClaimed), (2, ClaimSkip::LeafNotInSettlement)]
					.try_into()
					.unwrap(),
			}
			.into(),
		);
		assert_eq!((free(4), free(6)), (four + 600, six + 50));
		assert_eq!(Settlements::<Test>::get(0).unwrap().claimed, 650);
		assert_noop!(
			Attribution::claim_batch(signed(9), 1, vec![leaves.claim(1)]),
			Error::<Test>::NotFinalised
		);
	});
}

#[test]
fn expiry_sends_the_unclaimed_rest_to_the_treasury_and_prunes() {
	build_and_execute(|| {
		let leaves = honest();
		closed_round([100, 100, 100], 1000, 100, [Some(&leaves), Some(&leaves), Some(&leaves)]);
		let c = leaves.claim(0);
		assert_ok!(Attribution::claim(signed(4), 0, c.account, c.amount, c.proof));
		assert_noop!(Attribution::prune_epoch(signed(9), 0, 10), Error::<Test>::ClaimPeriodNotOver);
		// Epoch 0's rewards are claimable until epoch 3 starts (block 30).
		run_to(29);
		assert_noop!(Attribution::prune_epoch(signed(9), 0, 10), Error::<Test>::ClaimPeriodNotOver);
		run_to(30);
		let c = leaves.claim(1);
		assert_noop!(
			Attribution::claim(signed(5), 0, c.account, c.amount, c.proof),
			Error::<Test>::ClaimPeriodOver
		);
		let treasury = free(TREASURY);
		// A step with no room removes nothing, but expires the settlement once.
		assert_ok!(Attribution::prune_epoch(signed(9), 0, 0));
		System::assert_last_event(Event::EpochExpired { epoch: 0, unclaimed: 350 }.into());
		assert_eq!(free(TREASURY), treasury + 350);
		assert!(Claimed::<Test>::contains_key(0, 4));
		assert!(Settlements::<Test>::get(0).unwrap().expired);
		assert!(Rounds::<Test>::contains_key(0));
		assert_eq!(ModelPools::<Test>::iter_prefix(0).count(), 1);
		assert_ok!(Attribution::prune_epoch(signed(9), 0, 10));
		assert!(!Claimed::<Test>::contains_key(0, 4));
		System::assert_last_event(Event::EpochPruned { epoch: 0 }.into());
		assert_eq!(free(TREASURY), treasury + 350);
		assert!(!Rounds::<Test>::contains_key(0));
		assert!(!Pools::<Test>::contains_key(0));
		assert!(!Settlements::<Test>::contains_key(0));
		assert_eq!(ModelPools::<Test>::iter_prefix(0).count(), 0);
		assert_noop!(Attribution::prune_epoch(signed(9), 0, 1), Error::<Test>::NothingToDo);
		// Epoch 1 received the undistributed 50; its round was never closed.
		run_to(40);
		assert_noop!(Attribution::prune_epoch(signed(9), 1, 10), Error::<Test>::RoundNotClosed);
	});
}

#[test]
fn idle_time_closes_rounds_and_prunes_expired_epochs() {
	build_and_execute(|| {
		let leaves = honest();
		register(&[(1, 100), (2, 100), (3, 100)]);
		usage(7, 1000, 90);
		run_to_with_idle(10);
		for who in 1..=3 {
			commit(who, &leaves);
		}
		run_to_with_idle(13);
		for who in 1..=2 {
			assert_ok!(reveal(who, &leaves));
		}
		run_to_with_idle(17);
		assert!(!Rounds::<Test>::get(0).unwrap().closed);
		run_to_with_idle(18);
		assert!(Rounds::<Test>::get(0).unwrap().closed);
		assert_eq!(held(3), 90);
		assert_eq!(NextToClose::<Test>::get(), 1);
		let c = leaves.claim(0);
		assert_ok!(Attribution::claim(signed(4), 0, c.account, c.amount, c.proof));
		let treasury = free(TREASURY);
		run_to_with_idle(30);
		assert!(events().contains(&Event::EpochPruned { epoch: 0 }));
		assert_eq!(free(TREASURY), treasury + 350);
		assert!(!Rounds::<Test>::contains_key(0));
		// Epoch 1 received the undistributed 50 and was closed without a round in block 28.
		assert_eq!(NextToClose::<Test>::get(), 2);
		assert_eq!(Pools::<Test>::get(2).unwrap().data, 50);
		assert_eq!(NextToPrune::<Test>::get(), 1);
	});
}

#[test]
fn usage_is_accounted_per_epoch_and_model() {
	build_and_execute(|| {
		usage(7, 100, 10);
		usage(8, 50, 5);
		usage(7, 1, 1);
		run_to(10);
		usage(8, 3, 0);
		assert_eq!(
			Pools::<Test>::get(0),
			Some(EpochPool { data: 151, fee: 16, carried_data: 0, carried_fee: 0 })
		);
		assert_eq!(
			Attribution::model_pools(0),
			vec![
				(7, ModelPool { paid: 1_010, data: 101, fee: 11 }),
				(8, ModelPool { paid: 500, data: 50, fee: 5 })
			]
		);
		assert_eq!(Attribution::model_pools(1), vec![(8, ModelPool { paid: 30, data: 3, fee: 0 })]);
		assert_eq!(Attribution::obligations(), 170);
	});
}

#[test]
fn round_info_follows_the_phases() {
	build_and_execute(|| {
		let phase = || Attribution::round_info(0).phase;
		assert_eq!(phase(), RoundPhase::EpochRunning);
		let info = Attribution::round_info(0);
		assert_eq!(
			(info.commit_from, info.reveal_from, info.challenge_from, info.close_from),
			(10, 13, 16, 18)
		);
		run_to(10);
		assert_eq!(phase(), RoundPhase::Commit);
		run_to(13);
		assert_eq!(phase(), RoundPhase::Reveal);
		run_to(16);
		assert_eq!(phase(), RoundPhase::Challenge);
		run_to(18);
		assert_eq!(phase(), RoundPhase::Closable);
		let status = Attribution::epoch_status();
		assert_eq!((status.epoch, status.starts_at, status.ends_at), (1, 10, 20));
	});
}

#[test]
fn schedules_must_fit_an_epoch() {
	let valid = |epoch_length, commit_window, reveal_window, challenge_window| {
		Attribution::is_valid_schedule(&RoundSchedule {
			epoch_length,
			commit_window,
			reveal_window,
			challenge_window,
		})
	};
	// The challenge window may reach into the epoch after next.
	assert!(valid(10, 5, 5, 20));
	assert!(!valid(10, 6, 5, 1));
	assert!(!valid(0, 0, 0, 0));
	assert!(!valid(10, 0, 5, 1));
	assert!(!valid(10, 5, 0, 1));
	assert!(!valid(10, 5, 5, 0));
}

#[test]
fn integrity() {
	use polkadot_sdk::frame_support::traits::Hooks;
	new_test_ext().execute_with(|| {
		Attribution::integrity_test();
	});
	// A quorum of one half lets two results finalise, or half the stake decide alone.
	Quorum::set(Perbill::from_percent(50));
	let half = std::panic::catch_unwind(|| {
		new_test_ext().execute_with(Attribution::integrity_test);
	});
	Quorum::set(Perbill::from_rational(2u32, 3u32));
	assert!(half.is_err(), "a quorum of one half is refused");
}

#[test]
fn genesis_registers_attributors_and_sets_the_schedule() {
	use polkadot_sdk::{pallet_balances, sp_runtime::BuildStorage};
	let mut storage = polkadot_sdk::frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.unwrap();
	pallet_balances::GenesisConfig::<Test> {
		// The pot holds nothing: the pallet endows it.
		balances: vec![(1, ENDOWMENT)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	crate::GenesisConfig::<Test> {
		epoch_length: 20,
		commit_window: 5,
		reveal_window: 5,
		challenge_window: 3,
		attributors: vec![(1, 500)],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	polkadot_sdk::sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(Schedule::<Test>::get().epoch_length, 20);
		assert_eq!(held(1), 500);
		assert_eq!(Attributors::<Test>::get(1).unwrap().bond, 500);
		// Attributors the chain starts with settle epoch 0 already.
		assert_eq!(Attributors::<Test>::get(1).unwrap().active_from, 0);
		assert_eq!(Stake::<Test>::get().active, 500);
		assert_eq!(free(Attribution::pot()), ED);
		Attribution::do_try_state().unwrap();
	});
}

#[test]
#[should_panic(expected = "attribution schedule")]
fn genesis_refuses_windows_longer_than_an_epoch() {
	use polkadot_sdk::sp_runtime::BuildStorage;
	let mut storage = polkadot_sdk::frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.unwrap();
	crate::GenesisConfig::<Test> {
		epoch_length: 10,
		commit_window: 6,
		reveal_window: 5,
		challenge_window: 1,
		attributors: vec![],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
}

#[test]
fn a_fresh_attributor_settles_from_the_next_epoch_on() {
	build_and_execute(|| {
		register(&[(1, 300)]);
		usage(7, 1000, 100);
		// 2 bonds more than everyone else just before the epoch ends, to take its pool alone.
		run_to(9);
		assert_ok!(Attribution::register_attributor(signed(2), 1000));
		run_to(10);
		assert_noop!(
			Attribution::commit(signed(2), 0, commitment_of(2, 0, &other(), 2)),
			Error::<Test>::WarmingUp
		);
		// Its bond is not part of the round either: 1 alone is all the stake there was.
		commit(1, &honest());
		assert_eq!(Attribution::round_info(0).eligible_stake, 300);
		run_to(13);
		assert_ok!(reveal(1, &honest()));
		assert!(Attribution::round_info(0).finalised);
		// From epoch 1 on, 2 settles, and the quorum counts its bond.
		assert_eq!(Attributors::<Test>::get(2).unwrap().active_from, 1);
		usage(7, 10, 1);
		run_to(20);
		assert_eq!(Attribution::round_info(1).eligible_stake, 1300);
		assert_ok!(Attribution::commit(signed(2), 1, commitment_of(2, 1, &other(), 2)));
	});
}

#[test]
fn the_quorum_is_of_all_active_stake_not_of_the_committed() {
	build_and_execute(|| {
		// 1 and 2 stay silent: 3 alone is all of the committed bond but a third of the stake.
		register(&[(1, 100), (2, 100), (3, 100)]);
		usage(7, 1000, 100);
		run_to(10);
		commit(3, &other());
		run_to(13);
		assert_ok!(reveal(3, &other()));
		let info = Attribution::round_info(0);
		assert_eq!((info.committed_bond, info.eligible_stake, info.quorum_bond), (100, 300, 200));
		assert!(!info.finalised);
		let three = free(3);
		close(0);
		// Nothing finalised, nothing paid: the pool waits for the next round.
		assert_eq!(free(3), three);
		assert_eq!(Pools::<Test>::get(1).unwrap().carried_data, 1000);
	});
}

#[test]
fn an_unbonding_bond_leaves_the_quorum() {
	build_and_execute(|| {
		register(&[(1, 100), (2, 100), (3, 100)]);
		usage(7, 1000, 100);
		assert_ok!(Attribution::unregister(signed(3)));
		assert_eq!(Stake::<Test>::get().active, 200);
		run_to(10);
		assert_noop!(
			Attribution::commit(signed(3), 0, commitment_of(3, 0, &honest(), 3)),
			Error::<Test>::Unbonding
		);
		commit(1, &honest());
		commit(2, &honest());
		assert_eq!(Attribution::round_info(0).quorum_bond, 134);
		run_to(13);
		assert_ok!(reveal(1, &honest()));
		assert!(!Attribution::round_info(0).finalised);
		assert_ok!(reveal(2, &honest()));
		assert!(Attribution::round_info(0).finalised);
	});
}

#[test]
fn the_dispute_origin_annuls_a_result_within_the_challenge_window() {
	build_and_execute(|| {
		// 1 and 2 hold two thirds and finalise a bogus result; 3 reveals the honest one.
		round([100, 100, 100], 1000, 100, [Some(&other()), Some(&other()), Some(&honest())]);
		assert!(Settlements::<Test>::contains_key(0));
		assert_noop!(Attribution::annul(signed(9), 0), DispatchError::BadOrigin);
		run_to(16);
		assert_ok!(Attribution::annul(RuntimeOrigin::root(), 0));
		System::assert_last_event(
			Event::SettlementAnnulled { epoch: 0, root: other().root, total: 950, report: REPORT }
				.into(),
		);
		assert_noop!(Attribution::annul(RuntimeOrigin::root(), 0), Error::<Test>::NotFinalised);
		// The annulled result cannot be picked again.
		assert_noop!(
			Attribution::resolve(RuntimeOrigin::root(), 0, settlement_key(&other())),
			Error::<Test>::ResultAnnulled
		);
		let c = other().claim(0);
		let (treasury, three) = (free(TREASURY), free(3));
		close(0);
		assert_noop!(
			Attribution::claim(signed(7), 0, c.account, c.amount, c.proof),
			Error::<Test>::NotFinalised
		);
		// Those who revealed it lose 10%; 3 keeps its bond; pool and fee carry on.
		assert_eq!((held(1), held(2), held(3)), (90, 90, 100));
		assert_eq!(free(3), three);
		assert_eq!(free(TREASURY), treasury + 20);
		assert_eq!(
			Pools::<Test>::get(1),
			Some(EpochPool { data: 1000, fee: 100, carried_data: 1000, carried_fee: 100 })
		);
		assert_noop!(Attribution::annul(RuntimeOrigin::root(), 0), Error::<Test>::NotFinalised);
	});
}

#[test]
fn annulling_ends_with_the_challenge_window() {
	build_and_execute(|| {
		round([100, 100, 100], 1000, 100, [Some(&honest()), Some(&honest()), None]);
		run_to(18);
		assert_noop!(
			Attribution::annul(RuntimeOrigin::root(), 0),
			Error::<Test>::ChallengeWindowOver
		);
	});
}

#[test]
fn a_blocked_round_is_resolved_and_the_blockers_pay() {
	build_and_execute(|| {
		// 3 holds half the stake and reveals a bogus result: no result reaches two thirds.
		register(&[(1, 100), (2, 100), (3, 200)]);
		usage(7, 1000, 100);
		run_to(10);
		commit(1, &honest());
		commit(2, &honest());
		commit(3, &other());
		run_to(13);
		for (who, leaves) in [(1, honest()), (2, honest()), (3, other())] {
			assert_ok!(reveal(who, &leaves));
		}
		assert!(!Attribution::round_info(0).finalised);
		assert_noop!(
			Attribution::resolve(RuntimeOrigin::root(), 0, settlement_key(&honest())),
			Error::<Test>::RevealsStillOpen
		);
		run_to(16);
		assert_noop!(
			Attribution::resolve(signed(1), 0, settlement_key(&honest())),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Attribution::resolve(RuntimeOrigin::root(), 0, [0; 32]),
			Error::<Test>::UnknownResult
		);
		assert_ok!(Attribution::resolve(RuntimeOrigin::root(), 0, settlement_key(&honest())));
		System::assert_last_event(
			Event::RoundResolved {
				epoch: 0,
				root: honest().root,
				total: 950,
				report: REPORT,
				backing_bond: 200,
			}
			.into(),
		);
		assert_noop!(
			Attribution::resolve(RuntimeOrigin::root(), 0, settlement_key(&other())),
			Error::<Test>::AlreadyFinalised
		);
		let (one, two) = (free(1), free(2));
		close(0);
		assert_eq!(held(3), 180);
		assert_eq!((free(1), free(2)), (one + 50, two + 50));
		let c = honest().claim(0);
		assert_ok!(Attribution::claim(signed(4), 0, c.account, c.amount, c.proof));
		assert_noop!(
			Attribution::resolve(RuntimeOrigin::root(), 0, settlement_key(&honest())),
			Error::<Test>::ChallengeWindowOver
		);
	});
}

#[test]
fn losing_again_costs_twice_as_much() {
	build_and_execute(|| {
		register(&[(1, 1000), (2, 1000), (3, 1000)]);
		for epoch in 0..3u32 {
			usage(7, 1000, 90);
			let start = u64::from(epoch) * 10 + 10;
			run_to(start);
			for who in 1..=3u64 {
				let leaves = if who == 3 && epoch < 2 { other() } else { honest() };
				let c = commitment_of(who, epoch, &leaves, who as u8);
				assert_ok!(Attribution::commit(signed(who), epoch, c));
			}
			run_to(start + 3);
			for who in 1..=3u64 {
				let leaves = if who == 3 && epoch < 2 { other() } else { honest() };
				assert_ok!(Attribution::reveal(
					signed(who),
					epoch,
					leaves.root,
					leaves.total,
					REPORT,
					[who as u8; 32]
				));
			}
			close(epoch);
		}
		// 10% of 1,000, then 20% of 900; agreeing in epoch 2 clears the strikes.
		assert!(events().contains(&Event::AttributorSlashed {
			epoch: 0,
			attributor: 3,
			amount: 100,
			strikes: 1
		}));
		assert!(events().contains(&Event::AttributorSlashed {
			epoch: 1,
			attributor: 3,
			amount: 180,
			strikes: 2
		}));
		assert_eq!(held(3), 720);
		assert_eq!(Attributors::<Test>::get(3).unwrap().strikes, 0);
		assert_eq!(Stake::<Test>::get().active, 2720);
	});
}

#[test]
fn the_slash_share_doubles_per_strike_up_to_the_whole_bond() {
	let share = |strikes| Attribution::slash_share(strikes);
	assert_eq!(share(0), Perbill::from_percent(10));
	assert_eq!(share(1), Perbill::from_percent(20));
	assert_eq!(share(3), Perbill::from_percent(80));
	assert_eq!(share(4), Perbill::one());
	assert_eq!(share(u32::MAX), Perbill::one());
}

/// `operator` names a usage log of `receipts` receipts, as metering does after a settlement.
fn log(operator: AccountId, uri: &[u8], receipts: u32) -> Result<(), DispatchError> {
	<Attribution as UsageSink<AccountId, Balance>>::on_log(UsageLogRecord {
		operator,
		hash: [receipts as u8; 32],
		uri: uri.to_vec(),
		receipts,
		root: [7; 32],
		fee: 100,
		data: 30,
	})
}

#[test]
fn usage_logs_are_kept_per_epoch_and_operator_within_bounds() {
	build_and_execute(|| {
		assert_ok!(log(1, b"file:///logs/1.json", 1));
		assert_ok!(log(2, b"https://op2/1.json", 2));
		assert_ok!(log(1, b"ipfs://bafy1", 3));
		// An operator's list is bounded (two in the mock); others still have room.
		assert_noop!(log(1, b"ipfs://bafy2", 4), Error::<Test>::TooManyLogs);
		assert_noop!(log(3, &[b'x'; 65], 1), Error::<Test>::LogUriTooLong);
		assert_ok!(log(3, b"file:///logs/3.json", 5));
		let logs = Attribution::usage_logs(0, 0, 10);
		assert_eq!(logs.len(), 4);
		let ones: Vec<u32> = logs.iter().filter(|l| l.operator == 1).map(|l| l.receipts).collect();
		assert_eq!(ones, vec![1, 3], "an operator's logs keep their order");
		let first = logs.iter().find(|l| l.operator == 2).unwrap();
		assert_eq!(
			(first.uri.to_vec(), first.fee, first.data),
			(b"https://op2/1.json".to_vec(), 100, 30)
		);
		// Pages follow each other without overlap.
		let paged: Vec<_> = (0..4).flat_map(|i| Attribution::usage_logs(0, i, 1)).collect();
		assert_eq!(paged, logs);
		assert!(Attribution::usage_logs(0, 4, 10).is_empty());
		// A log gives its epoch a pool, so the epoch is closed and pruned like any other.
		assert_eq!(Pools::<Test>::get(0), Some(Default::default()));
		// The next epoch starts a new list.
		run_to(10);
		assert_ok!(log(1, b"ipfs://bafy3", 6));
		assert_eq!(Attribution::usage_logs(1, 0, 10).len(), 1);
		assert_eq!(Attribution::usage_logs(0, 0, 10).len(), 4);
	});
}

#[test]
fn usage_logs_are_pruned_with_their_epoch() {
	build_and_execute(|| {
		usage(7, 1000, 90);
		assert_ok!(log(1, b"file:///logs/1.json", 1));
		assert_ok!(log(2, b"file:///logs/2.json", 1));
		run_to_with_idle(29);
		run_to(30);
		assert!(Rounds::<Test>::get(0).is_some_and(|r| r.closed));
		assert_eq!(UsageLogs::<Test>::iter_prefix(0).count(), 2);
		assert_ok!(Attribution::prune_epoch(signed(9), 0, 10));
		System::assert_last_event(Event::EpochPruned { epoch: 0 }.into());
		assert_eq!(UsageLogs::<Test>::iter_prefix(0).count(), 0);
		assert_eq!(OperatorLogCount::<Test>::iter_prefix(0).count(), 0);
		assert!(!UsageLogCount::<Test>::contains_key(0));
		assert!(Attribution::usage_logs(0, 0, 10).is_empty());
	});
}

#[test]
fn root_sets_the_engine_parameters() {
	build_and_execute(|| {
		assert_eq!(EngineParameters::<Test>::get(), EngineParams::default());
		assert_noop!(
			Attribution::set_engine_params(signed(1), 12, 3, 1, 0),
			DispatchError::BadOrigin
		);
		let set = |min_words, max_docs, tokenizer, base_share| {
			Attribution::set_engine_params(
				RuntimeOrigin::root(),
				min_words,
				max_docs,
				tokenizer,
				base_share,
			)
		};
		assert_noop!(set(0, 3, 1, 0), Error::<Test>::InvalidEngineParams);
		assert_noop!(set(257, 3, 1, 0), Error::<Test>::InvalidEngineParams);
		assert_noop!(set(12, 0, 1, 0), Error::<Test>::InvalidEngineParams);
		assert_noop!(set(12, 3, 0, 0), Error::<Test>::InvalidEngineParams);
		assert_noop!(set(12, 3, 1, 1_000_000_001), Error::<Test>::ShareAboveWhole);
		assert_ok!(set(12, 3, 1, 250_000_000));
		let params = EngineParams {
			min_words: 12,
			max_docs: 3,
			tokenizer: 1,
			base_share: Perbill::from_percent(25),
		};
		System::assert_last_event(Event::EngineParamsSet { params }.into());
		assert_eq!(EngineParameters::<Test>::get(), params);
	});
}

#[test]
fn committed_attributors_name_their_reports_until_the_round_closes() {
	build_and_execute(|| {
		register(&[(1, 100), (2, 100), (3, 100)]);
		usage(7, 1000, 90);
		run_to(10);
		let name =
			|who: AccountId, uri: &[u8]| Attribution::name_report(signed(who), 0, uri.to_vec());
		assert_noop!(name(1, b"http://127.0.0.1:9955/reports/0.json"), Error::<Test>::NoCommitment);
		commit(1, &honest());
		assert_noop!(name(1, b"ftp://host/report"), Error::<Test>::UnsupportedReportUri);
		assert_noop!(
			name(1, &[b"http://".as_slice(), &[b'r'; 64]].concat()),
			Error::<Test>::ReportUriTooLong
		);
		assert_ok!(name(1, b"http://127.0.0.1:9955/reports/0.json"));
		System::assert_last_event(
			Event::ReportNamed {
				epoch: 0,
				attributor: 1,
				uri: b"http://127.0.0.1:9955/reports/0.json".to_vec().try_into().unwrap(),
			}
			.into(),
		);
		// Naming again replaces the URI.
		assert_ok!(name(1, b"ipfs://bafyreport"));
		assert_eq!(
			ReportUris::<Test>::iter_prefix(0).collect::<Vec<_>>(),
			vec![(1, b"ipfs://bafyreport".to_vec().try_into().unwrap())]
		);
		// Someone else's commitment does not let an account name a report.
		assert_noop!(name(2, b"ipfs://bafyother"), Error::<Test>::NoCommitment);
		// Once the round closed, the URI stays until the epoch is pruned, and no new one is named.
		close(0);
		assert_noop!(name(1, b"ipfs://bafylate"), Error::<Test>::NoCommitment);
		assert_eq!(ReportUris::<Test>::iter_prefix(0).count(), 1);
		run_to(Attribution::epoch_start(Attribution::expiry_epoch(0)));
		assert_ok!(Attribution::prune_epoch(signed(9), 0, 10));
		System::assert_last_event(Event::EpochPruned { epoch: 0 }.into());
		assert_eq!(ReportUris::<Test>::iter_prefix(0).count(), 0);
	});
}

/// Writes `logs` in version 1's layout: one list per epoch and operator.
fn v1_logs(logs: &[(EpochIndex, u64, u32)]) {
	use crate::migrations::v2::v1;
	use polkadot_sdk::frame_support::BoundedVec;
	for (epoch, operator, receipts) in logs {
		let log = UsageLogRecord {
			operator: *operator,
			hash: [*receipts as u8; 32],
			uri: BoundedVec::truncate_from(b"file:///log.json".to_vec()),
			receipts: *receipts,
			root: [1; 32],
			fee: 10,
			data: 3,
		};
		v1::UsageLogs::<Test>::mutate(epoch, operator, |list| {
			list.get_or_insert_with(Default::default).try_push(log).unwrap()
		});
		Pools::<Test>::insert(epoch, EpochPoolOf::<Test>::default());
	}
}

#[test]
fn the_v2_migration_numbers_usage_logs_in_the_order_v1_listed_them() {
	use crate::migrations::v2::{v1, MigrateV1ToV2, UncheckedMigrateV1ToV2};
	use polkadot_sdk::frame_support::traits::{
		GetStorageVersion, OnRuntimeUpgrade, StorageVersion,
	};
	build_and_execute(|| {
		StorageVersion::new(1).put::<Attribution>();
		v1_logs(&[(0, 1, 1), (0, 2, 2), (0, 1, 3), (0, 3, 4), (5, 2, 5)]);
		// What version 1 listed, read the way its runtime API read it.
		let old_order = |epoch| -> Vec<u32> {
			v1::UsageLogs::<Test>::iter_prefix_values(epoch)
				.flat_map(|logs| logs.into_inner())
				.map(|log| log.receipts)
				.collect()
		};
		let (before_0, before_5) = (old_order(0), old_order(5));
		assert_eq!(before_0.len(), 4);
		let listing = UncheckedMigrateV1ToV2::<Test>::listing_before();

		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Attribution::on_chain_storage_version(), StorageVersion::new(2));
		let receipts = |epoch| -> Vec<u32> {
			Attribution::usage_logs(epoch, 0, 10).iter().map(|log| log.receipts).collect()
		};
		assert_eq!((receipts(0), receipts(5)), (before_0, before_5));
		assert_eq!((UsageLogCount::<Test>::get(0), UsageLogCount::<Test>::get(5)), (4, 1));
		assert_eq!(OperatorLogCount::<Test>::get(0, 1), 2);
		assert_ok!(UncheckedMigrateV1ToV2::<Test>::check_after(listing));
		Attribution::do_try_state().unwrap();
		// The bound still holds per operator: operator 1 named two, the mock's most.
		assert_noop!(log(1, b"ipfs://bafy", 9), Error::<Test>::TooManyLogs);
		assert_ok!(log(4, b"ipfs://bafy", 9));
		assert_eq!(receipts(0).last(), Some(&9), "new logs follow in settlement order");

		// Run again, it finds version 2 and changes nothing.
		let root = polkadot_sdk::sp_io::storage::root(polkadot_sdk::sp_runtime::StateVersion::V1);
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(
			polkadot_sdk::sp_io::storage::root(polkadot_sdk::sp_runtime::StateVersion::V1),
			root
		);
	});
}

#[test]
fn the_invariants_catch_usage_logs_out_of_step_with_their_counts() {
	build_and_execute(|| {
		assert_ok!(log(1, b"file:///logs/1.json", 1));
		assert_ok!(log(2, b"file:///logs/2.json", 2));
		Attribution::do_try_state().unwrap();
		UsageLogCount::<Test>::insert(0, 3);
		assert!(Attribution::do_try_state().is_err());
		UsageLogCount::<Test>::insert(0, 2);
		OperatorLogCount::<Test>::insert(0, 1, 2);
		assert!(Attribution::do_try_state().is_err());
		OperatorLogCount::<Test>::insert(0, 1, 1);
		Attribution::do_try_state().unwrap();
	});
}

#[test]
fn a_round_s_calls_go_before_normal_traffic() {
	use polkadot_sdk::frame_support::dispatch::{DispatchClass, GetDispatchInfo};
	let zero = [0u8; 32];
	let round: [RuntimeCall; 4] = [
		Call::commit { epoch: 0, commitment: zero }.into(),
		Call::reveal { epoch: 0, root: zero, total: 0, report: zero, salt: zero }.into(),
		Call::name_report { epoch: 0, uri: b"file:///r.json".to_vec() }.into(),
		Call::close_round { epoch: 0 }.into(),
	];
	for call in round {
		assert_eq!(call.get_dispatch_info().class, DispatchClass::Operational, "{call:?}");
	}
	let register: RuntimeCall = Call::register_attributor { bond: 1 }.into();
	assert_eq!(register.get_dispatch_info().class, DispatchClass::Normal);
}
