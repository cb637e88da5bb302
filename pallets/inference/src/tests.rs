//! Unit tests of the metering pallet.

use crate::{mock::*, pallet::*, types::*};
use codec::Encode;
use openledger_primitives::{outputs, ModelTerms};
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

/// What `who` has in escrow, all operators together. The holds behind it sit on the
/// operators' accounts (`backing`); `run_test` checks after every test that each operator's
/// hold is the sum of the allocations to it.
fn escrow_held(who: &AccountId) -> Balance {
	Inference::escrow_held(who)
}

/// The escrow held on `operator`'s account.
fn backing(operator: &AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::Escrow.into(), operator)
}

/// The id of `consumer`'s current allocation to `operator` (one that was never opened if none).
fn allocation_id(consumer: &AccountId, operator: &AccountId) -> AllocationId {
	Escrows::<Test>::get(consumer, operator).map_or(AllocationId::MAX, |a| a.id)
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
		allocation: allocation_id(&consumer.to_account_id(), &operator),
		operator,
		input_tokens: tokens.0,
		output_tokens: tokens.1,
		requests: tokens.2,
		outputs: outputs::EMPTY,
		amount,
		nonce,
	}
}

/// The message a consumer signs, built here independently of the pallet.
fn message(payload: &ReceiptPayloadOf<Test>) -> Vec<u8> {
	let genesis = System::block_hash(0);
	(b"openledger:usage-receipt:v3".as_slice(), genesis, payload).encode()
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

/// `who` allocates `amount` to Eve.
fn deposit(who: AccountId, amount: Balance) {
	assert_ok!(Inference::deposit(RuntimeOrigin::signed(who), eve(), amount));
}

/// What `who` has allocated to Eve.
fn allocated(who: &AccountId) -> Balance {
	Escrows::<Test>::get(who, eve()).map_or(0, |a| a.amount)
}

fn settle(receipts: Vec<ReceiptOf<Test>>) -> BatchTotals<Balance> {
	assert_ok!(Inference::settle(RuntimeOrigin::signed(eve()), receipts, None));
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

mod split_properties {
	use super::*;
	use proptest::prelude::*;

	/// A fee split governance can set: three shares in parts per billion summing to at most 100%.
	fn splits() -> impl Strategy<Value = FeeSplit> {
		(0u32..=1_000_000_000, 0u32..=1_000_000_000, 0u32..=1_000_000_000).prop_filter_map(
			"shares above 100%",
			|(t, a, b)| {
				(u64::from(t) + u64::from(a) + u64::from(b) <= 1_000_000_000).then(|| FeeSplit {
					treasury: Perbill::from_parts(t),
					attribution: Perbill::from_parts(a),
					base_model: Perbill::from_parts(b),
				})
			},
		)
	}

	proptest! {
		#[test]
		fn any_fee_under_any_split_is_divided_exactly(
			fee in any::<u128>(),
			split in splits(),
			data_share in 0u32..=1_000_000_000,
			adapter in any::<bool>(),
		) {
			let t = ModelTerms {
				owner: charlie(),
				base_owner: adapter.then(dave),
				price_per_1k_input: 1,
				price_per_1k_output: 1,
				data_share_ppb: data_share,
			};
			let s = Inference::split_fee(fee, &t, &split);
			// The parts sum to the fee, whatever the rounding.
			prop_assert_eq!(
				s.treasury.checked_add(s.attribution).and_then(|x| x.checked_add(s.data))
					.and_then(|x| x.checked_add(s.base_model)).and_then(|x| x.checked_add(s.owner)),
				Some(fee)
			);
			// Each share is its fraction, rounded down; a base model's only for adapters; the
			// data share what the model promised, capped by what the others leave.
			prop_assert_eq!(s.attribution, split.attribution.mul_floor(fee));
			prop_assert_eq!(s.base_model, if adapter { split.base_model.mul_floor(fee) } else { 0 });
			prop_assert!(s.data <= Perbill::from_parts(data_share).mul_floor(fee));
			// The treasury gets at least its own share, and at most four units of dust more.
			let own = split.treasury.mul_floor(fee);
			prop_assert!(s.treasury >= own && s.treasury - own <= 4);
		}
	}
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
			Inference::set_fee_split(RuntimeOrigin::signed(alice()), split.parts()),
			DispatchError::BadOrigin
		);
		assert_ok!(Inference::set_fee_split(RuntimeOrigin::root(), split.parts()));
		System::assert_last_event(Event::FeeSplitSet { split }.into());
		assert_eq!(Inference::fee_split(), split);
		let greedy = FeeSplit { treasury: Perbill::from_percent(91), ..split };
		assert_noop!(
			Inference::set_fee_split(RuntimeOrigin::root(), greedy.parts()),
			E::InvalidFeeSplit
		);
		// A share above 100% is named, whichever it is.
		for above in [
			FeeSplit { treasury: 1_500_000_000, ..split.parts() },
			FeeSplit { attribution: 1_000_000_001, ..split.parts() },
			FeeSplit { base_model: u32::MAX, ..split.parts() },
		] {
			assert_noop!(
				Inference::set_fee_split(RuntimeOrigin::root(), above),
				E::FeeShareAboveAll
			);
		}
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
		let log = LogRef { hash: [9; 32], uri: b"ipfs://bafy-answer".to_vec() };
		assert_ok!(Inference::pay_for_inference(
			RuntimeOrigin::signed(alice()),
			1,
			1_500,
			500,
			2_500,
			[8; 32],
			Some(log)
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
				output: [8; 32],
				log: Some(LogRef {
					hash: [9; 32],
					uri: b"ipfs://bafy-answer".to_vec().try_into().unwrap(),
				}),
			}
			.into(),
		);
		assert_eq!(free(&alice()), alice_before - 2_500);
		assert_eq!(free(&treasury()), treasury_before + 125);
		assert_eq!(free(&pot()), pot_before + 750 + 125);
		assert_eq!(free(&charlie()), charlie_before + 1_250);
		assert_eq!(free(&dave()), dave_before + 250);
		assert_eq!(MockSink::usage(), vec![(1, 750, 125)]);
		assert_eq!(Inference::quote(1, 1_500, 500), Ok(2_500));
	});
}

