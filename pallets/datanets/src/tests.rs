//! Unit tests of the datanet pallet.

use crate::{
	mock::*,
	pallet::{
		Config, ContentIndex, Contributions, ContributorStatsOf, Datanets as DatanetsStorage,
		Error, Event, HoldReason, NextDatanetId, RateLimitSweep, RateLimits, Versions,
	},
	types::*,
};
use codec::Encode;
use openledger_primitives::{DatanetCommitment, DatanetInspect, Hash256};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		traits::{
			fungible::{Inspect, InspectHold},
			Get,
		},
	},
	sp_crypto_hashing::blake2_256,
	sp_runtime::{DispatchError, TokenError},
};
use std::collections::BTreeMap;

type E = Error<Test>;

fn meta(name: &str) -> DatanetMetadataArg {
	DatanetMetadata {
		name: name.into(),
		description: b"ipfs://description".to_vec(),
		tags: vec![b"nlp".to_vec(), b"medical".to_vec()],
		kind: DataKind::Text,
		licence: b"CC-BY-4.0".to_vec(),
	}
}

fn expected_deposit(metadata: &DatanetMetadataArg) -> Balance {
	DEPOSIT_BASE + DEPOSIT_PER_BYTE * metadata.encoded_size() as Balance
}

fn curators(accounts: &[AccountId]) -> Vec<AccountId> {
	accounts.to_vec()
}

/// Creates a datanet owned by `owner` with a bond of 100 and returns its id.
fn create(owner: AccountId) -> u32 {
	let id = NextDatanetId::<Test>::get();
	assert_ok!(Datanets::create_datanet(
		RuntimeOrigin::signed(owner),
		meta("med-notes"),
		100,
		curators(&[])
	));
	id
}

fn hash(n: u8) -> Hash256 {
	[n; 32]
}

fn uri() -> Vec<u8> {
	b"ipfs://bafy".to_vec()
}

/// Contributes `hash(n)` of `size` bytes and returns the contribution id.
fn contribute(who: AccountId, datanet: u32, n: u8, size: u64) -> u32 {
	let id = Datanets::datanet(datanet).next_contribution_id;
	assert_ok!(Datanets::contribute(RuntimeOrigin::signed(who), datanet, hash(n), size, uri()));
	id
}

fn decisions(entries: &[(u32, Verdict)]) -> Vec<(u32, Verdict)> {
	entries.to_vec()
}

fn deposit_held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::DatanetDeposit.into(), &who)
}

fn bond_held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::ContributionBond.into(), &who)
}

fn storage_held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::StorageDeposit.into(), &who)
}

/// The storage deposits of the mock, by the largest encoded size of each record and its keys.
/// A contribution: datanet and contribution ids (twice: the record and its index entry), the
/// content hash, and the record (contributor, hash, size, URI of up to 64 bytes with its
/// 2-byte length, bond, deposit, status, block).
const CONTRIBUTION_DEPOSIT: Balance = STORAGE_BASE
	+ STORAGE_PER_BYTE * (2 * 4 + 2 * 4 + 32 + (8 + 32 + 8 + (2 + 64) + 8 + 8 + 5 + 8));
/// A contributor's stats: datanet id, account, and three counters, bytes and deposit.
const STATS_DEPOSIT: Balance = STORAGE_BASE + STORAGE_PER_BYTE * (4 + 8 + (3 * 4 + 8 + 8));
/// A rate window: account, and period, count, bytes and deposit.
const WINDOW_DEPOSIT: Balance = STORAGE_BASE + STORAGE_PER_BYTE * (8 + (4 + 4 + 8 + 8));
/// What a first contribution holds besides its bond.
const FIRST_DEPOSIT: Balance = CONTRIBUTION_DEPOSIT + STATS_DEPOSIT + WINDOW_DEPOSIT;

fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

impl Datanets {
	fn datanet(id: u32) -> DatanetInfoOf<Test> {
		DatanetsStorage::<Test>::get(id).expect("datanet exists")
	}
}

/// The commitment of `hashes` accepted in this order, computed without the pallet's code.
fn independent_commitment(accepted: &[(Hash256, u64)]) -> DatanetCommitment {
	let mut root = [0u8; 32];
	for (h, _) in accepted {
		root = blake2_256(&[root.as_slice(), h.as_slice()].concat());
	}
	DatanetCommitment {
		root,
		count: accepted.len() as u32,
		bytes: accepted.iter().map(|(_, size)| size).sum(),
	}
}

/// Every hold of this pallet's reasons in the balances pallet matches a live record, and every
/// live record is held for (the reverse of what `try_state` can check generically).
pub fn assert_no_stray_holds() {
	// Holds by account and reason: 0 datanet deposits, 1 contribution bonds, 2 storage.
	let mut expected: BTreeMap<(AccountId, u8), Balance> = BTreeMap::new();
	let mut expect = |who: AccountId, reason: u8, amount: Balance| {
		if amount > 0 {
			*expected.entry((who, reason)).or_default() += amount;
		}
	};
	for (_, d) in DatanetsStorage::<Test>::iter() {
		expect(d.owner, 0, d.deposit);
	}
	for (_, _, c) in Contributions::<Test>::iter() {
		if c.status == ContributionStatus::Pending {
			expect(c.contributor, 1, c.bond);
		}
		expect(c.contributor, 2, c.deposit);
	}
	for (_, who, stats) in ContributorStatsOf::<Test>::iter() {
		expect(who, 2, stats.deposit);
	}
	for (who, window) in RateLimits::<Test>::iter() {
		expect(who, 2, window.deposit);
	}
	let mut actual: BTreeMap<(AccountId, u8), Balance> = BTreeMap::new();
	for (who, holds) in polkadot_sdk::pallet_balances::Holds::<Test>::iter() {
		for hold in holds {
			let reason = match hold.id {
				RuntimeHoldReason::Datanets(HoldReason::DatanetDeposit) => 0,
				RuntimeHoldReason::Datanets(HoldReason::ContributionBond) => 1,
				RuntimeHoldReason::Datanets(HoldReason::StorageDeposit) => 2,
			};
			if hold.amount > 0 {
				*actual.entry((who, reason)).or_default() += hold.amount;
			}
		}
	}
	assert_eq!(actual, expected, "holds and records differ");
}

