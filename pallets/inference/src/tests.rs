//! Unit tests of the metering pallet.

use crate::{mock::*, pallet::*, types::*};
use codec::Encode;
use openledger_primitives::ModelTerms;
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		traits::fungible::{Inspect, InspectHold},
	},
	sp_core::{Pair, H256},
	sp_keyring::Sr25519Keyring,
	sp_runtime::{DispatchError, MultiSignature, Perbill, TokenError},
};

type E = Error<Test>;

fn free(who: &AccountId) -> Balance {
	Balances::balance(who)
}

fn escrow_held(who: &AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::Escrow.into(), who)
}

fn payload(
	consumer: &Sr25519Keyring,
	model: u32,
	operator: AccountId,
	tokens: (u64, u64, u64),
	amount: Balance,
	nonce: u64,
) -> ReceiptPayloadOf<Test> {
	ReceiptPayload {
		consumer: consumer.to_account_id(),
		model,
		operator,
		input_tokens: tokens.0,
		output_tokens: tokens.1,
		requests: tokens.2,
		amount,
		nonce,
	}
}

/// The message a consumer signs, built here independently of the pallet.
fn message(payload: &ReceiptPayloadOf<Test>) -> Vec<u8> {
	let genesis = System::block_hash(0);
	(b"openledger:usage-receipt:v1".as_slice(), genesis, payload).encode()
}

fn signed_by(signer: &Sr25519Keyring, payload: ReceiptPayloadOf<Test>) -> ReceiptOf<Test> {
	let signature = MultiSignature::Sr25519(signer.pair().sign(&message(&payload)));
	Receipt { payload, signature }
}

fn signed(
	consumer: &Sr25519Keyring,
	model: u32,
	tokens: (u64, u64, u64),
	amount: Balance,
	nonce: u64,
) -> ReceiptOf<Test> {
	signed_by(consumer, payload(consumer, model, eve(), tokens, amount, nonce))
}

fn batch(receipts: Vec<ReceiptOf<Test>>) -> ReceiptBatchOf<Test> {
	receipts.try_into().expect("batch fits")
}

fn settle(receipts: Vec<ReceiptOf<Test>>) -> BatchTotals<Balance> {
	assert_ok!(Inference::settle(RuntimeOrigin::signed(eve()), batch(receipts)));
	match System::events().last().map(|r| r.event.clone()) {
		Some(RuntimeEvent::Inference(Event::BatchSettled { totals, .. })) => totals,
		other => panic!("expected BatchSettled, got {other:?}"),
	}
}

fn last_skipped() -> Vec<(u16, SkipReason)> {
	match System::events().last().map(|r| r.event.clone()) {
		Some(RuntimeEvent::Inference(Event::BatchSettled { skipped, .. })) => skipped.into_inner(),
		other => panic!("expected BatchSettled, got {other:?}"),
	}
}

fn terms(
	owner: AccountId,
	base_owner: Option<AccountId>,
	share: u32,
) -> ModelTerms<AccountId, Balance> {
	ModelTerms {
		owner,
		base_owner,
		price_per_1k_input: 1,
		price_per_1k_output: 1,
		data_share_ppb: Perbill::from_percent(share).deconstruct(),
	}
}

fn sum(s: &FeeShares<Balance>) -> Balance {
	s.treasury + s.attribution + s.data + s.base_model + s.owner
}

// --- the fee split ------------------------------------------------------------------------------

#[test]
fn split_of_a_base_model_fee() {
	run_test(|| {
		let s = Inference::split_fee(1_000, &terms(dave(), None, 20), &Inference::fee_split());
		assert_eq!(
			s,
			FeeShares { treasury: 50, attribution: 50, data: 200, base_model: 0, owner: 700 }
		);
	});
}

#[test]
fn split_of_an_adapter_fee() {
	run_test(|| {
		let s = Inference::split_fee(
			1_000,
			&terms(charlie(), Some(dave()), 30),
			&Inference::fee_split(),
		);
		assert_eq!(
			s,
			FeeShares { treasury: 50, attribution: 50, data: 300, base_model: 100, owner: 500 }
		);
	});
}