#[test]
fn pay_for_inference_fails_cleanly_and_says_why() {
	run_test(|| {
		let pay = |who: AccountId, model, tokens, max| {
			Inference::pay_for_inference(
				RuntimeOrigin::signed(who),
				model,
				tokens,
				0,
				max,
				[0; 32],
				None,
			)
		};
		// A log reference must be fetchable: a known scheme, within the bound.
		let paid_with = |uri: Vec<u8>| {
			Inference::pay_for_inference(
				RuntimeOrigin::signed(alice()),
				0,
				1_000,
				0,
				10_000,
				[1; 32],
				Some(LogRef { hash: [2; 32], uri }),
			)
		};
		assert_noop!(paid_with(b"ftp://host/log".to_vec()), E::UnsupportedUri);
		assert_noop!(paid_with([b"ipfs://".as_slice(), &[b'x'; 64]].concat()), E::UriTooLong);
		for uri in ["file:///tmp/log", "http://h/log", "https://h/log", "ipfs://bafy"] {
			assert_ok!(paid_with(uri.into()));
		}
		assert_noop!(pay(alice(), 9, 1_000, 10_000), E::UnknownModel);
		assert_noop!(pay(alice(), 2, 1_000, 10_000), E::ModelNotActive);
		assert_noop!(pay(alice(), 0, 1_000, 999), E::FeeAboveMax);
		let pauper = Sr25519Keyring::Ferdie.to_account_id();
		assert_noop!(pay(pauper, 0, 1_000, 10_000), E::InsufficientBalance);
		// A fee above the payer's balance is refused before anything moves (not an underflow).
		assert_noop!(pay(alice(), 0, u64::MAX, Balance::MAX), E::InsufficientBalance);
		// Exactly what keeps the account alive is payable; one unit more is not.
		let payable = ENDOWMENT - ED;
		assert_noop!(pay(alice(), 0, payable as u64 + 1, Balance::MAX), E::InsufficientBalance);
		assert_eq!(Inference::quote(9, 1, 1), Err(QuoteError::UnknownModel));
		assert_eq!(Inference::quote(2, 1, 1), Err(QuoteError::ModelNotActive));
	});
}

#[test]
fn a_fee_that_does_not_fit_is_refused_never_capped() {
	run_test(|| {
		MockModels::update(0, |m| m.terms.price_per_1k_input = Balance::MAX);
		assert_eq!(Inference::quote(0, 1_000, 0), Ok(Balance::MAX));
		assert_eq!(Inference::quote(0, 1_001, 0), Err(QuoteError::FeeOverflow));
		// A capped fee would pass a `max_fee` of `Balance::MAX`: the true fee does not.
		assert_noop!(
			Inference::pay_for_inference(
				RuntimeOrigin::signed(alice()),
				0,
				2_000,
				0,
				Balance::MAX,
				[0; 32],
				None
			),
			E::FeeOverflow
		);
	});
}

// --- escrow allocated to operators --------------------------------------------------------------

