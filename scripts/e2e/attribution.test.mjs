// End to end: proof of attribution on the real dev node, run with the `openledger-attributor`
// tool. Two models are used in one epoch; three attributors settle it (two honest with the same
// leaves, one with other leaves); the round finalises, closes after its challenge window, the
// dissenter is slashed, the honest ones share the attribution fee; two contributors claim with
// proofs from the tool, a second claim of the same leaf is refused, and every balance moves by
// exactly what the arithmetic says. Then the attacks: a fresh attributor cannot settle the epoch
// it bonded in; a minority that blocks a round is overruled by the dispute origin and pays,
// twice as much the second time; a result finalised by colluders is annulled within the
// challenge window and pays nothing; a lazy attributor who copies another's commitment, and then
// its reveal once the salt is public, cannot reveal and is slashed.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Keyring } from '@polkadot/api';
import { u8aEq, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { attributor } from '../lib/attributor.mjs';
import { ATTRIBUTION_POT, MILLI, OPEN, TREASURY, waitForBlock as waitForBlockOf } from '../lib/chain.mjs';
import { startDevChain } from '../lib/dev-chain.mjs';
import { findEvent, send, submit } from '../lib/tx.mjs';
import { EMPTY_DIGEST } from '../lib/usage-log.mjs';

const BOND = 2_000n * OPEN;
const ATTRIBUTORS = ['//Attributor1', '//Attributor2', '//Attributor3'];
const LATECOMER = '//Attributor4';

describe('proof of attribution', () => {
  let node;
  let api;
  let stop;
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
  // Salts stay in the test's directory.
  const salts = () => ['--data-dir', dir];
  const currentEpoch = async () => (await api.call.attributionApi.currentEpoch()).epoch.toNumber();
  /** Waits for the first block of the next epoch. */
  const nextEpoch = async () => waitForBlock((await api.call.attributionApi.currentEpoch()).endsAt.toNumber());
  /** Pays 3 OPEN for the base model (data share 20%, attribution fee 5%); returns the epoch. */
  const use = async () => {
    const used = await send(api, api.tx.inference.payForInference(baseId, 1_000_000, 1_000_000, 3n * OPEN, EMPTY_DIGEST, null), k.ferdie);
    const usedAt = (await api.rpc.chain.getHeader(used.blockHash)).number.toNumber();
    return Math.floor(usedAt / (await api.call.attributionApi.schedule()).epochLength.toNumber());
  };
  const settleFile = async (name, leaves) => {
    writeFileSync(join(dir, `${name}-leaves.json`), JSON.stringify(leaves.map(([a, amount]) => ({ account: a.address, amount: String(amount) }))));
    await tool(['settle', '--leaves', join(dir, `${name}-leaves.json`), '--out', join(dir, `${name}.json`)]);
    return join(dir, `${name}.json`);
  };
  /** The tally key (`settlement::result_key`) under which `file`'s result was revealed in `epoch`. */
  const resultKey = async (epoch, file) => {
    const root = JSON.parse(readFileSync(file, 'utf8')).root;
    const tallies = await api.query.attribution.tallies.entries(epoch);
    const found = tallies.find(([, tally]) => u8aToHex(tally.unwrap().root) === root);
    assert.ok(found, `a result with root ${root} was revealed`);
    return found[0].args[1];
  };
  /** Runs `call` as root through sudo; rejects with the pallet error's name if it fails. */
  const sudo = async (call) => {
    const { events } = await send(api, api.tx.sudo.sudo(call), k.alice);
    const result = findEvent(events, 'sudo', 'Sudid').data.sudoResult;
    if (result.isErr) {
      const error = result.asErr;
      throw new Error(error.isModule ? api.registry.findMetaError(error.asModule).name : error.toString());
    }
    return events;
  };

  before(async () => {
    ({ node, api, stop } = await startDevChain());
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
        ...[...ATTRIBUTORS, LATECOMER].map((uri, i) => [`a${i + 1}`, uri]),
      ].map(([name, uri]) => [name, keyring.addFromUri(uri)]),
    );

    // Fund the attributors and the contributors.
    await send(
      api,
      api.tx.utility.batchAll([
        ...[k.a1, k.a2, k.a3, k.a4].map((a) => api.tx.balances.transferKeepAlive(a.address, 10_000n * OPEN)),
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

    // Three attributors register with the tool; Alice, the preset's attributor, leaves the
    // committee to them (her bond no longer counts towards any quorum).
    await Promise.all(ATTRIBUTORS.map((uri) => tool(['register', ...node_(uri), '--bond', String(BOND)])));
    await send(api, api.tx.attribution.unregister(), k.alice);
  });

  after(async () => {
    await stop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('an epoch is settled by commit-reveal, the dissenter slashed, and contributors claim', async () => {
    for (const a of [k.a1, k.a2, k.a3]) {
      const record = (await api.call.attributionApi.attributor(a.address)).unwrap();
      assert.equal(record.bond.toBigInt(), BOND);
      assert.equal(await reserved(a.address), BOND);
    }

    // A bond settles the epochs after the one it was registered in.
    const registered = (await api.call.attributionApi.attributor(k.a1.address)).unwrap().activeFrom.toNumber();
    while ((await currentEpoch()) < registered) await nextEpoch();

    // Both models are used in one block, so in one epoch.
    const potBefore = await free(ATTRIBUTION_POT);
    const tokens = 1_000_000;
    const fee = 3n * OPEN; // 1,000 × 1 milli + 1,000 × 2 milli, for each model
    const used = await send(
      api,
      api.tx.utility.batchAll([
        api.tx.inference.payForInference(baseId, tokens, tokens, fee, EMPTY_DIGEST, null),
        api.tx.inference.payForInference(adapterId, tokens, tokens, fee, EMPTY_DIGEST, null),
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
      ATTRIBUTORS.map((uri, i) => tool(['commit', ...node_(uri), ...salts(), '--epoch', String(epoch), '--settlement', files[i]])),
    );
    committed.forEach(({ stdout }) => assert.match(stdout, /Attribution\.Committed/));
    assert.equal((await api.call.attributionApi.round(epoch)).committers.toNumber(), 3);
    assert.ok((await bestNumber()) < round.revealFrom.toNumber(), 'the commits fit the commit window');

    await waitForBlock(round.revealFrom.toNumber());
    const revealed = await Promise.all(
      ATTRIBUTORS.map((uri, i) => tool(['reveal', ...node_(uri), ...salts(), '--epoch', String(epoch), '--settlement', files[i]])),
    );
    revealed.forEach(({ stdout }) => assert.match(stdout, /Attribution\.Revealed/));
    assert.ok(revealed.some(({ stdout }) => /Attribution\.RoundFinalised/.test(stdout)));
    const settled = (await api.call.attributionApi.settlement(epoch)).unwrap();
    assert.equal(u8aToHex(settled.root), settlement.root);
    assert.equal(settled.total.toBigInt(), share1 + share2);
    assert.equal(u8aToHex(settled.report), settlement.report);
    assert.ok((await bestNumber()) < round.challengeFrom.toNumber(), 'the reveals fit the reveal window');
    // Nothing is claimable during the challenge window.
    const early = await tool(['claim', ...node_('//Alice'), '--epoch', String(epoch), '--settlement', honest, '--account', k.c1.address], { allowFailure: true });
    assert.notEqual(early.code, 0);
    assert.match(early.stderr, /InChallengeWindow/);

    // The chain closes the round in idle time once the challenge window is over.
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
    assert.ok(closed, 'RoundClosed in the first block after the challenge window');
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

    // A claim of the wrong amount is told so, not just "invalid proof".
    const leaf = (await tool(['proof', '--settlement', honest, '--account', k.c1.address])).stdout;
    const { leaf_index: leafIndex, proof: items } = JSON.parse(leaf);
    const wrong = await send(
      api,
      api.tx.attribution.claim(epoch, k.c1.address, share1 + 1n, { leafIndex, numberOfLeaves: settlement.number_of_leaves, items }),
      k.alice,
    ).catch((e) => e);
    assert.equal(wrong.module?.name, 'LeafNotInSettlement');

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

  test('a fresh attributor cannot settle the epoch it bonded in; a blocking minority is overruled and pays, twice as much the second time', async () => {
    // The latecomer bonds more than anyone, in the epoch whose pool it wants to settle (early
    // enough in it that both land in the same epoch).
    const status = await api.call.attributionApi.currentEpoch();
    if (status.endsAt.toNumber() - (await bestNumber()) < 4) await nextEpoch();
    await tool(['register', ...node_(LATECOMER), '--bond', String(3n * BOND)]);
    const epoch = await use();
    const latecomer = (await api.call.attributionApi.attributor(k.a4.address)).unwrap();
    assert.equal(latecomer.activeFrom.toNumber(), epoch + 1, 'its bond counts from the next epoch');
    const pool = (await api.call.attributionApi.epochPool(epoch)).unwrap().data.toBigInt();
    const honest = await settleFile(`honest-${epoch}`, [[k.c1, (pool * 60n) / 100n], [k.c2, (pool * 30n) / 100n]]);
    const bogus = await settleFile(`bogus-${epoch}`, [[k.a4, pool]]);
    const round = await api.call.attributionApi.round(epoch);
    await waitForBlock(round.commitFrom.toNumber());
    const late = await tool(['commit', ...node_(LATECOMER), ...salts(), '--epoch', String(epoch), '--settlement', bogus], { allowFailure: true });
    assert.notEqual(late.code, 0);
    assert.match(late.stderr, /WarmingUp/);

    // 1 reveals the honest result; 2 commits and stays silent; 3 reveals a bogus one. Neither
    // reaches two thirds of the stake (1: 2,000; 3: 1,800 after its first slash; of 5,800).
    const bonds = { a1: BOND, a2: BOND, a3: BOND - BOND / 10n };
    const eligible = (await api.call.attributionApi.round(epoch)).eligibleStake.toBigInt();
    assert.equal(eligible, bonds.a1 + bonds.a2 + bonds.a3, 'the latecomer is not part of the round');
    const commits = [[ATTRIBUTORS[0], honest], [ATTRIBUTORS[1], honest], [ATTRIBUTORS[2], bogus]];
    await Promise.all(commits.map(([uri, file]) => tool(['commit', ...node_(uri), ...salts(), '--epoch', String(epoch), '--settlement', file])));
    await waitForBlock(round.revealFrom.toNumber());
    await Promise.all([commits[0], commits[2]].map(([uri, file]) => tool(['reveal', ...node_(uri), ...salts(), '--epoch', String(epoch), '--settlement', file])));
    assert.equal((await api.call.attributionApi.round(epoch)).finalised.isTrue, false, 'blocked');

    // Root picks the honest result in the challenge window; not before, not another one.
    const key = await resultKey(epoch, honest);
    await assert.rejects(sudo(api.tx.attribution.resolve(epoch, key)), /RevealsStillOpen/);
    await waitForBlock(round.challengeFrom.toNumber());
    await assert.rejects(sudo(api.tx.attribution.resolve(epoch, new Uint8Array(32))), /UnknownResult/);
    const resolved = findEvent(await sudo(api.tx.attribution.resolve(epoch, key)), 'attribution', 'RoundResolved');
    assert.ok(resolved, 'RoundResolved');
    assert.equal(u8aToHex(resolved.data.root), JSON.parse(readFileSync(honest, 'utf8')).root);

    const fee = (await api.call.attributionApi.epochPool(epoch)).unwrap().fee.toBigInt();
    const before = { a1: await free(k.a1.address), treasury: await free(TREASURY) };
    await waitForBlock(round.closeFrom.toNumber());
    const events = await api.query.system.events.at(await api.rpc.chain.getBlockHash(round.closeFrom.toNumber()));
    const slashes = events.filter(({ event }) => event.section === 'attribution' && event.method === 'AttributorSlashed').map(({ event }) => event.data);
    const slashOf = (who) => slashes.find((d) => d.attributor.toString() === who.address);
    // The silent one loses 10%; the bogus one, slashed once before, 20%.
    assert.equal(slashOf(k.a2).amount.toBigInt(), bonds.a2 / 10n);
    assert.equal(slashOf(k.a2).strikes.toNumber(), 1);
    assert.equal(slashOf(k.a3).amount.toBigInt(), (bonds.a3 * 20n) / 100n);
    assert.equal(slashOf(k.a3).strikes.toNumber(), 2);
    assert.equal(await reserved(k.a3.address), bonds.a3 - (bonds.a3 * 20n) / 100n);
    assert.equal(await reserved(k.a2.address), bonds.a2 - bonds.a2 / 10n);
    // The one who was right takes the whole fee; the treasury the slashes.
    assert.equal(await free(k.a1.address), before.a1 + fee);
    assert.equal(await free(TREASURY), before.treasury + bonds.a2 / 10n + (bonds.a3 * 20n) / 100n);
    const c1 = await free(k.c1.address);
    await tool(['claim', ...node_('//Alice'), '--epoch', String(epoch), '--settlement', honest, '--account', k.c1.address]);
    assert.equal(await free(k.c1.address), c1 + (pool * 60n) / 100n);
  });

  test('a result finalised by colluders is annulled within the challenge window and pays nothing', async () => {
    // 1, 2 and the latecomer (now settling) hold more than two thirds and finalise a result
    // that pays the latecomer the whole pool; 3 reveals the honest one.
    const epoch = await use();
    const pool = (await api.call.attributionApi.epochPool(epoch)).unwrap();
    const honest = await settleFile(`honest-${epoch}`, [[k.c1, (pool.data.toBigInt() * 60n) / 100n]]);
    const bogus = await settleFile(`bogus-${epoch}`, [[k.a4, pool.data.toBigInt()]]);
    const colluders = [ATTRIBUTORS[0], ATTRIBUTORS[1], LATECOMER];
    const plan = [...colluders.map((uri) => [uri, bogus]), [ATTRIBUTORS[2], honest]];
    const round = await api.call.attributionApi.round(epoch);
    await waitForBlock(round.commitFrom.toNumber());
    await Promise.all(plan.map(([uri, file]) => tool(['commit', ...node_(uri), ...salts(), '--epoch', String(epoch), '--settlement', file])));
    await waitForBlock(round.revealFrom.toNumber());
    await Promise.all(plan.map(([uri, file]) => tool(['reveal', ...node_(uri), ...salts(), '--epoch', String(epoch), '--settlement', file])));
    assert.equal((await api.call.attributionApi.round(epoch)).finalised.isTrue, true, 'the colluders finalised');

    const held = {};
    for (const a of [k.a1, k.a2, k.a3, k.a4]) held[a.address] = await reserved(a.address);
    const annulled = findEvent(await sudo(api.tx.attribution.annul(epoch)), 'attribution', 'SettlementAnnulled');
    assert.ok(annulled, 'SettlementAnnulled');
    assert.equal((await api.call.attributionApi.settlement(epoch)).isNone, true);

    await waitForBlock(round.closeFrom.toNumber());
    const closed = findEvent(await api.query.system.events.at(await api.rpc.chain.getBlockHash(round.closeFrom.toNumber())), 'attribution', 'RoundClosed');
    assert.equal(closed.data.finalised.isTrue, false);
    assert.equal(closed.data.rewarded.toBigInt(), 0n);
    assert.equal(closed.data.carriedData.toBigInt(), pool.data.toBigInt(), 'the pool waits for an honest round');
    assert.equal(closed.data.carriedFee.toBigInt(), pool.fee.toBigInt());
    // Every colluder lost bond; the honest one kept all of it.
    for (const a of [k.a1, k.a2, k.a4]) assert.ok((await reserved(a.address)) < held[a.address], `${a.address} slashed`);
    assert.equal(await reserved(k.a3.address), held[k.a3.address]);
    // The bogus leaf pays nothing.
    const claim = await tool(['claim', ...node_('//Alice'), '--epoch', String(epoch), '--settlement', bogus, '--account', k.a4.address], { allowFailure: true });
    assert.notEqual(claim.code, 0);
    assert.match(claim.stderr, /NotFinalised/);
    assert.ok(u8aEq(annulled.data.root, JSON.parse(readFileSync(bogus, 'utf8')).root));
  });

  test('attack: a lazy attributor who copies an honest commitment, then its public reveal, cannot reveal it and is slashed', async () => {
    // Three attributors do the work and commit the honest result; the fourth (2) does no work:
    // it copies one of their commitments from the chain, hoping to be paid for agreeing.
    const epoch = await use();
    const pool = (await api.call.attributionApi.epochPool(epoch)).unwrap();
    const honest = await settleFile(`honest-${epoch}`, [[k.c1, (pool.data.toBigInt() * 70n) / 100n], [k.c2, (pool.data.toBigInt() * 20n) / 100n]]);
    const workers = [ATTRIBUTORS[0], ATTRIBUTORS[2], LATECOMER];
    const round = await api.call.attributionApi.round(epoch);
    await waitForBlock(round.commitFrom.toNumber());
    await Promise.all(workers.map((uri) => tool(['commit', ...node_(uri), ...salts(), '--epoch', String(epoch), '--settlement', honest])));
    // (`get('hash')`: a codec struct's own `hash` is the hash of its encoding.)
    const commitmentOf = async (who) => (await api.query.attribution.commitments(epoch, who.address)).unwrap();
    const copied = (await commitmentOf(k.a4)).get('hash');
    await send(api, api.tx.attribution.commit(epoch, copied), k.a2);
    assert.ok(u8aEq((await commitmentOf(k.a2)).get('hash'), copied), 'the chain cannot tell a copy at commit time');

    // The workers reveal. Their reveals are public: the copier takes the latecomer's root, total,
    // report and salt from its extrinsic and reveals them as its own.
    await waitForBlock(round.revealFrom.toNumber());
    const reveals = await Promise.all(workers.map((uri) => tool(['reveal', ...node_(uri), ...salts(), '--epoch', String(epoch), '--settlement', honest])));
    assert.equal((await api.call.attributionApi.round(epoch)).finalised.isTrue, true, 'the workers finalised the honest result');
    const revealBlock = reveals[2].stdout.match(/revealed: in block (0x[0-9a-f]{64})/)[1];
    const { block } = await api.rpc.chain.getBlock(revealBlock);
    const revealed = block.extrinsics.find((x) => x.method.section === 'attribution' && x.method.method === 'reveal' && x.signer.toString() === k.a4.address);
    assert.ok(revealed, "the latecomer's reveal is in the block the tool named");
    const [, root, total, report, salt] = revealed.method.args;
    const held = await reserved(k.a2.address);
    await assert.rejects(
      send(api, api.tx.attribution.reveal(epoch, root, total, report, salt), k.a2),
      (e) => e.module?.name === 'CommitmentMismatch',
    );
    // The commitment binds the attributor's account: the copier's stays unrevealed.
    assert.equal((await commitmentOf(k.a2)).revealed.isNone, true);

    // At the close the copier is slashed and paid nothing; those who did the work share the fee.
    await waitForBlock(round.closeFrom.toNumber());
    const events = await api.query.system.events.at(await api.rpc.chain.getBlockHash(round.closeFrom.toNumber()));
    const of = (method) => events.filter(({ event }) => event.section === 'attribution' && event.method === method).map(({ event }) => event.data);
    const slashed = of('AttributorSlashed').find((d) => d.attributor.toString() === k.a2.address);
    assert.ok(slashed, 'the copier is slashed');
    assert.ok(slashed.amount.toBigInt() > 0n);
    assert.equal(await reserved(k.a2.address), held - slashed.amount.toBigInt());
    const rewarded = of('AttributorRewarded');
    assert.equal(rewarded.some((d) => d.attributor.toString() === k.a2.address), false, 'the copier is paid nothing');
    assert.deepEqual(rewarded.map((d) => d.attributor.toString()).sort(), [k.a1, k.a3, k.a4].map((a) => a.address).sort());
    assert.equal(of('AttributorSlashed').length, 1, 'only the copier is slashed');
  });

  test('attack: an outsider who fills the operational class with round calls pays each fee in full and changes nothing', async () => {
    // A round's calls are operational, ahead of any flood of normal transactions, so that no
    // flood makes an attributor miss its window. An outsider (Dave, no attributor) might hope to
    // fill the blocks' operational space with them cheaply, or to slip a commitment in: each
    // fails in dispatch after paying its full fee, and the round records nothing of his.
    const epoch = await currentEpoch();
    const zero = u8aToHex(new Uint8Array(32));
    const calls = [
      ...Array.from({ length: 6 }, (_, i) => api.tx.attribution.commit(epoch, u8aToHex(blake2AsU8a(`spam ${i}`)))),
      api.tx.attribution.reveal(epoch, zero, 1, zero, zero),
      api.tx.attribution.nameReport(epoch, 'file:///spam.json'),
    ];
    for (const call of calls) {
      const info = await call.paymentInfo(k.dave);
      assert.equal(info.class.toString(), 'Operational', `${call.method.method} is operational`);
      assert.ok(info.partialFee.toBigInt() > 0n, `${call.method.method} has a fee`);
    }
    const before = await free(k.dave.address);
    let nonce = (await api.rpc.system.accountNextIndex(k.dave.address)).toNumber();
    const signed = [];
    for (const call of calls) signed.push(await call.signAsync(k.dave, { nonce: nonce++ }));
    const outcomes = await Promise.all(signed.map((xt) => submit(api, xt)));
    let fees = 0n;
    for (const [i, { events, error }] of outcomes.entries()) {
      assert.ok(error, `${calls[i].method.method} failed`);
      assert.equal(error.module?.section, 'attribution', error.message);
      assert.ok(['NotAttributor', 'NoCommitment', 'RevealWindowNotOpen'].includes(error.module.name), error.message);
      const paid = findEvent(events, 'transactionPayment', 'TransactionFeePaid');
      assert.equal(paid.data[0].toString(), k.dave.address);
      fees += paid.data[1].toBigInt();
    }
    assert.ok(fees > 0n);
    assert.equal(await free(k.dave.address), before - fees, 'he paid every fee, and nothing else moved');
    assert.equal((await api.query.attribution.commitments(epoch, k.dave.address)).isNone, true, 'no commitment of his');
    assert.equal((await api.query.attribution.attributors(k.dave.address)).isNone, true);
  });
});
