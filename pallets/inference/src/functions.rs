//! The metering pallet's logic: the fee split, direct payment, escrow, receipt settlement,
//! the queries the runtime API answers, and `try_state`.

use crate::{pallet::*, types::*, weights::WeightInfo};
use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
use codec::Encode;
use openledger_primitives::{
	outputs::BatchCommitment, usage_fee, Hash256, ModelId, ModelInspect, ModelTerms,
	UsageLogRecord, UsageRefusal, UsageSink,
};
use polkadot_sdk::{
	frame_support::{
		ensure,
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, InspectHold, Mutate, MutateHold, Unbalanced, UnbalancedHold},
			tokens::{Fortitude, Precision, Preservation, Restriction},
			Defensive,
		},
	},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_runtime::{
		traits::{AccountIdConversion, CheckedAdd, Saturating, Verify, Zero},
		ArithmeticError, PerThing, Perbill,
	},
};

/// A model's terms as the registry gives them.
type TermsOf<T> = ModelTerms<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

/// A receipt that passed its checks: the allocation it draws on, its channel's position in it
/// (`None` for a new channel), the channel's last settled state, and the increase to charge.
type Checked<T> = (AllocationOf<T>, Option<usize>, ChannelOf<T>, BalanceOf<T>);

/// What a batch paid for one model: (everything paid, data share, attribution fee).
type ModelTakings<T> = (BalanceOf<T>, BalanceOf<T>, BalanceOf<T>);

