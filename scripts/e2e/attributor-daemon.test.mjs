// End to end: the attribution engine and its daemon on the real dev node. Ferdie pays for demo
// answers that quote the demo datanets' documents; three `openledger-attributor run` daemons
// (Alice, the preset's attributor, and Bob and Charlie, who bond) settle the epoch by themselves
// from public data: they fetch the usage log and the contributions, score, commit, name their
// reports, reveal and close; Bob's is killed after committing and restarted, and reveals from
// what it kept on disk. All three reach the same root. Charlie's cache holds a tampered
// copy of a contribution: he refuses it by its hash, fetches the real one and agrees, so he is
// not slashed. Anyone can recompute the report (`verify --report`), and contributors claim
// exactly what the report says.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { attributor, attributorBinary } from '../lib/attributor.mjs';
import { OPEN, waitForBlock } from '../lib/chain.mjs';
import { DEMO_DIR, playDemoUsage, serveDemo } from '../lib/demo.mjs';
import { startDevChain } from '../lib/dev-chain.mjs';
import { freePort } from '../lib/node.mjs';

const BOND = 1_000n * OPEN;

describe('attributor daemons settle an epoch from real outputs', () => {
  let node;
  let api;
  let stop;
  let k;
  let dir;
  let gateway;
  const daemons = [];

  const currentEpoch = async () => (await api.call.attributionApi.currentEpoch()).epoch.toNumber();

  /** Starts `openledger-attributor run` for `suri`; its standard error is kept in `.log`. */
  const startDaemon = async (name, suri, port) => {
    const dataDir = join(dir, name);
    mkdirSync(dataDir, { recursive: true });
    port ??= await freePort();
    const child = spawn(
      attributorBinary(),
      ['run', '--url', node.wsUrl, '--suri', suri, '--data-dir', dataDir, '--http', `127.0.0.1:${port}`, '--ipfs-gateway', gateway.url, '--poll', '1'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const daemon = { name, suri, port, dataDir, url: `http://127.0.0.1:${port}`, child, log: '' };
    child.stderr.on('data', (chunk) => {
      daemon.log += chunk;
    });
    daemons.push(daemon);
    return daemon;
  };

  before(async () => {
    ({ node, api, k, stop } = await startDevChain());
    dir = mkdtempSync(join(tmpdir(), 'openledger-daemons-'));
    gateway = await serveDemo({ port: 0, logsDir: join(dir, 'logs') });
    // Bob and Charlie bond as much as Alice: any two of the three are a quorum.
    await Promise.all(['//Bob', '//Charlie'].map((suri) => attributor(['register', '--url', node.wsUrl, '--suri', suri, '--bond', String(BOND)])));
  });

  after(async () => {
    for (const d of daemons) d.child.kill();
    await gateway?.close();
    await stop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('three daemons agree, a tampered cache is refused by its hash, contributors claim the report', async () => {
    // Their bonds settle the epochs after the one they registered in.
    const activeFrom = (await api.call.attributionApi.attributor(k.bob.address)).unwrap().activeFrom.toNumber();
    while ((await currentEpoch()) < activeFrom) {
      await waitForBlock(api, (await api.call.attributionApi.currentEpoch()).endsAt.toNumber());
    }

    // Charlie's cache holds a tampered copy of the first clinical document.
    const original = readFileSync(join(DEMO_DIR, 'clinical-qa/0001.jsonl'));
    const originalHash = u8aToHex(blake2AsU8a(original));
    const cached = join(dir, 'charlie', 'contents', originalHash);
    mkdirSync(join(dir, 'charlie', 'contents'), { recursive: true });
    writeFileSync(cached, Buffer.from(original.toString().replace('Metformin', 'Placebo')));

    let [alice, bob, charlie] = [
      await startDaemon('alice', '//Alice'),
      await startDaemon('bob', '//Bob'),
      await startDaemon('charlie', '//Charlie'),
    ];

    // Demo usage: Ferdie's answers from the demo adapter, settled by Eve naming its usage log.
    const played = await playDemoUsage(api, { consumer: k.ferdie, operator: k.eve, logsDir: join(dir, 'logs') });
    const usedAt = (await api.rpc.chain.getHeader(played.blockHash)).number.toNumber();
    const epochLength = (await api.call.attributionApi.schedule()).epochLength.toNumber();
    const epoch = Math.floor(usedAt / epochLength);
    const pool = (await api.call.attributionApi.epochPool(epoch)).unwrap().data.toBigInt();
    assert.ok(pool > 0n);

    // The daemons settle it by themselves; wait until its round closes. Bob's daemon is
    // stopped as soon as it has committed and started again on the same data directory: it
    // must reveal what it committed, and not commit again.
    const round = await api.call.attributionApi.round(epoch);
    let restarted = false;
    for (let waited = 0; ; waited++) {
      const now = await api.call.attributionApi.round(epoch);
      if (now.phase.isClosed) break;
      if (!restarted && bob.log.includes(`epoch ${epoch}: committed`)) {
        restarted = true;
        const exited = new Promise((resolve) => bob.child.once('exit', resolve));
        bob.child.kill('SIGKILL');
        await exited;
        daemons.splice(daemons.indexOf(bob), 1);
        bob = await startDaemon('bob', bob.suri, bob.port);
      }
      assert.ok(waited < 600, `round ${epoch} closed within ten minutes:\n${daemons.map((d) => `${d.name}:\n${d.log}`).join('\n')}`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    assert.ok(round.closeFrom.toNumber() > usedAt);

    assert.ok(restarted, "Bob's daemon committed and was restarted");
    assert.match(bob.log, new RegExp(`epoch ${epoch}: revealed`), "Bob's restarted daemon revealed");
    assert.doesNotMatch(bob.log, new RegExp(`epoch ${epoch}: committed`), 'and did not commit again');
    assert.equal((await api.call.attributionApi.round(epoch)).committers.toNumber(), 3);

    // One result, backed by all three.
    const logs = () => daemons.map((d) => `${d.name}:\n${d.log}`).join('\n');
    const finalised = await api.call.attributionApi.settlement(epoch);
    assert.ok(finalised.isSome, `epoch ${epoch} has a finalised settlement:\n${logs()}`);
    const settlement = finalised.unwrap();
    const tallies = await api.query.attribution.tallies.entries(epoch);
    assert.equal(tallies.length, 0, 'closing removed the tallies');
    const reports = await Promise.all([alice, bob, charlie].map(async (d) => Buffer.from(await (await fetch(`${d.url}/reports/${epoch}.json`)).arrayBuffer())));
    for (const [i, bytes] of reports.entries()) {
      assert.deepEqual(bytes, reports[0], `${[alice, bob, charlie][i].name}'s report is Alice's, byte for byte`);
    }
    assert.equal(u8aToHex(blake2AsU8a(reports[0])), settlement.report.toHex(), 'the finalised report is the one served');
    const report = JSON.parse(reports[0]);
    assert.equal(report.epoch, epoch);
    assert.equal(report.logs.length, 1);
    assert.equal(report.logs[0].refusal, null, 'the usage log checks out');
    assert.equal(BigInt(report.total), settlement.total.toBigInt());
    assert.ok(BigInt(report.total) <= pool);

    // The answers quote the clinical documents: their contributors are credited with words.
    const adapter = report.models.find((m) => m.model === 1);
    assert.ok(adapter, 'the demo adapter was scored');
    const credited = adapter.contributions.filter((c) => c.words > 0);
    assert.ok(credited.length >= 2, `several documents credited: ${JSON.stringify(adapter.contributions)}`);
    assert.ok(credited.every((c) => c.examples.length > 0 && c.refusal === null));
    const first = adapter.contributions.find((c) => c.hash === originalHash);
    assert.ok(first.words > 0 && first.refusal === null, 'the tampered copy did not stand for the document');

    // Each daemon named its report on chain; every bond is whole (nobody was slashed).
    const named = await api.call.attributionApi.reportUris(epoch);
    assert.equal(named.length, 3);
    for (const who of [k.alice, k.bob, k.charlie]) {
      const record = (await api.call.attributionApi.attributor(who.address)).unwrap();
      assert.equal(record.bond.toBigInt(), BOND, `${who.address} kept its whole bond`);
      assert.equal(record.strikes.toNumber(), 0);
    }

    // Charlie refused the tampered copy by its hash and fetched the real document.
    assert.deepEqual(readFileSync(cached), original, "Charlie's cache now holds the real document");
    assert.match(charlie.log, /fetched/);

    // Anyone can audit the report from public data, through the URI Alice named.
    const aliceUri = named.find(([who]) => who.toString() === k.alice.address)[1].toUtf8();
    const audit = await attributor(['verify', '--url', node.wsUrl, '--report', aliceUri, '--ipfs-gateway', gateway.url]);
    assert.match(audit.stdout, /verified/);
    assert.match(audit.stdout, /the chain finalised this report/);
    // A report with one amount changed is refused.
    const forged = JSON.parse(reports[0]);
    forged.leaves[0].amount = String(BigInt(forged.leaves[0].amount) + 1n);
    writeFileSync(join(dir, 'forged.json'), JSON.stringify(forged));
    const refused = await attributor(['verify', '--url', node.wsUrl, '--report', join(dir, 'forged.json'), '--ipfs-gateway', gateway.url], { allowFailure: true });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /differs/);

    // Contributors claim exactly what the report says.
    const claimed = await attributor(['claim', '--url', node.wsUrl, '--suri', '//Alice', '--epoch', String(epoch), '--settlement', join(alice.dataDir, 'epochs', String(epoch), 'settlement.json'), '--all']);
    const paid = [...claimed.stdout.matchAll(/Attribution\.Claimed \{ epoch: \d+, account: (\w+), amount: (\d+) \}/g)].map(([, account, amount]) => ({ account, amount }));
    assert.deepEqual(
      paid.sort((a, b) => a.account.localeCompare(b.account)),
      report.leaves.map(({ account, amount }) => ({ account, amount })).sort((a, b) => a.account.localeCompare(b.account)),
    );
    assert.equal((await api.call.attributionApi.settlement(epoch)).unwrap().claimed.toBigInt(), settlement.total.toBigInt());
  });
});