#[test]
fn split_always_sums_to_the_fee_and_dust_goes_to_the_treasury() {
	run_test(|| {
		let split = Inference::fee_split();
		for t in
			[terms(dave(), None, 20), terms(charlie(), Some(dave()), 33), terms(dave(), None, 100)]
		{
			for fee in [0, 1, 7, 19, 999, 1_000_003, u64::MAX as u128, u128::MAX / 3, u128::MAX] {
				let s = Inference::split_fee(fee, &t, &split);
				assert_eq!(sum(&s), fee, "fee {fee}");
				// The treasury gets its 5% (floored) plus at most one unit of dust per other part.
				let own = Perbill::from_percent(5).mul_floor(fee);
				assert!(s.treasury >= own && s.treasury <= own + 4, "fee {fee}: {s:?}");
			}
		}
		// Seven units of fee: 5% attribution floors to 0, 20% data to 1, 70% owner to 4; the
		// treasury's own 5% floors to 0 and it takes the 2 units of dust.
		let s = Inference::split_fee(7, &terms(dave(), None, 20), &split);
		assert_eq!(s, FeeShares { treasury: 2, attribution: 0, data: 1, base_model: 0, owner: 4 });
	});
}

#[test]
fn a_data_share_promise_is_capped_by_what_the_other_shares_leave() {
	run_test(|| {
		let s = Inference::split_fee(
			1_000,
			&terms(charlie(), Some(dave()), 100),
			&Inference::fee_split(),
		);
		assert_eq!(
			s,
			FeeShares { treasury: 50, attribution: 50, data: 800, base_model: 100, owner: 0 }
		);
	});
}

#[test]
fn governance_sets_the_fee_split() {
	run_test(|| {
		let split = FeeSplit {
			treasury: Perbill::from_percent(10),
			attribution: Perbill::from_percent(10),
			base_model: Perbill::from_percent(20),
		};
		assert_noop!(
			Inference::set_fee_split(RuntimeOrigin::signed(alice()), split),
			DispatchError::BadOrigin
		);
		assert_ok!(Inference::set_fee_split(RuntimeOrigin::root(), split));
		System::assert_last_event(Event::FeeSplitSet { split }.into());
		assert_eq!(Inference::fee_split(), split);
		let greedy = FeeSplit { treasury: Perbill::from_percent(91), ..split };
		assert_noop!(Inference::set_fee_split(RuntimeOrigin::root(), greedy), E::InvalidFeeSplit);
	});
}

// --- direct payment -----------------------------------------------------------------------------

#[test]
fn pay_for_inference_splits_the_fee_at_once() {
	run_test(|| {
		// Adapter: 1,500 input tokens at 1,000/1k + 500 output at 2,000/1k = 2,500.
		let (alice_before, treasury_before, pot_before) =
			(free(&alice()), free(&treasury()), free(&pot()));
		let (charlie_before, dave_before) = (free(&charlie()), free(&dave()));
		assert_ok!(Inference::pay_for_inference(
			RuntimeOrigin::signed(alice()),
			1,
			1_500,
			500,
			2_500
		));
		let shares =
			FeeShares { treasury: 125, attribution: 125, data: 750, base_model: 250, owner: 1_250 };
		System::assert_last_event(
			Event::InferencePaid {
				consumer: alice(),
				model: 1,
				input_tokens: 1_500,
				output_tokens: 500,
				fee: 2_500,
				shares,
			}
			.into(),
		);
		assert_eq!(free(&alice()), alice_before - 2_500);
		assert_eq!(free(&treasury()), treasury_before + 125);
		assert_eq!(free(&pot()), pot_before + 750 + 125);
		assert_eq!(free(&charlie()), charlie_before + 1_250);
		assert_eq!(free(&dave()), dave_before + 250);
		assert_eq!(MockSink::usage(), vec![(1, 750, 125)]);
		assert_eq!(Inference::quote(1, 1_500, 500), Some(2_500));
	});
}

#[test]
fn pay_for_inference_fails_cleanly() {
	run_test(|| {
		let pay = |who: AccountId, model, max| {
			Inference::pay_for_inference(RuntimeOrigin::signed(who), model, 1_000, 0, max)
		};
		assert_noop!(pay(alice(), 2, 10_000), E::ModelNotUsable);
		assert_noop!(pay(alice(), 9, 10_000), E::ModelNotUsable);
		assert_noop!(pay(alice(), 0, 999), E::FeeAboveMax);
		let pauper = Sr25519Keyring::Ferdie.to_account_id();
		assert_noop!(pay(pauper, 0, 10_000), TokenError::FundsUnavailable);
		assert_eq!(Inference::quote(2, 1, 1), None);
	});
}

