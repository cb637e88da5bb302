// End to end: inference metering on the real dev node. A consumer allocates escrow to an
// operator, signs receipts off chain for many inferences, and the operator settles them in one
// batch; the treasury, the model owner, the base model owner and the attribution pot receive
// exactly their shares; a forged receipt is skipped; a direct payment is split the same way.
// Receipts commit to the outputs received and the operator names the batch's published usage
// log: the attributor tool accepts the honest log and refuses, with the reason, logs with an
// output changed, dropped or added, other bytes than named, or nothing published.
// Then the attacks a rational consumer or operator would try, each shown to fail: spending the
// escrow that backs one operator a second time, channels without collateral, usage lost to a
// pause or an operator's removal, a batch of many models charged as one, fees past the balance
// type, an epoch flooded with usage logs, an operator making off with the escrow held on its
// account.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Keyring } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { ATTRIBUTION_POT, MILLI, OPEN, TREASURY } from '../lib/chain.mjs';
import { startDevChain } from '../lib/dev-chain.mjs';
import { allocationId, signReceipt } from '../lib/receipts.mjs';
import { EMPTY_DIGEST, logHash, replayDigest, writeUsageLog } from '../lib/usage-log.mjs';
import { attributor } from '../lib/attributor.mjs';
import { findEvent, send, submit } from '../lib/tx.mjs';

