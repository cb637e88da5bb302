//! The metering pallet's logic: the fee split, direct payment, escrow, receipt settlement,
//! the queries the runtime API answers, and `try_state`.

use crate::{pallet::*, types::*};
use alloc::collections::btree_map::BTreeMap;
use codec::Encode;
use openledger_primitives::{usage_fee, ModelId, ModelInspect, ModelTerms, UsageSink};
use polkadot_sdk::{
	frame_support::{
		ensure,
		pallet_prelude::*,
		traits::{
			fungible::{InspectHold, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Preservation, Restriction},
		},
	},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_runtime::{
		traits::{AccountIdConversion, Saturating, Verify, Zero},
		PerThing, Perbill,
	},
};

/// Where a batch's charges go, summed before anything moves.
struct Payouts<T: Config> {
	/// Per destination account: treasury, owners, base owners.
	accounts: BTreeMap<T::AccountId, BalanceOf<T>>,
	/// Per model: (data share, attribution fee), paid into the usage sink's pot.
	pools: BTreeMap<ModelId, (BalanceOf<T>, BalanceOf<T>)>,
	/// The sum of all shares, by kind.
	shares: FeeShares<BalanceOf<T>>,
}

impl<T: Config> Payouts<T> {
	fn new() -> Self {
		Self { accounts: BTreeMap::new(), pools: BTreeMap::new(), shares: Default::default() }
	}

	fn credit(&mut self, who: &T::AccountId, amount: BalanceOf<T>) {
		if !amount.is_zero() {
			let entry = self.accounts.entry(who.clone()).or_default();
			*entry = entry.saturating_add(amount);
		}
	}

	/// Adds one fee's shares.
	fn add(
		&mut self,
		model: ModelId,
		terms: &ModelTerms<T::AccountId, BalanceOf<T>>,
		shares: FeeShares<BalanceOf<T>>,
	) {
		self.credit(&T::TreasuryAccount::get(), shares.treasury);
		self.credit(&terms.owner, shares.owner);
		// `split_fee` gives a base model share only to adapters, which have a base owner.
		if let Some(base_owner) = &terms.base_owner {
			self.credit(base_owner, shares.base_model);
		}
		let pool = self.pools.entry(model).or_default();
		pool.0 = pool.0.saturating_add(shares.data);
		pool.1 = pool.1.saturating_add(shares.attribution);
		let sum = &mut self.shares;
		sum.treasury = sum.treasury.saturating_add(shares.treasury);
		sum.attribution = sum.attribution.saturating_add(shares.attribution);
		sum.data = sum.data.saturating_add(shares.data);
		sum.base_model = sum.base_model.saturating_add(shares.base_model);
		sum.owner = sum.owner.saturating_add(shares.owner);
	}

	/// Moves everything out of `from`, once per destination. A destination that cannot
	/// receive its amount (it would stay below the existential deposit) is paid to the treasury
	/// instead, so a batch never fails on a payout.
	fn pay_out(self, from: &T::AccountId) -> DispatchResult {
		let treasury = T::TreasuryAccount::get();
		let mut to_treasury = BalanceOf::<T>::zero();
		for (who, amount) in self.accounts {
			let paid = who != treasury &&
				T::Currency::transfer(from, &who, amount, Preservation::Preserve).is_ok();
			if !paid {
				to_treasury = to_treasury.saturating_add(amount);
			}
		}
		let pot = T::UsageSink::pot();
		let mut to_pot = BalanceOf::<T>::zero();
		for (data, attribution) in self.pools.values() {
			to_pot = to_pot.saturating_add(*data).saturating_add(*attribution);
		}
		if !to_pot.is_zero() {
			T::Currency::transfer(from, &pot, to_pot, Preservation::Preserve)?;
			for (model, (data, attribution)) in self.pools {
				T::UsageSink::on_usage(model, data, attribution);
			}
		}
		if !to_treasury.is_zero() {
			T::Currency::transfer(from, &treasury, to_treasury, Preservation::Preserve)?;
		}
		Ok(())
	}
}

impl<T: Config> Pallet<T> {
	/// The account a batch's charges pass through.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The fee split in force.
	pub fn fee_split() -> FeeSplit {
		FeeSplitOverride::<T>::get().unwrap_or_else(T::DefaultFeeSplit::get)
	}

	/// Whether `split` leaves at least the data share floor for contributors.
	pub fn is_valid_split(split: &FeeSplit) -> bool {
		let taken = split.treasury.deconstruct() as u64 +
			split.attribution.deconstruct() as u64 +
			split.base_model.deconstruct() as u64 +
			T::DataShareFloor::get().deconstruct() as u64;
		taken <= Perbill::one().deconstruct() as u64
	}