// --- escrow -------------------------------------------------------------------------------------

#[test]
fn escrow_deposit_withdrawal_request_and_withdrawal() {
	run_test(|| {
		assert_ok!(Inference::deposit(RuntimeOrigin::signed(alice()), 10_000));
		System::assert_last_event(Event::Deposited { consumer: alice(), amount: 10_000 }.into());
		assert_eq!(escrow_held(&alice()), 10_000);
		assert_ok!(Inference::deposit(RuntimeOrigin::signed(alice()), 5_000));
		assert_eq!(Inference::escrow(&alice()).unwrap().held, 15_000);

		assert_ok!(Inference::request_withdrawal(RuntimeOrigin::signed(alice()), 15_000));
		System::assert_last_event(
			Event::WithdrawalRequested {
				consumer: alice(),
				amount: 15_000,
				unlock_at: 1 + UNLOCK_DELAY,
			}
			.into(),
		);
		assert_noop!(Inference::withdraw(RuntimeOrigin::signed(alice())), E::StillLocked);
		System::set_block_number(1 + UNLOCK_DELAY);
		let before = free(&alice());
		assert_ok!(Inference::withdraw(RuntimeOrigin::signed(alice())));
		System::assert_last_event(Event::Withdrawn { consumer: alice(), amount: 15_000 }.into());
		assert_eq!(free(&alice()), before + 15_000);
		assert_eq!(escrow_held(&alice()), 0);
		assert!(Inference::escrow(&alice()).is_none(), "nothing held, nothing unlocking");
		assert!(Withdrawals::<Test>::get(alice()).is_none(), "the request is gone");
	});
}

#[test]
fn escrow_calls_fail_cleanly() {
	run_test(|| {
		let alice_o = || RuntimeOrigin::signed(alice());
		assert_noop!(Inference::deposit(alice_o(), 0), E::ZeroAmount);
		let pauper = Sr25519Keyring::Ferdie.to_account_id();
		assert_noop!(
			Inference::deposit(RuntimeOrigin::signed(pauper), 100),
			TokenError::FundsUnavailable
		);
		assert_noop!(Inference::request_withdrawal(alice_o(), 1), E::NoEscrow);
		assert_noop!(Inference::withdraw(alice_o()), E::NoEscrow);
		assert_ok!(Inference::deposit(alice_o(), 100));
		assert_noop!(Inference::request_withdrawal(alice_o(), 0), E::ZeroAmount);
		assert_noop!(Inference::request_withdrawal(alice_o(), 101), E::InsufficientEscrow);
		assert_noop!(Inference::withdraw(alice_o()), E::NothingUnlocking);
		assert_ok!(Inference::request_withdrawal(alice_o(), 60));
		assert_noop!(Inference::request_withdrawal(alice_o(), 41), E::InsufficientEscrow);
	});
}

// --- receipts -----------------------------------------------------------------------------------

#[test]
fn the_signed_message_is_domain_tagged_and_bound_to_the_chain() {
	run_test(|| {
		System::set_block_number(0);
		let genesis = H256::repeat_byte(7);
		polkadot_sdk::frame_system::BlockHash::<Test>::insert(0, genesis);
		let p = payload(&Sr25519Keyring::Alice, 0, eve(), (1, 1, 1), 5, 1);
		// The tag is a SCALE byte string: its compact length (27 × 4 = 108), then its bytes.
		let tag = [vec![108u8], b"openledger:usage-receipt:v1".to_vec()].concat();
		let expected = [tag, genesis.encode(), p.encode()].concat();
		assert_eq!(Inference::receipt_message(&p), expected);
	});
}