describe('inference metering', () => {
  let node;
  let api;
  let stop;
  let keyring;
  let k;
  let adapterId;
  let baseId;
  let datanetId;
  let registered = 0;

  const free = async (address) => (await api.query.system.account(address)).data.free.toBigInt();
  const allocated = async (consumer, operator) => (await api.call.inferenceApi.escrow(consumer, operator)).unwrapOr(null)?.amount.toBigInt() ?? 0n;
  const balances = async () => ({
    treasury: await free(TREASURY),
    pot: await free(ATTRIBUTION_POT),
    owner: await free(k.charlie.address),
    baseOwner: await free(k.dave.address),
  });
  const settled = (events) => findEvent(events, 'inference', 'BatchSettled');
  const register = async (signer, base, share, price = { per1kInput: MILLI, per1kOutput: 2n * MILLI }) => {
    const { events } = await send(
      api,
      api.tx.models.registerModel({ name: 'm', description: '' }, u8aToHex(blake2AsU8a(`w${base}${signer.address}${registered++}`)), base, [[datanetId, 1]], price, share),
      signer,
    );
    return findEvent(events, 'models', 'ModelRegistered').data.modelId.toNumber();
  };

  before(async () => {
    ({ node, api, keyring, k, stop } = await startDevChain());
    k.mallory = keyring.addFromUri('//Mallory');
    k.nobody = keyring.addFromUri('//Nobody');

    // A published datanet version to train on.
    const meta = { name: 'corpus', description: '', tags: [], kind: 'Text', licence: 'MIT' };
    const created = await send(api, api.tx.datanets.createDatanet(meta, MILLI * 10n, []), k.alice);
    datanetId = findEvent(created.events, 'datanets', 'DatanetCreated').data.datanetId.toNumber();
    await send(api, api.tx.datanets.contribute(datanetId, u8aToHex(blake2AsU8a('doc')), 100, 'ipfs://doc'), k.bob);
    await send(api, api.tx.datanets.review(datanetId, [[0, 'Accept']]), k.alice);
    await send(api, api.tx.datanets.publishVersion(datanetId), k.alice);

    // Dave's base model (20% data share) and Charlie's adapter on it (30%), served by Eve.
    baseId = await register(k.dave, null, 200_000_000);
    adapterId = await register(k.charlie, baseId, 300_000_000);
    await send(api, api.tx.models.addOperator(adapterId, k.eve.address), k.charlie);
    await send(api, api.tx.balances.transferKeepAlive(k.mallory.address, 1_000n * OPEN), k.alice);
  });

  after(async () => {
    await stop?.();
  });

  test('receipts signed off chain settle in one batch, split exactly', async () => {
    // The dev chain starts with 100 OPEN of Ferdie's allocated to Eve (demo content): count
    // from it.
    const held0 = await allocated(k.ferdie.address, k.eve.address);
    const deposit = 100n * OPEN;
    const { events: deposited } = await send(api, api.tx.inference.deposit(k.eve.address, deposit), k.ferdie);
    const allocation = findEvent(deposited, 'inference', 'Deposited').data.allocation.toBigInt();
    assert.equal(allocation, await allocationId(api, k.ferdie.address, k.eve.address), 'a top-up keeps the allocation');
    assert.equal(await allocated(k.ferdie.address, k.eve.address), held0 + deposit);
    assert.equal((await api.call.inferenceApi.guaranteed(k.ferdie.address, k.eve.address)).toBigInt(), held0 + deposit);

    // 300 inferences, reported in three cumulative receipts; then a forged one.
    const receipts = [1, 2, 3].map((n) =>
      signReceipt(api, k.ferdie, {
        model: adapterId,
        operator: k.eve.address,
        allocation,
        inputTokens: 100_000n * BigInt(n),
        outputTokens: 50_000n * BigInt(n),
        requests: 100n * BigInt(n),
        amount: 2n * OPEN * BigInt(n),
        nonce: n,
      }),
    );
    // Counters and nonce above the last receipt's, so only the signature gives it away.
    const forged = signReceipt(api, k.bob, {
      model: adapterId,
      operator: k.eve.address,
      allocation,
      inputTokens: 400_000n,
      outputTokens: 200_000n,
      requests: 400n,
      amount: 50n * OPEN,
      nonce: 9,
    });
    forged.payload.consumer = k.ferdie.address;

    const before = await balances();
    const { events } = await send(api, api.tx.inference.settle([...receipts, forged], null), k.eve);
    const ev = settled(events);
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
    assert.equal(await allocated(k.ferdie.address, k.eve.address), held0 + deposit - total);
    const channel = (await api.call.inferenceApi.channel(k.ferdie.address, adapterId, k.eve.address)).unwrap();
    assert.equal(channel.nonce.toNumber(), 3);
    assert.equal(channel.amount.toBigInt(), total);

    // Replaying the batch charges nothing.
    const replay = await send(api, api.tx.inference.settle(receipts, null), k.eve);
    assert.equal(settled(replay.events).data.settled.toNumber(), 0);
    assert.equal(await allocated(k.ferdie.address, k.eve.address), held0 + deposit - total);
  });

  test('receipts commit to the outputs received; the operator names published usage logs; attributors accept only honest ones', async () => {
    // A reader, served by Eve on the adapter, receives answers and signs their running digest.
    const reader = new Keyring({ type: 'sr25519' }).addFromUri('//Reader');
    await send(api, api.tx.balances.transferKeepAlive(reader.address, 100n * OPEN), k.alice);
    await send(api, api.tx.inference.deposit(k.eve.address, 10n * OPEN), reader);
    const allocation = await allocationId(api, reader.address, k.eve.address);
    const answers = [
      'Metformin is the first-line drug for type 2 diabetes.',
      'Start with 500 mg once daily.',
      'Take it with food.',
      'Check kidney function once a year.',
      'Lactic acidosis is rare.',
      'Stop it before contrast imaging.',
    ];
    const channel = async () => {
      const escrow = (await api.call.inferenceApi.escrow(reader.address, k.eve.address)).unwrap();
      return escrow.channels.find(([model]) => model.toNumber() === adapterId)?.[1];
    };
    const genesis = api.genesisHash.toHex();
    const dir = mkdtempSync(join(tmpdir(), 'openledger-logs-'));
    // Eve publishes some logs over HTTP, others as files.
    const server = createServer((req, res) => {
      try {
        res.end(readFileSync(join(dir, req.url.slice(1))));
      } catch {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const httpBase = `http://127.0.0.1:${server.address().port}`;
    try {
      const sign = (requests, outputs, nonce) => signReceipt(api, reader, {
        model: adapterId, operator: k.eve.address, allocation, inputTokens: 10n * requests, outputTokens: 10n * requests, requests, outputs, amount: MILLI * requests, nonce,
      });
      // One batch: the reader's receipt after `requests` requests whose answers are `served`, and
      // the log Eve publishes for it (`logged`: what she claims was served). Returns the log's hash.
      let state = { requests: 0n, digest: (await channel())?.outputs.toHex() ?? EMPTY_DIGEST, nonce: 200 };
      const blocks = [];
      // A tampering operator keeps the digest the reader signed (so the log still names the
      // batch the chain recorded) and lists other outputs (`logged`).
      // With `rechain`, it recomputes the digest from the outputs it lists instead.
      const batch = async (name, served, { logged, rechain = false, publish = (bytes) => bytes, http = false } = {}) => {
        const requests = state.requests + BigInt(served.length);
        const digest = replayDigest(state.digest, served);
        const nonce = state.nonce + 1;
        let bytes = writeUsageLog({
          genesis,
          operator: k.eve.address,
          receipts: [{ consumer: reader.address, model: adapterId, allocation, nonce, charged: MILLI * BigInt(served.length), from: state.digest, outputs: served }],
        });
        if (logged) {
          const tampered = JSON.parse(new TextDecoder().decode(bytes));
          tampered.receipts[0].outputs = logged;
          if (rechain) tampered.receipts[0].digest = replayDigest(state.digest, logged);
          bytes = new TextEncoder().encode(JSON.stringify(tampered));
        }
        const published = publish(bytes);
        if (published) writeFileSync(join(dir, `${name}.json`), published);
        const ref = { hash: logHash(bytes), uri: http ? `${httpBase}/${name}.json` : `file://${join(dir, `${name}.json`)}` };
        const { events, blockHash } = await send(api, api.tx.inference.settle([sign(requests, digest, nonce)], ref), k.eve);
        const { data } = settled(events);
        assert.deepEqual(data.skipped.toJSON(), [], name);
        assert.equal(data.log.unwrap().hash_.toHex(), ref.hash, `${name}: the event names the log`);
        assert.equal((await channel()).outputs.toHex(), digest, `${name}: the chain recorded the digest signed`);
        blocks.push((await api.rpc.chain.getHeader(blockHash)).number.toNumber());
        state = { requests, digest, nonce };
        return ref.hash;
      };

      const honest = await batch('honest', answers.slice(0, 2), { http: true });
      // Outputs without a request are refused: the digest cannot move alone.
      const sneaky = await send(api, api.tx.inference.settle([sign(state.requests, replayDigest(state.digest, ['extra']), state.nonce + 1)], null), k.eve);
      assert.deepEqual(settled(sneaky.events).data.skipped.toJSON(), [[0, 'OutputsWithoutRequests']]);
      // Eve tries to show attributors other outputs than the reader received.
      const changed = await batch('changed', answers.slice(2, 3), { logged: ['Take it with grapefruit juice.'] });
      const dropped = await batch('dropped', answers.slice(3, 5), { logged: answers.slice(4, 5) });
      const added = await batch('added', answers.slice(5, 6), { logged: [answers[5], 'Double the dose if you feel fine.'] });
      const rechained = await batch('rechained', ['Rest and fluids.'], { logged: ['Rest, fluids and antibiotics.'], rechain: true });
      // A log whose published bytes are not the ones named, and one never published.
      const swapped = await batch('swapped', ['Exercise helps.'], { publish: (bytes) => new Uint8Array([...bytes, 0x20]) });
      const missing = await batch('missing', ['Sleep matters.'], { publish: () => null });

      // The chain kept every log with its epoch; the attributor tool checks them all.
      const epochLength = (await api.call.attributionApi.schedule()).epochLength.toNumber();
      const epochs = [...new Set(blocks.map((b) => Math.floor(b / epochLength)))];
      const verdicts = new Map();
      for (const epoch of epochs) {
        const kept = await api.call.attributionApi.usageLogs(epoch, 0, 1000);
        for (const l of kept) assert.equal(l.operator.toString(), k.eve.address);
        const { stdout } = await attributor(['logs', '--url', node.wsUrl, '--epoch', String(epoch)]);
        for (const line of stdout.split('\n').filter(Boolean)) {
          const verdict = JSON.parse(line);
          verdicts.set(verdict.hash, verdict);
        }
      }
      const reason = (hash) => {
        const v = verdicts.get(hash);
        assert.ok(v, `the chain kept log ${hash}`);
        return v.refusal ? `${v.refusal.reason}${v.refusal.detail?.index === undefined ? '' : `@${v.refusal.detail.index}`}` : `accepted ${v.outputs}`;
      };
      assert.equal(reason(honest), 'accepted 2', 'the honest log, fetched over HTTP, is accepted with its two answers');
      assert.equal(verdicts.get(honest).fee, String(2n * MILLI), 'with the fee it covers');
      assert.equal(reason(changed), 'DoesNotChain@0', 'one output changed');
      assert.equal(reason(dropped), 'DoesNotChain@0', 'one output dropped');
      assert.equal(reason(added), 'DoesNotChain@0', 'one output added');
      assert.equal(reason(rechained), 'NotTheBatch', 'outputs changed and the digest recomputed: not what the reader signed');
      assert.equal(reason(swapped), 'WrongHash', 'other bytes than those named');
      assert.equal(reason(missing), 'Unreachable', 'a log never published');
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a direct payment is quoted, capped and split', async () => {
    const quote = (await api.call.inferenceApi.quote(baseId, 10_000, 5_000)).asOk.toBigInt();
    assert.equal(quote, 10n * MILLI + 10n * MILLI);
    await assert.rejects(
      send(api, api.tx.inference.payForInference(baseId, 10_000, 5_000, quote - 1n, EMPTY_DIGEST, null), k.ferdie),
      (err) => err.module?.name === 'FeeAboveMax',
    );
    const before = await balances();
    // The payer names the output it paid for and where it published it.
    const answer = 'Ibuprofen and aspirin both inhibit COX enzymes.';
    const output = u8aToHex(blake2AsU8a(answer));
    const log = { hash: output, uri: 'ipfs://bafy-ferdie-answer' };
    const { events } = await send(api, api.tx.inference.payForInference(baseId, 10_000, 5_000, quote, output, log), k.ferdie);
    const paidEv = findEvent(events, 'inference', 'InferencePaid');
    assert.equal(paidEv.data.output.toHex(), output);
    assert.equal(paidEv.data.log.unwrap().uri.toUtf8(), log.uri);
    const paid = findEvent(events, 'inference', 'InferencePaid');
    assert.equal(paid.data.fee.toBigInt(), quote);
    // Base model: treasury 5%, attribution 5%, data 20%, owner (Dave) 70%.
    const after = await balances();
    assert.equal(after.treasury - before.treasury, (quote * 5n) / 100n);
    assert.equal(after.pot - before.pot, (quote * 25n) / 100n);
    assert.equal(after.baseOwner - before.baseOwner, (quote * 70n) / 100n);
    // A log reference must be fetchable.
    await assert.rejects(
      send(api, api.tx.inference.payForInference(baseId, 1, 1, quote, output, { hash: output, uri: 'ftp://nowhere' }), k.ferdie),
      (err) => err.module?.name === 'UnsupportedUri',
    );
  });

  test('attack: escrow that backs one operator cannot be spent a second time', async () => {
    // Mallory allocates 100 OPEN to Eve and signs her a receipt for 60 OPEN of adapter usage.
    const { events } = await send(api, api.tx.inference.deposit(k.eve.address, 100n * OPEN), k.mallory);
    const allocation = findEvent(events, 'inference', 'Deposited').data.allocation.toBigInt();
    const forEve = signReceipt(api, k.mallory, {
      model: adapterId, operator: k.eve.address, allocation, inputTokens: 1n, outputTokens: 1n, requests: 1n, amount: 60n * OPEN, nonce: 1,
    });
    // Then she registers a model of her own, so she is its operator, and signs herself a
    // receipt for the whole escrow, naming Eve's allocation, and settles it first.
    const own = await register(k.mallory, null, 100_000_000);
    const toSelf = signReceipt(api, k.mallory, {
      model: own, operator: k.mallory.address, allocation, inputTokens: 1n, outputTokens: 1n, requests: 1n, amount: 100n * OPEN, nonce: 1,
    });
    const self = await send(api, api.tx.inference.settle([toSelf], null), k.mallory);
    assert.deepEqual(settled(self.events).data.skipped.toJSON(), [[0, 'NoAllocation']]);
    // Settling Eve's receipt herself does not work either.
    const stolen = await send(api, api.tx.inference.settle([forEve], null), k.mallory);
    assert.deepEqual(settled(stolen.events).data.skipped.toJSON(), [[0, 'WrongOperator']]);
    // With an allocation to herself, she draws only on that one.
    await send(api, api.tx.inference.deposit(k.mallory.address, 10n * OPEN), k.mallory);
    const ownAllocation = await allocationId(api, k.mallory.address, k.mallory.address);
    const greedy = signReceipt(api, k.mallory, {
      model: own, operator: k.mallory.address, allocation: ownAllocation, inputTokens: 1n, outputTokens: 1n, requests: 1n, amount: 100n * OPEN, nonce: 1,
    });
    const drawn = await send(api, api.tx.inference.settle([greedy], null), k.mallory);
    assert.deepEqual(settled(drawn.events).data.skipped.toJSON(), [[0, 'InsufficientEscrow']]);
    assert.equal(await allocated(k.mallory.address, k.eve.address), 100n * OPEN, "Eve's collateral is intact");

    // Eve is paid in full: the adapter's owner gets half of the 60 OPEN.
    const owner = await free(k.charlie.address);
    const paid = await send(api, api.tx.inference.settle([forEve], null), k.eve);
    assert.equal(settled(paid.events).data.totals.amount.toBigInt(), 60n * OPEN);
    assert.equal((await free(k.charlie.address)) - owner, 30n * OPEN);
    assert.equal(await allocated(k.mallory.address, k.eve.address), 40n * OPEN);
    // A withdrawal request leaves the rest chargeable for the unlock delay.
    await send(api, api.tx.inference.requestWithdrawal(k.eve.address, 40n * OPEN), k.mallory);
    await assert.rejects(send(api, api.tx.inference.withdraw(k.eve.address), k.mallory), (err) => err.module?.name === 'StillLocked');
    assert.equal((await api.call.inferenceApi.guaranteed(k.mallory.address, k.eve.address)).toBigInt(), 0n);
  });

  test('attack: receipts without collateral store nothing', async () => {
    const entries = async () => (await api.query.inference.escrows.entries()).length;
    const before = await entries();
    // Nobody holds no escrow: 500 zero-amount receipts for fresh channels, one fee.
    const receipts = Array.from({ length: 500 }, (_, i) =>
      signReceipt(api, k.nobody, {
        model: adapterId, operator: k.eve.address, allocation: 0n, inputTokens: 0n, outputTokens: 0n, requests: 0n, amount: 0n, nonce: i + 1,
      }),
    );
    const { events } = await send(api, api.tx.inference.settle(receipts, null), k.eve);
    const ev = settled(events);
    assert.equal(ev.data.settled.toNumber(), 0);
    assert.equal(ev.data.skipped.length, 500);
    assert.ok(ev.data.skipped.toJSON().every(([, reason]) => reason === 'NoAllocation'));
    assert.equal(await entries(), before, 'no record was created');
    // An allocation opens only with the minimum collateral.
    await assert.rejects(
      send(api, api.tx.inference.deposit(k.eve.address, 1n), k.alice),
      (err) => err.module?.name === 'BelowMinAllocation',
    );
  });

  test('attack: a used-up allocation closes, and its receipts cannot be replayed on the next', async () => {
    await send(api, api.tx.inference.deposit(k.eve.address, OPEN), k.bob);
    const first = await allocationId(api, k.bob.address, k.eve.address);
    const receipt = signReceipt(api, k.bob, {
      model: adapterId, operator: k.eve.address, allocation: first, inputTokens: 1n, outputTokens: 1n, requests: 1n, amount: OPEN, nonce: 1,
    });
    const used = await send(api, api.tx.inference.settle([receipt], null), k.eve);
    const closed = findEvent(used.events, 'inference', 'AllocationClosed');
    assert.equal(closed.data.allocation.toBigInt(), first);
    assert.ok((await api.call.inferenceApi.escrow(k.bob.address, k.eve.address)).isNone, 'record and channels gone');
    await send(api, api.tx.inference.deposit(k.eve.address, 2n * OPEN), k.bob);
    assert.notEqual(await allocationId(api, k.bob.address, k.eve.address), first);
    const replay = await send(api, api.tx.inference.settle([receipt], null), k.eve);
    assert.deepEqual(settled(replay.events).data.skipped.toJSON(), [[0, 'WrongAllocation']]);
    assert.equal(await allocated(k.bob.address, k.eve.address), 2n * OPEN);
  });

  test('attack: a batch naming many models is not charged as less', async () => {
    // Ferdie's allocation to Eve (demo content) serves the demo's models 0 and 1 and the
    // adapter: three receipts on three models against three on one.
    const allocation = await allocationId(api, k.ferdie.address, k.eve.address);
    // Receipts that repeat each channel's settled counters: they charge nothing, only cost weight.
    const receiptFor = async (model, n = 0) => {
      const last = (await api.call.inferenceApi.channel(k.ferdie.address, model, k.eve.address)).unwrapOr(null);
      const counter = (name) => last?.[name].toBigInt() ?? 0n;
      return signReceipt(api, k.ferdie, {
        model, operator: k.eve.address, allocation, inputTokens: counter('inputTokens'), outputTokens: counter('outputTokens'), requests: counter('requests'), amount: counter('amount'), nonce: (last?.nonce.toNumber() ?? 0) + 1 + n,
      });
    };
    const weight = (events) => findEvent(events, 'system', 'ExtrinsicSuccess').data.dispatchInfo.weight.refTime.toBigInt();
    const many = await send(api, api.tx.inference.settle([await receiptFor(0), await receiptFor(1), await receiptFor(adapterId)], null), k.eve);
    assert.equal(settled(many.events).data.settled.toNumber(), 3);
    const one = await send(api, api.tx.inference.settle([await receiptFor(0), await receiptFor(0, 1), await receiptFor(0, 2)], null), k.eve);
    assert.equal(settled(one.events).data.settled.toNumber(), 3);
    // The weight comes from the batch's shape (receipts, distinct models), benchmarked in the
    // worst case of both; a batch of several models is never charged less than one of one model.
    assert.ok(weight(many.events) >= weight(one.events), `three models ${weight(many.events)} >= one model ${weight(one.events)}`);
  });

  test('attack: fees past what a payer has or past the balance type are refused with a reason', async () => {
    const rejects = (tx, who, name) => assert.rejects(send(api, tx, who), (err) => err.module?.name === name, name);
    // A model priced at 2^120 per 1,000 input tokens: a million tokens cost more than u128 holds.
    const pricey = await register(k.mallory, null, 100_000_000, { per1kInput: 2n ** 120n, per1kOutput: MILLI });
    assert.equal((await api.call.inferenceApi.quote(pricey, 1_000_000, 0)).asErr.toString(), 'FeeOverflow');
    await rejects(api.tx.inference.payForInference(pricey, 1_000_000, 0, 2n ** 128n - 1n, EMPTY_DIGEST, null), k.ferdie, 'FeeOverflow');
    await rejects(api.tx.inference.payForInference(pricey, 1, 0, 2n ** 128n - 1n, EMPTY_DIGEST, null), k.ferdie, 'InsufficientBalance');
    await rejects(api.tx.inference.payForInference(9_999, 1, 0, OPEN, EMPTY_DIGEST, null), k.ferdie, 'UnknownModel');
    assert.equal((await api.call.inferenceApi.quote(9_999, 1, 1)).asErr.toString(), 'UnknownModel');
  });

  test('attack: usage served before a pause or a removal is not lost', async () => {
    const allocation = await allocationId(api, k.ferdie.address, k.eve.address);
    const channel = (await api.call.inferenceApi.channel(k.ferdie.address, adapterId, k.eve.address)).unwrap();
    const next = (n, amount) =>
      signReceipt(api, k.ferdie, {
        model: adapterId, operator: k.eve.address, allocation, inputTokens: channel.inputTokens.toBigInt() + BigInt(n), outputTokens: channel.outputTokens.toBigInt(), requests: channel.requests.toBigInt() + BigInt(n), amount: channel.amount.toBigInt() + amount, nonce: channel.nonce.toNumber() + n,
      });
    // Charlie removes Eve and pauses the adapter; Eve still settles what she served.
    await send(api, api.tx.models.removeOperator(adapterId, k.eve.address), k.charlie);
    await send(api, api.tx.models.setStatus(adapterId, 'Paused'), k.charlie);
    await assert.rejects(send(api, api.tx.inference.payForInference(adapterId, 1, 1, OPEN, EMPTY_DIGEST, null), k.ferdie), (err) => err.module?.name === 'ModelNotActive');
    assert.equal((await api.call.inferenceApi.quote(adapterId, 1, 1)).asErr.toString(), 'ModelNotActive');
    const owner = await free(k.charlie.address);
    const { events } = await send(api, api.tx.inference.settle([next(1, OPEN)], null), k.eve);
    assert.equal(settled(events).data.settled.toNumber(), 1, 'within the grace period');
    assert.equal((await free(k.charlie.address)) - owner, OPEN / 2n);
    // Nobody else gains a right to settle from the removal.
    const bob = await send(api, api.tx.inference.settle([next(2, OPEN)], null), k.bob);
    assert.deepEqual(settled(bob.events).data.skipped.toJSON(), [[0, 'WrongOperator']]);
  });
  test('attack: an operator cannot flood an epoch with usage logs', async () => {
    // Every usage log is kept on chain for the claim period. Mallory, operator of a model of
    // her own, has an accomplice sign her a receipt per settle and names a log with each, past
    // the bound of logs an operator may name in an epoch, all at once.
    const max = api.consts.attribution.maxLogsPerOperator.toNumber();
    const epochLength = (await api.call.attributionApi.schedule()).epochLength.toNumber();
    const accomplice = new Keyring({ type: 'sr25519' }).addFromUri('//Accomplice');
    await send(api, api.tx.balances.transferKeepAlive(accomplice.address, 100n * OPEN), k.alice);
    const own = await register(k.mallory, null, 100_000_000);
    await send(api, api.tx.inference.deposit(k.mallory.address, 10n * OPEN), accomplice);
    const allocation = await allocationId(api, accomplice.address, k.mallory.address);
    const attempts = max + 3;
    const first = (await api.rpc.system.accountNextIndex(k.mallory.address)).toNumber();
    const signed = [];
    for (let i = 1; i <= attempts; i++) {
      const receipt = signReceipt(api, accomplice, {
        model: own, operator: k.mallory.address, allocation, inputTokens: BigInt(i), outputTokens: BigInt(i), requests: BigInt(i), amount: MILLI * BigInt(i), nonce: i,
      });
      const ref = { hash: u8aToHex(blake2AsU8a(`spam log ${i}`)), uri: `https://logs.example/${'x'.repeat(200)}/${i}` };
      signed.push(await api.tx.inference.settle([receipt], ref).signAsync(k.mallory, { nonce: first + i - 1 }));
    }
    // Submitted right after a block that leaves the next two in the same epoch, so that they
    // land together.
    for (;;) {
      const best = (await api.rpc.chain.getHeader()).number.toNumber();
      if ((best + 2) % epochLength !== 0 && (best + 1) % epochLength !== 0) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const outcomes = await Promise.all(signed.map((tx) => submit(api, tx)));
    const epochOf = async (o) => Math.floor((await api.rpc.chain.getHeader(o.blockHash)).number.toNumber() / epochLength);
    const byEpoch = new Map();
    for (const [i, o] of outcomes.entries()) {
      const epoch = await epochOf(o);
      const seen = byEpoch.get(epoch) ?? { landed: 0, kept: 0, last: 0 };
      seen.landed += 1;
      if (o.error) {
        assert.equal(o.error.module?.name, 'TooManyLogs', `settle ${i + 1}: ${o.error.message}`);
        const fee = findEvent(o.events, 'transactionPayment', 'TransactionFeePaid');
        assert.ok(fee && fee.data.who.toString() === k.mallory.address && fee.data.actualFee.toBigInt() > 0n, 'a refused log still costs its fee');
      } else {
        seen.kept += 1;
        seen.last = i + 1;
      }
      byEpoch.set(epoch, seen);
    }
    let refused = 0;
    for (const [epoch, seen] of byEpoch) {
      assert.equal(seen.kept, Math.min(seen.landed, max), `epoch ${epoch}: the first ${max} logs are kept, no more`);
      refused += seen.landed - seen.kept;
      const kept = (await api.call.attributionApi.usageLogs(epoch, 0, 1000)).filter((l) => l.operator.toString() === k.mallory.address);
      assert.equal(kept.length, seen.kept, `epoch ${epoch}: the chain kept what was accepted`);
    }
    assert.ok(refused >= attempts - max - 1, `${refused} settles refused`);
    // A refused settle charged nothing: the channel stands at the last receipt settled.
    const last = Math.max(...[...byEpoch.values()].map((s) => s.last));
    const channel = (await api.call.inferenceApi.channel(accomplice.address, own, k.mallory.address)).unwrap();
    assert.equal(channel.nonce.toNumber(), last);
    assert.equal(await allocated(accomplice.address, k.mallory.address), 10n * OPEN - MILLI * BigInt(last));
  });
  test('attack: an operator cannot spend the escrow held on its account', async () => {
    // Escrow allocated to an operator is held on the operator's account. Greedy, an operator
    // with next to nothing of its own, tries to make off with the credit Bob allocated to it.
    const greedy = new Keyring({ type: 'sr25519' }).addFromUri('//Greedy');
    await send(api, api.tx.balances.transferKeepAlive(greedy.address, OPEN), k.alice);
    await send(api, api.tx.inference.deposit(greedy.address, 50n * OPEN), k.bob);
    const account = async () => (await api.query.system.account(greedy.address)).data;
    assert.equal((await account()).reserved.toBigInt(), 50n * OPEN, 'held on the operator');
    // Everything it may move: its own free balance, not the held credit.
    await send(api, api.tx.balances.transferAll(k.alice.address, false), greedy);
    const left = await account();
    assert.equal(left.reserved.toBigInt(), 50n * OPEN, 'the held credit stayed');
    assert.ok(left.free.toBigInt() <= OPEN / 10n, 'only its own balance left');
    await assert.rejects(send(api, api.tx.balances.transferAllowDeath(k.alice.address, OPEN), greedy), /Frozen|FundsUnavailable|Inability to pay some fees/);
    // Nor can it withdraw the allocation as if it were the consumer's.
    await send(api, api.tx.balances.transferKeepAlive(greedy.address, OPEN), k.alice);
    await assert.rejects(send(api, api.tx.inference.requestWithdrawal(greedy.address, OPEN), greedy), (err) => err.module?.name === 'NoAllocation');
    await assert.rejects(send(api, api.tx.inference.withdraw(greedy.address), greedy), (err) => err.module?.name === 'NoAllocation');
    assert.equal(await allocated(k.bob.address, greedy.address), 50n * OPEN, "Bob's allocation is whole");
    assert.equal((await account()).reserved.toBigInt(), 50n * OPEN);
  });
});
