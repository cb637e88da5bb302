//! The datanet pallet's logic: what the calls do once the origin is checked, the
//! `DatanetInspect` implementation, the queries the runtime API answers, and `try_state`.

use crate::{pallet::*, types::*};
use codec::Encode;
use openledger_primitives::{
	ContributionId, DatanetCommitment, DatanetId, DatanetInspect, DatanetVersion, Hash256,
};
use polkadot_sdk::{
	frame_support::{
		ensure,
		pallet_prelude::*,
		traits::{
			fungible::MutateHold,
			tokens::{Fortitude, Precision, Restriction},
			Defensive,
		},
	},
	frame_system,
	sp_crypto_hashing::blake2_256,
	sp_runtime::{
		traits::{Saturating, Zero},
		SaturatedConversion,
	},
};

impl<T: Config> Pallet<T> {
	/// The deposit a datanet with `metadata` holds.
	pub fn deposit_for(metadata: &DatanetMetadataOf<T>) -> BalanceOf<T> {
		let bytes: BalanceOf<T> = (metadata.encoded_size() as u32).into();
		T::DatanetDepositBase::get()
			.saturating_add(T::DatanetDepositPerByte::get().saturating_mul(bytes))
	}

	/// Whether `who` may review contributions to `datanet` and publish its versions.
	pub fn is_curator(datanet: &DatanetInfoOf<T>, who: &T::AccountId) -> bool {
		datanet.owner == *who || datanet.curators.contains(who)
	}

	/// The commitment after accepting `content_hash` of `size` bytes.
	pub fn extend_commitment(
		commitment: &DatanetCommitment,
		content_hash: &Hash256,
		size: u64,
	) -> Option<DatanetCommitment> {
		let mut preimage = [0u8; 64];
		preimage[..32].copy_from_slice(&commitment.root);
		preimage[32..].copy_from_slice(content_hash);
		Some(DatanetCommitment {
			root: blake2_256(&preimage),
			count: commitment.count.checked_add(1)?,
			bytes: commitment.bytes.checked_add(size)?,
		})
	}

	fn owned_datanet(
		who: &T::AccountId,
		datanet_id: DatanetId,
	) -> Result<DatanetInfoOf<T>, DispatchError> {
		let datanet = Datanets::<T>::get(datanet_id).ok_or(Error::<T>::UnknownDatanet)?;
		ensure!(datanet.owner == *who, Error::<T>::NotOwner);
		Ok(datanet)
	}

	/// Build a genesis datanet through the calls' own code: create, contribute, accept all
	/// (as the owner), and publish version 1 if asked.
	pub(crate) fn build_genesis_datanet(datanet: &GenesisDatanetOf<T>) -> DispatchResult {
		let string = |s: &alloc::string::String| {
			BoundedVec::try_from(s.as_bytes().to_vec()).map_err(|_| Error::<T>::Overflow)
		};
		let metadata = DatanetMetadata {
			name: string(&datanet.name)?,
			description: string(&datanet.description)?,
			tags: Default::default(),
			kind: datanet.kind,
			licence: string(&datanet.licence)?,
		};
		let datanet_id = NextDatanetId::<T>::get();
		Self::do_create_datanet(
			datanet.owner.clone(),
			metadata,
			datanet.contribution_bond,
			Default::default(),
		)?;
		let mut accepted = alloc::vec::Vec::new();
		for contribution in &datanet.contributions {
			let contribution_id = Datanets::<T>::get(datanet_id)
				.map(|d| d.next_contribution_id)
				.ok_or(Error::<T>::UnknownDatanet)?;
			let uri = BoundedVec::try_from(contribution.uri.as_bytes().to_vec())
				.map_err(|_| Error::<T>::Overflow)?;
			Self::do_contribute(
				contribution.contributor.clone(),
				datanet_id,
				contribution.content_hash,
				contribution.size,
				uri,
			)?;
			accepted.push((contribution_id, Verdict::Accept));
		}
		for batch in accepted.chunks(T::MaxReviewBatch::get() as usize) {
			Self::do_review(
				datanet.owner.clone(),
				datanet_id,
				BoundedVec::truncate_from(batch.to_vec()),
			)?;
		}
		if datanet.publish {
			Self::do_publish_version(datanet.owner.clone(), datanet_id)?;
		}
		Ok(())
	}

