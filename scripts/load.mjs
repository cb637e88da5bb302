#!/usr/bin/env node
// Load generator for inference metering. Drives a dev node as hard as this machine allows and
// prints what the chain did, measured on chain (events per block and block timestamps, not
// client-side timers): settled receipts per second, inferences covered per second, direct
// payments per second as the baseline (each settlement names the batch's usage log, written to a
// temporary directory, as an honest operator does), the block fill (normal weight used) and the node's peak
// memory (when the script started the node itself).
//
//   node load.mjs [--consumers 1800] [--batches 20] [--requests-per-receipt 10] [--direct 6000]
//                 [--models 1] [--ws ws://127.0.0.1:9944 | --base-path <dir>]
//
// `--models N` spreads the consumers over N models, each with an owner of its own (Alice
// operates them all), so every batch names up to N distinct models: the worst case of `settle`
// (N = 64, the runtime's MaxModelsPerBatch) that its weight must cover.
//
// Without --ws it starts its own `openledger-node --dev` (see lib/node.mjs) and stops it at the
// end; with --base-path its database is kept there (for `benchmark block`, see
// benchmark-blocks.sh) and the last block loaded is printed. Everything the chain measures is pre-signed before it is submitted, so the figures are the
// chain's, not the client's signing speed.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { processMemory, startDevNode } from './lib/node.mjs';
import { allocationId, signReceipt } from './lib/receipts.mjs';
import { EMPTY_DIGEST, logHash, replayDigest, writeUsageLog } from './lib/usage-log.mjs';
import { findEvent, send } from './lib/tx.mjs';

const { values: o } = parseArgs({
  options: {
    ws: { type: 'string' },
    consumers: { type: 'string', default: '1800' },
    batches: { type: 'string', default: '20' },
    'requests-per-receipt': { type: 'string', default: '10' },
    direct: { type: 'string', default: '6000' },
    models: { type: 'string', default: '1' },
    'base-path': { type: 'string' },
  },
});
const CONSUMERS = Number(o.consumers);
const BATCHES = Number(o.batches);
const REQUESTS = BigInt(o['requests-per-receipt']);
const DIRECT = Number(o.direct);
const MODELS = Number(o.models);
const OPEN = 10n ** 18n;
const MILLI = OPEN / 1000n;

const log = (...args) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...args);

/** Submits pre-signed extrinsics and follows the chain until `done(events)` says all landed. */
async function measure(api, signed, isOurs, countOf, onEvent = () => {}) {
  const blocks = [];
  let remaining = signed.length;
  const first = (await api.rpc.chain.getHeader()).number.toNumber();
  const finished = new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`${remaining} extrinsics not included after 10 minutes`)), 600_000);
    api.rpc.chain
      .subscribeNewHeads(async (header) => {
        const hash = header.hash;
        const at = await api.at(hash);
        const [events, now, weight] = await Promise.all([at.query.system.events(), at.query.timestamp.now(), at.query.system.blockWeight()]);
        const ours = events.filter(({ event }) => isOurs(event));
        for (const { event } of ours) onEvent(event);
        blocks.push({
          number: header.number.toNumber(),
          timestamp: now.toNumber(),
          extrinsics: ours.length,
          count: ours.reduce((sum, { event }) => sum + countOf(event), 0),
          normalRefTime: weight.normal.refTime.toBigInt(),
          refTime: weight.normal.refTime.toBigInt() + weight.operational.refTime.toBigInt() + weight.mandatory.refTime.toBigInt(),
        });
        remaining -= ours.length;
        if (remaining <= 0) {
          clearTimeout(timeout);
          resolve();
        }
      })
      .catch(reject);
  });
  for (const tx of signed) await api.rpc.author.submitExtrinsic(tx);
  await finished;
  const used = blocks.filter((b) => b.number > first && b.extrinsics > 0);
  const firstUsed = used[0];
  const before = blocks.find((b) => b.number === firstUsed.number - 1) ?? { timestamp: firstUsed.timestamp - 6000 };
  const last = used[used.length - 1];
  const seconds = (last.timestamp - before.timestamp) / 1000;
  const total = used.reduce((sum, b) => sum + b.count, 0);
  // The sustained rate leaves out the last block, which carries only what was left over.
  let sustained = total / seconds;
  if (used.length >= 2) {
    const secondLast = used[used.length - 2];
    sustained = (total - last.count) / ((secondLast.timestamp - before.timestamp) / 1000);
  }
  return { total, seconds, perSecond: sustained, blocks: used };
}