// --- create_datanet -----------------------------------------------------------------------------

#[test]
fn create_datanet_holds_the_deposit_and_records_the_datanet() {
	run_test(|| {
		let metadata = meta("med-notes");
		let deposit = expected_deposit(&metadata);
		assert_ok!(Datanets::create_datanet(
			RuntimeOrigin::signed(ALICE),
			metadata.clone(),
			100,
			curators(&[BOB, ALICE, BOB])
		));
		System::assert_last_event(
			Event::DatanetCreated { datanet_id: 0, owner: ALICE, deposit }.into(),
		);
		assert_eq!(deposit_held(ALICE), deposit);
		assert_eq!(free(ALICE), ENDOWMENT - deposit);
		let d = Datanets::datanet(0);
		assert_eq!(d.owner, ALICE);
		assert_eq!(DatanetMetadataArg::from(d.metadata), metadata);
		assert_eq!(d.contribution_bond, 100);
		assert_eq!(d.curators.to_vec(), vec![BOB], "duplicates and the owner are dropped");
		assert_eq!(d.deposit, deposit);
		assert_eq!(d.status, DatanetStatus::Open);
		assert_eq!(d.commitment, DatanetCommitment::default());
		assert_eq!(d.created_at, 1);
		assert_eq!(NextDatanetId::<Test>::get(), 1);
		assert_eq!(create(BOB), 1, "ids are assigned in sequence");
	});
}