#[test]
fn escrow_is_held_on_the_operators_account_where_the_operator_cannot_spend_it() {
	run_test(|| {
		let (alice0, eve0) = (free(&alice()), free(&eve()));
		deposit(alice(), 10_000);
		assert_eq!(free(&alice()), alice0 - 10_000, "the credit left the consumer");
		assert_eq!((free(&eve()), backing(&eve())), (eve0, 10_000), "held, not free, on Eve");
		// Eve tries to move everything she has: the held credit stays where it is.
		assert_ok!(Balances::transfer_all(RuntimeOrigin::signed(eve()), bob(), false));
		assert_eq!(backing(&eve()), 10_000);
		assert_noop!(
			Balances::transfer_keep_alive(RuntimeOrigin::signed(eve()), bob(), 1),
			TokenError::Frozen
		);
		// Only receipts Alice signed take it, and only what they owe.
		settle(vec![signed(&Sr25519Keyring::Alice, 0, (100, 0, 1), 2_500, 1)]);
		assert_eq!((backing(&eve()), allocated(&alice())), (7_500, 7_500));
	});
}

#[test]
fn a_withdrawal_reaches_a_consumer_whose_account_was_reaped_meanwhile() {
	run_test(|| {
		deposit(alice(), 10_000);
		assert_ok!(Inference::request_withdrawal(RuntimeOrigin::signed(alice()), eve(), 10_000));
		// Alice empties her account: nothing of hers is held any more, so it is reaped.
		assert_ok!(Balances::transfer_all(RuntimeOrigin::signed(alice()), bob(), false));
		assert!(!System::account_exists(&alice()));
		System::set_block_number(1 + UNLOCK_DELAY);
		assert_ok!(Inference::withdraw(RuntimeOrigin::signed(alice()), eve()));
		assert_eq!((free(&alice()), backing(&eve())), (10_000, 0));
	});
}

#[test]
fn escrow_goes_only_to_an_operator_account_that_exists() {
	run_test(|| {
		let nobody = AccountId::from([9; 32]);
		assert_noop!(
			Inference::deposit(RuntimeOrigin::signed(alice()), nobody.clone(), 10_000),
			TokenError::CannotCreateHold
		);
		assert!(Escrows::<Test>::get(alice(), nobody).is_none());
	});
}

#[test]
fn allocations_are_opened_topped_up_withdrawn_and_closed() {
	run_test(|| {
		deposit(alice(), 10_000);
		System::assert_last_event(
			Event::Deposited { consumer: alice(), operator: eve(), allocation: 0, amount: 10_000 }
				.into(),
		);
		deposit(alice(), 5_000);
		System::assert_last_event(
			Event::Deposited { consumer: alice(), operator: eve(), allocation: 0, amount: 5_000 }
				.into(),
		);
		assert_ok!(Inference::deposit(RuntimeOrigin::signed(alice()), bob(), 1_000));
		assert_eq!(allocation_id(&alice(), &bob()), 1, "another operator, another allocation");
		assert_eq!(escrow_held(&alice()), 16_000);
		assert_eq!(allocated(&alice()), 15_000);
		assert_eq!(Inference::guaranteed(&alice(), &eve()), 15_000);

		assert_ok!(Inference::request_withdrawal(RuntimeOrigin::signed(alice()), eve(), 15_000));
		System::assert_last_event(
			Event::WithdrawalRequested {
				consumer: alice(),
				operator: eve(),
				amount: 15_000,
				unlock_at: 1 + UNLOCK_DELAY,
			}
			.into(),
		);
		assert_eq!(Inference::guaranteed(&alice(), &eve()), 0);
		assert_noop!(Inference::withdraw(RuntimeOrigin::signed(alice()), eve()), E::StillLocked);
		System::set_block_number(1 + UNLOCK_DELAY);
		let before = free(&alice());
		assert_ok!(Inference::withdraw(RuntimeOrigin::signed(alice()), eve()));
		System::assert_has_event(
			Event::Withdrawn { consumer: alice(), operator: eve(), amount: 15_000 }.into(),
		);
		System::assert_last_event(
			Event::AllocationClosed { consumer: alice(), operator: eve(), allocation: 0 }.into(),
		);
		assert_eq!(free(&alice()), before + 15_000);
		assert_eq!(escrow_held(&alice()), 1_000, "the allocation to Bob stays");
		assert!(Escrows::<Test>::get(alice(), eve()).is_none(), "the record is gone");
	});
}

