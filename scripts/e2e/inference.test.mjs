// End to end: inference metering on the real dev node. A consumer puts credit in escrow, signs
// receipts off chain for many inferences, and the operator settles them in one batch; the
// treasury, the model owner, the base model owner and the attribution pot receive exactly
// their shares; a forged receipt is skipped; a direct payment is split the same way.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { ATTRIBUTION_POT, MILLI, OPEN, TREASURY } from '../lib/chain.mjs';
import { startDevNode } from '../lib/node.mjs';
import { signReceipt } from '../lib/receipts.mjs';
import { findEvent, send } from '../lib/tx.mjs';

describe('inference metering', () => {
  let node;
  let api;
  let k;
  let adapterId;
  let baseId;

  const free = async (address) => (await api.query.system.account(address)).data.free.toBigInt();
  const balances = async () => ({
    treasury: await free(TREASURY),
    pot: await free(ATTRIBUTION_POT),
    owner: await free(k.charlie.address),
    baseOwner: await free(k.dave.address),
  });

  before(async () => {
    await cryptoWaitReady();
    node = await startDevNode();
    api = await ApiPromise.create({ provider: new WsProvider(node.wsUrl), noInitWarn: true });
    const keyring = new Keyring({ type: 'sr25519' });
    k = Object.fromEntries(['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'].map((n) => [n, keyring.addFromUri(`//${n[0].toUpperCase()}${n.slice(1)}`)]));

    // A published datanet version to train on.
    const meta = { name: 'corpus', description: '', tags: [], kind: 'Text', licence: 'MIT' };
    const created = await send(api, api.tx.datanets.createDatanet(meta, MILLI * 10n, []), k.alice);
    const datanetId = findEvent(created.events, 'datanets', 'DatanetCreated').data.datanetId.toNumber();
    await send(api, api.tx.datanets.contribute(datanetId, u8aToHex(blake2AsU8a('doc')), 100, 'ipfs://doc'), k.bob);
    await send(api, api.tx.datanets.review(datanetId, [[0, 'Accept']]), k.alice);
    await send(api, api.tx.datanets.publishVersion(datanetId), k.alice);

    // Dave's base model (20% data share) and Charlie's adapter on it (30%), served by Eve.
    const price = { per1kInput: MILLI, per1kOutput: 2n * MILLI };
    const register = async (signer, base, share) => {
      const { events } = await send(
        api,
        api.tx.models.registerModel({ name: 'm', description: '' }, u8aToHex(blake2AsU8a(`w${base}`)), base, [[datanetId, 1]], price, share),
        signer,
      );
      return findEvent(events, 'models', 'ModelRegistered').data.modelId.toNumber();
    };
    baseId = await register(k.dave, null, 200_000_000);
    adapterId = await register(k.charlie, baseId, 300_000_000);
    await send(api, api.tx.models.addOperator(adapterId, k.eve.address), k.charlie);
  });

  after(async () => {
    await api?.disconnect();
    await node?.stop();
  });

  test('receipts signed off chain settle in one batch, split exactly', async () => {
    // The dev chain may start with escrow of Ferdie's (demo content): count from it.
    const held = async () => (await api.call.inferenceApi.escrow(k.ferdie.address)).unwrapOr(null)?.held.toBigInt() ?? 0n;
    const held0 = await held();
    const deposit = 100n * OPEN;
    await send(api, api.tx.inference.deposit(deposit), k.ferdie);
    assert.equal(await held(), held0 + deposit);

    // 300 inferences, reported in three cumulative receipts; then a forged one.
    const receipts = [1, 2, 3].map((n) =>
      signReceipt(api, k.ferdie, {
        model: adapterId,
        operator: k.eve.address,
        inputTokens: 100_000n * BigInt(n),
        outputTokens: 50_000n * BigInt(n),
        requests: 100n * BigInt(n),
        amount: 2n * OPEN * BigInt(n),
        nonce: n,
      }),
    );
    const forged = signReceipt(api, k.bob, {
      model: adapterId,
      operator: k.eve.address,
      inputTokens: 1n,
      outputTokens: 1n,
      requests: 1n,
      amount: 50n * OPEN,
      nonce: 9,
    });
    forged.payload.consumer = k.ferdie.address;

    const before = await balances();
    const { events } = await send(api, api.tx.inference.settle([...receipts, forged]), k.eve);
    const ev = findEvent(events, 'inference', 'BatchSettled');
    assert.ok(ev, 'BatchSettled');
    assert.equal(ev.data.settled.toNumber(), 3);
    assert.deepEqual(ev.data.skipped.toJSON(), [[3, 'BadSignature']]);
    const total = 6n * OPEN;
    assert.equal(ev.data.totals.amount.toBigInt(), total);
    assert.equal(ev.data.totals.requests.toBigInt(), 300n);
    assert.equal(ev.data.totals.inputTokens.toBigInt(), 300_000n);

    // Adapter split: treasury 5%, attribution 5%, data 30%, base model 10%, owner 50%.
    const after = await balances();
    assert.equal(after.treasury - before.treasury, (total * 5n) / 100n);
    assert.equal(after.pot - before.pot, (total * 35n) / 100n);
    assert.equal(after.baseOwner - before.baseOwner, (total * 10n) / 100n);
    assert.equal(after.owner - before.owner, (total * 50n) / 100n);
    assert.equal(await held(), held0 + deposit - total);
    const channel = (await api.call.inferenceApi.channel(k.ferdie.address, adapterId, k.eve.address)).unwrap();
    assert.equal(channel.nonce.toNumber(), 3);
    assert.equal(channel.amount.toBigInt(), total);

    // Replaying the batch charges nothing.
    const replay = await send(api, api.tx.inference.settle(receipts), k.eve);
    const replayed = findEvent(replay.events, 'inference', 'BatchSettled');
    assert.equal(replayed.data.settled.toNumber(), 0);
    assert.equal(await held(), held0 + deposit - total);
  });

  test('a direct payment is quoted, capped and split', async () => {
    const quote = (await api.call.inferenceApi.quote(baseId, 10_000, 5_000)).unwrap().toBigInt();
    assert.equal(quote, 10n * MILLI + 10n * MILLI);
    await assert.rejects(
      send(api, api.tx.inference.payForInference(baseId, 10_000, 5_000, quote - 1n), k.ferdie),
      (err) => err.module?.name === 'FeeAboveMax',
    );
    const before = await balances();
    const { events } = await send(api, api.tx.inference.payForInference(baseId, 10_000, 5_000, quote), k.ferdie);
    const paid = findEvent(events, 'inference', 'InferencePaid');
    assert.equal(paid.data.fee.toBigInt(), quote);
    // Base model: treasury 5%, attribution 5%, data 20%, owner (Dave) 70%.
    const after = await balances();
    assert.equal(after.treasury - before.treasury, (quote * 5n) / 100n);
    assert.equal(after.pot - before.pot, (quote * 25n) / 100n);
    assert.equal(after.baseOwner - before.baseOwner, (quote * 70n) / 100n);
  });
});
