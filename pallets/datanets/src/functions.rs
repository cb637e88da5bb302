//! The datanet pallet's logic: what the calls do once the origin is checked, the
//! `DatanetInspect` implementation, the queries the runtime API answers, and `try_state`.

use crate::{pallet::*, types::*, weights::WeightInfo};
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

/// The most expired rate-limit windows one block's idle time clears.
pub const MAX_SWEEP: u32 = 64;

impl<T: Config> Pallet<T> {
	/// The storage deposit of a record of at most `bytes` bytes: `StorageDepositBase` plus
	/// `StorageDepositPerByte` per byte (the rule of the SDK's `LinearStoragePrice`, over the
	/// record's largest encoded size so each kind of record costs one known amount).
	fn storage_deposit(bytes: usize) -> BalanceOf<T> {
		let bytes: BalanceOf<T> = (bytes as u32).into();
		T::StorageDepositBase::get().saturating_add(T::StorageDepositPerByte::get() * bytes)
	}

	/// The storage deposit of a contribution: its record and its content-index entry.
	pub fn contribution_deposit() -> BalanceOf<T> {
		Self::storage_deposit(
			2 * DatanetId::max_encoded_len()
				+ 2 * ContributionId::max_encoded_len()
				+ Hash256::max_encoded_len()
				+ ContributionOf::<T>::max_encoded_len(),
		)
	}

	/// The storage deposit of a contributor's stats in a datanet.
	pub fn stats_deposit() -> BalanceOf<T> {
		Self::storage_deposit(
			DatanetId::max_encoded_len()
				+ T::AccountId::max_encoded_len()
				+ StatsOf::<T>::max_encoded_len(),
		)
	}

	/// The storage deposit of an account's rate-limit window.
	pub fn window_deposit() -> BalanceOf<T> {
		Self::storage_deposit(
			T::AccountId::max_encoded_len() + RateWindowOf::<T>::max_encoded_len(),
		)
	}

	/// The storage deposits of every kind of record.
	pub fn storage_deposits() -> StorageDeposits<BalanceOf<T>> {
		StorageDeposits {
			contribution: Self::contribution_deposit(),
			stats: Self::stats_deposit(),
			window: Self::window_deposit(),
		}
	}

	/// The current rate-limit period.
	fn rate_period() -> u32 {
		(frame_system::Pallet::<T>::block_number() / T::RateLimitPeriod::get()).saturated_into()
	}

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
		if datanet.status == DatanetStatus::Closed
			&& datanet.pending == 0
			&& !datanet.deposit.is_zero()
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