#[test]
fn escrow_calls_fail_cleanly() {
	run_test(|| {
		assert_noop!(Inference::deposit(RuntimeOrigin::signed(alice()), eve(), 0), E::ZeroAmount);
		assert_noop!(
			Inference::deposit(RuntimeOrigin::signed(alice()), eve(), MIN_ALLOCATION - 1),
			E::BelowMinAllocation
		);
		let pauper = Sr25519Keyring::Ferdie.to_account_id();
		assert_noop!(
			Inference::deposit(RuntimeOrigin::signed(pauper), eve(), MIN_ALLOCATION),
			TokenError::FundsUnavailable
		);
		assert_noop!(
			Inference::request_withdrawal(RuntimeOrigin::signed(alice()), eve(), 1),
			E::NoAllocation
		);
		assert_noop!(Inference::withdraw(RuntimeOrigin::signed(alice()), eve()), E::NoAllocation);
		deposit(alice(), 100);
		// A top-up may be below the minimum: the allocation is open already.
		deposit(alice(), 1);
		assert_noop!(
			Inference::request_withdrawal(RuntimeOrigin::signed(alice()), eve(), 0),
			E::ZeroAmount
		);
		assert_noop!(
			Inference::request_withdrawal(RuntimeOrigin::signed(alice()), eve(), 102),
			E::InsufficientEscrow
		);
		assert_noop!(
			Inference::request_withdrawal(RuntimeOrigin::signed(alice()), bob(), 1),
			E::NoAllocation
		);
		assert_noop!(
			Inference::withdraw(RuntimeOrigin::signed(alice()), eve()),
			E::NothingUnlocking
		);
		assert_ok!(Inference::request_withdrawal(RuntimeOrigin::signed(alice()), eve(), 60));
		assert_noop!(
			Inference::request_withdrawal(RuntimeOrigin::signed(alice()), eve(), 42),
			E::InsufficientEscrow
		);
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
		let tag = [vec![108u8], b"openledger:usage-receipt:v3".to_vec()].concat();
		let expected = [tag, genesis.encode(), p.encode()].concat();
		assert_eq!(Inference::receipt_message(&p), expected);
	});
}

#[test]
fn settle_charges_the_increase_and_splits_it_once_per_destination() {
	run_test(|| {
		deposit(alice(), 100_000);
		deposit(bob(), 100_000);
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
		assert_eq!((escrow_held(&alice()), allocated(&alice())), (94_000, 94_000));
		assert_eq!((escrow_held(&bob()), allocated(&bob())), (97_000, 97_000));
		assert_eq!(backing(&eve()), 94_000 + 97_000, "both charges left Eve's escrow hold");
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
			Inference::channel(&alice(), 0, &eve()),
			Some(ChannelState {
				input_tokens: 4_000,
				output_tokens: 1_000,
				requests: 40,
				outputs: outputs::EMPTY,
				amount: 6_000,
				nonce: 2
			})
		);
	});
}

