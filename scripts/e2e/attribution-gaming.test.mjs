// End to end: contributors who game proof of attribution, on the real dev node. A datanet's
// curator accepts, besides an honest document, a copier's contribution that repeats the honest
// passage word for word, and a squatter's that holds a passage many contributions share (a
// disclaimer) followed by the words answers put after it. A model trained on that version answers
// with the honest passage and the disclaimer; the consumer pays, the operator settles naming its
// usage log, and Alice's attributor daemon settles the epoch by itself. The honest contributor is
// credited with the quoted words; the copier and the squatter are credited with none and earn
// only their base part (their share of verified bytes), which the claims pay to the unit.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Keyring } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { attributor, attributorBinary } from '../lib/attributor.mjs';
import { MILLI, OPEN } from '../lib/chain.mjs';
import { startDevChain } from '../lib/dev-chain.mjs';
import { freePort } from '../lib/node.mjs';
import { allocationId, signReceipt } from '../lib/receipts.mjs';
import { findEvent, send } from '../lib/tx.mjs';
import { EMPTY_DIGEST, logHash, replayDigest, writeUsageLog } from '../lib/usage-log.mjs';

// What the honest contributor wrote (26 words), and a disclaimer three other contributions carry.
const PASSAGE =
  'Warfarin doses are adjusted by the INR measured every few days at first, then monthly once it is stable within the target range for the patient';
const DISCLAIMER = 'This answer is general information and not medical advice from your own clinician';
// What answers often put after the disclaimer: the squatter's bet (fewer words than a span).
const AFTER = 'please ask a doctor';
const words = (text) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