	/// How `fee` for a model with `terms` is divided under `split`. The attribution, data,
	/// base model and owner parts round down; the treasury takes its share plus the dust, so
	/// the parts always sum to `fee`. The data share is what the model promises, capped by what
	/// the other shares leave.
	pub fn split_fee(
		fee: BalanceOf<T>,
		terms: &ModelTerms<T::AccountId, BalanceOf<T>>,
		split: &FeeSplit,
	) -> FeeShares<BalanceOf<T>> {
		let base_model =
			if terms.base_owner.is_some() { split.base_model } else { Perbill::zero() };
		let taken = split.treasury.saturating_add(split.attribution).saturating_add(base_model);
		let data = Perbill::from_parts(terms.data_share_ppb).min(taken.left_from_one());
		let owner = taken.saturating_add(data).left_from_one();

		let attribution = split.attribution.mul_floor(fee);
		let data = data.mul_floor(fee);
		let base_model = base_model.mul_floor(fee);
		let owner = owner.mul_floor(fee);
		let treasury = fee
			.saturating_sub(attribution)
			.saturating_sub(data)
			.saturating_sub(base_model)
			.saturating_sub(owner);
		FeeShares { treasury, attribution, data, base_model, owner }
	}

	/// What the model charges now for `input_tokens` and `output_tokens`, if it takes usage.
	pub fn quote(model: ModelId, input_tokens: u64, output_tokens: u64) -> Option<BalanceOf<T>> {
		if !T::Models::is_usable(model) {
			return None;
		}
		let terms = T::Models::terms(model)?;
		Some(usage_fee(
			terms.price_per_1k_input,
			terms.price_per_1k_output,
			input_tokens,
			output_tokens,
		))
	}

	pub(crate) fn do_pay_for_inference(
		consumer: T::AccountId,
		model: ModelId,
		input_tokens: u64,
		output_tokens: u64,
		max_fee: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(T::Models::is_usable(model), Error::<T>::ModelNotUsable);
		let terms = T::Models::terms(model).ok_or(Error::<T>::ModelNotUsable)?;
		let fee = usage_fee(
			terms.price_per_1k_input,
			terms.price_per_1k_output,
			input_tokens,
			output_tokens,
		);
		ensure!(fee <= max_fee, Error::<T>::FeeAboveMax);
		let shares = Self::split_fee(fee, &terms, &Self::fee_split());

		let clearing = Self::account_id();
		T::Currency::transfer(&consumer, &clearing, fee, Preservation::Preserve)?;
		let mut payouts = Payouts::<T>::new();
		payouts.add(model, &terms, shares);
		payouts.pay_out(&clearing)?;
		Self::deposit_event(Event::InferencePaid {
			consumer,
			model,
			input_tokens,
			output_tokens,
			fee,
			shares,
		});
		Ok(())
	}

	/// The escrow `consumer` holds (all of it chargeable).
	pub fn escrow_held(consumer: &T::AccountId) -> BalanceOf<T> {
		T::Currency::balance_on_hold(&HoldReason::Escrow.into(), consumer)
	}

	/// `consumer`'s escrow: what is held, what is unlocking (never more than is held), and from
	/// when it may be withdrawn; `None` when there is neither.
	pub fn escrow(consumer: &T::AccountId) -> Option<EscrowOf<T>> {
		let held = Self::escrow_held(consumer);
		let unlocking = Withdrawals::<T>::get(consumer).unwrap_or_default();
		(!held.is_zero() || !unlocking.amount.is_zero()).then(|| Escrow {
			held,
			unlocking: unlocking.amount.min(held),
			unlock_at: unlocking.unlock_at,
		})
	}

	pub(crate) fn do_deposit(consumer: T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		T::Currency::hold(&HoldReason::Escrow.into(), &consumer, amount)?;
		Self::deposit_event(Event::Deposited { consumer, amount });
		Ok(())
	}

	pub(crate) fn do_request_withdrawal(
		consumer: T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let held = Self::escrow_held(&consumer);
		ensure!(!held.is_zero(), Error::<T>::NoEscrow);
		// Settlements may have charged part of what was unlocking.
		let unlocking =
			Withdrawals::<T>::get(&consumer).map_or(Zero::zero(), |u| u.amount.min(held));
		let unlocking = unlocking.saturating_add(amount);
		ensure!(unlocking <= held, Error::<T>::InsufficientEscrow);
		let unlock_at =
			frame_system::Pallet::<T>::block_number().saturating_add(T::UnlockDelay::get());
		Withdrawals::<T>::insert(&consumer, Unlocking { amount: unlocking, unlock_at });
		Self::deposit_event(Event::WithdrawalRequested { consumer, amount, unlock_at });
		Ok(())
	}

	pub(crate) fn do_withdraw(consumer: T::AccountId) -> DispatchResult {
		let held = Self::escrow_held(&consumer);
		let unlocking = Withdrawals::<T>::get(&consumer);
		ensure!(!held.is_zero() || unlocking.is_some(), Error::<T>::NoEscrow);
		let unlocking = unlocking.ok_or(Error::<T>::NothingUnlocking)?;
		ensure!(
			frame_system::Pallet::<T>::block_number() >= unlocking.unlock_at,
			Error::<T>::StillLocked
		);
		// Settlements may have charged part of what was unlocking.
		let amount = unlocking.amount.min(held);
		if !amount.is_zero() {
			T::Currency::release(&HoldReason::Escrow.into(), &consumer, amount, Precision::Exact)?;
		}
		Withdrawals::<T>::remove(&consumer);
		Self::deposit_event(Event::Withdrawn { consumer, amount });
		Ok(())
	}