#[test]
fn replayed_and_reordered_receipts_are_skipped() {
	run_test(|| {
		deposit(alice(), 100_000);
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
		deposit(alice(), 1_000);
		deposit(bob(), 1_000);
		settle(vec![signed(&Sr25519Keyring::Bob, 0, (10, 10, 1), 100, 1)]);

		let good = signed(&Sr25519Keyring::Alice, 0, (10, 0, 1), 400, 1);
		let wrong_operator = signed_by(
			&Sr25519Keyring::Alice,
			payload(&Sr25519Keyring::Alice, 1, charlie(), (1, 0, 1), 1, 1),
		);
		let not_active = signed(&Sr25519Keyring::Alice, 2, (1, 0, 1), 1, 1);
		let forged = signed_by(
			&Sr25519Keyring::Bob,
			payload(&Sr25519Keyring::Alice, 1, eve(), (1, 0, 1), 1, 1),
		);
		let decreased = signed(&Sr25519Keyring::Bob, 0, (5, 20, 2), 200, 2);
		let too_much = signed(&Sr25519Keyring::Bob, 1, (1, 0, 1), 1_001, 1);
		let stale = signed(&Sr25519Keyring::Bob, 0, (10, 10, 1), 100, 1);
		let unknown_model = signed(&Sr25519Keyring::Alice, 9, (1, 0, 1), 1, 1);
		let no_allocation = signed(&Sr25519Keyring::Charlie, 0, (1, 0, 1), 1, 1);
		let mut old = payload(&Sr25519Keyring::Alice, 1, eve(), (1, 0, 1), 1, 1);
		old.allocation += 7;
		let wrong_allocation = signed_by(&Sr25519Keyring::Alice, old);
		let totals = settle(vec![
			wrong_operator,
			good,
			not_active,
			forged,
			decreased,
			too_much,
			stale,
			unknown_model,
			no_allocation,
			wrong_allocation,
		]);
		assert_eq!(
			last_skipped(),
			vec![
				(0, SkipReason::WrongOperator),
				(2, SkipReason::ModelNotActive),
				(3, SkipReason::BadSignature),
				(4, SkipReason::CountersDecreased),
				(5, SkipReason::InsufficientEscrow),
				(6, SkipReason::StaleNonce),
				(7, SkipReason::UnknownModel),
				(8, SkipReason::NoAllocation),
				(9, SkipReason::WrongAllocation),
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
		assert_ok!(Inference::settle(RuntimeOrigin::signed(bob()), vec![receipt], None));
		assert_eq!(last_skipped(), vec![(0, SkipReason::NotOperator)]);
		// A signature over the payload without the domain tag is refused.
		let p = payload(&Sr25519Keyring::Alice, 0, eve(), (20, 0, 2), 500, 2);
		let untagged = Receipt {
			signature: MultiSignature::Sr25519(Sr25519Keyring::Alice.pair().sign(&p.encode())),
			payload: p,
		};
		settle(vec![untagged]);
		assert_eq!(last_skipped(), vec![(0, SkipReason::BadSignature)]);
		assert_noop!(Inference::settle(RuntimeOrigin::signed(eve()), vec![], None), E::EmptyBatch);
		let max =
			<<Test as Config>::MaxBatch as polkadot_sdk::frame_support::traits::Get<u32>>::get()
				as usize;
		let receipt = signed(&Sr25519Keyring::Alice, 0, (100, 0, 1), 700, 1);
		assert_noop!(
			Inference::settle(RuntimeOrigin::signed(eve()), vec![receipt; max + 1], None),
			E::BatchTooLarge
		);
	});
}

#[test]
fn settling_records_the_output_digest_the_consumer_signed() {
	run_test(|| {
		deposit(alice(), 1_000);
		let answers: [&[u8]; 2] = [b"Metformin is the first-line drug.", b"Start with 500 mg."];
		let first = outputs::replay(&outputs::EMPTY, answers[..1].iter().copied());
		let both = outputs::replay(&outputs::EMPTY, answers);
		let with_outputs = |tokens, amount, nonce, digest| {
			let mut p = payload(&Sr25519Keyring::Alice, 0, eve(), tokens, amount, nonce);
			p.outputs = digest;
			signed_by(&Sr25519Keyring::Alice, p)
		};
		settle(vec![with_outputs((100, 50, 1), 100, 1, first)]);
		let channel = |who: &AccountId| Escrows::<Test>::get(who, eve()).unwrap().channels[0].1;
		assert_eq!(channel(&alice()).outputs, first);
		// More outputs without more requests: refused, nothing changes.
		settle(vec![with_outputs((100, 50, 1), 100, 2, both)]);
		assert_eq!(last_skipped(), vec![(0, SkipReason::OutputsWithoutRequests)]);
		assert_eq!(channel(&alice()).outputs, first);
		// With the request that produced it, the digest moves on.
		settle(vec![with_outputs((200, 100, 2), 200, 3, both)]);
		assert_eq!(channel(&alice()).outputs, both);
		// A consumer that signs no outputs keeps the digest where it was.
		settle(vec![with_outputs((300, 150, 3), 300, 4, both)]);
		assert!(last_skipped().is_empty());
		assert_eq!(channel(&alice()).outputs, both);
		// The digest is signed: an operator cannot swap it.
		let mut forged = with_outputs((400, 200, 4), 400, 5, both);
		forged.payload.outputs = first;
		settle(vec![forged]);
		assert_eq!(last_skipped(), vec![(0, SkipReason::BadSignature)]);
	});
}

/// A log reference as an operator names it.
fn log_ref(uri: &[u8]) -> LogRef<Vec<u8>> {
	LogRef { hash: [9; 32], uri: uri.to_vec() }
}

#[test]
fn a_named_usage_log_is_kept_with_a_commitment_to_the_settled_receipts() {
	run_test(|| {
		deposit(alice(), 1_000);
		deposit(bob(), 1_000);
		let answer: &[u8] = b"Metformin is the first-line drug.";
		let digest = outputs::replay(&outputs::EMPTY, [answer]);
		let mut first = payload(&Sr25519Keyring::Alice, 0, eve(), (100, 50, 1), 100, 1);
		first.outputs = digest;
		let first = signed_by(&Sr25519Keyring::Alice, first);
		// Bob's receipt is forged: it is skipped, and the log must not name it.
		let mut forged = signed(&Sr25519Keyring::Bob, 0, (10, 10, 1), 60, 1);
		forged.payload.amount = 70;
		let bob_receipt = signed(&Sr25519Keyring::Bob, 1, (10, 10, 1), 40, 1);
		let log = log_ref(b"https://logs.example/batch-1.json");
		assert_ok!(Inference::settle(
			RuntimeOrigin::signed(eve()),
			vec![first.clone(), forged, bob_receipt.clone()],
			Some(log.clone()),
		));
		assert_eq!(last_skipped(), vec![(1, SkipReason::BadSignature)]);

		let mut expected = outputs::BatchCommitment::new();
		expected.push(&alice(), 0, 0, 1, &outputs::EMPTY, &digest, &100u128);
		expected.push(&bob(), 1, 1, 1, &outputs::EMPTY, &outputs::EMPTY, &40u128);
		let logs = MockSink::logs();
		assert_eq!(logs.len(), 1);
		let recorded = &logs[0];
		assert_eq!(
			(recorded.operator.clone(), recorded.hash, recorded.uri.clone()),
			(eve(), log.hash, log.uri.clone())
		);
		assert_eq!((recorded.receipts, recorded.root, recorded.fee), (2, expected.root(), 140));
		let data: Balance = MockSink::usage().iter().map(|(_, data, _)| data).sum();
		assert_eq!(recorded.data, data);
		match System::events().last().map(|r| r.event.clone()) {
			Some(RuntimeEvent::Inference(Event::BatchSettled { log: Some(event), .. })) => {
				assert_eq!(
					(event.hash, event.uri.to_vec(), event.root),
					(log.hash, log.uri, expected.root())
				)
			},
			other => panic!("expected BatchSettled with a log, got {other:?}"),
		}

		// The next receipt of the channel commits to the digest the chain recorded before it.
		let more: &[u8] = b"Start with 500 mg.";
		let both = outputs::extend(&digest, more);
		let mut next = payload(&Sr25519Keyring::Alice, 0, eve(), (200, 100, 2), 150, 2);
		next.outputs = both;
		assert_ok!(Inference::settle(
			RuntimeOrigin::signed(eve()),
			vec![signed_by(&Sr25519Keyring::Alice, next)],
			Some(log_ref(b"file:///var/logs/batch-2.json")),
		));
		let mut expected = outputs::BatchCommitment::new();
		expected.push(&alice(), 0, 0, 2, &digest, &both, &50u128);
		assert_eq!(MockSink::logs()[1].root, expected.root());
	});
}

#[test]
fn a_log_is_kept_only_for_receipts_that_settled_and_bad_references_change_nothing() {
	run_test(|| {
		deposit(alice(), 1_000);
		let receipt = signed(&Sr25519Keyring::Alice, 0, (100, 50, 1), 100, 1);
		let eve_o = || RuntimeOrigin::signed(eve());
		let long = [b"https://".as_slice(), &[b'x'; 64]].concat();
		assert_noop!(
			Inference::settle(eve_o(), vec![receipt.clone()], Some(log_ref(&long))),
			E::UriTooLong
		);
		assert_noop!(
			Inference::settle(eve_o(), vec![receipt.clone()], Some(log_ref(b"ftp://x/log"))),
			E::UnsupportedUri
		);
		// A store that refuses the log undoes the settlement.
		MockSink::set_logs_full(true);
		assert_noop!(
			Inference::settle(eve_o(), vec![receipt.clone()], Some(log_ref(b"ipfs://bafylog"))),
			"the epoch's logs are full"
		);
		MockSink::set_logs_full(false);
		// Without a log, the batch settles as before.
		assert_eq!(settle(vec![receipt.clone()]).amount, 100);
		assert!(MockSink::logs().is_empty());
		// A log naming no settled receipt (a replay) is not kept.
		assert_ok!(Inference::settle(eve_o(), vec![receipt], Some(log_ref(b"ipfs://bafylog"))));
		assert_eq!(last_skipped(), vec![(0, SkipReason::StaleNonce)]);
		assert!(MockSink::logs().is_empty());
		match System::events().last().map(|r| r.event.clone()) {
			Some(RuntimeEvent::Inference(Event::BatchSettled { log: None, .. })) => {},
			other => panic!("expected BatchSettled without a log, got {other:?}"),
		}
	});
}

#[test]
fn an_allocation_stays_chargeable_while_a_withdrawal_waits() {
	run_test(|| {
		deposit(alice(), 1_000);
		// The consumer tries to pull everything out before the operator settles.
		assert_ok!(Inference::request_withdrawal(RuntimeOrigin::signed(alice()), eve(), 1_000));
		assert_noop!(Inference::withdraw(RuntimeOrigin::signed(alice()), eve()), E::StillLocked);
		settle(vec![signed(&Sr25519Keyring::Alice, 0, (100, 0, 1), 700, 1)]);
		let a = Escrows::<Test>::get(alice(), eve()).unwrap();
		assert_eq!((a.amount, a.unlocking), (300, 300), "unlocking shrinks with the charge");
		System::set_block_number(1 + UNLOCK_DELAY);
		let before = free(&alice());
		assert_ok!(Inference::withdraw(RuntimeOrigin::signed(alice()), eve()));
		System::assert_has_event(
			Event::Withdrawn { consumer: alice(), operator: eve(), amount: 300 }.into(),
		);
		assert_eq!(free(&alice()), before + 300);
		// Nothing is left to charge: a later receipt is skipped, not paid by anyone else.
		settle(vec![signed(&Sr25519Keyring::Alice, 0, (200, 0, 2), 800, 2)]);
		assert_eq!(last_skipped(), vec![(0, SkipReason::NoAllocation)]);
	});
}

#[test]
fn a_settlement_racing_a_partial_withdrawal_charges_the_whole_allocation() {
	run_test(|| {
		deposit(alice(), 1_000);
		assert_ok!(Inference::request_withdrawal(RuntimeOrigin::signed(alice()), eve(), 400));
		System::set_block_number(1 + UNLOCK_DELAY);
		// Settled in the same block as the withdrawal, before it: the receipt may use the
		// unlocking part too.
		settle(vec![signed(&Sr25519Keyring::Alice, 0, (100, 0, 1), 900, 1)]);
		assert_eq!(escrow_held(&alice()), 100);
		assert_ok!(Inference::withdraw(RuntimeOrigin::signed(alice()), eve()));
		System::assert_has_event(
			Event::Withdrawn { consumer: alice(), operator: eve(), amount: 100 }.into(),
		);
		assert!(Escrows::<Test>::get(alice(), eve()).is_none());
	});
}

// --- attacks ------------------------------------------------------------------------------------

#[test]
fn collateral_backing_an_operator_cannot_be_taken_by_another() {
	run_test(|| {
		// Alice allocates 1,000 to Eve and signs her a receipt for 600. She then registers a
		// model of her own (model 3, so she is its operator) and signs herself a receipt for
		// the whole escrow, settled first.
		deposit(alice(), 1_000);
		let for_eve = signed(&Sr25519Keyring::Alice, 0, (600, 0, 6), 600, 1);
		MockModels::insert(3, MockModel::new(terms(alice(), None, 10), vec![]));
		let to_self = signed_by(
			&Sr25519Keyring::Alice,
			ReceiptPayload {
				allocation: allocation_id(&alice(), &eve()),
				..payload(&Sr25519Keyring::Alice, 3, alice(), (1_000, 0, 10), 1_000, 1)
			},
		);
		assert_ok!(Inference::settle(RuntimeOrigin::signed(alice()), vec![to_self], None));
		assert_eq!(last_skipped(), vec![(0, SkipReason::NoAllocation)]);
		// Even with an allocation of her own, she draws only on that one.
		assert_ok!(Inference::deposit(RuntimeOrigin::signed(alice()), alice(), 100));
		let to_self = signed_by(
			&Sr25519Keyring::Alice,
			payload(&Sr25519Keyring::Alice, 3, alice(), (1_000, 0, 10), 1_000, 1),
		);
		assert_ok!(Inference::settle(RuntimeOrigin::signed(alice()), vec![to_self], None));
		assert_eq!(last_skipped(), vec![(0, SkipReason::InsufficientEscrow)]);
		// A receipt naming Eve cannot be settled by anyone but Eve.
		assert_ok!(Inference::settle(RuntimeOrigin::signed(alice()), vec![for_eve.clone()], None));
		assert_eq!(last_skipped(), vec![(0, SkipReason::WrongOperator)]);
		assert_eq!(allocated(&alice()), 1_000);
		// Eve is paid in full.
		let dave_before = free(&dave());
		let totals = settle(vec![for_eve]);
		assert_eq!(totals.amount, 600);
		assert_eq!(free(&dave()), dave_before + 420, "the model owner's 70%");
		assert_eq!(allocated(&alice()), 400);
	});
}

#[test]
fn receipts_without_collateral_store_nothing() {
	run_test(|| {
		// Bob holds no escrow: a full batch of zero-amount receipts opens no channel.
		let receipts: Vec<_> = (1..=16)
			.map(|i| signed(&Sr25519Keyring::Bob, 0, (0, 0, 0), 0, i))
			.collect::<Vec<_>>();
		let totals = settle(receipts);
		assert_eq!(totals.amount, 0);
		assert!(last_skipped().iter().all(|(_, r)| *r == SkipReason::NoAllocation));
		assert_eq!(last_skipped().len(), 16);
		assert_eq!(Escrows::<Test>::iter().count(), 0);
	});
}

#[test]
fn an_allocation_holds_a_bounded_number_of_channels() {
	run_test(|| {
		for id in 3..6 {
			MockModels::insert(id, MockModel::new(terms(dave(), None, 20), vec![eve()]));
		}
		deposit(alice(), 1_000);
		// Model 2 is paused: MAX_CHANNELS (3) usable models, and one more.
		let receipts: Vec<_> = [0, 1, 3, 4]
			.into_iter()
			.map(|m| signed(&Sr25519Keyring::Alice, m, (1, 0, 1), 1, 1))
			.collect();
		settle(receipts);
		assert_eq!(last_skipped(), vec![(3, SkipReason::TooManyChannels)]);
		assert_eq!(
			Escrows::<Test>::get(alice(), eve()).unwrap().channels.len() as u32,
			MAX_CHANNELS
		);
		// Known channels go on settling.
		settle(vec![signed(&Sr25519Keyring::Alice, 0, (2, 0, 2), 2, 2)]);
		assert!(last_skipped().is_empty());
	});
}

#[test]
fn a_used_up_allocation_closes_and_its_receipts_die_with_it() {
	run_test(|| {
		deposit(alice(), 1_000);
		let old = signed(&Sr25519Keyring::Alice, 0, (10, 0, 1), 1_000, 1);
		settle(vec![old.clone()]);
		System::assert_has_event(
			Event::AllocationClosed { consumer: alice(), operator: eve(), allocation: 0 }.into(),
		);
		assert!(Escrows::<Test>::get(alice(), eve()).is_none(), "record and channels gone");
		assert_eq!(escrow_held(&alice()), 0);
		// A new allocation starts afresh; the operator cannot replay the old receipts on it.
		deposit(alice(), 2_000);
		assert_eq!(allocation_id(&alice(), &eve()), 1);
		settle(vec![old]);
		assert_eq!(last_skipped(), vec![(0, SkipReason::WrongAllocation)]);
		assert_eq!(allocated(&alice()), 2_000);
		settle(vec![signed(&Sr25519Keyring::Alice, 0, (10, 0, 1), 500, 1)]);
		assert_eq!(allocated(&alice()), 1_500);
	});
}

#[test]
fn usage_served_before_a_pause_or_a_removal_settles_within_the_grace() {
	run_test(|| {
		deposit(alice(), 1_000);
		MockModels::update(0, |m| {
			m.active = false;
			m.settles_until = 3;
		});
		settle(vec![signed(&Sr25519Keyring::Alice, 0, (1, 0, 1), 100, 1)]);
		assert!(last_skipped().is_empty(), "paused, within the grace");
		System::set_block_number(3);
		settle(vec![signed(&Sr25519Keyring::Alice, 0, (2, 0, 2), 200, 2)]);
		assert_eq!(last_skipped(), vec![(0, SkipReason::ModelNotActive)]);

		MockModels::update(1, |m| {
			m.operators.clear();
			m.former_operators.push((eve(), 5));
		});
		settle(vec![signed(&Sr25519Keyring::Alice, 1, (1, 0, 1), 100, 1)]);
		assert!(last_skipped().is_empty(), "removed, within the grace");
		System::set_block_number(5);
		settle(vec![signed(&Sr25519Keyring::Alice, 1, (2, 0, 2), 200, 2)]);
		assert_eq!(last_skipped(), vec![(0, SkipReason::NotOperator)]);
		assert_eq!(allocated(&alice()), 800);
	});
}

#[test]
fn a_batch_pays_for_the_models_it_names() {
	run_test(|| {
		for id in 3..12 {
			MockModels::insert(id, MockModel::new(terms(dave(), None, 20), vec![eve()]));
		}
		let shape = |models: &[u32]| {
			let receipts: Vec<_> = models
				.iter()
				.map(|m| signed(&Sr25519Keyring::Alice, *m, (1, 0, 1), 1, 1))
				.collect();
			Inference::batch_shape(&receipts)
		};
		assert_eq!(shape(&[0, 0, 0, 0]), (3, 1));
		assert_eq!(shape(&[0, 1, 3, 0]), (1, 3));
		assert_eq!(shape(&[0, 1, 3, 4]), (0, 4));
		// Time only: the pallet's default weights carry no proof sizes (see `weights.rs`).
		assert!(
			Inference::settle_weight(0, 4).ref_time() > Inference::settle_weight(3, 1).ref_time()
		);
		let nine: Vec<_> =
			(3..12).map(|m| signed(&Sr25519Keyring::Alice, m, (1, 0, 1), 1, 1)).collect();
		assert_noop!(Inference::settle(RuntimeOrigin::signed(eve()), nine, None), E::TooManyModels);
	});
}

#[test]
fn genesis_escrow_is_an_allocation() {
	use polkadot_sdk::frame_support::traits::BuildGenesisConfig;
	run_test(|| {
		crate::GenesisConfig::<Test> { escrows: vec![(dave(), eve(), 500)] }.build();
		assert_eq!(escrow_held(&dave()), 500);
		assert_eq!(allocated(&dave()), 500);
		assert_eq!(backing(&eve()), 500);
	});
}
