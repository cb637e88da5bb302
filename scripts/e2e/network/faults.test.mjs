// End to end: the four-validator local network (scripts/network.mjs) on loopback, with faults.
// Every validator authors; with one validator killed, blocks and finality go on and, restarted
// on its database, it catches up; with two killed, finality stops while blocks go on, and comes
// back when they return, with nothing finalised reverted; the whole network stopped and started
// again from disk goes on where it was.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { heads, rpc, startNetwork, until, VALIDATORS } from '../../lib/network.mjs';

/** The Aura slot in a raw header's digest (a `PreRuntime` item of engine `aura`). */
function auraSlot(header) {
  const log = header.digest.logs.find((l) => l.startsWith('0x0661757261'));
  if (!log) return undefined;
  // 0x06, `aura`, the compact length 8 (0x20), then the slot as u64 little-endian.
  const bytes = Buffer.from(log.slice(2), 'hex');
  return bytes.readBigUInt64LE(6);
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a four-validator network', () => {
  let network;

  before(async () => {
    network = await startNetwork();
  });

  after(async () => {
    await network?.stop();
  });

  test('one validator down: blocks and finality go on; two down: finality waits and nothing is reverted', async () => {
    const { nodes } = network;
    const port = nodes.rpc.rpcPort;
    const logs = () => Object.values(nodes).map((n) => `--- ${n.name}\n${n.log().slice(-2_000)}`).join('\n');
    const wait = async (what, check, seconds) => {
      try {
        return await until(what, check, seconds * 1_000);
      } catch (e) {
        throw new Error(`${e.message}\n${logs()}`);
      }
    };

    // Every validator authors in its turn (block author = Aura slot modulo the four authorities).
    await wait('blocks from every validator, and finality', async () => {
      const h = await heads(port);
      if (h.best < 8 || h.finalized < 4) return false;
      const authors = new Set();
      for (let n = 1; n <= h.best; n++) {
        const header = await rpc(port, 'chain_getHeader', [await rpc(port, 'chain_getBlockHash', [n])]);
        authors.add(Number(auraSlot(header) % BigInt(VALIDATORS.length)));
      }
      return authors.size === VALIDATORS.length;
    }, 180);

    // Dave killed: three votes of four still finalise.
    await nodes.dave.kill('SIGKILL');
    const withoutDave = await heads(port);
    await wait('three validators to finalise', async () => (await heads(port)).finalized >= withoutDave.finalized + 3, 120);
    // Started again on its database, Dave catches up with what the others finalised.
    nodes.dave.start();
    const reached = (await heads(port)).finalized;
    await wait('Dave to catch up', async () => (await heads(nodes.dave.rpcPort)).finalized >= reached, 120);

    // Charlie and Dave killed: two votes of four finalise nothing, blocks go on in the live
    // validators' slots.
    await Promise.all([nodes.charlie.kill('SIGKILL'), nodes.dave.kill('SIGKILL')]);
    await pause(8_000);
    const stalled = await heads(port);
    const stalledHash = await rpc(port, 'chain_getBlockHash', [stalled.finalized]);
    await wait('blocks without finality', async () => (await heads(port)).best >= stalled.best + 3, 120);
    assert.equal((await heads(port)).finalized, stalled.finalized, 'nothing is finalised with two of four validators');

    // Both back: finality catches up past every block authored meanwhile; what was final stays.
    nodes.charlie.start();
    nodes.dave.start();
    const best = (await heads(port)).best;
    await wait('finality to catch up', async () => (await heads(port)).finalized >= best, 180);
    assert.equal(await rpc(port, 'chain_getBlockHash', [stalled.finalized]), stalledHash, 'the finalised block is still the chain\'s');
    for (const name of VALIDATORS) {
      await wait(`${name} to follow`, async () => (await heads(nodes[name].rpcPort)).finalized >= best, 120);
    }

    // The whole network stopped and started again from disk goes on from where it was.
    const before = await heads(port);
    const beforeHash = await rpc(port, 'chain_getBlockHash', [before.finalized]);
    for (const node of Object.values(nodes)) assert.ok(node.memory().peak < 2048, `${node.name} stayed within 2 GiB`);
    await Promise.all(Object.values(nodes).map((n) => n.kill('SIGTERM')));
    for (const node of Object.values(nodes)) node.start();
    await wait('the restarted network to finalise new blocks', async () => (await heads(port)).finalized >= before.finalized + 2, 180);
    assert.equal(await rpc(port, 'chain_getBlockHash', [before.finalized]), beforeHash, 'the restart kept the finalised chain');
  });
});
