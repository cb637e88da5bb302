// End to end: the order in which the node's transaction pool validates what it is sent. A pool
// validates two transactions at a time; this node's pool validates operational ones
// (settlement, attribution rounds, claims) before the normal ones waiting their turn, so that a
// flood cannot hold them back (node/src/txpool.rs, docs/rush-hour.md).
//
// The attack: a flood of transfers with bad signatures costs its sender nothing (no block
// includes them, no fee is paid), yet each one takes the pool's time to refuse. Sent just before
// an operator's settlement or an attributor's round call, it would make that call wait behind
// thousands of refusals, long enough to miss the blocks it needs. Here the flood goes in first
// and an operational call after it: the node answers the operational call before most of the
// flood, while a normal transfer sent the same way is answered after it. A flood of badly signed
// operational calls, as free, waits in a lane of its own and holds back nothing else.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WsProvider } from '@polkadot/api';
import { blake2AsHex } from '@polkadot/util-crypto';
import { startDevChain } from '../lib/dev-chain.mjs';

/** How many badly signed transfers each flood sends, over how many connections. */
const FLOOD = 3000;
/** How many badly signed operational calls: fewer than wait in the lane (`LANE` in txpool.rs). */
const LANE_FLOOD = 1000;
const CONNECTIONS = 12;

describe('the transaction pool', () => {
  let node;
  let api;
  let stop;
  let k;
  let providers;

  before(async () => {
    ({ node, api, k, stop } = await startDevChain());
    providers = await Promise.all(
      Array.from({ length: CONNECTIONS + 1 }, async () => {
        const provider = new WsProvider(node.wsUrl);
        await provider.isReady;
        return provider;
      }),
    );
  });

  after(async () => {
    await Promise.all((providers ?? []).map((p) => p.disconnect()));
    await stop?.();
  });

  /**
   * `count` calls from Bob signed with a fake signature (`make(i)` the i-th call): no pool
   * accepts them and no fee is paid.
   */
  async function badlySigned(count, make) {
    const nonce = (await api.rpc.system.accountNextIndex(k.bob.address)).toNumber();
    const options = { blockHash: api.genesisHash, genesisHash: api.genesisHash, nonce, runtimeVersion: api.runtimeVersion };
    return Array.from({ length: count }, (_, i) => make(i).signFake(k.bob.address, options).toHex());
  }

  /**
   * Sends `flood` spread over the flood's connections, then `signed` over a connection of its
   * own. Resolves with how many of the flood were still unanswered when `signed` was sent and
   * how many of those the node answered after it, and with the node's answer to `signed`.
   */
  async function behindFlood(signed, flood) {
    let answered = 0;
    let answeredAfter = null;
    const refusals = new Map();
    const floodDone = Promise.all(
      flood.map((hex, i) =>
        providers[i % CONNECTIONS]
          .send('author_submitExtrinsic', [hex])
          .then(
            () => 'accepted',
            (e) => e.message.replace(/:.*$/, ''),
          )
          .then((outcome) => {
            refusals.set(outcome, (refusals.get(outcome) ?? 0) + 1);
            answered += 1;
            if (answeredAfter !== null) answeredAfter += 1;
          }),
      ),
    );
    // Everything sent: give the node a moment to read it off the sockets, then send `signed`.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const pendingWhenSent = flood.length - answered;
    const answer = await providers[CONNECTIONS].send('author_submitExtrinsic', [signed.toHex()]);
    answeredAfter = 0;
    await floodDone;
    return { pendingWhenSent, answeredAfter, answer, refusals: Object.fromEntries(refusals) };
  }

  test('attack: a free flood of badly signed transfers does not hold an operational call back', async () => {
    // Dave's round call is operational; he is no attributor, so it fails in dispatch after
    // paying its fee (attribution.test.mjs), but the pool accepts it, as it would an
    // attributor's.
    const epoch = (await api.call.attributionApi.currentEpoch()).epoch.toNumber();
    const commit = await api.tx.attribution.commit(epoch, blake2AsHex('pool test')).signAsync(k.dave);
    const info = await api.tx.attribution.commit(epoch, blake2AsHex('pool test')).paymentInfo(k.dave);
    assert.equal(info.class.toString(), 'Operational');
    const transfers = (tag) => badlySigned(FLOOD, (i) => api.tx.balances.transferKeepAlive(k.charlie.address, 1_000_000n * BigInt(tag) + BigInt(i)));
    const operational = await behindFlood(commit, await transfers(1));
    console.log('operational call behind the flood:', JSON.stringify(operational));
    assert.equal(operational.answer, commit.hash.toHex(), 'the pool accepted the operational call');
    assert.equal(operational.refusals.accepted, undefined, 'no badly signed transfer was accepted');
    assert.ok(operational.pendingWhenSent >= FLOOD / 4, `the flood was still waiting when the call was sent (${operational.pendingWhenSent} of ${FLOOD})`);
    assert.ok(
      operational.answeredAfter >= operational.pendingWhenSent / 2,
      `the node answered the operational call before most of the flood waiting ahead of it (${operational.answeredAfter} of ${operational.pendingWhenSent} after it)`,
    );

    // The same flood before a normal transfer: it waits its turn behind the flood.
    const transfer = await api.tx.balances.transferKeepAlive(k.alice.address, 1n).signAsync(k.eve);
    const normal = await behindFlood(transfer, await transfers(2));
    console.log('normal transfer behind the flood:', JSON.stringify(normal));
    assert.equal(normal.answer, transfer.hash.toHex(), 'the pool accepted the transfer');
    assert.ok(normal.pendingWhenSent >= FLOOD / 4, `the flood was still waiting when the transfer was sent (${normal.pendingWhenSent} of ${FLOOD})`);
    assert.ok(
      normal.answeredAfter < normal.pendingWhenSent / 2,
      `a normal transfer is answered after most of the flood ahead of it (${normal.answeredAfter} of ${normal.pendingWhenSent} after it)`,
    );
  });

  test('attack: a free flood of badly signed operational calls does not hold back the rest', async () => {
    // Whether a call is operational is read before its signature is checked, so anyone can send
    // into the operational lane for free. The lane is apart: its flood does not delay a normal
    // transfer sent after it.
    const epoch = (await api.call.attributionApi.currentEpoch()).epoch.toNumber();
    const flood = await badlySigned(LANE_FLOOD, (i) => api.tx.attribution.commit(epoch, blake2AsHex(`bogus ${i}`)));
    const transfer = await api.tx.balances.transferKeepAlive(k.alice.address, 2n).signAsync(k.ferdie);
    const behind = await behindFlood(transfer, flood);
    console.log('normal transfer behind operational junk:', JSON.stringify(behind));
    assert.equal(behind.answer, transfer.hash.toHex(), 'the pool accepted the transfer');
    assert.equal(behind.refusals.accepted, undefined, 'no badly signed call was accepted');
    assert.ok(behind.pendingWhenSent >= LANE_FLOOD / 4, `the flood was still waiting when the transfer was sent (${behind.pendingWhenSent} of ${LANE_FLOOD})`);
    assert.ok(
      behind.answeredAfter >= behind.pendingWhenSent / 2,
      `the transfer was answered before most of the operational flood (${behind.answeredAfter} of ${behind.pendingWhenSent} after it)`,
    );
  });
});
