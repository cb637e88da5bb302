#!/usr/bin/env node
// Rush hour on the four-validator local network (lib/network.mjs): `openledger-rush` offers ten
// times what blocks hold for a bounded time, while this script plays the faults on a schedule,
// samples every node's memory and, at the end, stops the whole network and starts it again from
// disk. It prints the rush's figures (per traffic class and per block), the faults and how fast
// finality came back after each, and each node's peak memory; it exits non-zero when the rush's
// checks (nothing lost) or the restart fail.
//
//   node rush.mjs [--seconds 300] [--overload 10] [--faults full|short|none] [--dev]
//                 [--compare-dev] [--pool-limit <n>] [--json <file>] [--scale 1]
//                 [-- <more openledger-rush options>]
//
// `--faults full` (default): Dave killed (SIGKILL) at 30 s and started again on his database at
// 90 s; Charlie and Dave killed at 120 s and started at 150 s; the RPC node restarted at 180 s;
// the runtime upgraded at 200 s. `--faults short` (the test command's run): Dave killed at 15 s,
// the runtime upgraded at 30 s, Dave started again at 45 s (he imports the upgrade on his way
// back), the RPC node restarted at 50 s. With an upgrade in the schedule the network starts on
// the previous runtime (runtime/fixtures/, spec 101) and `openledger-rush` upgrades it to the
// one built with the node: it checks the upgrade against the live state, then enacts it with sudo
// `set_code` (docs/rush-hour.md, "A runtime upgrade"). `--dev` runs the same traffic on one `--dev` node instead, for
// comparison (no faults); `--compare-dev` runs it after the network's rush and prints both
// settlement rates. `--scale` multiplies the numbers of accounts (6,000 senders of transfers,
// 2,000 payers, 2,000 contributors, 4 operators of 400 consumers); `--pool-limit` sets the
// nodes' transaction pool size (8,192 by default), so a short run with fewer accounts still
// fills it.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { heads, localChainSpec, rpc, startNetwork, until } from './lib/network.mjs';
import { nodeBinary, processMemory, releaseBinary, startDevNode } from './lib/node.mjs';

const { values: o, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: 'string', default: '300' },
    overload: { type: 'string', default: '10' },
    faults: { type: 'string', default: 'full' },
    dev: { type: 'boolean', default: false },
    json: { type: 'string' },
    scale: { type: 'string', default: '1' },
    'pool-limit': { type: 'string' },
    'compare-dev': { type: 'boolean', default: false },
  },
});

const SCHEDULES = {
  full: [
    { at: 30, kill: ['dave'] },
    { at: 90, start: ['dave'] },
    { at: 120, kill: ['charlie', 'dave'] },
    { at: 150, start: ['charlie', 'dave'] },
    { at: 180, restart: ['rpc'] },
    { at: 200, upgrade: true },
  ],
  short: [
    { at: 15, kill: ['dave'] },
    { at: 30, upgrade: true },
    { at: 45, start: ['dave'] },
    { at: 50, restart: ['rpc'] },
  ],
  none: [],
};

/**
 * The attribution rounds of the rush's network: eight-block epochs whose rounds commit for five
 * blocks, reveal for three and may be challenged for one, so a round closes every eight blocks
 * while the rush runs, nine blocks after its epoch (the `local` preset's epochs are hourly). An
 * attributor scores an epoch once its last block is final, so the commit window also covers the
 * finality lag under load (3 blocks in the short schedule); the runtime wants the commit and
 * reveal windows within an epoch.
 */
const RUSH_SCHEDULE = { epochLength: 8, commitWindow: 5, revealWindow: 3, challengeWindow: 1 };

/** The runtime the network starts on when the schedule upgrades it: the previous release's. */
const PREVIOUS_RUNTIME = fileURLToPath(new URL('../runtime/fixtures/openledger_runtime-101.compact.compressed.wasm', import.meta.url));

/** The runtime built with the node: what the upgrade installs. */
const currentRuntime = () => join(dirname(nodeBinary()), 'wbuild', 'openledger-runtime', 'openledger_runtime.compact.compressed.wasm');

const log = (...args) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...args);

/** The `openledger-rush` binary: `$OPENLEDGER_RUSH`, else next to the node in cargo's target dir. */
function rushBinary() {
  if (process.env.OPENLEDGER_RUSH) return process.env.OPENLEDGER_RUSH;
  if (process.env.OPENLEDGER_NODE) return join(dirname(process.env.OPENLEDGER_NODE), 'openledger-rush');
  return releaseBinary('openledger-rush');
}

/**
 * Runs `openledger-rush` against `urls`, its output passed through. Returns `{ started, exited }`:
 * `started` resolves when the rush proper begins (after its set-up), `exited` to its exit code.
 */