	pub(crate) fn do_create_datanet(
		owner: T::AccountId,
		metadata: DatanetMetadataOf<T>,
		contribution_bond: BalanceOf<T>,
		curators: CuratorsOf<T>,
	) -> DispatchResult {
		ensure!(contribution_bond >= T::MinContributionBond::get(), Error::<T>::BondTooLow);
		let datanet_id = NextDatanetId::<T>::get();
		let next_id = datanet_id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let mut curators = curators.into_inner();
		curators.sort();
		curators.dedup();
		curators.retain(|c| *c != owner);
		// No longer than the bounded list it came from.
		let curators = CuratorsOf::<T>::truncate_from(curators);
		let deposit = Self::deposit_for(&metadata);

		T::Currency::hold(&HoldReason::DatanetDeposit.into(), &owner, deposit)?;
		NextDatanetId::<T>::put(next_id);
		Datanets::<T>::insert(
			datanet_id,
			DatanetInfo {
				owner: owner.clone(),
				metadata,
				contribution_bond,
				curators,
				deposit,
				status: DatanetStatus::Open,
				commitment: DatanetCommitment::default(),
				pending: 0,
				next_contribution_id: 0,
				latest_version: 0,
				created_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::DatanetCreated { datanet_id, owner, deposit });
		Ok(())
	}

	pub(crate) fn do_update_metadata(
		who: T::AccountId,
		datanet_id: DatanetId,
		metadata: DatanetMetadataOf<T>,
	) -> DispatchResult {
		let mut datanet = Self::owned_datanet(&who, datanet_id)?;
		ensure!(datanet.status == DatanetStatus::Open, Error::<T>::DatanetClosed);
		let deposit = Self::deposit_for(&metadata);
		let reason = HoldReason::DatanetDeposit.into();
		if deposit > datanet.deposit {
			T::Currency::hold(&reason, &who, deposit.saturating_sub(datanet.deposit))?;
		} else if deposit < datanet.deposit {
			T::Currency::release(
				&reason,
				&who,
				datanet.deposit.saturating_sub(deposit),
				Precision::Exact,
			)?;
		}
		datanet.metadata = metadata;
		datanet.deposit = deposit;
		Datanets::<T>::insert(datanet_id, datanet);
		Self::deposit_event(Event::MetadataUpdated { datanet_id, deposit });
		Ok(())
	}

	pub(crate) fn do_set_contribution_bond(
		who: T::AccountId,
		datanet_id: DatanetId,
		bond: BalanceOf<T>,
	) -> DispatchResult {
		let mut datanet = Self::owned_datanet(&who, datanet_id)?;
		ensure!(datanet.status == DatanetStatus::Open, Error::<T>::DatanetClosed);
		ensure!(bond >= T::MinContributionBond::get(), Error::<T>::BondTooLow);
		datanet.contribution_bond = bond;
		Datanets::<T>::insert(datanet_id, datanet);
		Self::deposit_event(Event::ContributionBondSet { datanet_id, bond });
		Ok(())
	}

	pub(crate) fn do_add_curator(
		who: T::AccountId,
		datanet_id: DatanetId,
		curator: T::AccountId,
	) -> DispatchResult {
		let mut datanet = Self::owned_datanet(&who, datanet_id)?;
		ensure!(!Self::is_curator(&datanet, &curator), Error::<T>::AlreadyCurator);
		datanet
			.curators
			.try_push(curator.clone())
			.map_err(|_| Error::<T>::TooManyCurators)?;
		Datanets::<T>::insert(datanet_id, datanet);
		Self::deposit_event(Event::CuratorAdded { datanet_id, curator });
		Ok(())
	}

	pub(crate) fn do_remove_curator(
		who: T::AccountId,
		datanet_id: DatanetId,
		curator: T::AccountId,
	) -> DispatchResult {
		let mut datanet = Self::owned_datanet(&who, datanet_id)?;
		ensure!(curator != datanet.owner, Error::<T>::CannotRemoveOwner);
		let position = datanet
			.curators
			.iter()
			.position(|c| *c == curator)
			.ok_or(Error::<T>::NotCurator)?;
		datanet.curators.remove(position);
		Datanets::<T>::insert(datanet_id, datanet);
		Self::deposit_event(Event::CuratorRemoved { datanet_id, curator });
		Ok(())
	}

	pub(crate) fn do_transfer_ownership(
		who: T::AccountId,
		datanet_id: DatanetId,
		new_owner: T::AccountId,
	) -> DispatchResult {
		let mut datanet = Self::owned_datanet(&who, datanet_id)?;
		ensure!(new_owner != who, Error::<T>::AlreadyOwner);
		if !datanet.deposit.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::DatanetDeposit.into(),
				&who,
				&new_owner,
				datanet.deposit,
				Precision::Exact,
				Restriction::OnHold,
				Fortitude::Polite,
			)?;
		}
		// The owner is a curator implicitly; keep the list free of the new owner.
		datanet.curators.retain(|c| *c != new_owner);
		datanet.owner = new_owner.clone();
		Datanets::<T>::insert(datanet_id, datanet);
		Self::deposit_event(Event::OwnershipTransferred { datanet_id, from: who, to: new_owner });
		Ok(())
	}

	pub(crate) fn do_close_datanet(who: T::AccountId, datanet_id: DatanetId) -> DispatchResult {
		let mut datanet = Self::owned_datanet(&who, datanet_id)?;
		ensure!(datanet.status == DatanetStatus::Open, Error::<T>::DatanetClosed);
		datanet.status = DatanetStatus::Closed;
		Self::deposit_event(Event::DatanetClosed { datanet_id });
		Self::release_deposit_if_done(datanet_id, &mut datanet)?;
		Datanets::<T>::insert(datanet_id, datanet);
		Ok(())
	}

	/// Returns a closed datanet's deposit once nothing is pending.
	fn release_deposit_if_done(
		datanet_id: DatanetId,
		datanet: &mut DatanetInfoOf<T>,
	) -> DispatchResult {
		if datanet.status == DatanetStatus::Closed &&
			datanet.pending == 0 &&
			!datanet.deposit.is_zero()
		{
			let amount = datanet.deposit;
			T::Currency::release(
				&HoldReason::DatanetDeposit.into(),
				&datanet.owner,
				amount,
				Precision::Exact,
			)?;
			datanet.deposit = Zero::zero();
			Self::deposit_event(Event::DepositReleased {
				datanet_id,
				owner: datanet.owner.clone(),
				amount,
			});
		}
		Ok(())
	}

	/// The rate-limit window of `who` after submitting `size` more bytes now, or the limit it
	/// would break.
	fn charge_rate_limit(who: &T::AccountId, size: u64) -> Result<RateWindow, Error<T>> {
		let now = frame_system::Pallet::<T>::block_number();
		let period: u32 = (now / T::RateLimitPeriod::get()).saturated_into();
		let mut window = RateLimits::<T>::get(who);
		if window.period != period {
			window = RateWindow { period, count: 0, bytes: 0 };
		}
		window.count = window
			.count
			.checked_add(1)
			.filter(|c| *c <= T::MaxContributionsPerPeriod::get())
			.ok_or(Error::<T>::TooManyContributionsInPeriod)?;
		window.bytes = window
			.bytes
			.checked_add(size)
			.filter(|b| *b <= T::MaxBytesPerPeriod::get())
			.ok_or(Error::<T>::TooManyBytesInPeriod)?;
		Ok(window)
	}

	pub(crate) fn do_contribute(
		who: T::AccountId,
		datanet_id: DatanetId,
		content_hash: Hash256,
		size: u64,
		uri: BoundedVec<u8, T::MaxUriLen>,
	) -> DispatchResult {
		let mut datanet = Datanets::<T>::get(datanet_id).ok_or(Error::<T>::UnknownDatanet)?;
		ensure!(datanet.status == DatanetStatus::Open, Error::<T>::DatanetClosed);
		ensure!(size > 0, Error::<T>::ZeroSize);
		ensure!(
			!ContentIndex::<T>::contains_key(datanet_id, content_hash),
			Error::<T>::DuplicateContent
		);
		let window = Self::charge_rate_limit(&who, size)?;
		let contribution_id = datanet.next_contribution_id;
		datanet.next_contribution_id =
			contribution_id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		datanet.pending = datanet.pending.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let mut stats = ContributorStatsOf::<T>::get(datanet_id, &who);
		stats.pending = stats.pending.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let bond = datanet.contribution_bond;

		T::Currency::hold(&HoldReason::ContributionBond.into(), &who, bond)?;
		RateLimits::<T>::insert(&who, window);
		ContributorStatsOf::<T>::insert(datanet_id, &who, stats);
		ContentIndex::<T>::insert(datanet_id, content_hash, contribution_id);
		Contributions::<T>::insert(
			datanet_id,
			contribution_id,
			Contribution {
				contributor: who.clone(),
				content_hash,
				size,
				uri,
				bond,
				status: ContributionStatus::Pending,
				submitted_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Datanets::<T>::insert(datanet_id, datanet);
		Self::deposit_event(Event::Contributed {
			datanet_id,
			contribution_id,
			contributor: who,
			content_hash,
			size,
			bond,
		});
		Ok(())
	}

	pub(crate) fn do_withdraw_contribution(
		who: T::AccountId,
		datanet_id: DatanetId,
		contribution_id: ContributionId,
	) -> DispatchResult {
		let mut datanet = Datanets::<T>::get(datanet_id).ok_or(Error::<T>::UnknownDatanet)?;
		let mut contribution = Contributions::<T>::get(datanet_id, contribution_id)
			.ok_or(Error::<T>::UnknownContribution)?;
		ensure!(contribution.contributor == who, Error::<T>::NotContributor);
		ensure!(contribution.status == ContributionStatus::Pending, Error::<T>::NotPending);

		T::Currency::release(
			&HoldReason::ContributionBond.into(),
			&who,
			contribution.bond,
			Precision::Exact,
		)?;
		contribution.status = ContributionStatus::Withdrawn;
		// A withdrawn hash is free again: whoever copied a pending contribution's hash and
		// withdrew it does not lock its owner out. (Rejected hashes stay taken.)
		ContentIndex::<T>::remove(datanet_id, contribution.content_hash);
		Contributions::<T>::insert(datanet_id, contribution_id, contribution);
		ContributorStatsOf::<T>::mutate(datanet_id, &who, |stats| {
			stats.pending.saturating_dec();
			stats.withdrawn.saturating_inc();
		});
		datanet.pending.saturating_dec();
		Self::deposit_event(Event::ContributionWithdrawn {
			datanet_id,
			contribution_id,
			contributor: who,
		});
		Self::release_deposit_if_done(datanet_id, &mut datanet)?;
		Datanets::<T>::insert(datanet_id, datanet);
		Ok(())
	}

	pub(crate) fn do_review(
		curator: T::AccountId,
		datanet_id: DatanetId,
		decisions: ReviewBatchOf<T>,
	) -> DispatchResult {
		let mut datanet = Datanets::<T>::get(datanet_id).ok_or(Error::<T>::UnknownDatanet)?;
		ensure!(Self::is_curator(&datanet, &curator), Error::<T>::NotCurator);
		ensure!(!decisions.is_empty(), Error::<T>::EmptyReview);

		// Validate the whole batch before touching anything.
		let mut contributions = alloc::vec::Vec::with_capacity(decisions.len());
		for (index, (contribution_id, verdict)) in decisions.iter().enumerate() {
			let bad = |reason| Error::<T>::BadReviewEntry { index: index as u16, reason };
			ensure!(
				!decisions[..index].iter().any(|(earlier, _)| earlier == contribution_id),
				bad(ReviewEntryError::Duplicate)
			);
			let contribution = Contributions::<T>::get(datanet_id, contribution_id)
				.ok_or(bad(ReviewEntryError::UnknownContribution))?;
			ensure!(
				contribution.status == ContributionStatus::Pending,
				bad(ReviewEntryError::NotPending)
			);
			let position = datanet.commitment.count;
			if *verdict == Verdict::Accept {
				datanet.commitment = Self::extend_commitment(
					&datanet.commitment,
					&contribution.content_hash,
					contribution.size,
				)
				.ok_or(Error::<T>::Overflow)?;
			}
			contributions.push((contribution, position));
		}

		let reason = HoldReason::ContributionBond.into();
		let treasury = T::TreasuryAccount::get();
		let (mut accepted, mut rejected) = (0u32, 0u32);
		for ((contribution_id, verdict), (mut contribution, position)) in
			decisions.into_iter().zip(contributions)
		{
			let who = contribution.contributor.clone();
			let mut stats = ContributorStatsOf::<T>::get(datanet_id, &who);
			stats.pending.saturating_dec();
			match verdict {
				Verdict::Accept => {
					T::Currency::release(&reason, &who, contribution.bond, Precision::Exact)?;
					contribution.status = ContributionStatus::Accepted { position };
					stats.accepted.saturating_inc();
					stats.bytes_accepted.saturating_accrue(contribution.size);
					accepted.saturating_inc();
					Self::deposit_event(Event::ContributionAccepted {
						datanet_id,
						contribution_id,
						contributor: who.clone(),
						content_hash: contribution.content_hash,
					});
				},
				Verdict::Reject => {
					let slashed = T::RejectionSlash::get() * contribution.bond;
					if !slashed.is_zero() {
						T::Currency::transfer_on_hold(
							&reason,
							&who,
							&treasury,
							slashed,
							Precision::Exact,
							Restriction::Free,
							Fortitude::Force,
						)?;
					}
					T::Currency::release(
						&reason,
						&who,
						contribution.bond.saturating_sub(slashed),
						Precision::Exact,
					)?;
					contribution.status = ContributionStatus::Rejected;
					stats.rejected.saturating_inc();
					rejected.saturating_inc();
					Self::deposit_event(Event::ContributionRejected {
						datanet_id,
						contribution_id,
						contributor: who.clone(),
						slashed,
					});
				},
			}
			ContributorStatsOf::<T>::insert(datanet_id, &who, stats);
			Contributions::<T>::insert(datanet_id, contribution_id, contribution);
		}
		datanet.pending = datanet.pending.saturating_sub(accepted.saturating_add(rejected));
		Self::deposit_event(Event::Reviewed {
			datanet_id,
			curator,
			accepted,
			rejected,
			commitment: datanet.commitment,
		});
		Self::release_deposit_if_done(datanet_id, &mut datanet)?;
		Datanets::<T>::insert(datanet_id, datanet);
		Ok(())
	}

	pub(crate) fn do_publish_version(who: T::AccountId, datanet_id: DatanetId) -> DispatchResult {
		let mut datanet = Datanets::<T>::get(datanet_id).ok_or(Error::<T>::UnknownDatanet)?;
		ensure!(Self::is_curator(&datanet, &who), Error::<T>::NotCurator);
		let published = match datanet.latest_version {
			0 => 0,
			latest => Versions::<T>::get(datanet_id, latest)
				.map(|v| v.commitment.count)
				.defensive_unwrap_or(0),
		};
		ensure!(datanet.commitment.count > published, Error::<T>::NothingToPublish);
		let version = datanet.latest_version.checked_add(1).ok_or(Error::<T>::Overflow)?;
		ensure!(version <= T::MaxVersions::get(), Error::<T>::TooManyVersions);

		let commitment = datanet.commitment;
		Versions::<T>::insert(
			datanet_id,
			version,
			VersionInfo { commitment, published_at: frame_system::Pallet::<T>::block_number() },
		);
		datanet.latest_version = version;
		Datanets::<T>::insert(datanet_id, datanet);
		Self::deposit_event(Event::VersionPublished { datanet_id, version, commitment });
		Ok(())
	}

	/// A datanet with its published versions, oldest first (at most `MaxVersions`).
	pub fn datanet_details(datanet_id: DatanetId) -> Option<DatanetDetailsOf<T>> {
		let datanet = Datanets::<T>::get(datanet_id)?;
		let versions = (1..=datanet.latest_version)
			.filter_map(|v| Versions::<T>::get(datanet_id, v).map(|info| (v, info)))
			.collect();
		Some(DatanetDetails { datanet, versions })
	}

	/// Checks the pallet's invariants: every hold matches live records and the reverse,
	/// published versions are consistent with the commitment, counters add up.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use polkadot_sdk::frame_support::traits::fungible::InspectHold;

		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let next_id = NextDatanetId::<T>::get();

		for (datanet_id, datanet) in Datanets::<T>::iter() {
			ensure!(datanet_id < next_id, "datanet id beyond NextDatanetId");
			ensure!(!datanet.curators.contains(&datanet.owner), "owner listed as curator");
			match datanet.status {
				DatanetStatus::Open => ensure!(
					datanet.deposit == Self::deposit_for(&datanet.metadata),
					"open datanet's deposit does not match its metadata"
				),
				DatanetStatus::Closed => ensure!(
					datanet.pending > 0 || datanet.deposit.is_zero(),
					"closed datanet with nothing pending still holds a deposit"
				),
			}
			let deposit = deposits.entry(datanet.owner.clone()).or_default();
			*deposit = deposit.saturating_add(datanet.deposit);

			// Every contribution but a withdrawn one is indexed by its content hash; pending ones
			// hold their bonds.
			let mut pending = 0u32;
			let mut indexed = 0u32;
			let mut accepted = alloc::vec::Vec::new();
			for id in 0..datanet.next_contribution_id {
				let c = Contributions::<T>::get(datanet_id, id).ok_or("missing contribution")?;
				let entry = ContentIndex::<T>::get(datanet_id, c.content_hash);
				if c.status == ContributionStatus::Withdrawn {
					ensure!(entry != Some(id), "a withdrawn contribution keeps its content hash");
				} else {
					indexed += 1;
					ensure!(entry == Some(id), "content index does not point at its contribution");
				}
				match c.status {
					ContributionStatus::Pending => {
						pending += 1;
						let bond = bonds.entry(c.contributor.clone()).or_default();
						*bond = bond.saturating_add(c.bond);
					},
					ContributionStatus::Accepted { position } =>
						accepted.push((position, c.content_hash, c.size)),
					ContributionStatus::Rejected | ContributionStatus::Withdrawn => {},
				}
			}
			ensure!(pending == datanet.pending, "pending counter mismatch");
			ensure!(
				Contributions::<T>::iter_prefix(datanet_id).count() as u32 ==
					datanet.next_contribution_id,
				"contribution beyond next_contribution_id"
			);
			ensure!(
				ContentIndex::<T>::iter_prefix(datanet_id).count() as u32 == indexed,
				"content index entries do not match the contributions"
			);

			// Replaying the accepted hashes in commitment order rebuilds the commitment, and
			// passes through every published version.
			accepted.sort_by_key(|(position, _, _)| *position);
			let mut prefixes = alloc::vec![DatanetCommitment::default()];
			for (expected, (position, hash, size)) in accepted.iter().enumerate() {
				ensure!(*position as usize == expected, "accepted positions not contiguous");
				let last = prefixes.last().copied().unwrap_or_default();
				prefixes.push(
					Self::extend_commitment(&last, hash, *size).ok_or("commitment overflow")?,
				);
			}
			ensure!(
				prefixes.last() == Some(&datanet.commitment),
				"commitment does not match the accepted contributions"
			);

			let mut last_count = 0;
			for v in 1..=datanet.latest_version {
				let info = Versions::<T>::get(datanet_id, v).ok_or("missing published version")?;
				ensure!(info.commitment.count > last_count, "versions not increasing");
				ensure!(
					prefixes.get(info.commitment.count as usize) == Some(&info.commitment),
					"published version differs from the accepted contributions"
				);
				last_count = info.commitment.count;
			}
			ensure!(
				Versions::<T>::iter_prefix(datanet_id).count() as u32 == datanet.latest_version,
				"version beyond latest_version"
			);
		}

		for (account, expected) in deposits {
			ensure!(
				<T::Currency as InspectHold<T::AccountId>>::balance_on_hold(
					&HoldReason::DatanetDeposit.into(),
					&account,
				) == expected,
				"datanet deposit hold does not match the datanets owned"
			);
		}
		for (account, expected) in bonds {
			ensure!(
				<T::Currency as InspectHold<T::AccountId>>::balance_on_hold(
					&HoldReason::ContributionBond.into(),
					&account,
				) == expected,
				"contribution bond hold does not match the pending contributions"
			);
		}
		Ok(())
	}
}

impl<T: Config> DatanetInspect<T::AccountId> for Pallet<T> {
	fn owner(datanet: DatanetId) -> Option<T::AccountId> {
		Datanets::<T>::get(datanet).map(|d| d.owner)
	}

	fn published_version(datanet: DatanetId, version: DatanetVersion) -> Option<DatanetCommitment> {
		Versions::<T>::get(datanet, version).map(|v| v.commitment)
	}
}