#[test]
fn create_datanet_fails_cleanly() {
	run_test(|| {
		assert_noop!(
			Datanets::create_datanet(
				RuntimeOrigin::signed(ALICE),
				meta("x"),
				MIN_BOND - 1,
				curators(&[])
			),
			E::BondTooLow
		);
		assert_noop!(
			Datanets::create_datanet(RuntimeOrigin::signed(PAUPER), meta("x"), 100, curators(&[])),
			TokenError::FundsUnavailable
		);
		assert_noop!(
			Datanets::create_datanet(RuntimeOrigin::none(), meta("x"), 100, curators(&[])),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn arguments_past_their_bounds_are_named() {
	run_test(|| {
		let max_string = <<Test as Config>::MaxStringLen as Get<u32>>::get() as usize;
		let max_tag = <<Test as Config>::MaxTagLen as Get<u32>>::get() as usize;
		let max_tags = <<Test as Config>::MaxTags as Get<u32>>::get() as usize;
		let max_curators = <<Test as Config>::MaxCurators as Get<u32>>::get() as u64;
		let create_with = |metadata: DatanetMetadataArg, curators: Vec<AccountId>| {
			Datanets::create_datanet(RuntimeOrigin::signed(ALICE), metadata, 100, curators)
		};
		let with = |change: &dyn Fn(&mut DatanetMetadataArg)| {
			let mut metadata = meta("x");
			change(&mut metadata);
			metadata
		};
		let cases = [
			(with(&|m| m.name = vec![b'n'; max_string + 1]), E::NameTooLong),
			(with(&|m| m.description = vec![b'd'; max_string + 1]), E::DescriptionTooLong),
			(with(&|m| m.licence = vec![b'l'; max_string + 1]), E::LicenceTooLong),
			(with(&|m| m.tags = vec![vec![b't'; max_tag + 1]]), E::TagTooLong),
			(with(&|m| m.tags = vec![b"t".to_vec(); max_tags + 1]), E::TooManyTags),
		];
		for (metadata, error) in cases {
			assert_noop!(create_with(metadata.clone(), vec![]), error);
		}
		let too_many: Vec<AccountId> = (100..101 + max_curators).collect();
		assert_noop!(create_with(meta("x"), too_many), E::TooManyCurators);
		// Exactly at the bounds is fine.
		let at_bounds = with(&|m| {
			m.name = vec![b'n'; max_string];
			m.tags = vec![vec![b't'; max_tag]; max_tags];
		});
		assert_ok!(create_with(at_bounds, (100..100 + max_curators).collect()));

		let id = create(ALICE);
		assert_noop!(
			Datanets::update_metadata(
				RuntimeOrigin::signed(ALICE),
				id,
				with(&|m| m.name = vec![b'n'; max_string + 1])
			),
			E::NameTooLong
		);
		let long_uri = vec![b'u'; <<Test as Config>::MaxUriLen as Get<u32>>::get() as usize + 1];
		assert_noop!(
			Datanets::contribute(RuntimeOrigin::signed(BOB), id, hash(1), 5, long_uri),
			E::UriTooLong
		);
		let c = contribute(BOB, id, 1, 5);
		let too_large = vec![
			(c, Verdict::Accept);
			<<Test as Config>::MaxReviewBatch as Get<u32>>::get() as usize + 1
		];
		assert_noop!(
			Datanets::review(RuntimeOrigin::signed(ALICE), id, too_large),
			E::ReviewTooLarge
		);
	});
}

// --- owner calls --------------------------------------------------------------------------------

#[test]
fn update_metadata_moves_the_deposit_with_the_size() {
	run_test(|| {
		let id = create(ALICE);
		let longer = meta("a much longer name for the datanet");
		assert_ok!(Datanets::update_metadata(RuntimeOrigin::signed(ALICE), id, longer.clone()));
		let deposit = expected_deposit(&longer);
		System::assert_last_event(Event::MetadataUpdated { datanet_id: id, deposit }.into());
		assert_eq!(deposit_held(ALICE), deposit);
		assert_eq!(DatanetMetadataArg::from(Datanets::datanet(id).metadata), longer);

		let shorter = meta("n");
		assert_ok!(Datanets::update_metadata(RuntimeOrigin::signed(ALICE), id, shorter.clone()));
		assert_eq!(deposit_held(ALICE), expected_deposit(&shorter));
		assert_eq!(free(ALICE), ENDOWMENT - expected_deposit(&shorter));
	});
}

#[test]
fn update_metadata_fails_cleanly() {
	run_test(|| {
		let id = create(ALICE);
		assert_noop!(
			Datanets::update_metadata(RuntimeOrigin::signed(ALICE), 7, meta("x")),
			E::UnknownDatanet
		);
		assert_noop!(
			Datanets::update_metadata(RuntimeOrigin::signed(BOB), id, meta("x")),
			E::NotOwner
		);
		assert_ok!(Datanets::close_datanet(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			Datanets::update_metadata(RuntimeOrigin::signed(ALICE), id, meta("x")),
			E::DatanetClosed
		);
	});
}

#[test]
fn set_contribution_bond_applies_to_new_contributions_only() {
	run_test(|| {
		let id = create(ALICE);
		let first = contribute(BOB, id, 1, 10);
		assert_ok!(Datanets::set_contribution_bond(RuntimeOrigin::signed(ALICE), id, 300));
		System::assert_last_event(Event::ContributionBondSet { datanet_id: id, bond: 300 }.into());
		let second = contribute(BOB, id, 2, 10);
		assert_eq!(bond_held(BOB), 100 + 300);
		assert_eq!(Contributions::<Test>::get(id, first).unwrap().bond, 100);
		assert_eq!(Contributions::<Test>::get(id, second).unwrap().bond, 300);
		assert_ok!(Datanets::review(
			RuntimeOrigin::signed(ALICE),
			id,
			decisions(&[(first, Verdict::Accept)])
		));
		assert_eq!(bond_held(BOB), 300, "the first contribution's own bond was released");
	});
}

#[test]
fn set_contribution_bond_fails_cleanly() {
	run_test(|| {
		let id = create(ALICE);
		assert_noop!(
			Datanets::set_contribution_bond(RuntimeOrigin::signed(ALICE), 9, 100),
			E::UnknownDatanet
		);
		assert_noop!(
			Datanets::set_contribution_bond(RuntimeOrigin::signed(BOB), id, 100),
			E::NotOwner
		);
		assert_noop!(
			Datanets::set_contribution_bond(RuntimeOrigin::signed(ALICE), id, MIN_BOND - 1),
			E::BondTooLow
		);
		assert_ok!(Datanets::close_datanet(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			Datanets::set_contribution_bond(RuntimeOrigin::signed(ALICE), id, 100),
			E::DatanetClosed
		);
	});
}

#[test]
fn curators_are_added_and_removed_by_the_owner() {
	run_test(|| {
		let id = create(ALICE);
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), id, BOB));
		System::assert_last_event(Event::CuratorAdded { datanet_id: id, curator: BOB }.into());
		assert_eq!(Datanets::datanet(id).curators.to_vec(), vec![BOB]);
		assert_ok!(Datanets::remove_curator(RuntimeOrigin::signed(ALICE), id, BOB));
		System::assert_last_event(Event::CuratorRemoved { datanet_id: id, curator: BOB }.into());
		assert!(Datanets::datanet(id).curators.is_empty());
	});
}

#[test]
fn curator_changes_fail_cleanly() {
	run_test(|| {
		let id = create(ALICE);
		assert_noop!(
			Datanets::add_curator(RuntimeOrigin::signed(ALICE), 5, BOB),
			E::UnknownDatanet
		);
		assert_noop!(Datanets::add_curator(RuntimeOrigin::signed(BOB), id, BOB), E::NotOwner);
		assert_noop!(
			Datanets::add_curator(RuntimeOrigin::signed(ALICE), id, ALICE),
			E::AlreadyCurator
		);
		for who in [BOB, CHARLIE, DAVE] {
			assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), id, who));
		}
		assert_noop!(
			Datanets::add_curator(RuntimeOrigin::signed(ALICE), id, BOB),
			E::AlreadyCurator
		);
		assert_noop!(
			Datanets::add_curator(RuntimeOrigin::signed(ALICE), id, PAUPER),
			E::TooManyCurators
		);
		assert_noop!(
			Datanets::remove_curator(RuntimeOrigin::signed(ALICE), 5, BOB),
			E::UnknownDatanet
		);
		assert_noop!(Datanets::remove_curator(RuntimeOrigin::signed(BOB), id, BOB), E::NotOwner);
		assert_noop!(
			Datanets::remove_curator(RuntimeOrigin::signed(ALICE), id, ALICE),
			E::CannotRemoveOwner
		);
		assert_noop!(
			Datanets::remove_curator(RuntimeOrigin::signed(ALICE), id, PAUPER),
			E::NotCurator
		);
	});
}

#[test]
fn transfer_ownership_moves_the_deposit_and_the_curator_role() {
	run_test(|| {
		let id = create(ALICE);
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), id, BOB));
		let deposit = Datanets::datanet(id).deposit;
		assert_ok!(Datanets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
		System::assert_last_event(
			Event::OwnershipTransferred { datanet_id: id, from: ALICE, to: BOB }.into(),
		);
		let d = Datanets::datanet(id);
		assert_eq!(d.owner, BOB);
		assert!(d.curators.is_empty(), "the new owner is not listed twice");
		assert_eq!(deposit_held(ALICE), 0);
		assert_eq!(deposit_held(BOB), deposit);
		assert_eq!(Balances::total_balance(&ALICE), ENDOWMENT - deposit);
		assert_eq!(Balances::total_balance(&BOB), ENDOWMENT + deposit);
		assert_eq!(free(BOB), ENDOWMENT, "the new owner's free balance is untouched");

		// The old owner is no longer a curator; the new one is.
		let c = contribute(CHARLIE, id, 1, 5);
		assert_noop!(
			Datanets::review(RuntimeOrigin::signed(ALICE), id, decisions(&[(c, Verdict::Accept)])),
			E::NotCurator
		);
		assert_ok!(Datanets::review(
			RuntimeOrigin::signed(BOB),
			id,
			decisions(&[(c, Verdict::Accept)])
		));
		// Closing returns the deposit to the new owner.
		assert_ok!(Datanets::close_datanet(RuntimeOrigin::signed(BOB), id));
		assert_eq!(free(BOB), ENDOWMENT + deposit);
	});
}