function runRush(urls, json, attributionDir, extra) {
  const scale = Number(o.scale);
  const count = (n) => String(Math.max(1, Math.round(n * scale)));
  const args = [
    ...urls.flatMap((u) => ['--url', u]),
    '--seconds', o.seconds,
    '--overload', o.overload,
    '--transfer-accounts', count(6000),
    '--payers', count(2000),
    '--contributors', count(2000),
    '--consumers', count(400),
    '--claimers', count(64),
    '--attribution-dir', attributionDir,
    '--json', json,
    ...extra,
  ];
  const child = spawn(rushBinary(), args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let markStarted;
  const started = new Promise((resolve) => {
    markStarted = resolve;
  });
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (/\] offering /.test(chunk.toString())) markStarted(Date.now());
  });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  exited.then(() => markStarted(undefined));
  return { started, exited };
}

/** Memory peaks per node, sampled every 5 s (`VmHWM` is lost when a node restarts). */
function sampleMemory(nodes) {
  const peaks = {};
  const timer = setInterval(() => {
    for (const n of nodes) {
      const m = n.memory();
      if (m) peaks[n.name] = Math.max(peaks[n.name] ?? 0, m.peak);
    }
  }, 5_000);
  return { peaks, stop: () => clearInterval(timer) };
}

/**
 * Plays `schedule` against the network once the rush has `started`; each fault's recovery is
 * recorded in `faults`.
 */
async function playFaults(network, schedule, started, faults) {
  const { nodes } = network;
  const began = await started;
  if (began === undefined) return; // the rush ended before it began
  const recoveries = [];
  for (const step of schedule) {
    const wait = began + step.at * 1000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const at = await heads(nodes.alice.rpcPort);
    if (step.upgrade) {
      // `openledger-rush` checks and submits it; here: how long until every running node runs
      // the new runtime, with finality within 3 blocks.
      const spec = async (name) => (await rpc(nodes[name].rpcPort, 'state_getRuntimeVersion')).specVersion;
      const from = await spec('alice');
      const fault = { at: step.at, what: 'runtime upgrade (sudo set_code)', best: at.best, finalized: at.finalized };
      faults.push(fault);
      const since = Date.now();
      recoveries.push(until('every running node on the new runtime, finality within 3 blocks', async () => {
        const running = Object.values(nodes).filter((n) => n.running()).map((n) => n.name);
        const specs = await Promise.all(running.map(spec));
        const h = await heads(nodes.alice.rpcPort);
        return specs.every((v) => v > from) && h.best - h.finalized <= 3;
      }, 300_000)
        .then(async () => {
          fault.recoveredSeconds = (Date.now() - since) / 1000;
          fault.what += `: spec ${from} → ${await spec('alice')}`;
          log(`  upgrade: every running node on spec ${await spec('alice')}, finality within 3 blocks, ${fault.recoveredSeconds.toFixed(0)} s after it was due`);
        })
        .catch((e) => {
          fault.error = e.message;
        }));
      continue;
    }
    if (step.kill) {
      await Promise.all(step.kill.map((name) => nodes[name].kill('SIGKILL')));
      log(`fault: killed ${step.kill.join(' and ')} (SIGKILL) at #${at.best}, finalised #${at.finalized}`);
      faults.push({ at: step.at, what: `SIGKILL ${step.kill.join(' + ')}`, best: at.best, finalized: at.finalized });
    }
    const started = step.start ?? step.restart;
    if (started) {
      if (step.restart) await Promise.all(step.restart.map((name) => nodes[name].kill('SIGTERM')));
      for (const name of started) nodes[name].start();
      const what = `${step.restart ? 'restarted' : 'started again'} ${started.join(' and ')}`;
      log(`fault: ${what} at #${at.best}, finalised #${at.finalized}`);
      const since = Date.now();
      const fault = { at: step.at, what, best: at.best, finalized: at.finalized };
      faults.push(fault);
      // How long until finality is within 3 blocks of the best block again, and the nodes caught up.
      const recovery = until(`finality back after "${what}"`, async () => {
        const h = await heads(nodes.alice.rpcPort);
        const behind = await Promise.all(started.map(async (name) => (await heads(nodes[name].rpcPort)).best));
        return h.best - h.finalized <= 3 && behind.every((b) => b >= h.finalized);
      }, 300_000)
        .then(() => {
          fault.recoveredSeconds = (Date.now() - since) / 1000;
          log(`  finality within 3 blocks and ${started.join(', ')} caught up ${fault.recoveredSeconds.toFixed(0)} s after it`);
        })
        .catch((e) => {
          fault.error = e.message;
        });
      recoveries.push(recovery);
    }
  }
  await Promise.all(recoveries);
}

/** The same rush on one `--dev` node: whether it passed, and its report. */
async function devRush(json, extraArgs, attributionDir) {
  const node = await startDevNode({ extraArgs });
  const memory = sampleMemory([{ name: 'dev', memory: () => processMemory(node.pid) }]);
  try {
    const code = await runRush([node.wsUrl], json, attributionDir, positionals).exited;
    log(`peak memory: dev ${Math.round(memory.peaks.dev ?? 0)} MiB`);
    return { ok: code === 0, report: code === 0 ? JSON.parse(readFileSync(json, 'utf8')) : undefined };
  } finally {
    memory.stop();
    await node.stop();
  }
}