#[test]
fn settle_charges_the_increase_and_splits_it_once_per_destination() {
	run_test(|| {
		assert_ok!(Inference::deposit(RuntimeOrigin::signed(alice()), 100_000));
		assert_ok!(Inference::deposit(RuntimeOrigin::signed(bob()), 100_000));
		let before = [alice(), bob(), charlie(), dave(), treasury(), pot()].map(|a| free(&a));

		// Many inferences, three receipts: Alice's channel on model 0 twice (cumulative), Bob's on
		// the adapter once.
		let totals = settle(vec![
			signed(&Sr25519Keyring::Alice, 0, (1_000, 500, 10), 2_000, 1),
			signed(&Sr25519Keyring::Bob, 1, (3_000, 0, 30), 3_000, 1),
			signed(&Sr25519Keyring::Alice, 0, (4_000, 1_000, 40), 6_000, 2),
		]);
		assert_eq!(
			totals,
			BatchTotals { amount: 9_000, input_tokens: 7_000, output_tokens: 1_000, requests: 70 }
		);
		// Alice paid 6,000 (model 0: 300 treasury, 300 attribution, 1,200 data, 4,200 Dave);
		// Bob paid 3,000 (adapter: 150, 150, 900 data, 300 to Dave as base owner, 1,500 Charlie).
		assert_eq!(escrow_held(&alice()), 94_000);
		assert_eq!(escrow_held(&bob()), 97_000);
		assert_eq!(free(&alice()), before[0]);
		assert_eq!(free(&charlie()), before[2] + 1_500);
		assert_eq!(free(&dave()), before[3] + 4_200 + 300);
		assert_eq!(free(&treasury()), before[4] + 450);
		assert_eq!(free(&pot()), before[5] + 1_200 + 300 + 900 + 150);
		assert_eq!(MockSink::usage(), vec![(0, 1_200, 300), (1, 900, 150)]);
		let shares = match System::events().last().unwrap().event.clone() {
			RuntimeEvent::Inference(Event::BatchSettled { shares, settled, .. }) => {
				assert_eq!(settled, 3);
				shares
			},
			_ => unreachable!(),
		};
		assert_eq!(sum(&shares), 9_000);
		assert_eq!(
			Channels::<Test>::get((alice(), 0, eve())),
			Some(ChannelState {
				input_tokens: 4_000,
				output_tokens: 1_000,
				requests: 40,
				amount: 6_000,
				nonce: 2
			})
		);
	});
}

#[test]
fn replayed_and_reordered_receipts_are_skipped() {
	run_test(|| {
		assert_ok!(Inference::deposit(RuntimeOrigin::signed(alice()), 100_000));
		let r1 = signed(&Sr25519Keyring::Alice, 0, (100, 0, 1), 100, 1);
		let r2 = signed(&Sr25519Keyring::Alice, 0, (300, 0, 3), 300, 2);
		// The later receipt first: it settles; the earlier one is then stale.
		settle(vec![r2.clone(), r1.clone()]);
		assert_eq!(last_skipped(), vec![(1, SkipReason::StaleNonce)]);
		assert_eq!(escrow_held(&alice()), 100_000 - 300);
		// A replay of a settled receipt charges nothing.
		let totals = settle(vec![r2]);
		assert_eq!(last_skipped(), vec![(0, SkipReason::StaleNonce)]);
		assert_eq!(totals.amount, 0);
		assert_eq!(escrow_held(&alice()), 100_000 - 300);
	});
}