#[test]
fn transfer_ownership_fails_cleanly() {
	run_test(|| {
		let id = create(ALICE);
		assert_noop!(
			Datanets::transfer_ownership(RuntimeOrigin::signed(ALICE), 3, BOB),
			E::UnknownDatanet
		);
		assert_noop!(
			Datanets::transfer_ownership(RuntimeOrigin::signed(BOB), id, BOB),
			E::NotOwner
		);
		assert_noop!(
			Datanets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, ALICE),
			E::AlreadyOwner
		);
	});
}

#[test]
fn closing_with_nothing_pending_returns_the_deposit_at_once() {
	run_test(|| {
		let id = create(ALICE);
		let deposit = Datanets::datanet(id).deposit;
		assert_ok!(Datanets::close_datanet(RuntimeOrigin::signed(ALICE), id));
		System::assert_has_event(Event::DatanetClosed { datanet_id: id }.into());
		System::assert_last_event(
			Event::DepositReleased { datanet_id: id, owner: ALICE, amount: deposit }.into(),
		);
		assert_eq!(deposit_held(ALICE), 0);
		assert_eq!(free(ALICE), ENDOWMENT);
		assert_eq!(Datanets::datanet(id).status, DatanetStatus::Closed);
		assert_noop!(
			Datanets::contribute(RuntimeOrigin::signed(BOB), id, hash(1), 5, uri()),
			E::DatanetClosed
		);
	});
}

#[test]
fn closing_with_pending_contributions_returns_the_deposit_when_the_last_is_settled() {
	run_test(|| {
		let id = create(ALICE);
		let deposit = Datanets::datanet(id).deposit;
		let a = contribute(BOB, id, 1, 5);
		let b = contribute(CHARLIE, id, 2, 5);
		assert_ok!(Datanets::close_datanet(RuntimeOrigin::signed(ALICE), id));
		System::assert_last_event(Event::DatanetClosed { datanet_id: id }.into());
		assert_eq!(deposit_held(ALICE), deposit, "kept while contributions are pending");

		assert_ok!(Datanets::review(
			RuntimeOrigin::signed(ALICE),
			id,
			decisions(&[(a, Verdict::Accept)])
		));
		assert_eq!(deposit_held(ALICE), deposit);
		assert_ok!(Datanets::withdraw_contribution(RuntimeOrigin::signed(CHARLIE), id, b));
		System::assert_last_event(
			Event::DepositReleased { datanet_id: id, owner: ALICE, amount: deposit }.into(),
		);
		assert_eq!(deposit_held(ALICE), 0);
		assert_eq!(Datanets::datanet(id).deposit, 0);
		// A closed datanet can still publish what it accepted.
		assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), id));
	});
}