describe('gaming proof of attribution does not pay', () => {
  let node;
  let api;
  let stop;
  let dir;
  let daemon;

  before(async () => {
    ({ node, api, stop } = await startDevChain());
    dir = mkdtempSync(join(tmpdir(), 'openledger-gaming-'));
  });

  after(async () => {
    daemon?.child.kill();
    await stop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a copier and a boilerplate squatter accepted into a version earn only their base part', async () => {
    const keyring = new Keyring({ type: 'sr25519' });
    const alice = keyring.addFromUri('//Alice');
    const roles = ['owner', 'curator', 'honest', 'copier', 'squatter', 'writer', 'modelOwner', 'operator', 'consumer'];
    const k = Object.fromEntries(roles.map((r) => [r, keyring.addFromUri(`//Gaming/${r}`)]));
    await send(api, api.tx.utility.batchAll(roles.map((r) => api.tx.balances.transferKeepAlive(k[r].address, 200n * OPEN))), alice);

    // Spans in more than two contributions are boilerplate on this chain (root sets it).
    const params = await send(api, api.tx.sudo.sudo(api.tx.attribution.setEngineParams(8, 2, 1, 100_000_000)), alice);
    assert.ok(findEvent(params.events, 'attribution', 'EngineParamsSet'));

    // A text datanet; its curator accepts everything below.
    const meta = { name: 'Gaming corpus', description: '', tags: [], kind: 'Text', licence: 'CC-BY-4.0' };
    const created = await send(api, api.tx.datanets.createDatanet(meta, OPEN, [k.curator.address]), k.owner);
    const datanet = findEvent(created.events, 'datanets', 'DatanetCreated').data.datanetId.toNumber();
    const documents = [
      ['honest', k.honest, `Anticoagulation clinic. ${PASSAGE}. Bleeding risk is reviewed at each visit.`],
      ['writer-1', k.writer, `Rest and fluids help most colds. ${DISCLAIMER}.`],
      ['writer-2', k.writer, `Sunscreen of factor thirty is enough for most days. ${DISCLAIMER}.`],
      ['writer-3', k.writer, `Stretching before running does not prevent injuries. ${DISCLAIMER}.`],
      // The squatter: the disclaimer and the words answers put after it, found nowhere else.
      ['squatter', k.squatter, `${DISCLAIMER}, ${AFTER}.`],
      // The copier: the honest passage, contributed later under a new hash.
      ['copier', k.copier, `My own notes: ${PASSAGE}.`],
    ];
    const ids = new Map();
    for (const [name, who, text] of documents) {
      const bytes = Buffer.from(text);
      const file = join(dir, `${name}.txt`);
      writeFileSync(file, bytes);
      const { events } = await send(api, api.tx.datanets.contribute(datanet, u8aToHex(blake2AsU8a(bytes)), bytes.length, `file://${file}`), who);
      ids.set(name, findEvent(events, 'datanets', 'Contributed').data.contributionId.toNumber());
    }
    // Accepted in contribution order: the honest document first, the copy last.
    await send(api, api.tx.datanets.review(datanet, documents.map(([name]) => [ids.get(name), 'Accept'])), k.curator);
    const published = await send(api, api.tx.datanets.publishVersion(datanet), k.owner);
    const version = findEvent(published.events, 'datanets', 'VersionPublished').data.version.toNumber();

    // A model trained on the version, an operator, and a consumer's escrow.
    const price = { per1kInput: MILLI, per1kOutput: MILLI };
    const registered = await send(api, api.tx.models.registerModel({ name: 'gaming-model', description: '' }, u8aToHex(blake2AsU8a('gaming-model')), null, [[datanet, version]], price, 300_000_000), k.modelOwner);
    const model = findEvent(registered.events, 'models', 'ModelRegistered').data.modelId.toNumber();
    await send(api, api.tx.models.addOperator(model, k.operator.address), k.modelOwner);
    await send(api, api.tx.inference.deposit(k.operator.address, 50n * OPEN), k.consumer);

    // Alice's daemon settles every epoch from now on (she alone is the dev chain's quorum). Its
    // data directory is left from another chain whose coming epochs all look settled: it must
    // see they are not this chain's and settle them again.
    const dataDir = join(dir, 'alice');
    const now = (await api.call.attributionApi.currentEpoch()).epoch.toNumber();
    for (let e = now; e < now + 6; e++) {
      mkdirSync(join(dataDir, 'epochs', String(e)), { recursive: true });
      const stale = { scored: true, empty: false, committed: true, named: true, revealed: true, closed: true, skipped: null, block: `0x${'ab'.repeat(32)}` };
      writeFileSync(join(dataDir, 'epochs', String(e), 'state.json'), JSON.stringify(stale));
    }
    const port = await freePort();
    const child = spawn(attributorBinary(), ['run', '--url', node.wsUrl, '--suri', '//Alice', '--data-dir', dataDir, '--http', `127.0.0.1:${port}`, '--poll', '1'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    daemon = { child, log: '', url: `http://127.0.0.1:${port}` };
    child.stderr.on('data', (chunk) => {
      daemon.log += chunk;
    });

    // The answers: one quotes the honest passage, one ends on the disclaimer and the squatter's
    // words. The consumer signs a receipt over them; the operator settles naming the usage log.
    const answers = [`From the chart: ${PASSAGE}.`, `Drink water and rest. ${DISCLAIMER}, ${AFTER}.`];
    const charged = 6n * OPEN;
    const allocation = await allocationId(api, k.consumer.address, k.operator.address);
    const receipt = signReceipt(api, k.consumer, {
      model, operator: k.operator.address, allocation, inputTokens: 1_000_000n, outputTokens: 1_000_000n, requests: 2n, outputs: replayDigest(EMPTY_DIGEST, answers), amount: charged, nonce: 1,
    });
    const usageLog = writeUsageLog({
      genesis: api.genesisHash.toHex(),
      operator: k.operator.address,
      receipts: [{ consumer: k.consumer.address, model, allocation, nonce: 1, charged, from: EMPTY_DIGEST, outputs: answers }],
    });
    const logFile = join(dir, 'usage-log.json');
    writeFileSync(logFile, usageLog);
    const settled = await send(api, api.tx.inference.settle([receipt], { hash: logHash(usageLog), uri: `file://${logFile}` }), k.operator);
    const usedAt = (await api.rpc.chain.getHeader(settled.blockHash)).number.toNumber();
    const epoch = Math.floor(usedAt / (await api.call.attributionApi.schedule()).epochLength.toNumber());
    assert.ok(epoch < now + 6, 'the usage falls in an epoch the stale directory claims');

    // The daemon scores, commits, reveals and closes the epoch.
    for (let waited = 0; !(await api.call.attributionApi.round(epoch)).phase.isClosed; waited++) {
      assert.ok(waited < 400, `round ${epoch} closed:\n${daemon.log}`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const settlement = (await api.call.attributionApi.settlement(epoch)).unwrap();
    const reportBytes = Buffer.from(await (await fetch(`${daemon.url}/reports/${epoch}.json`)).arrayBuffer());
    assert.equal(u8aToHex(blake2AsU8a(reportBytes)), settlement.report.toHex(), 'the finalised report is the daemon\'s');
    assert.match(daemon.log, new RegExp(`epoch ${epoch}: what the data directory kept is of another chain`));
    const report = JSON.parse(reportBytes);
    const scored = report.models.find((m) => m.model === model);
    assert.ok(scored, `model ${model} scored`);
    const of = (name) => scored.contributions.find((c) => c.id === ids.get(name));
    for (const name of ids.keys()) assert.equal(of(name).refusal, null, `${name} verified`);

    // Credit: the honest document has the passage's words, nobody else has any.
    assert.equal(of('honest').words, words(PASSAGE).length, 'the quoted passage is credited to the honest document');
    assert.match(of('honest').examples[0].text, /^warfarin doses/);
    for (const name of ['copier', 'squatter', 'writer-1', 'writer-2', 'writer-3']) {
      assert.equal(of(name).words, 0, `${name} is credited with no words`);
    }

    // Amounts: what matching left (the base share and the unmatched words) goes by verified
    // bytes; the copier and the squatter get exactly their part of it, the honest document more.
    const base = BigInt(scored.base);
    const bytes = scored.contributions.reduce((sum, c) => sum + BigInt(c.bytes), 0n);
    const basePart = (c) => (base * BigInt(c.bytes)) / bytes;
    for (const name of ['copier', 'squatter']) {
      assert.equal(BigInt(of(name).amount), basePart(of(name)), `${name} earns only its base part`);
      assert.equal(BigInt(of(name).value), 0n);
    }
    // The honest document: the value of its words (half the charge is the first answer's, of
    // which the passage is 26 words in 29) over what was paid, times the pool less its 10% base
    // share, and its base part.
    const value = ((charged / 2n) * BigInt(words(PASSAGE).length)) / BigInt(words(answers[0]).length);
    assert.equal(BigInt(of('honest').value), value);
    const pool = BigInt(scored.data) + BigInt(scored.carried);
    const matched = ((pool - pool / 10n) * value) / BigInt(scored.paid);
    assert.equal(BigInt(of('honest').amount), matched + basePart(of('honest')));
    assert.ok(matched > 2n * basePart(of('copier')), 'the honest document earns far more than the copy');

    // The claims pay exactly that: the copier's and the squatter's balances rise by their base part.
    const free = async (who) => (await api.query.system.account(who.address)).data.free.toBigInt();
    const before = { copier: await free(k.copier), squatter: await free(k.squatter), honest: await free(k.honest) };
    await attributor(['claim', '--url', node.wsUrl, '--suri', '//Alice', '--epoch', String(epoch), '--settlement', `${daemon.url}/settlements/${epoch}.json`, '--all']);
    assert.equal((await free(k.copier)) - before.copier, basePart(of('copier')));
    assert.equal((await free(k.squatter)) - before.squatter, basePart(of('squatter')));
    assert.equal((await free(k.honest)) - before.honest, BigInt(of('honest').amount));
    assert.equal((await api.call.attributionApi.settlement(epoch)).unwrap().claimed.toBigInt(), settlement.total.toBigInt());
  });
});