	/// The rate-limit window of `who` after submitting `size` more bytes now, with the deposit
	/// to hold when the window is a new record, or the limit it would break.
	fn charge_rate_limit(
		who: &T::AccountId,
		size: u64,
	) -> Result<(RateWindowOf<T>, BalanceOf<T>), Error<T>> {
		let period = Self::rate_period();
		let (mut window, new_deposit) = match RateLimits::<T>::get(who) {
			Some(window) => (window, Zero::zero()),
			None => {
				let deposit = Self::window_deposit();
				(RateWindow { deposit, ..Default::default() }, deposit)
			},
		};
		if window.period != period {
			// A window of a period that is over (not swept yet) is reused with its deposit.
			window = RateWindow { period, count: 0, bytes: 0, deposit: window.deposit };
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
		Ok((window, new_deposit))
	}

	/// Clears rate-limit windows of periods that are over and returns their deposits, going on
	/// from where the previous sweep stopped: at most `MAX_SWEEP` records, and no more than
	/// `remaining` allows. Returns the weight used.
	pub(crate) fn sweep_rate_windows(remaining: Weight) -> Weight {
		let base = T::WeightInfo::sweep_rate_windows(0);
		let per_window = T::WeightInfo::sweep_rate_windows(1).saturating_sub(base);
		let mut limit = 0u32;
		let mut planned = base.saturating_add(per_window);
		while limit < MAX_SWEEP && planned.all_lte(remaining) {
			limit.saturating_inc();
			planned.saturating_accrue(per_window);
		}
		if limit == 0 {
			return Weight::zero();
		}
		let windows: alloc::vec::Vec<_> = match RateLimitSweep::<T>::get() {
			Some(after) => RateLimits::<T>::iter_from(after.into_inner()),
			None => RateLimits::<T>::iter(),
		}
		.take(limit as usize)
		.collect();
		let period = Self::rate_period();
		for (account, window) in &windows {
			if window.period < period {
				RateLimits::<T>::remove(account);
				let _ = T::Currency::release(
					&HoldReason::StorageDeposit.into(),
					account,
					window.deposit,
					Precision::BestEffort,
				);
				Self::deposit_event(Event::RateWindowCleared {
					account: account.clone(),
					deposit: window.deposit,
				});
			}
		}
		// Go on after the last window looked at next time, or from the start once the whole
		// map was covered.
		let cursor = (windows.len() == limit as usize)
			.then(|| windows.last())
			.flatten()
			.and_then(|(account, _)| RateLimits::<T>::hashed_key_for(account).try_into().ok());
		match cursor {
			Some(cursor) => RateLimitSweep::<T>::put::<BoundedVec<u8, ConstU32<128>>>(cursor),
			None => RateLimitSweep::<T>::kill(),
		}
		T::WeightInfo::sweep_rate_windows(windows.len() as u32)
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
		let (window, window_deposit) = Self::charge_rate_limit(&who, size)?;
		let contribution_id = datanet.next_contribution_id;
		datanet.next_contribution_id =
			contribution_id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		datanet.pending = datanet.pending.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let (mut stats, stats_deposit) = match ContributorStatsOf::<T>::get(datanet_id, &who) {
			Some(stats) => (stats, Zero::zero()),
			None => {
				let deposit = Self::stats_deposit();
				(ContributorStats { deposit, ..Default::default() }, deposit)
			},
		};
		stats.pending = stats.pending.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let bond = datanet.contribution_bond;
		let contribution_deposit = Self::contribution_deposit();
		let deposit = contribution_deposit
			.saturating_add(stats_deposit)
			.saturating_add(window_deposit);

		T::Currency::hold(&HoldReason::ContributionBond.into(), &who, bond)?;
		T::Currency::hold(&HoldReason::StorageDeposit.into(), &who, deposit)?;
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
				deposit: contribution_deposit,
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
			deposit,
		});
		Ok(())
	}

	pub(crate) fn do_withdraw_contribution(
		who: T::AccountId,
		datanet_id: DatanetId,
		contribution_id: ContributionId,
	) -> DispatchResult {
		let mut datanet = Datanets::<T>::get(datanet_id).ok_or(Error::<T>::UnknownDatanet)?;
		let contribution = Contributions::<T>::get(datanet_id, contribution_id)
			.ok_or(Error::<T>::UnknownContribution)?;
		ensure!(contribution.contributor == who, Error::<T>::NotContributor);
		ensure!(contribution.status == ContributionStatus::Pending, Error::<T>::NotPending);

		// The records go, and their deposits with them. A withdrawn hash is free again: whoever
		// copied a pending contribution's hash and withdrew it does not lock its owner out.
		// (Rejected hashes stay taken.)
		let mut deposit = contribution.deposit;
		Contributions::<T>::remove(datanet_id, contribution_id);
		ContentIndex::<T>::remove(datanet_id, contribution.content_hash);
		if let Some(mut stats) = ContributorStatsOf::<T>::get(datanet_id, &who).defensive() {
			stats.pending.saturating_dec();
			if stats.is_empty() {
				deposit.saturating_accrue(stats.deposit);
				ContributorStatsOf::<T>::remove(datanet_id, &who);
			} else {
				ContributorStatsOf::<T>::insert(datanet_id, &who, stats);
			}
		}
		T::Currency::release(
			&HoldReason::ContributionBond.into(),
			&who,
			contribution.bond,
			Precision::Exact,
		)?;
		T::Currency::release(&HoldReason::StorageDeposit.into(), &who, deposit, Precision::Exact)?;
		datanet.pending.saturating_dec();
		Self::deposit_event(Event::ContributionWithdrawn {
			datanet_id,
			contribution_id,
			contributor: who,
			deposit,
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
			let mut stats =
				ContributorStatsOf::<T>::get(datanet_id, &who).defensive_unwrap_or_default();
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

	/// The most contribution ids one page of [`Self::version_contributions`] looks at.
	pub const VERSION_PAGE: u32 = 1_000;

	/// The contributions of `version` of `datanet_id` among the ids from `start` on, looking at
	/// up to `limit` ids (at most [`Self::VERSION_PAGE`]): those accepted as one of the first
	/// `count` hashes of the version's commitment, with their place in acceptance order.
	/// `None` when the version was not published.
	pub fn version_contributions(
		datanet_id: DatanetId,
		version: DatanetVersion,
		start: ContributionId,
		limit: u32,
	) -> Option<VersionPageOf<T>> {
		let count = Versions::<T>::get(datanet_id, version)?.commitment.count;
		let end = Datanets::<T>::get(datanet_id)?.next_contribution_id;
		let stop = start.saturating_add(limit.min(Self::VERSION_PAGE)).min(end);
		let contributions = (start..stop)
			.filter_map(|id| {
				let c = Contributions::<T>::get(datanet_id, id)?;
				match c.status {
					ContributionStatus::Accepted { position } if position < count => {
						Some(VersionContribution {
							id,
							position,
							contributor: c.contributor,
							content_hash: c.content_hash,
							uri: c.uri,
							size: c.size,
						})
					},
					_ => None,
				}
			})
			.collect();
		Some(VersionPage { contributions, next: (stop < end).then_some(stop) })
	}

	/// Checks the pallet's invariants: every hold matches live records and the reverse,
	/// published versions are consistent with the commitment, counters add up.
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use polkadot_sdk::frame_support::traits::fungible::InspectHold;

		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut storage: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let add = |map: &mut BTreeMap<T::AccountId, BalanceOf<T>>, who: &T::AccountId, amount| {
			let total = map.entry(who.clone()).or_default();
			*total = total.saturating_add(amount);
		};
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

			// Every contribution (withdrawn ones are gone) is indexed by its content hash and
			// holds its storage deposit; pending ones hold their bonds. Contributors' stats count
			// what is left of them.
			let mut pending = 0u32;
			let mut indexed = 0u32;
			let mut accepted = alloc::vec::Vec::new();
			let mut counted: BTreeMap<T::AccountId, (u32, u32, u32, u64)> = BTreeMap::new();
			for (id, c) in Contributions::<T>::iter_prefix(datanet_id) {
				ensure!(id < datanet.next_contribution_id, "contribution beyond next id");
				let entry = ContentIndex::<T>::get(datanet_id, c.content_hash);
				ensure!(entry == Some(id), "content index does not point at its contribution");
				indexed += 1;
				add(&mut storage, &c.contributor, c.deposit);
				let count = counted.entry(c.contributor.clone()).or_default();
				match c.status {
					ContributionStatus::Pending => {
						pending += 1;
						count.0 += 1;
						add(&mut bonds, &c.contributor, c.bond);
					},
					ContributionStatus::Accepted { position } => {
						count.1 += 1;
						count.3 += c.size;
						accepted.push((position, c.content_hash, c.size));
					},
					ContributionStatus::Rejected => count.2 += 1,
				}
			}
			ensure!(pending == datanet.pending, "pending counter mismatch");
			ensure!(
				ContentIndex::<T>::iter_prefix(datanet_id).count() as u32 == indexed,
				"content index entries do not match the contributions"
			);
			for (who, stats) in ContributorStatsOf::<T>::iter_prefix(datanet_id) {
				let (p, a, r, bytes) = counted.remove(&who).unwrap_or_default();
				ensure!(
					(stats.pending, stats.accepted, stats.rejected, stats.bytes_accepted)
						== (p, a, r, bytes),
					"contributor stats do not count the contributor's contributions"
				);
				ensure!(!stats.is_empty(), "stats of a contributor with nothing left");
				add(&mut storage, &who, stats.deposit);
			}
			ensure!(counted.is_empty(), "a contributor without stats");

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

		for (account, window) in RateLimits::<T>::iter() {
			add(&mut storage, &account, window.deposit);
		}
		for (held, reason, what) in [
			(
				storage,
				HoldReason::StorageDeposit,
				"storage deposit hold does not match the records",
			),
			(
				deposits,
				HoldReason::DatanetDeposit,
				"datanet deposit hold does not match the datanets",
			),
			(
				bonds,
				HoldReason::ContributionBond,
				"bond hold does not match the pending contributions",
			),
		] {
			for (account, expected) in held {
				ensure!(
					<T::Currency as InspectHold<T::AccountId>>::balance_on_hold(
						&reason.into(),
						&account
					) == expected,
					what
				);
			}
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