#[test]
fn close_datanet_fails_cleanly() {
	run_test(|| {
		let id = create(ALICE);
		assert_noop!(Datanets::close_datanet(RuntimeOrigin::signed(ALICE), 4), E::UnknownDatanet);
		assert_noop!(Datanets::close_datanet(RuntimeOrigin::signed(BOB), id), E::NotOwner);
		assert_ok!(Datanets::close_datanet(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(Datanets::close_datanet(RuntimeOrigin::signed(ALICE), id), E::DatanetClosed);
	});
}

// --- contributions ------------------------------------------------------------------------------

#[test]
fn contribute_holds_the_bond_and_records_the_contribution() {
	run_test(|| {
		let id = create(ALICE);
		assert_ok!(Datanets::contribute(RuntimeOrigin::signed(BOB), id, hash(7), 1_234, uri()));
		System::assert_last_event(
			Event::Contributed {
				datanet_id: id,
				contribution_id: 0,
				contributor: BOB,
				content_hash: hash(7),
				size: 1_234,
				bond: 100,
				deposit: FIRST_DEPOSIT,
			}
			.into(),
		);
		assert_eq!(bond_held(BOB), 100);
		assert_eq!(storage_held(BOB), FIRST_DEPOSIT);
		assert_eq!(free(BOB), ENDOWMENT - 100 - FIRST_DEPOSIT);
		let c = Contributions::<Test>::get(id, 0).unwrap();
		assert_eq!(
			(c.contributor, c.content_hash, c.size, c.bond, c.status, c.submitted_at),
			(BOB, hash(7), 1_234, 100, ContributionStatus::Pending, 1)
		);
		assert_eq!(c.uri, uri());
		assert_eq!(ContentIndex::<Test>::get(id, hash(7)), Some(0));
		assert_eq!(Datanets::datanet(id).pending, 1);
		assert_eq!(c.deposit, CONTRIBUTION_DEPOSIT);
		let stats = ContributorStatsOf::<Test>::get(id, BOB).unwrap();
		assert_eq!((stats.pending, stats.deposit), (1, STATS_DEPOSIT));
		assert_eq!(
			RateLimits::<Test>::get(BOB),
			Some(RateWindow { period: 0, count: 1, bytes: 1_234, deposit: WINDOW_DEPOSIT })
		);
		// A second contribution holds only its own deposit: the stats and window exist.
		assert_ok!(Datanets::contribute(RuntimeOrigin::signed(BOB), id, hash(8), 1, uri()));
		assert_eq!(storage_held(BOB), FIRST_DEPOSIT + CONTRIBUTION_DEPOSIT);
		assert_eq!(
			Datanets::storage_deposits(),
			StorageDeposits {
				contribution: CONTRIBUTION_DEPOSIT,
				stats: STATS_DEPOSIT,
				window: WINDOW_DEPOSIT
			}
		);
	});
}

#[test]
fn contribute_fails_cleanly() {
	run_test(|| {
		let id = create(ALICE);
		assert_noop!(
			Datanets::contribute(RuntimeOrigin::signed(BOB), 9, hash(1), 5, uri()),
			E::UnknownDatanet
		);
		assert_noop!(
			Datanets::contribute(RuntimeOrigin::signed(BOB), id, hash(1), 0, uri()),
			E::ZeroSize
		);
		assert_noop!(
			Datanets::contribute(RuntimeOrigin::signed(PAUPER), id, hash(1), 5, uri()),
			TokenError::FundsUnavailable
		);
	});
}

#[test]
fn a_content_hash_is_taken_until_withdrawn_and_for_good_once_rejected() {
	run_test(|| {
		let id = create(ALICE);
		let other = create(ALICE);
		let c = contribute(BOB, id, 1, 5);
		assert_noop!(
			Datanets::contribute(RuntimeOrigin::signed(CHARLIE), id, hash(1), 5, uri()),
			E::DuplicateContent
		);
		assert_noop!(
			Datanets::contribute(RuntimeOrigin::signed(BOB), id, hash(1), 5, uri()),
			E::DuplicateContent
		);
		// Another datanet may hold the same content.
		contribute(CHARLIE, other, 1, 5);
		// A squatter who copied the hash and withdraws frees it for its owner.
		assert_ok!(Datanets::withdraw_contribution(RuntimeOrigin::signed(BOB), id, c));
		assert_eq!(ContentIndex::<Test>::get(id, hash(1)), None);
		let owner = contribute(CHARLIE, id, 1, 5);
		assert_eq!(ContentIndex::<Test>::get(id, hash(1)), Some(owner));
		assert_noop!(
			Datanets::contribute(RuntimeOrigin::signed(BOB), id, hash(1), 5, uri()),
			E::DuplicateContent
		);
		// A rejected hash stays taken.
		let r = contribute(DAVE, id, 2, 5);
		assert_ok!(Datanets::review(
			RuntimeOrigin::signed(ALICE),
			id,
			decisions(&[(r, Verdict::Reject)])
		));
		assert_noop!(
			Datanets::contribute(RuntimeOrigin::signed(DAVE), id, hash(2), 5, uri()),
			E::DuplicateContent
		);
	});
}

#[test]
fn rate_limit_on_count_resets_at_the_period_boundary() {
	run_test(|| {
		let id = create(ALICE);
		let other = create(CHARLIE);
		// Block 1: period 0. The limit counts over all datanets.
		contribute(BOB, id, 1, 5);
		contribute(BOB, other, 2, 5);
		run_to_block(RATE_PERIOD - 1);
		contribute(BOB, id, 3, 5);
		assert_noop!(
			Datanets::contribute(RuntimeOrigin::signed(BOB), id, hash(4), 5, uri()),
			E::TooManyContributionsInPeriod
		);
		// Other accounts have their own allowance.
		contribute(DAVE, id, 5, 5);
		// The first block of period 1.
		run_to_block(RATE_PERIOD);
		contribute(BOB, id, 4, 5);
		assert_eq!(
			RateLimits::<Test>::get(BOB),
			Some(RateWindow { period: 1, count: 1, bytes: 5, deposit: WINDOW_DEPOSIT })
		);
	});
}

#[test]
fn rate_limit_on_bytes_resets_at_the_period_boundary() {
	run_test(|| {
		let id = create(ALICE);
		contribute(BOB, id, 1, MAX_BYTES_PER_PERIOD - 100);
		assert_noop!(
			Datanets::contribute(RuntimeOrigin::signed(BOB), id, hash(2), 101, uri()),
			E::TooManyBytesInPeriod
		);
		contribute(BOB, id, 2, 100);
		run_to_block(2 * RATE_PERIOD + 3);
		contribute(BOB, id, 3, MAX_BYTES_PER_PERIOD);
		assert_noop!(
			Datanets::contribute(RuntimeOrigin::signed(BOB), id, hash(4), u64::MAX, uri()),
			E::TooManyBytesInPeriod
		);
	});
}

#[test]
fn withdraw_contribution_returns_the_bond_and_removes_the_records() {
	run_test(|| {
		let id = create(ALICE);
		let kept = contribute(BOB, id, 1, 5);
		let c = contribute(BOB, id, 2, 5);
		// Bob still has a contribution in the datanet: only the contribution's deposit returns.
		assert_ok!(Datanets::withdraw_contribution(RuntimeOrigin::signed(BOB), id, c));
		System::assert_last_event(
			Event::ContributionWithdrawn {
				datanet_id: id,
				contribution_id: c,
				contributor: BOB,
				deposit: CONTRIBUTION_DEPOSIT,
			}
			.into(),
		);
		assert!(Contributions::<Test>::get(id, c).is_none());
		assert_eq!(ContentIndex::<Test>::get(id, hash(2)), None);
		assert_eq!(storage_held(BOB), FIRST_DEPOSIT);
		// The last one: its stats go too. The window stays until its period is over.
		assert_ok!(Datanets::withdraw_contribution(RuntimeOrigin::signed(BOB), id, kept));
		System::assert_last_event(
			Event::ContributionWithdrawn {
				datanet_id: id,
				contribution_id: kept,
				contributor: BOB,
				deposit: CONTRIBUTION_DEPOSIT + STATS_DEPOSIT,
			}
			.into(),
		);
		assert_eq!(ContributorStatsOf::<Test>::get(id, BOB), None);
		assert_eq!(bond_held(BOB), 0);
		assert_eq!(storage_held(BOB), WINDOW_DEPOSIT);
		assert_eq!(free(BOB), ENDOWMENT - WINDOW_DEPOSIT);
		assert_eq!(Datanets::datanet(id).pending, 0);
		// Withdrawn means gone: it cannot be withdrawn twice.
		assert_noop!(
			Datanets::withdraw_contribution(RuntimeOrigin::signed(BOB), id, kept),
			E::UnknownContribution
		);
	});
}

#[test]
fn expired_rate_windows_are_cleared_in_idle_time_and_their_deposits_returned() {
	use polkadot_sdk::frame_support::{traits::Hooks, weights::Weight};
	run_test(|| {
		let id = create(ALICE);
		contribute(BOB, id, 1, 5);
		contribute(CHARLIE, id, 2, 5);
		// Within the period nothing goes.
		Datanets::on_idle(2, Weight::MAX);
		assert!(RateLimits::<Test>::get(BOB).is_some());
		// No idle weight, no work.
		run_to_block(RATE_PERIOD);
		assert_eq!(Datanets::on_idle(RATE_PERIOD, Weight::zero()), Weight::zero());
		assert!(RateLimits::<Test>::get(BOB).is_some());
		// Room for one window: one goes now, the other at the next block.
		let one = <() as crate::WeightInfo>::sweep_rate_windows(1);
		assert_eq!(Datanets::on_idle(RATE_PERIOD, one), one);
		assert_eq!(RateLimits::<Test>::iter().count(), 1);
		assert!(RateLimitSweep::<Test>::get().is_some(), "the sweep goes on from there");
		Datanets::on_idle(RATE_PERIOD, Weight::MAX);
		assert_eq!(RateLimits::<Test>::iter().count(), 0);
		assert_eq!(RateLimitSweep::<Test>::get(), None, "the whole map was covered");
		System::assert_has_event(
			Event::RateWindowCleared { account: BOB, deposit: WINDOW_DEPOSIT }.into(),
		);
		// Bob's contribution keeps its own deposit and its stats'.
		assert_eq!(storage_held(BOB), CONTRIBUTION_DEPOSIT + STATS_DEPOSIT);
		assert_eq!(storage_held(CHARLIE), CONTRIBUTION_DEPOSIT + STATS_DEPOSIT);
	});
}

#[test]
fn contribute_and_withdraw_in_a_loop_leaves_nothing_behind() {
	use polkadot_sdk::frame_support::{traits::Hooks, weights::Weight};
	run_test(|| {
		let id = create(ALICE);
		for n in 0..MAX_PER_PERIOD as u8 {
			let c = contribute(BOB, id, n, 5);
			assert_ok!(Datanets::withdraw_contribution(RuntimeOrigin::signed(BOB), id, c));
		}
		assert_eq!(Contributions::<Test>::iter_prefix(id).count(), 0);
		assert_eq!(ContentIndex::<Test>::iter_prefix(id).count(), 0);
		assert_eq!(ContributorStatsOf::<Test>::iter_prefix(id).count(), 0);
		run_to_block(RATE_PERIOD);
		Datanets::on_idle(RATE_PERIOD, Weight::MAX);
		assert_eq!(RateLimits::<Test>::iter().count(), 0);
		assert_eq!(storage_held(BOB) + bond_held(BOB), 0);
		assert_eq!(free(BOB), ENDOWMENT);
	});
}

#[test]
fn withdraw_contribution_fails_cleanly() {
	run_test(|| {
		let id = create(ALICE);
		let c = contribute(BOB, id, 1, 5);
		assert_noop!(
			Datanets::withdraw_contribution(RuntimeOrigin::signed(BOB), 8, c),
			E::UnknownDatanet
		);
		assert_noop!(
			Datanets::withdraw_contribution(RuntimeOrigin::signed(BOB), id, 42),
			E::UnknownContribution
		);
		assert_noop!(
			Datanets::withdraw_contribution(RuntimeOrigin::signed(CHARLIE), id, c),
			E::NotContributor
		);
		assert_ok!(Datanets::review(
			RuntimeOrigin::signed(ALICE),
			id,
			decisions(&[(c, Verdict::Accept)])
		));
		assert_noop!(
			Datanets::withdraw_contribution(RuntimeOrigin::signed(BOB), id, c),
			E::NotPending
		);
	});
}

// --- review -------------------------------------------------------------------------------------

#[test]
fn review_accepts_and_rejects_in_one_batch() {
	run_test(|| {
		let id = create(ALICE);
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), id, DAVE));
		let a = contribute(BOB, id, 1, 100);
		let b = contribute(CHARLIE, id, 2, 200);
		let c = contribute(BOB, id, 3, 300);
		let treasury_before = Balances::total_balance(&TREASURY);
		let curator_before = Balances::total_balance(&DAVE);

		// Accept c before a: the commitment follows the batch order.
		assert_ok!(Datanets::review(
			RuntimeOrigin::signed(DAVE),
			id,
			decisions(&[(c, Verdict::Accept), (b, Verdict::Reject), (a, Verdict::Accept)])
		));
		let expected = independent_commitment(&[(hash(3), 300), (hash(1), 100)]);
		System::assert_has_event(
			Event::ContributionAccepted {
				datanet_id: id,
				contribution_id: c,
				contributor: BOB,
				content_hash: hash(3),
			}
			.into(),
		);
		System::assert_has_event(
			Event::ContributionRejected {
				datanet_id: id,
				contribution_id: b,
				contributor: CHARLIE,
				slashed: 50,
			}
			.into(),
		);
		System::assert_has_event(
			Event::ContributionAccepted {
				datanet_id: id,
				contribution_id: a,
				contributor: BOB,
				content_hash: hash(1),
			}
			.into(),
		);
		System::assert_last_event(
			Event::Reviewed {
				datanet_id: id,
				curator: DAVE,
				accepted: 2,
				rejected: 1,
				commitment: expected,
			}
			.into(),
		);

		let d = Datanets::datanet(id);
		assert_eq!(d.commitment, expected);
		assert_eq!(d.pending, 0);
		// Bonds: accepted ones back in full; the rejected one loses 50% to the treasury.
		assert_eq!(bond_held(BOB), 0);
		assert_eq!(free(BOB), ENDOWMENT - FIRST_DEPOSIT - CONTRIBUTION_DEPOSIT);
		assert_eq!(bond_held(CHARLIE), 0);
		assert_eq!(free(CHARLIE), ENDOWMENT - 50 - FIRST_DEPOSIT);
		// The storage deposits stay: accepted and rejected records live on.
		assert_eq!(storage_held(BOB), FIRST_DEPOSIT + CONTRIBUTION_DEPOSIT);
		assert_eq!(storage_held(CHARLIE), FIRST_DEPOSIT);
		assert_eq!(Balances::total_balance(&TREASURY), treasury_before + 50);
		assert_eq!(Balances::total_balance(&DAVE), curator_before, "curators never profit");

		assert_eq!(
			Contributions::<Test>::get(id, c).unwrap().status,
			ContributionStatus::Accepted { position: 0 }
		);
		assert_eq!(
			Contributions::<Test>::get(id, a).unwrap().status,
			ContributionStatus::Accepted { position: 1 }
		);
		assert_eq!(Contributions::<Test>::get(id, b).unwrap().status, ContributionStatus::Rejected);
		assert_eq!(
			ContributorStatsOf::<Test>::get(id, BOB),
			Some(ContributorStats {
				pending: 0,
				accepted: 2,
				rejected: 0,
				bytes_accepted: 400,
				deposit: STATS_DEPOSIT
			})
		);
		assert_eq!(
			ContributorStatsOf::<Test>::get(id, CHARLIE),
			Some(ContributorStats {
				pending: 0,
				accepted: 0,
				rejected: 1,
				bytes_accepted: 0,
				deposit: STATS_DEPOSIT
			})
		);
	});
}