/// Where a batch's charges go, summed before anything moves.
struct Payouts<T: Config> {
	/// Per destination account: treasury, owners, base owners.
	accounts: BTreeMap<T::AccountId, BalanceOf<T>>,
	/// Per model: (everything paid, data share, attribution fee); the data share and the
	/// attribution fee are paid into the usage sink's pot.
	pools: BTreeMap<ModelId, ModelTakings<T>>,
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
		let paid = shares
			.treasury
			.saturating_add(shares.owner)
			.saturating_add(shares.base_model)
			.saturating_add(shares.data)
			.saturating_add(shares.attribution);
		let pool = self.pools.entry(model).or_default();
		pool.0 = pool.0.saturating_add(paid);
		pool.1 = pool.1.saturating_add(shares.data);
		pool.2 = pool.2.saturating_add(shares.attribution);
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
			let paid = who != treasury
				&& T::Currency::transfer(from, &who, amount, Preservation::Preserve).is_ok();
			if !paid {
				to_treasury = to_treasury.saturating_add(amount);
			}
		}
		let pot = T::UsageSink::pot();
		let mut to_pot = BalanceOf::<T>::zero();
		for (_, data, attribution) in self.pools.values() {
			to_pot = to_pot.saturating_add(*data).saturating_add(*attribution);
		}
		if !to_pot.is_zero() {
			T::Currency::transfer(from, &pot, to_pot, Preservation::Preserve)?;
			for (model, (paid, data, attribution)) in self.pools {
				T::UsageSink::on_usage(model, paid, data, attribution);
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
		let taken = split.treasury.deconstruct() as u64
			+ split.attribution.deconstruct() as u64
			+ split.base_model.deconstruct() as u64
			+ T::DataShareFloor::get().deconstruct() as u64;
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

	/// What the model charges now for `input_tokens` and `output_tokens`, or why it gives no
	/// quote.
	pub fn quote(
		model: ModelId,
		input_tokens: u64,
		output_tokens: u64,
	) -> Result<BalanceOf<T>, QuoteError> {
		let terms = T::Models::usage_terms(model).map_err(|refusal| match refusal {
			UsageRefusal::ModelNotActive => QuoteError::ModelNotActive,
			_ => QuoteError::UnknownModel,
		})?;
		Self::fee(&terms, input_tokens, output_tokens).ok_or(QuoteError::FeeOverflow)
	}

	fn fee(
		terms: &ModelTerms<T::AccountId, BalanceOf<T>>,
		input_tokens: u64,
		output_tokens: u64,
	) -> Option<BalanceOf<T>> {
		usage_fee(terms.price_per_1k_input, terms.price_per_1k_output, input_tokens, output_tokens)
	}

	pub(crate) fn do_pay_for_inference(
		consumer: T::AccountId,
		model: ModelId,
		(input_tokens, output_tokens): (u64, u64),
		max_fee: BalanceOf<T>,
		output: Hash256,
		log: Option<LogRefOf<T>>,
	) -> DispatchResult {
		let terms = T::Models::usage_terms(model).map_err(|refusal| match refusal {
			UsageRefusal::ModelNotActive => Error::<T>::ModelNotActive,
			_ => Error::<T>::UnknownModel,
		})?;
		let fee = Self::fee(&terms, input_tokens, output_tokens).ok_or(Error::<T>::FeeOverflow)?;
		ensure!(fee <= max_fee, Error::<T>::FeeAboveMax);
		ensure!(
			fee <= T::Currency::reducible_balance(
				&consumer,
				Preservation::Preserve,
				Fortitude::Polite
			),
			Error::<T>::InsufficientBalance
		);
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
			output,
			log,
		});
		Ok(())
	}

	/// The escrow `consumer` has allocated, all operators together. It reads each of the
	/// consumer's allocations: for runtime APIs and tests, not for calls.
	pub fn escrow_held(consumer: &T::AccountId) -> BalanceOf<T> {
		Escrows::<T>::iter_prefix_values(consumer)
			.fold(Zero::zero(), |sum: BalanceOf<T>, a| sum.saturating_add(a.amount))
	}

	/// The escrow that backs `operator`: the `Escrow` hold on its account, which is the sum of
	/// the allocations made to it.
	pub fn escrow_backing(operator: &T::AccountId) -> BalanceOf<T> {
		T::Currency::balance_on_hold(&HoldReason::Escrow.into(), operator)
	}

	/// What `operator` can charge of `consumer`'s allocation without any withdrawal request
	/// standing in the way: all of it is chargeable now, and a part the consumer has not asked
	/// back can only leave after a request and a full `UnlockDelay`.
	pub fn guaranteed(consumer: &T::AccountId, operator: &T::AccountId) -> BalanceOf<T> {
		Escrows::<T>::get(consumer, operator)
			.map_or(Zero::zero(), |a| a.amount.saturating_sub(a.unlocking))
	}

	/// The last settled receipt of a channel.
	pub fn channel(
		consumer: &T::AccountId,
		model: ModelId,
		operator: &T::AccountId,
	) -> Option<ChannelOf<T>> {
		Escrows::<T>::get(consumer, operator)?
			.channels
			.into_iter()
			.find_map(|(m, state)| (m == model).then_some(state))
	}

	pub(crate) fn do_deposit(
		consumer: T::AccountId,
		operator: T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let allocation = match Escrows::<T>::get(&consumer, &operator) {
			Some(mut allocation) => {
				allocation.amount =
					allocation.amount.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
				allocation
			},
			None => {
				ensure!(amount >= T::MinAllocation::get(), Error::<T>::BelowMinAllocation);
				let id = NextAllocationId::<T>::get();
				NextAllocationId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
				Allocation {
					id,
					amount,
					unlocking: Zero::zero(),
					unlock_at: Zero::zero(),
					channels: Default::default(),
				}
			},
		};
		// The credit moves to the operator's account, held there under `Escrow`: the operator
		// cannot spend it, only this pallet moves it, and a batch's charges come out of one
		// hold. The consumer keeps its account alive.
		T::Currency::transfer_and_hold(
			&HoldReason::Escrow.into(),
			&consumer,
			&operator,
			amount,
			Precision::Exact,
			Preservation::Preserve,
			Fortitude::Polite,
		)?;
		let id = allocation.id;
		Escrows::<T>::insert(&consumer, &operator, allocation);
		Self::deposit_event(Event::Deposited { consumer, operator, allocation: id, amount });
		Ok(())
	}

	pub(crate) fn do_request_withdrawal(
		consumer: T::AccountId,
		operator: T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut allocation =
			Escrows::<T>::get(&consumer, &operator).ok_or(Error::<T>::NoAllocation)?;
		let unlocking = allocation.unlocking.saturating_add(amount);
		ensure!(unlocking <= allocation.amount, Error::<T>::InsufficientEscrow);
		let unlock_at =
			frame_system::Pallet::<T>::block_number().saturating_add(T::UnlockDelay::get());
		allocation.unlocking = unlocking;
		allocation.unlock_at = unlock_at;
		Escrows::<T>::insert(&consumer, &operator, allocation);
		Self::deposit_event(Event::WithdrawalRequested { consumer, operator, amount, unlock_at });
		Ok(())
	}

	pub(crate) fn do_withdraw(consumer: T::AccountId, operator: T::AccountId) -> DispatchResult {
		let mut allocation =
			Escrows::<T>::get(&consumer, &operator).ok_or(Error::<T>::NoAllocation)?;
		ensure!(!allocation.unlocking.is_zero(), Error::<T>::NothingUnlocking);
		ensure!(
			frame_system::Pallet::<T>::block_number() >= allocation.unlock_at,
			Error::<T>::StillLocked
		);
		// Settlements keep `unlocking` within what is left.
		let amount = allocation.unlocking;
		// Back from the operator's hold to the consumer's free balance. The credit side creates
		// the consumer's account again if it was reaped meanwhile (for at least the existential
		// deposit), so nothing stays stranded on the operator.
		T::Currency::decrease_balance_on_hold(
			&HoldReason::Escrow.into(),
			&operator,
			amount,
			Precision::Exact,
		)?;
		T::Currency::increase_balance(&consumer, amount, Precision::Exact)?;
		allocation.amount = allocation.amount.saturating_sub(amount);
		allocation.unlocking = Zero::zero();
		Self::deposit_event(Event::Withdrawn {
			consumer: consumer.clone(),
			operator: operator.clone(),
			amount,
		});
		Self::store_allocation(consumer, operator, allocation);
		Ok(())
	}

	/// Writes `allocation` back, or closes it (record and channels) when nothing is left.
	fn store_allocation(
		consumer: T::AccountId,
		operator: T::AccountId,
		allocation: AllocationOf<T>,
	) {
		if allocation.amount.is_zero() {
			Escrows::<T>::remove(&consumer, &operator);
			Self::deposit_event(Event::AllocationClosed {
				consumer,
				operator,
				allocation: allocation.id,
			});
		} else {
			Escrows::<T>::insert(&consumer, &operator, allocation);
		}
	}

	/// The genesis hash receipts are signed under.
	fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// Makes sure the clearing account exists (holds the existential deposit), whatever the
	/// genesis balances: settlements move fees of any size through it.
	pub(crate) fn ensure_clearing_account() {
		let clearing = Self::account_id();
		let minimum = T::Currency::minimum_balance();
		let balance = T::Currency::balance(&clearing);
		if balance < minimum {
			let _ = T::Currency::mint_into(&clearing, minimum.saturating_sub(balance))
				.defensive_proof("minting the existential deposit into a new account works; qed");
		}
	}

	/// The message a consumer signs for `payload` on this chain.
	pub fn receipt_message(payload: &ReceiptPayloadOf<T>) -> alloc::vec::Vec<u8> {
		Self::message_under(&Self::genesis_hash(), payload)
	}

	fn message_under(genesis: &T::Hash, payload: &ReceiptPayloadOf<T>) -> alloc::vec::Vec<u8> {
		(RECEIPT_DOMAIN, genesis, payload).encode()
	}

	/// The shape a batch's weight is computed from: its receipts beyond the first on each model,
	/// and the distinct models it names. A batch of `r` receipts naming `d` models costs at most
	/// `r - d` receipts on one model plus `d` receipts each on a model of its own.
	pub fn batch_shape(receipts: &[ReceiptOf<T>]) -> (u32, u32) {
		let models = receipts.iter().map(|r| r.payload.model).collect::<BTreeSet<ModelId>>().len();
		((receipts.len().saturating_sub(models)) as u32, models as u32)
	}

	/// The weight of a batch of `receipts` receipts on one model plus `models` receipts each
	/// on a model of its own: the two benchmarks added, so a batch pays each part's base once
	/// more than it costs.
	pub fn settle_weight(receipts: u32, models: u32) -> Weight {
		T::WeightInfo::settle(receipts).saturating_add(T::WeightInfo::settle_models(models))
	}

	/// Checks one receipt against the chain; on success returns the allocation, the channel's
	/// position in it (`None` for a new channel), the channel's last settled state, and the
	/// increase in amount to charge.
	fn check_receipt(
		operator: &T::AccountId,
		genesis: &T::Hash,
		receipt: &ReceiptOf<T>,
	) -> Result<Checked<T>, SkipReason> {
		let p = &receipt.payload;
		let allocation =
			Escrows::<T>::get(&p.consumer, operator).ok_or(SkipReason::NoAllocation)?;
		if allocation.id != p.allocation {
			return Err(SkipReason::WrongAllocation);
		}
		let known = allocation.channels.iter().enumerate().find(|(_, (m, _))| *m == p.model);
		let (position, last) = match known {
			Some((i, (_, last))) => (Some(i), *last),
			None if allocation.channels.is_full() => return Err(SkipReason::TooManyChannels),
			// Nonces start at 1: a new channel's last nonce is 0.
			None => (None, ChannelState::default()),
		};
		if p.nonce <= last.nonce {
			return Err(SkipReason::StaleNonce);
		}
		if p.input_tokens < last.input_tokens
			|| p.output_tokens < last.output_tokens
			|| p.requests < last.requests
			|| p.amount < last.amount
		{
			return Err(SkipReason::CountersDecreased);
		}
		if p.requests == last.requests && p.outputs != last.outputs {
			return Err(SkipReason::OutputsWithoutRequests);
		}
		let delta = p.amount.saturating_sub(last.amount);
		if delta > allocation.amount {
			return Err(SkipReason::InsufficientEscrow);
		}
		if !receipt.signature.verify(&Self::message_under(genesis, p)[..], &p.consumer) {
			return Err(SkipReason::BadSignature);
		}
		Ok((allocation, position, last, delta))
	}

	pub(crate) fn do_settle(
		operator: T::AccountId,
		receipts: ReceiptBatchOf<T>,
		log: Option<LogRefOf<T>>,
	) -> DispatchResult {
		ensure!(!receipts.is_empty(), Error::<T>::EmptyBatch);
		let (_, models) = Self::batch_shape(&receipts);
		ensure!(models <= T::MaxModelsPerBatch::get(), Error::<T>::TooManyModels);
		let split = Self::fee_split();
		let genesis = Self::genesis_hash();
		let clearing = Self::account_id();
		let reason = HoldReason::Escrow.into();
		// What the registry says of each model for this operator, asked once per batch.
		let mut models: BTreeMap<ModelId, Result<TermsOf<T>, UsageRefusal>> = BTreeMap::new();
		let mut payouts = Payouts::<T>::new();
		let mut totals = BatchTotals::<BalanceOf<T>>::default();
		let mut skipped = SkippedOf::<T>::default();
		let mut settled = 0u32;
		// What the log must reproduce, computed only when the operator names one.
		let mut commitment = log.as_ref().map(|_| BatchCommitment::new());

		for (index, receipt) in receipts.iter().enumerate() {
			let p = &receipt.payload;
			let checked = if p.operator != operator {
				Err(SkipReason::WrongOperator)
			} else {
				models
					.entry(p.model)
					.or_insert_with(|| T::Models::settlement_terms(p.model, &operator))
					.clone()
					.map_err(SkipReason::from)
					.and_then(|terms| {
						Self::check_receipt(&operator, &genesis, receipt).map(|c| (terms, c))
					})
			};
			let (terms, (mut allocation, position, last, delta)) = match checked {
				Ok(checked) => checked,
				Err(reason) => {
					// The batch is bounded by `MaxBatch`, and so is `skipped`.
					let _ = skipped.try_push((index as u16, reason));
					continue;
				},
			};
			if !delta.is_zero() {
				payouts.add(p.model, &terms, Self::split_fee(delta, &terms, &split));
			}
			if let Some(commitment) = commitment.as_mut() {
				commitment.push(
					&p.consumer,
					p.model,
					p.allocation,
					p.nonce,
					&last.outputs,
					&p.outputs,
					&delta,
				);
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
				outputs: p.outputs,
				amount: p.amount,
				nonce: p.nonce,
			};
			match position.and_then(|i| allocation.channels.get_mut(i)) {
				Some((_, last)) => *last = state,
				// `check_receipt` refuses a new channel when the allocation has no room.
				None => {
					let _ = allocation.channels.try_push((p.model, state));
				},
			}
			allocation.amount = allocation.amount.saturating_sub(delta);
			allocation.unlocking = allocation.unlocking.min(allocation.amount);
			Self::store_allocation(p.consumer.clone(), operator.clone(), allocation);
			settled += 1;
		}

		// Every allocation charged is held on the operator's account: the batch's charges
		// leave that hold at once, so a receipt writes nothing but its allocation.
		if !totals.amount.is_zero() {
			T::Currency::transfer_on_hold(
				&reason,
				&operator,
				&clearing,
				totals.amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)?;
		}
		let shares = payouts.shares;
		payouts.pay_out(&clearing)?;
		// A log is kept only when it has receipts to name.
		let log = match (log, commitment) {
			(Some(log), Some(commitment)) if settled > 0 => {
				let root = commitment.root();
				T::UsageSink::on_log(UsageLogRecord {
					operator: operator.clone(),
					hash: log.hash,
					uri: log.uri.to_vec(),
					receipts: settled,
					root,
					fee: totals.amount,
					data: shares.data,
				})?;
				Some(RecordedLog { hash: log.hash, uri: log.uri, root })
			},
			_ => None,
		};
		Self::deposit_event(Event::BatchSettled {
			operator,
			settled,
			skipped,
			totals,
			shares,
			log,
		});
		Ok(())
	}

	/// Checks the pallet's invariants: each consumer's escrow hold is the sum of its
	/// allocations, no allocation is empty or unlocks more than it holds, allocation ids are
	/// unique and below the next id, channels are unique per model, and the clearing account
	/// keeps nothing between calls.
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut ids = BTreeSet::new();
		for (_, operator, allocation) in Escrows::<T>::iter() {
			ensure!(!allocation.amount.is_zero(), "empty allocation kept");
			ensure!(allocation.unlocking <= allocation.amount, "unlocking more than allocated");
			ensure!(allocation.id < NextAllocationId::<T>::get(), "allocation id not assigned");
			ensure!(ids.insert(allocation.id), "allocation id used twice");
			let models: BTreeSet<_> = allocation.channels.iter().map(|(m, _)| *m).collect();
			ensure!(models.len() == allocation.channels.len(), "two channels for one model");
			let sum = held.entry(operator).or_default();
			*sum = sum.checked_add(&allocation.amount).ok_or("allocations overflow")?;
		}
		for (operator, sum) in held {
			ensure!(
				Self::escrow_backing(&operator) == sum,
				"an operator's escrow hold is not the sum of the allocations to it"
			);
		}
		let clearing = T::Currency::balance(&Self::account_id());
		ensure!(
			clearing == T::Currency::minimum_balance(),
			"the clearing account must hold exactly the existential deposit between calls"
		);
		Ok(())
	}
}