	/// The message a consumer signs for `payload` on this chain.
	pub fn receipt_message(payload: &ReceiptPayloadOf<T>) -> alloc::vec::Vec<u8> {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		(RECEIPT_DOMAIN, genesis, payload).encode()
	}

	/// Checks one receipt against the chain; on success returns the channel's last settled
	/// state and the increase in amount to charge.
	fn check_receipt(
		operator: &T::AccountId,
		receipt: &ReceiptOf<T>,
	) -> Result<(ChannelOf<T>, BalanceOf<T>), SkipReason> {
		let p = &receipt.payload;
		if p.operator != *operator {
			return Err(SkipReason::WrongOperator);
		}
		if !T::Models::is_usable(p.model) {
			return Err(SkipReason::ModelNotUsable);
		}
		if !T::Models::is_operator(p.model, operator) {
			return Err(SkipReason::NotOperator);
		}
		if !receipt.signature.verify(&Self::receipt_message(p)[..], &p.consumer) {
			return Err(SkipReason::BadSignature);
		}
		// Nonces start at 1: a new channel's last nonce is 0.
		let last = Channels::<T>::get((&p.consumer, p.model, operator)).unwrap_or_default();
		if p.nonce <= last.nonce {
			return Err(SkipReason::StaleNonce);
		}
		if p.input_tokens < last.input_tokens ||
			p.output_tokens < last.output_tokens ||
			p.requests < last.requests ||
			p.amount < last.amount
		{
			return Err(SkipReason::CountersDecreased);
		}
		let delta = p.amount.saturating_sub(last.amount);
		if delta > Self::escrow_held(&p.consumer) {
			return Err(SkipReason::InsufficientEscrow);
		}
		Ok((last, delta))
	}

	pub(crate) fn do_settle(operator: T::AccountId, receipts: ReceiptBatchOf<T>) -> DispatchResult {
		ensure!(!receipts.is_empty(), Error::<T>::EmptyBatch);
		let split = Self::fee_split();
		let clearing = Self::account_id();
		let reason = HoldReason::Escrow.into();
		let mut terms_cache: BTreeMap<ModelId, ModelTerms<T::AccountId, BalanceOf<T>>> =
			BTreeMap::new();
		let mut payouts = Payouts::<T>::new();
		let mut totals = BatchTotals::<BalanceOf<T>>::default();
		let mut skipped = SkippedOf::<T>::default();
		let mut settled = 0u32;

		for (index, receipt) in receipts.iter().enumerate() {
			let (last, delta) = match Self::check_receipt(&operator, receipt) {
				Ok(checked) => checked,
				Err(reason) => {
					// The batch is bounded by `MaxBatch`, and so is `skipped`.
					let _ = skipped.try_push((index as u16, reason));
					continue;
				},
			};
			let p = &receipt.payload;
			if !delta.is_zero() {
				let terms = match terms_cache.get(&p.model) {
					Some(terms) => terms.clone(),
					None => {
						let Some(terms) = T::Models::terms(p.model) else {
							let _ = skipped.try_push((index as u16, SkipReason::ModelNotUsable));
							continue;
						};
						terms_cache.insert(p.model, terms.clone());
						terms
					},
				};
				T::Currency::transfer_on_hold(
					&reason,
					&p.consumer,
					&clearing,
					delta,
					Precision::Exact,
					Restriction::Free,
					Fortitude::Force,
				)?;
				payouts.add(p.model, &terms, Self::split_fee(delta, &terms, &split));
			}
			totals.amount = totals.amount.saturating_add(delta);
			totals
				.input_tokens
				.saturating_accrue(p.input_tokens.saturating_sub(last.input_tokens));
			totals
				.output_tokens
				.saturating_accrue(p.output_tokens.saturating_sub(last.output_tokens));
			totals.requests.saturating_accrue(p.requests.saturating_sub(last.requests));
			let state = ChannelState {
				input_tokens: p.input_tokens,
				output_tokens: p.output_tokens,
				requests: p.requests,
				amount: p.amount,
				nonce: p.nonce,
			};
			Channels::<T>::insert((&p.consumer, p.model, &operator), state);
			settled += 1;
		}

		let shares = payouts.shares;
		payouts.pay_out(&clearing)?;
		Self::deposit_event(Event::BatchSettled { operator, settled, skipped, totals, shares });
		Ok(())
	}

	/// Checks the pallet's invariants: every pending withdrawal asks for something, and the
	/// clearing account keeps nothing between calls. (Escrow balances are the holds themselves:
	/// there is no second record to drift.)
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use polkadot_sdk::frame_support::traits::fungible::Inspect;
		for (_, unlocking) in Withdrawals::<T>::iter() {
			ensure!(!unlocking.amount.is_zero(), "empty withdrawal request kept");
		}
		let clearing = T::Currency::balance(&Self::account_id());
		ensure!(
			clearing == T::Currency::minimum_balance(),
			"the clearing account must hold exactly the existential deposit between calls"
		);
		Ok(())
	}
}