#[test]
fn the_commitment_extends_across_batches() {
	run_test(|| {
		let id = create(ALICE);
		let mut accepted = vec![];
		for n in 1..=3u8 {
			let c = contribute(BOB, id, n, n as u64 * 10);
			assert_ok!(Datanets::review(
				RuntimeOrigin::signed(ALICE),
				id,
				decisions(&[(c, Verdict::Accept)])
			));
			accepted.push((hash(n), n as u64 * 10));
			assert_eq!(Datanets::datanet(id).commitment, independent_commitment(&accepted));
		}
		assert_eq!(Datanets::datanet(id).commitment.bytes, 60);
	});
}

#[test]
fn review_fails_as_a_whole_on_a_bad_entry() {
	run_test(|| {
		let id = create(ALICE);
		let a = contribute(BOB, id, 1, 5);
		let b = contribute(CHARLIE, id, 2, 5);
		let done = contribute(DAVE, id, 3, 5);
		assert_ok!(Datanets::review(
			RuntimeOrigin::signed(ALICE),
			id,
			decisions(&[(done, Verdict::Accept)])
		));
		let review = |who, entries: &[(u32, Verdict)]| {
			Datanets::review(RuntimeOrigin::signed(who), id, decisions(entries))
		};

		assert_noop!(
			Datanets::review(RuntimeOrigin::signed(ALICE), 9, decisions(&[(a, Verdict::Accept)])),
			E::UnknownDatanet
		);
		assert_noop!(review(BOB, &[(a, Verdict::Accept)]), E::NotCurator);
		assert_noop!(review(ALICE, &[]), E::EmptyReview);
		assert_noop!(
			review(ALICE, &[(a, Verdict::Accept), (b, Verdict::Reject), (a, Verdict::Reject)]),
			E::BadReviewEntry { index: 2, reason: ReviewEntryError::Duplicate }
		);
		assert_noop!(
			review(ALICE, &[(a, Verdict::Accept), (77, Verdict::Accept)]),
			E::BadReviewEntry { index: 1, reason: ReviewEntryError::UnknownContribution }
		);
		assert_noop!(
			review(ALICE, &[(b, Verdict::Reject), (done, Verdict::Reject)]),
			E::BadReviewEntry { index: 1, reason: ReviewEntryError::NotPending }
		);
		assert_eq!(bond_held(BOB), 100);
		assert_eq!(bond_held(CHARLIE), 100);
	});
}

