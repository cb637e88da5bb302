// End to end: proof of attribution on the real dev node, run with the `openledger-attributor`
// tool. Two models are used in one epoch; three attributors settle it (two honest with the same
// leaves, one with other leaves); the round finalises, the dissenter is slashed, the honest ones
// share the attribution fee; two contributors claim with proofs from the tool, a second claim
// of the same leaf is refused, and every balance moves by exactly what the arithmetic says.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { attributor } from '../lib/attributor.mjs';
import { ATTRIBUTION_POT, MILLI, OPEN, TREASURY, waitForBlock as waitForBlockOf } from '../lib/chain.mjs';
import { startDevNode } from '../lib/node.mjs';
import { findEvent, send } from '../lib/tx.mjs';

const BOND = 2_000n * OPEN;
const ATTRIBUTORS = ['//Attributor1', '//Attributor2', '//Attributor3'];

describe('proof of attribution', () => {
  let node;
  let api;
  let k;
  let dir;
  let baseId;
  let adapterId;

  const account = async (address) => (await api.query.system.account(address)).data;
  const free = async (address) => (await account(address)).free.toBigInt();
  const reserved = async (address) => (await account(address)).reserved.toBigInt();
  const bestNumber = async () => (await api.rpc.chain.getHeader()).number.toNumber();
  const waitForBlock = (n) => waitForBlockOf(api, n);
  const tool = (args, options) => attributor(args, options);
  const node_ = (suri) => ['--url', node.wsUrl, '--suri', suri];

  before(async () => {
    await cryptoWaitReady();
    node = await startDevNode();
    api = await ApiPromise.create({ provider: new WsProvider(node.wsUrl), noInitWarn: true });
    dir = mkdtempSync(join(tmpdir(), 'openledger-attribution-'));
    const keyring = new Keyring({ type: 'sr25519' });
    k = Object.fromEntries(
      [
        ['alice', '//Alice'],
        ['charlie', '//Charlie'],
        ['dave', '//Dave'],
        ['ferdie', '//Ferdie'],
        ['c1', '//Contributor1'],
        ['c2', '//Contributor2'],
        ...ATTRIBUTORS.map((uri, i) => [`a${i + 1}`, uri]),
      ].map(([name, uri]) => [name, keyring.addFromUri(uri)]),
    );

    // Fund the attributors and the contributors.
    await send(
      api,
      api.tx.utility.batchAll([
        ...[k.a1, k.a2, k.a3].map((a) => api.tx.balances.transferKeepAlive(a.address, 10_000n * OPEN)),
        ...[k.c1, k.c2].map((c) => api.tx.balances.transferKeepAlive(c.address, 100n * OPEN)),
      ]),
      k.alice,
    );

    // A datanet with one accepted contribution from each contributor, published as version 1.
    const meta = { name: 'corpus', description: '', tags: [], kind: 'Text', licence: 'MIT' };
    const created = await send(api, api.tx.datanets.createDatanet(meta, MILLI * 10n, []), k.alice);
    const datanetId = findEvent(created.events, 'datanets', 'DatanetCreated').data.datanetId.toNumber();
    await send(api, api.tx.datanets.contribute(datanetId, u8aToHex(blake2AsU8a('one')), 100, 'ipfs://one'), k.c1);
    await send(api, api.tx.datanets.contribute(datanetId, u8aToHex(blake2AsU8a('two')), 200, 'ipfs://two'), k.c2);
    await send(api, api.tx.datanets.review(datanetId, [[0, 'Accept'], [1, 'Accept']]), k.alice);
    await send(api, api.tx.datanets.publishVersion(datanetId), k.alice);

    // Dave's base model (20% data share) and Charlie's adapter on it (30%).
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

    // Three attributors register with the tool.
    await Promise.all(ATTRIBUTORS.map((uri) => tool(['register', ...node_(uri), '--bond', String(BOND)])));
  });

  after(async () => {
    await api?.disconnect();
    await node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('an epoch is settled by commit-reveal, the dissenter slashed, and contributors claim', async () => {
    for (const a of [k.a1, k.a2, k.a3]) {
      const record = (await api.call.attributionApi.attributor(a.address)).unwrap();
      assert.equal(record.bond.toBigInt(), BOND);
      assert.equal(await reserved(a.address), BOND);
    }

    // Both models are used in one block, so in one epoch.
    const potBefore = await free(ATTRIBUTION_POT);
    const tokens = 1_000_000;
    const fee = 3n * OPEN; // 1,000 × 1 milli + 1,000 × 2 milli, for each model
    const used = await send(
      api,
      api.tx.utility.batchAll([
        api.tx.inference.payForInference(baseId, tokens, tokens, fee),
        api.tx.inference.payForInference(adapterId, tokens, tokens, fee),
      ]),
      k.ferdie,
    );
    const usedAt = (await api.rpc.chain.getHeader(used.blockHash)).number.toNumber();
    const schedule = await api.call.attributionApi.schedule();
    const epochLength = schedule.epochLength.toNumber();
    const epoch = Math.floor(usedAt / epochLength);

    // The pools: data share and attribution fee (5%) of each model's fee.
    const pools = new Map((await api.call.attributionApi.modelPools(epoch)).map(([m, p]) => [m.toNumber(), p]));
    assert.equal(pools.size, 2);
    assert.equal(pools.get(baseId).data.toBigInt(), (fee * 20n) / 100n);
    assert.equal(pools.get(adapterId).data.toBigInt(), (fee * 30n) / 100n);
    assert.equal(pools.get(baseId).fee.toBigInt(), (fee * 5n) / 100n);
    assert.equal(pools.get(adapterId).fee.toBigInt(), (fee * 5n) / 100n);
    const pool = (await api.call.attributionApi.epochPool(epoch)).unwrap();
    const data = (fee * 50n) / 100n;
    const attributionFee = (fee * 10n) / 100n;
    assert.equal(pool.data.toBigInt(), data);
    assert.equal(pool.fee.toBigInt(), attributionFee);
    assert.equal(pool.carriedData.toBigInt(), 0n);
    assert.equal((await free(ATTRIBUTION_POT)) - potBefore, data + attributionFee);

    // The honest leaves give 60% and 30% of the pool; the dissenter gives 90% to one account.
    const share1 = (data * 60n) / 100n;
    const share2 = (data * 30n) / 100n;
    const report = join(dir, 'report.json');
    writeFileSync(
      report,
      JSON.stringify({
        epoch,
        models: [
          { model: baseId, scores: [{ contribution: 0, account: k.c1.address, score: 2 }, { contribution: 1, account: k.c2.address, score: 1 }] },
          { model: adapterId, scores: [{ contribution: 0, account: k.c1.address, score: 2 }, { contribution: 1, account: k.c2.address, score: 1 }] },
        ],
      }),
    );
    const settle = async (name, leaves) => {
      writeFileSync(join(dir, `${name}-leaves.json`), JSON.stringify(leaves.map(([a, amount]) => ({ account: a.address, amount: String(amount) }))));
      await tool(['settle', '--leaves', join(dir, `${name}-leaves.json`), '--report', report, '--out', join(dir, `${name}.json`)]);
      return join(dir, `${name}.json`);
    };
    const honest = await settle('honest', [[k.c1, share1], [k.c2, share2]]);
    const dissent = await settle('dissent', [[k.c1, (data * 90n) / 100n]]);
    const settlement = JSON.parse(readFileSync(honest, 'utf8'));
    assert.equal(BigInt(settlement.total), share1 + share2);
    assert.equal(settlement.number_of_leaves, 2);
    const proof = JSON.parse((await tool(['proof', '--settlement', honest, '--account', k.c2.address])).stdout);
    assert.equal(BigInt(proof.amount), share2);
    assert.equal(proof.proof.length, 1);

    // Commit, then reveal, in the round's windows.
    const round = await api.call.attributionApi.round(epoch);
    const files = [honest, honest, dissent];
    await waitForBlock(round.commitFrom.toNumber());
    const committed = await Promise.all(
      ATTRIBUTORS.map((uri, i) => tool(['commit', ...node_(uri), '--epoch', String(epoch), '--settlement', files[i]])),
    );
    committed.forEach(({ stdout }) => assert.match(stdout, /Attribution\.Committed/));
    assert.equal((await api.call.attributionApi.round(epoch)).committers.toNumber(), 3);
    assert.ok((await bestNumber()) < round.revealFrom.toNumber(), 'the commits fit the commit window');

    await waitForBlock(round.revealFrom.toNumber());
    const revealed = await Promise.all(
      ATTRIBUTORS.map((uri, i) => tool(['reveal', ...node_(uri), '--epoch', String(epoch), '--settlement', files[i]])),
    );
    revealed.forEach(({ stdout }) => assert.match(stdout, /Attribution\.Revealed/));
    assert.ok(revealed.some(({ stdout }) => /Attribution\.RoundFinalised/.test(stdout)));
    const settled = (await api.call.attributionApi.settlement(epoch)).unwrap();
    assert.equal(u8aToHex(settled.root), settlement.root);
    assert.equal(settled.total.toBigInt(), share1 + share2);
    assert.equal(u8aToHex(settled.report), settlement.report);
    assert.ok((await bestNumber()) < round.closeFrom.toNumber(), 'the reveals fit the reveal window');

    // The chain closes the round in idle time once the reveal window is over.
    const before = {
      treasury: await free(TREASURY),
      pot: await free(ATTRIBUTION_POT),
      a1: await free(k.a1.address),
      a2: await free(k.a2.address),
      a3: await free(k.a3.address),
    };
    await waitForBlock(round.closeFrom.toNumber());
    const closedAt = await api.rpc.chain.getBlockHash(round.closeFrom.toNumber());
    const closeEvents = await api.query.system.events.at(closedAt);
    const closed = findEvent(closeEvents, 'attribution', 'RoundClosed');
    assert.ok(closed, 'RoundClosed in the first block after the reveal window');
    assert.equal(closed.data.epoch.toNumber(), epoch);
    assert.equal(closed.data.finalised.isTrue, true);
    assert.equal((await api.call.attributionApi.round(epoch)).phase.toString(), 'Closed');

    // Slash: 10% of the dissenter's bond to the treasury. Reward: the fee in halves to the two
    // honest attributors (equal bonds), the rounding dust to the treasury.
    const slash = BOND / 10n;
    const half = attributionFee / 2n;
    const dust = attributionFee - 2n * half;
    assert.equal(closed.data.slashed.toBigInt(), slash);
    assert.equal(closed.data.rewarded.toBigInt(), 2n * half);
    assert.equal(await reserved(k.a3.address), BOND - slash);
    assert.equal((await api.call.attributionApi.attributor(k.a3.address)).unwrap().bond.toBigInt(), BOND - slash);
    assert.equal(await free(k.a1.address), before.a1 + half);
    assert.equal(await free(k.a2.address), before.a2 + half);
    assert.equal(await free(k.a3.address), before.a3);
    assert.equal(await free(TREASURY), before.treasury + slash + dust);
    // The pot paid the fee; the undistributed 10% of the data pool is carried on.
    assert.equal(await free(ATTRIBUTION_POT), before.pot - attributionFee);
    const carried = data - share1 - share2;
    assert.equal(closed.data.carriedData.toBigInt(), carried);
    const next = (await api.call.attributionApi.epochPool(closed.data.carriedTo)).unwrap();
    assert.equal(next.carriedData.toBigInt(), carried);

    // Alice claims for the first contributor, then a batch for both: the second is paid, the
    // first is skipped as already claimed; a third claim of the first leaf is refused.
    const c1 = await free(k.c1.address);
    const c2 = await free(k.c2.address);
    const potBeforeClaims = await free(ATTRIBUTION_POT);
    const one = await tool(['claim', ...node_('//Alice'), '--epoch', String(epoch), '--settlement', honest, '--account', k.c1.address]);
    assert.match(one.stdout, /Attribution\.Claimed/);
    assert.equal(await free(k.c1.address), c1 + share1);
    const batch = await tool([
      'claim', ...node_('//Alice'), '--epoch', String(epoch), '--settlement', honest, '--account', k.c2.address, '--account', k.c1.address,
    ]);
    assert.match(batch.stdout, /Attribution\.ClaimBatchProcessed/);
    assert.match(batch.stdout, /AlreadyClaimed/);
    assert.equal(await free(k.c2.address), c2 + share2);
    const again = await tool(['claim', ...node_('//Alice'), '--epoch', String(epoch), '--settlement', honest, '--account', k.c1.address], { allowFailure: true });
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /AlreadyClaimed/);
    assert.equal(await free(k.c1.address), c1 + share1);
    assert.equal(await free(ATTRIBUTION_POT), potBeforeClaims - share1 - share2);

    const after = (await api.call.attributionApi.settlement(epoch)).unwrap();
    assert.equal(after.claimed.toBigInt(), share1 + share2);
    assert.equal((await api.call.attributionApi.isClaimed(epoch, k.c1.address)).isTrue, true);
    assert.equal((await api.call.attributionApi.isClaimed(epoch, k.alice.address)).isTrue, false);
    // What the pot still owes is covered by what it holds.
    const owed = (await api.call.attributionApi.obligations()).toBigInt();
    assert.ok((await free(ATTRIBUTION_POT)) >= owed);
  });
});