#[test]
fn every_skip_reason_is_reported_and_the_rest_settles() {
	run_test(|| {
		assert_ok!(Inference::deposit(RuntimeOrigin::signed(alice()), 1_000));
		assert_ok!(Inference::deposit(RuntimeOrigin::signed(bob()), 1_000));
		settle(vec![signed(&Sr25519Keyring::Bob, 0, (10, 10, 1), 100, 1)]);
		MockModels::update(0, |m| m.operators.push(charlie()));

		let good = signed(&Sr25519Keyring::Alice, 0, (10, 0, 1), 400, 1);
		let wrong_operator = signed_by(
			&Sr25519Keyring::Alice,
			payload(&Sr25519Keyring::Alice, 1, charlie(), (1, 0, 1), 1, 1),
		);
		let not_usable = signed(&Sr25519Keyring::Alice, 2, (1, 0, 1), 1, 1);
		let forged = signed_by(
			&Sr25519Keyring::Bob,
			payload(&Sr25519Keyring::Alice, 1, eve(), (1, 0, 1), 1, 1),
		);
		let decreased = signed(&Sr25519Keyring::Bob, 0, (5, 20, 2), 200, 2);
		let too_much = signed(&Sr25519Keyring::Bob, 1, (1, 0, 1), 1_001, 1);
		let stale = signed(&Sr25519Keyring::Bob, 0, (10, 10, 1), 100, 1);
		let unknown_model = signed(&Sr25519Keyring::Alice, 9, (1, 0, 1), 1, 1);
		let totals = settle(vec![
			wrong_operator,
			good,
			not_usable,
			forged,
			decreased,
			too_much,
			stale,
			unknown_model,
		]);
		assert_eq!(
			last_skipped(),
			vec![
				(0, SkipReason::WrongOperator),
				(2, SkipReason::ModelNotUsable),
				(3, SkipReason::BadSignature),
				(4, SkipReason::CountersDecreased),
				(5, SkipReason::InsufficientEscrow),
				(6, SkipReason::StaleNonce),
				(7, SkipReason::ModelNotUsable),
			]
		);
		assert_eq!(totals.amount, 400);
		assert_eq!(escrow_held(&alice()), 600);
		assert_eq!(escrow_held(&bob()), 900);

		// An account that is not an operator of the model cannot settle for it.
		let receipt = signed_by(
			&Sr25519Keyring::Alice,
			payload(&Sr25519Keyring::Alice, 0, bob(), (20, 0, 2), 500, 2),
		);
		assert_ok!(Inference::settle(RuntimeOrigin::signed(bob()), batch(vec![receipt])));
		assert_eq!(last_skipped(), vec![(0, SkipReason::NotOperator)]);
		// A signature over the payload without the domain tag is refused.
		let p = payload(&Sr25519Keyring::Alice, 0, eve(), (20, 0, 2), 500, 2);
		let untagged = Receipt {
			signature: MultiSignature::Sr25519(Sr25519Keyring::Alice.pair().sign(&p.encode())),
			payload: p,
		};
		settle(vec![untagged]);
		assert_eq!(last_skipped(), vec![(0, SkipReason::BadSignature)]);
		assert_noop!(Inference::settle(RuntimeOrigin::signed(eve()), batch(vec![])), E::EmptyBatch);
	});
}

#[test]
fn an_escrow_stays_chargeable_while_a_withdrawal_waits() {
	run_test(|| {
		assert_ok!(Inference::deposit(RuntimeOrigin::signed(alice()), 1_000));
		// The consumer tries to pull everything out before the operator settles.
		assert_ok!(Inference::request_withdrawal(RuntimeOrigin::signed(alice()), 1_000));
		assert_noop!(Inference::withdraw(RuntimeOrigin::signed(alice())), E::StillLocked);
		settle(vec![signed(&Sr25519Keyring::Alice, 0, (100, 0, 1), 700, 1)]);
		let escrow = Inference::escrow(&alice()).unwrap();
		assert_eq!(
			(escrow.held, escrow.unlocking),
			(300, 300),
			"unlocking shrinks with the charge"
		);
		System::set_block_number(1 + UNLOCK_DELAY);
		let before = free(&alice());
		assert_ok!(Inference::withdraw(RuntimeOrigin::signed(alice())));
		System::assert_last_event(Event::Withdrawn { consumer: alice(), amount: 300 }.into());
		assert_eq!(free(&alice()), before + 300);
		// Nothing is left to charge: a later receipt is skipped, not paid by anyone else.
		settle(vec![signed(&Sr25519Keyring::Alice, 0, (200, 0, 2), 800, 2)]);
		assert_eq!(last_skipped(), vec![(0, SkipReason::InsufficientEscrow)]);
	});
}

#[test]
fn a_settlement_racing_a_partial_withdrawal_charges_the_whole_escrow() {
	run_test(|| {
		assert_ok!(Inference::deposit(RuntimeOrigin::signed(alice()), 1_000));
		assert_ok!(Inference::request_withdrawal(RuntimeOrigin::signed(alice()), 400));
		System::set_block_number(1 + UNLOCK_DELAY);
		// Settled in the same block as the withdrawal, before it: the receipt may use the
		// unlocking part too.
		settle(vec![signed(&Sr25519Keyring::Alice, 0, (100, 0, 1), 900, 1)]);
		assert_eq!(escrow_held(&alice()), 100);
		assert_ok!(Inference::withdraw(RuntimeOrigin::signed(alice())));
		System::assert_last_event(Event::Withdrawn { consumer: alice(), amount: 100 }.into());
		assert!(Inference::escrow(&alice()).is_none());
	});
}

#[test]
fn genesis_escrow_is_a_deposit() {
	use polkadot_sdk::frame_support::traits::BuildGenesisConfig;
	run_test(|| {
		crate::GenesisConfig::<Test> { escrows: vec![(dave(), 500)] }.build();
		assert_eq!(escrow_held(&dave()), 500);
	});
}