// --- versions -----------------------------------------------------------------------------------

#[test]
fn publish_version_freezes_the_commitment() {
	run_test(|| {
		let id = create(ALICE);
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), id, DAVE));
		let a = contribute(BOB, id, 1, 10);
		assert_ok!(Datanets::review(
			RuntimeOrigin::signed(ALICE),
			id,
			decisions(&[(a, Verdict::Accept)])
		));
		run_to_block(5);
		assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(DAVE), id));
		let v1 = independent_commitment(&[(hash(1), 10)]);
		System::assert_last_event(
			Event::VersionPublished { datanet_id: id, version: 1, commitment: v1 }.into(),
		);
		assert_eq!(
			Versions::<Test>::get(id, 1),
			Some(VersionInfo { commitment: v1, published_at: 5 })
		);
		assert_eq!(Datanets::datanet(id).latest_version, 1);
		assert_eq!(<Datanets as DatanetInspect<AccountId>>::published_version(id, 1), Some(v1));
		assert!(<Datanets as DatanetInspect<AccountId>>::is_published(id, 1));
		assert!(!<Datanets as DatanetInspect<AccountId>>::is_published(id, 2));
		assert_eq!(<Datanets as DatanetInspect<AccountId>>::owner(id), Some(ALICE));
		assert_eq!(<Datanets as DatanetInspect<AccountId>>::owner(9), None);

		// More accepted data moves the commitment, never the published version.
		let b = contribute(CHARLIE, id, 2, 20);
		assert_ok!(Datanets::review(
			RuntimeOrigin::signed(ALICE),
			id,
			decisions(&[(b, Verdict::Accept)])
		));
		assert_eq!(Versions::<Test>::get(id, 1).unwrap().commitment, v1);
		assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), id));
		let v2 = independent_commitment(&[(hash(1), 10), (hash(2), 20)]);
		assert_eq!(Versions::<Test>::get(id, 2).unwrap().commitment, v2);

		let versions = Datanets::datanet_details(id).unwrap().versions;
		assert_eq!(
			versions.iter().map(|(v, i)| (*v, i.commitment)).collect::<Vec<_>>(),
			vec![(1, v1), (2, v2)]
		);
	});
}