async function main() {
  await cryptoWaitReady();
  const node = o.ws ? undefined : await startDevNode({ basePath: o['base-path'] });
  const api = await ApiPromise.create({ provider: new WsProvider(o.ws ?? node.wsUrl), noInitWarn: true });
  const logsDir = mkdtempSync(join(tmpdir(), 'openledger-load-logs-'));
  try {
    const keyring = new Keyring({ type: 'sr25519' });
    const alice = keyring.addFromUri('//Alice');
    const maxNormal = api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
    const maxBlock = api.consts.system.blockWeights.maxBlock.refTime.toBigInt();

    log(`setup: ${MODELS} model(s), ${CONSUMERS} consumers funded and with escrow allocated to the operator (Alice)`);
    const owners = Array.from({ length: MODELS }, (_, i) => keyring.addFromUri(`//Alice//load-owner//${i}`));
    const consumers = Array.from({ length: CONSUMERS }, (_, i) => keyring.addFromUri(`//Alice//load//${i}`));
    const funding = [...consumers.map((c) => [c, 100n * OPEN]), ...owners.map((w) => [w, 1_000n * OPEN])];
    for (let i = 0; i < funding.length; i += 500) {
      const transfers = funding.slice(i, i + 500).map(([who, amount]) => api.tx.balances.transferKeepAlive(who.address, amount));
      await send(api, api.tx.utility.batchAll(transfers), alice);
    }
    // Each owner registers a model and approves Alice as its operator (pre-signed, in bulk).
    const salt = Date.now();
    const registrations = [];
    for (const [i, w] of owners.entries()) {
      const artifact = '0x' + Buffer.from(`load/${salt}/${i}`.padEnd(32, '.')).subarray(0, 32).toString('hex');
      registrations.push(await api.tx.models.registerModel({ name: 'load', description: '' }, artifact, null, [], { per1kInput: MILLI, per1kOutput: MILLI }, 100_000_000).signAsync(w, { nonce: -1, era: 0 }));
    }
    const modelIds = [];
    await measure(api, registrations, (e) => e.section === 'models' && e.method === 'ModelRegistered', () => 1, (e) => modelIds.push([e.data.owner.toString(), e.data.modelId.toNumber()]));
    const byOwner = new Map(modelIds);
    const models = owners.map((w) => byOwner.get(w.address));
    const approvals = [];
    for (const [i, w] of owners.entries()) approvals.push(await api.tx.models.addOperator(models[i], alice.address).signAsync(w, { nonce: -1, era: 0 }));
    await measure(api, approvals, (e) => e.section === 'models' && e.method === 'OperatorAdded', () => 1);
    const deposits = [];
    for (const c of consumers) deposits.push(await api.tx.inference.deposit(alice.address, 50n * OPEN).signAsync(c, { nonce: 0, era: 0 }));
    await measure(api, deposits, (e) => e.section === 'inference' && e.method === 'Deposited', () => 1);
    const allocations = await Promise.all(consumers.map((c) => allocationId(api, c.address, alice.address)));

    log(`signing ${CONSUMERS * BATCHES} receipts (${BATCHES} batches of ${CONSUMERS}) and writing each batch's usage log`);
    const signStart = Date.now();
    const batches = [];
    const logRefs = [];
    const genesis = api.genesisHash.toHex();
    // Each receipt commits to the outputs its consumer received since the previous one, and the
    // operator publishes them in the batch's usage log, as an honest operator does.
    const digests = consumers.map(() => EMPTY_DIGEST);
    for (let b = 1; b <= BATCHES; b++) {
      const entries = consumers.map((c, i) => {
        const outputs = [`answer ${b} to consumer ${i}`];
        const from = digests[i];
        digests[i] = replayDigest(from, outputs);
        return { consumer: c.address, model: models[i % MODELS], allocation: allocations[i], nonce: b, charged: 10n * MILLI, from, outputs };
      });
      const bytes = writeUsageLog({ genesis, operator: alice.address, receipts: entries });
      const file = join(logsDir, `batch-${b}.json`);
      writeFileSync(file, bytes);
      logRefs.push({ hash: logHash(bytes), uri: `file://${file}` });
      batches.push(
        consumers.map((c, i) =>
          signReceipt(api, c, {
            outputs: digests[i],
            model: models[i % MODELS],
            operator: alice.address,
            allocation: allocations[i],
            inputTokens: 1000n * REQUESTS * BigInt(b),
            outputTokens: 500n * REQUESTS * BigInt(b),
            requests: REQUESTS * BigInt(b),
            amount: 10n * MILLI * BigInt(b),
            nonce: b,
          }),
        ),
      );
    }
    log(`  signed in ${((Date.now() - signStart) / 1000).toFixed(1)} s (client side, not measured)`);
    let nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
    const settles = [];
    for (const [b, batch] of batches.entries()) settles.push(await api.tx.inference.settle(batch, logRefs[b]).signAsync(alice, { nonce: nonce++, era: 0 }));

    log('submitting the settlements');
    const settled = await measure(
      api,
      settles,
      (e) => e.section === 'inference' && e.method === 'BatchSettled',
      (e) => e.data.settled.toNumber(),
    );
    const skipped = settled.total !== CONSUMERS * BATCHES;

    log(`pre-signing ${DIRECT} direct payments`);
    const payments = [];
    for (let i = 0; i < DIRECT; i++) {
      // Consumer i % CONSUMERS, with its next nonce (its deposit used nonce 0).
      const nonce = 1 + Math.floor(i / CONSUMERS);
      payments.push(await api.tx.inference.payForInference(models[i % CONSUMERS % MODELS], 1000, 500, OPEN, EMPTY_DIGEST, null).signAsync(consumers[i % CONSUMERS], { nonce, era: 0 }));
    }
    log('submitting the direct payments');
    const direct = DIRECT > 0 ? await measure(api, payments, (e) => e.section === 'inference' && e.method === 'InferencePaid', () => 1) : undefined;

    // Settlements are operational and may use the whole block; direct payments only its normal
    // part.
    const fill = (blocks, whole) => {
      const fills = blocks.map((b) => Number(((whole ? b.refTime : b.normalRefTime) * 1000n) / (whole ? maxBlock : maxNormal)) / 10);
      return `${Math.min(...fills).toFixed(0)}–${Math.max(...fills).toFixed(0)}% of ${whole ? "the block's" : 'normal'} weight`;
    };
    const perBlock = (r) => r.blocks.map((b) => b.count).join(', ');
    console.log('\n== OpenLedger load figures (measured on chain) ==');
    console.log('(rates are sustained: all blocks but the last, which carries what was left over)');
    console.log(`settled receipts:      ${settled.total} in ${settled.seconds.toFixed(1)} s, ${settled.perSecond.toFixed(0)} receipts/s (per block: ${perBlock(settled)}; ${fill(settled.blocks, true)})${skipped ? ' [some skipped!]' : ''}`);
    console.log(`inferences covered:    ${(BigInt(settled.total) * REQUESTS).toString()} = ${(settled.perSecond * Number(REQUESTS)).toFixed(0)} inferences/s`);
    console.log(`models per batch:      ${Math.min(MODELS, CONSUMERS)}`);
    if (direct) {
      console.log(`direct payments:       ${direct.total} in ${direct.seconds.toFixed(1)} s, ${direct.perSecond.toFixed(0)} payments/s (per block: ${perBlock(direct)}; ${fill(direct.blocks, false)})`);
      console.log(`receipts vs direct:    ${(settled.perSecond / direct.perSecond).toFixed(1)}×`);
    }
    if (node) console.log(`node peak memory:      ${processMemory(node.pid)?.peak.toFixed(0)} MiB (VmHWM)`);
    const loaded = [...settled.blocks, ...(direct?.blocks ?? [])].map((b) => b.number);
    console.log(`loaded blocks:         ${Math.min(...loaded)}..${Math.max(...loaded)}`);
  } finally {
    await api.disconnect();
    await node?.stop();
    rmSync(logsDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