async function main() {
  const workDir = mkdtempSync(join(tmpdir(), 'openledger-rush-'));
  const json = o.json ?? join(workDir, 'rush.json');
  // Every account watches its transaction (as wallets do): one subscription each.
  const extraArgs = ['--rpc-max-subscriptions-per-connection', '16384', ...(o['pool-limit'] ? ['--pool-limit', o['pool-limit']] : [])];
  let failed = false;
  try {
    if (o.dev) {
      failed = !(await devRush(json, extraArgs, join(workDir, 'attribution'))).ok;
      return;
    }
    const dir = join(workDir, 'network');
    const schedule = SCHEDULES[o.faults];
    if (!schedule) throw new Error(`--faults: one of ${Object.keys(SCHEDULES).join(', ')}`);
    const upgrade = schedule.find((s) => s.upgrade);
    const chain = localChainSpec(join(workDir, 'local.json'), { wasm: upgrade && PREVIOUS_RUNTIME, schedule: RUSH_SCHEDULE });
    let network = await startNetwork({ dir, extraArgs, chain });
    const { nodes } = network;
    await until('the network to finalise a block', async () => (await heads(nodes.alice.rpcPort)).finalized > 0, 120_000);
    const { specVersion } = await rpc(nodes.alice.rpcPort, 'state_getRuntimeVersion');
    log(`network up in ${dir} on runtime spec ${specVersion}; rush for ${o.seconds} s, faults: ${o.faults}`);
    const memory = sampleMemory(Object.values(nodes));
    const faults = [];
    // Submissions go to Alice, Bob and the RPC node (Alice is followed for blocks: she is never
    // killed); Charlie and Dave only gossip.
    const urls = [nodes.alice.wsUrl, nodes.bob.wsUrl, nodes.rpc.wsUrl];
    log(`submissions to alice ${urls[0]}, bob ${urls[1]} and rpc ${urls[2]}`);
    const upgradeArgs = upgrade ? ['--upgrade', currentRuntime(), '--upgrade-after', String(upgrade.at)] : [];
    const rush = runRush(urls, json, join(workDir, 'attribution'), [...upgradeArgs, ...positionals]);
    const [code] = await Promise.all([rush.exited, playFaults(network, schedule, rush.started, faults)]);
    failed ||= code !== 0;
    memory.stop();

    // Stop the whole network and start it again from disk: finality goes on from where it was.
    const before = await heads(nodes.alice.rpcPort);
    const finalizedHash = await rpc(nodes.alice.rpcPort, 'chain_getBlockHash', [before.finalized]);
    log(`stopping the whole network at #${before.best} (finalised #${before.finalized}) and starting it from disk`);
    await network.stop();
    network = await startNetwork({ dir, extraArgs, chain });
    try {
      await until('finality past the restart', async () => (await heads(network.nodes.alice.rpcPort)).finalized > before.finalized, 180_000);
      const again = await rpc(network.nodes.alice.rpcPort, 'chain_getBlockHash', [before.finalized]);
      if (again !== finalizedHash) throw new Error(`block #${before.finalized} changed across the restart`);
      log(`restarted from disk: finalising past #${before.finalized}, which is unchanged`);
    } catch (e) {
      failed = true;
      log(`FAIL restart from disk: ${e.message}`);
    } finally {
      await network.stop();
    }

    console.log('\n== faults ==');
    for (const f of faults) {
      const recovered = f.recoveredSeconds !== undefined ? `, finality within 3 blocks after ${f.recoveredSeconds.toFixed(0)} s` : '';
      console.log(`${String(f.at).padStart(4)} s  ${f.what} (best #${f.best}, finalised #${f.finalized})${recovered}${f.error ? ` FAIL ${f.error}` : ''}`);
      failed ||= Boolean(f.error);
    }
    console.log('\n== peak memory (MiB, VmHWM sampled every 5 s) ==');
    console.log(Object.entries(memory.peaks).map(([n, m]) => `${n} ${Math.round(m)}`).join('  '));
    const over = Object.entries(memory.peaks).filter(([, m]) => m > 2048);
    if (over.length) {
      failed = true;
      console.log(`FAIL above 2 GiB: ${over.map(([n]) => n).join(', ')}`);
    }
    if (!existsSync(json)) return; // the rush failed before it measured anything
    const report = JSON.parse(readFileSync(json, 'utf8'));
    report.faults = faults;
    report.memoryPeaksMiB = memory.peaks;
    if (o['compare-dev']) {
      log('the same rush on one --dev node, for comparison');
      const dev = await devRush(join(workDir, 'dev.json'), extraArgs, join(workDir, 'dev-attribution'));
      failed ||= !dev.ok;
      report.dev = dev.report && { receipts_per_second: dev.report.receipts_per_second, classes: dev.report.classes };
      console.log(`\nreceipts settled per second: four validators ${report.receipts_per_second.toFixed(0)}, one --dev node ${dev.report?.receipts_per_second.toFixed(0)}`);
    }
    if (o.json) writeFileSync(o.json, JSON.stringify(report, null, 2));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    if (failed) {
      log('rush: FAILED');
      process.exitCode = 1;
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