#[test]
fn a_published_version_lists_its_contributions_in_acceptance_order_paged() {
	run_test(|| {
		let id = create(ALICE);
		let a = contribute(BOB, id, 1, 10);
		let rejected = contribute(CHARLIE, id, 2, 20);
		let b = contribute(CHARLIE, id, 3, 30);
		// Accepted in the order b, a: acceptance order, not id order.
		assert_ok!(Datanets::review(
			RuntimeOrigin::signed(ALICE),
			id,
			decisions(&[(b, Verdict::Accept), (rejected, Verdict::Reject), (a, Verdict::Accept)])
		));
		assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), id));
		// Accepted after version 1: in version 2 only; a pending one in none.
		let c = contribute(DAVE, id, 4, 40);
		let _pending = contribute(DAVE, id, 5, 50);
		assert_ok!(Datanets::review(
			RuntimeOrigin::signed(ALICE),
			id,
			decisions(&[(c, Verdict::Accept)])
		));
		assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), id));

		let entries = |version, start, limit| {
			let page = Datanets::version_contributions(id, version, start, limit).unwrap();
			let ids = page.contributions.iter().map(|e| (e.id, e.position)).collect::<Vec<_>>();
			(ids, page.next)
		};
		assert_eq!(entries(1, 0, 10), (vec![(a, 1), (b, 0)], None));
		assert_eq!(entries(2, 0, 10), (vec![(a, 1), (b, 0), (c, 2)], None));
		// Pages look at `limit` ids and say where the next starts.
		assert_eq!(entries(2, 0, 2), (vec![(a, 1)], Some(2)));
		assert_eq!(entries(2, 2, 2), (vec![(b, 0), (c, 2)], Some(4)));
		assert_eq!(entries(2, 4, 2), (vec![], None));
		let first = &Datanets::version_contributions(id, 1, 0, 1).unwrap().contributions[0];
		assert_eq!(
			(first.contributor, first.content_hash, first.size, first.uri.to_vec()),
			(BOB, hash(1), 10, uri())
		);
		// The entries rebuild the version's commitment in acceptance order.
		let mut all = Datanets::version_contributions(id, 2, 0, 10).unwrap().contributions;
		all.sort_by_key(|e| e.position);
		let rebuilt: Vec<_> = all.iter().map(|e| (e.content_hash, e.size)).collect();
		assert_eq!(
			Versions::<Test>::get(id, 2).unwrap().commitment,
			independent_commitment(&rebuilt)
		);
		assert!(Datanets::version_contributions(id, 3, 0, 10).is_none());
		assert!(Datanets::version_contributions(9, 1, 0, 10).is_none());
	});
}

#[test]
fn publish_version_fails_cleanly() {
	run_test(|| {
		let id = create(ALICE);
		assert_noop!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), 6), E::UnknownDatanet);
		assert_noop!(
			Datanets::publish_version(RuntimeOrigin::signed(ALICE), id),
			E::NothingToPublish
		);
		let accept_one = |n: u8| {
			let c = contribute(BOB, id, n, 1);
			assert_ok!(Datanets::review(
				RuntimeOrigin::signed(ALICE),
				id,
				decisions(&[(c, Verdict::Accept)])
			));
		};
		accept_one(1);
		assert_noop!(Datanets::publish_version(RuntimeOrigin::signed(BOB), id), E::NotCurator);
		assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			Datanets::publish_version(RuntimeOrigin::signed(ALICE), id),
			E::NothingToPublish
		);
		// A rejection adds nothing to publish.
		let r = contribute(BOB, id, 9, 1);
		assert_ok!(Datanets::review(
			RuntimeOrigin::signed(ALICE),
			id,
			decisions(&[(r, Verdict::Reject)])
		));
		assert_noop!(
			Datanets::publish_version(RuntimeOrigin::signed(ALICE), id),
			E::NothingToPublish
		);
		run_to_block(RATE_PERIOD);
		accept_one(2);
		assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), id));
		accept_one(3);
		assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), id));
		run_to_block(2 * RATE_PERIOD);
		accept_one(4);
		assert_noop!(
			Datanets::publish_version(RuntimeOrigin::signed(ALICE), id),
			E::TooManyVersions
		);
	});
}

#[test]
fn try_state_catches_a_broken_hold() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE);
		contribute(BOB, id, 1, 5);
		assert_ok!(Datanets::do_try_state());
		DatanetsStorage::<Test>::mutate(id, |d| d.as_mut().unwrap().pending = 0);
		assert!(Datanets::do_try_state().is_err());
	});
}

#[test]
fn try_state_catches_a_changed_version() {
	new_test_ext().execute_with(|| {
		let id = create(ALICE);
		let c = contribute(BOB, id, 1, 5);
		assert_ok!(Datanets::review(
			RuntimeOrigin::signed(ALICE),
			id,
			decisions(&[(c, Verdict::Accept)])
		));
		assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), id));
		assert_ok!(Datanets::do_try_state());
		Versions::<Test>::mutate(id, 1, |v| v.as_mut().unwrap().commitment.root = [9; 32]);
		assert!(Datanets::do_try_state().is_err());
	});
}

#[test]
fn genesis_builds_datanets_through_the_calls() {
	use polkadot_sdk::frame_support::traits::BuildGenesisConfig;
	run_test(|| {
		let contribution = |contributor, byte: u8, size| GenesisContribution {
			contributor,
			content_hash: [byte; 32],
			size,
			uri: "ipfs://demo".into(),
		};
		crate::GenesisConfig::<Test> {
			datanets: vec![GenesisDatanet {
				owner: ALICE,
				name: "demo".into(),
				description: "ipfs://demo/README".into(),
				kind: DataKind::Text,
				licence: "CC0-1.0".into(),
				contribution_bond: MIN_BOND,
				contributions: vec![contribution(BOB, 1, 100), contribution(CHARLIE, 2, 50)],
				publish: true,
			}],
		}
		.build();
		let datanet = DatanetsStorage::<Test>::get(0).expect("created");
		assert_eq!(datanet.owner, ALICE);
		assert_eq!((datanet.latest_version, datanet.pending), (1, 0));
		assert_eq!((datanet.commitment.count, datanet.commitment.bytes), (2, 150));
		assert!(Versions::<Test>::get(0, 1).is_some());
		// The holds are the calls' own: the deposit held, the accepted bonds released.
		let hold = |reason: HoldReason, who| Balances::balance_on_hold(&reason.into(), &who);
		assert_eq!(hold(HoldReason::DatanetDeposit, ALICE), datanet.deposit);
		assert_eq!(hold(HoldReason::ContributionBond, BOB), 0);
		assert_eq!(ContributorStatsOf::<Test>::get(0, BOB).unwrap().bytes_accepted, 100);
	});
}
