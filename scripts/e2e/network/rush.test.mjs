// Rush hour, shortened: the four-validator network under more traffic than its blocks hold for 90
// seconds (transaction pools of 3,000, so that the accounts overflow them), with a validator
// killed and started again and the RPC node restarted meanwhile, then the whole network stopped
// and started from disk (scripts/rush.mjs --faults short). The network starts on the previous
// runtime (spec 101) and is upgraded to the current one during the rush, with Dave down: the
// upgrade is checked on the live state first, enacted once, and the attribution pallet's usage
// logs migrated (storage version 2).
// Nothing may be lost: every included transaction finalised, the issuance accounted for by the
// fees burned, every pallet's invariants intact, and no accepted transaction silently dropped
// (a pool that gives one up tells its watcher). Settlement stays ahead of the flood: batches are
// included within 3 blocks (p99) of the operator's first try (the target, 2, is met on one node);
// tipped payments and contributions get through it. Attribution goes on in the flood: an
// attributor daemon settles the eight-block epochs (a round's calls are operational), and the
// contributors of the data the rush model was trained on claim every leaf of every round closed
// during the rush or its drain (90 s end before the first round the rush paid into closes, about
// 14 blocks in), each paid once, within 3 blocks (p99).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const scripts = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('a short rush on the four-validator network loses nothing and settles ahead of the flood', { timeout: 900_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openledger-rush-e2e-'));
  const json = join(dir, 'rush.json');
  try {
    const child = spawn('node', ['rush.mjs', '--seconds', '90', '--faults', 'short', '--scale', '0.5', '--pool-limit', '3000', '--json', json], {
      cwd: scripts,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, `rush.mjs failed:\n${output.slice(-6_000)}`);
    const report = JSON.parse(readFileSync(json, 'utf8'));

    for (const [name, check] of Object.entries(report.checks)) assert.ok(check.ok, `${name}: ${check.detail}`);
    assert.deepEqual(Object.keys(report.checks).sort(), [
      'claims paid', 'finality', 'included are finalised', 'invariants', 'issuance + burned fees', 'no silent drops',
      'runtime upgrade', 'upgrade checked on the live state', 'upgrade submitted',
    ]);
    // The check ran the migration on the live state, with the usage logs the operators had named.
    // and with the escrow the consumers had allocated, moved onto the operators' accounts.
    assert.match(report.checks['upgrade checked on the live state'].detail, /root matches\): attribution storage v1 → v2, [1-9]\d* usage logs listed as before; inference storage v1 → v2, [1-9]\d* allocations held on their operators' accounts, issuance unchanged/);
    assert.match(report.checks['runtime upgrade'].detail, /^enacted in finalised block\(s\) \[\d+\]; spec 104 and attribution storage v2 and inference storage v2/);
    // Blocks went on after the upgrade, with every class included under the new runtime.
    const after = report.blocks.filter((b) => b.number > report.upgraded_at);
    assert.ok(after.length >= 3, `blocks after the upgrade (${after.length})`);
    for (const name of ['transfer', 'pay', 'settle']) assert.ok(after.some((b) => b.ours[name] > 0), `${name} included after the upgrade`);
    for (const [name, c] of Object.entries(report.classes)) {
      assert.ok(c.included > 0, `${name}: some included`);
      assert.equal(c.silent, 0, `${name}: nothing accepted and then silently dropped`);
      // What waited in a pool without being included was sent to another node as well: nothing
      // is left waiting when the drain ends (before, the RPC node kept what its peers once refused).
      assert.equal(c.waiting, 0, `${name}: nothing left waiting in a pool (${JSON.stringify(c.waiting_in)})`);
      // A pool's own word, or the load tool's reason as a wallet would give it: a block that
      // included it retracted, a nonce before it retracted, an earlier copy of its nonce waiting
      // in the pool that refused it.
      for (const reason of Object.keys(c.given_up)) assert.match(reason, /^(pool: (dropped|usurped|invalid)|node went away|signed for spec 101, replaced by the upgrade|seen in a block a re-organisation retracted, then |behind a nonce seen in a block a re-organisation retracted|an earlier copy of its nonce waits in that pool \(\d{4} )/, `${name}: a pool that gives up says so (${reason})`);
      assert.equal(c.offered, c.accepted + Object.values(c.refused).reduce((a, b) => a + b, 0), `${name}: every offer accepted or refused`);
      for (const reason of Object.keys(c.refused)) assert.match(reason, /^(\d{4} \S|node unreachable)/, `${name}: a refusal says why`);
    }
    // The target is 2 blocks (met on one node); with a validator down and the RPC node restarting
    // on a two-core machine shared with the load tool, a batch refused by the restarting node
    // and retried elsewhere has been seen at 3 (docs/rush-hour.md).
    // Batches first tried before the upgrade and included after it were signed again for the new
    // runtime: their latency is reported apart (across_upgrade), and not held to this target.
    assert.ok(report.classes.settle.latency_p99 <= 3, `settle batches within 3 blocks p99 (${report.classes.settle.latency_p99})`);
    // Rounds closed, settled by the rush's attributor daemon, and the rush's contributors claimed
    // their leaves while the pools still held the rush's traffic: each paid once, for its amount
    // (the check 'claims paid'), as fast as settlement.
    const { attribution } = report;
    assert.ok(attribution.rounds_closed.some(([, finalised]) => finalised), `a round with a result closed during the rush (${JSON.stringify(attribution.rounds_closed)})`);
    assert.ok(attribution.claimed > 0 && attribution.claimed === attribution.claims_queued, `claims paid (${attribution.claimed} of ${attribution.claims_queued})`);
    assert.deepEqual(report.classes.claim.failed, {}, 'no claim failed');
    assert.ok(report.classes.claim.latency_p99 <= 3, `claims within 3 blocks p99 (${report.classes.claim.latency_p99})`);
    for (const name of ['pay', 'contribute', 'review']) {
      const c = report.classes[name];
      // Only the upgrade invalidates them: signed for the runtime it replaced.
      const pushedOut = Object.keys(c.given_up).filter((r) => r.startsWith('pool') && !/replaced by the upgrade$/.test(r));
      assert.deepEqual(pushedOut, [], `${name}: tipped, never pushed out by the flood`);
    }
    assert.ok(Object.keys(report.classes.transfer.refused).some((r) => r.startsWith('1016')), 'the flood meets full pools, and is told so');
    assert.ok(report.receipts_settled > 0 && report.receipts_per_second > 0);
    // More was offered than the chain took: full pools refused the flood (above) while blocks
    // filled their normal class. (The offered multiple itself, 0.9–1.2× here, is bounded by the
    // two cores the load tool shares with five nodes; docs/rush-hour.md.)
    const fullest = Math.max(...report.blocks.map((b) => b.normal_permille));
    assert.ok(fullest >= 700, `a block's normal class filled (${fullest / 10}%; offered ${report.overload.toFixed(1)}×)`);
    const [killed, upgraded, started, restarted] = report.faults;
    assert.match(killed.what, /SIGKILL dave/);
    assert.match(upgraded.what, /^runtime upgrade \(sudo set_code\): spec 101 → 104$/);
    assert.ok(upgraded.recoveredSeconds !== undefined, 'every running node on the new runtime, finality back');
    assert.ok(started.recoveredSeconds !== undefined, 'finality came back after Dave started again');
    assert.ok(restarted.recoveredSeconds !== undefined, 'and after the RPC node restarted');
    for (const [name, peak] of Object.entries(report.memoryPeaksMiB)) assert.ok(peak < 2048, `${name} within 2 GiB (${peak} MiB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
