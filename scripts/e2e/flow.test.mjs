// End to end: the whole story on the real dev node. The dev chain starts with its demo content;
// its demo documents (runtime/demo/) are what the chain committed to, and demo usage publishes a
// usage log the attributor tool accepts; the full flow (scripts/lib/flow.mjs) plays every actor and checks every balance it moves; the
// figures of the worked example in docs/economics.md are checked here; and a client without any
// custom types decodes all metadata, every event of the flow and every runtime API answer.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { attributor } from '../lib/attributor.mjs';
import { DEMO_ANSWERS, playDemoUsage, serveDemo } from '../lib/demo.mjs';
import { startDevChain } from '../lib/dev-chain.mjs';
import { MILLI, OPEN, runFlow } from '../lib/flow.mjs';

const PALLETS = ['Datanets', 'Models', 'Inference', 'Attribution'];
const APIS = ['DatanetsApi', 'ModelsApi', 'InferenceApi', 'AttributionApi'];

describe('the whole story', () => {
  let node;
  let api;
  let stop;
  let k;
  let result;
  let flowBlocks;
  const lines = [];

  before(async () => {
    // No `types`: everything must come from the chain's metadata.
    ({ node, api, k, stop } = await startDevChain());
  });

  after(async () => {
    await stop?.();
  });

  test('the dev chain starts with demo content', async () => {
    for (const id of [0, 1]) {
      const { datanet, versions } = (await api.call.datanetsApi.datanet(id)).unwrap();
      assert.equal(datanet.latestVersion.toNumber(), 1, `datanet ${id} published version 1`);
      assert.equal(versions.length, 1);
    }
    const clinical = (await api.call.datanetsApi.datanet(0)).unwrap().datanet;
    assert.equal(clinical.commitment.count.toNumber(), 3);
    assert.equal(clinical.owner.toString(), k.alice.address);
    assert.equal((await api.call.datanetsApi.contributorStats(0, k.bob.address)).accepted.toNumber(), 2);
    const base = (await api.call.modelsApi.model(0)).unwrap();
    const adapter = (await api.call.modelsApi.model(1)).unwrap();
    assert.equal(base.model.owner.toString(), k.dave.address);
    assert.deepEqual(adapter.lineage.map((m) => m.toNumber()), [0], 'the adapter is on the base model');
    assert.deepEqual(base.model.operators.map((o) => o.toString()), [k.eve.address]);
    assert.equal((await api.call.inferenceApi.quote(1, 1000, 1000)).asOk.toBigInt(), 6n * MILLI);
    assert.equal((await api.call.inferenceApi.escrow(k.ferdie.address, k.eve.address)).unwrap().amount.toBigInt(), 100n * OPEN);
    assert.equal((await api.call.attributionApi.attributor(k.alice.address)).unwrap().bond.toBigInt(), 1_000n * OPEN);
    // Built through the pallets' calls: the holds are there too.
    assert.ok((await api.query.system.account(k.alice.address)).data.reserved.toBigInt() >= 1_000n * OPEN);
  });

  test('the full flow succeeds and its figures match the worked example', async () => {
    const start = (await api.rpc.chain.getHeader()).number.toNumber();
    result = await runFlow(api, { wsUrl: node.wsUrl, log: (line) => lines.push(line) });
    flowBlocks = [start, (await api.rpc.chain.getHeader()).number.toNumber()];
    // docs/economics.md: a 3 OPEN direct payment for the base model and 6 OPEN of receipts for
    // the adapter.
    assert.equal(result.direct, 3n * OPEN);
    assert.equal(result.receiptsAmount, 6n * OPEN);
    assert.equal(result.baseData, 600n * MILLI); // 20% of 3
    assert.equal(result.adapterData, 1_800n * MILLI); // 30% of 6
    assert.equal(result.attributionFee, 450n * MILLI); // 5% of 9
    // The engine: the base model's 0.6 OPEN by verified bytes (60 : 40); of the adapter's
    // 1.8 OPEN, 0.81 for the answer quoted from contributor2's document (half the receipts'
    // value, of the pool less its 10% base share), the other 0.99 by bytes.
    assert.deepEqual(result.leaves, [
      ['contributor1', 954n * MILLI], // 360 + 594
      ['contributor2', 1_446n * MILLI], // 240 + 810 + 396
    ]);
    assert.equal(result.total, 2_400n * MILLI);
    assert.equal(result.carried, 0n);
    assert.equal(result.third, 150n * MILLI); // the 0.45 OPEN fee shared by Alice and the two honest attributors
    assert.equal(result.dust, 0n);
    assert.equal(result.slash, 100n * OPEN);
    assert.equal(result.issuance0 - result.issuance1, result.fees, 'only fees change the issuance');
    const text = lines.join('\n');
    for (const evidence of ['DatanetCreated', 'ContributionRejected', 'VersionPublished', 'ModelRegistered', 'InferencePaid', 'BatchSettled', 'RoundFinalised', 'RoundClosed', 'Claimed', 'AlreadyClaimed']) {
      assert.match(text, new RegExp(evidence), `the flow's account shows ${evidence}`);
    }
  });

  // After the flow, so that the demo's usage (whose epoch nobody settles) does not carry into
  // the flow's epoch and move the worked example's figures.
  test('the demo documents are what the chain committed to, and demo usage publishes a log that checks out', async () => {
    const logsDir = mkdtempSync(join(tmpdir(), 'openledger-demo-logs-'));
    const gateway = await serveDemo({ port: 0, logsDir });
    try {
      // Every contribution of the demo datanets' published versions, fetched through the gateway
      // from runtime/demo/, hashes to what its contributor committed.
      for (const [datanet, count] of [[0, 3], [1, 2]]) {
        const page = (await api.call.datanetsApi.versionContributions(datanet, 1, 0, 1000)).unwrap();
        assert.equal(page.contributions.length, count);
        const { stdout } = await attributor(['contents', '--url', node.wsUrl, '--datanet', String(datanet), '--version', '1', '--ipfs-gateway', gateway.url]);
        const verdicts = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
        assert.deepEqual(verdicts.map((v) => [v.position, v.refusal]), [...Array(count).keys()].map((p) => [p, null]), `datanet ${datanet}`);
        assert.match(verdicts[0].uri, /^ipfs:\/\/openledger-demo\//);
      }
      // Ferdie asks the demo adapter; Eve settles his receipt naming the published log.
      const played = await playDemoUsage(api, { consumer: k.ferdie, operator: k.eve, logsDir });
      const block = (await api.rpc.chain.getHeader(played.blockHash)).number.toNumber();
      const epoch = Math.floor(block / (await api.call.attributionApi.schedule()).epochLength.toNumber());
      const { stdout } = await attributor(['logs', '--url', node.wsUrl, '--epoch', String(epoch), '--ipfs-gateway', gateway.url]);
      const verdict = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((v) => v.hash === played.hash);
      assert.equal(verdict?.refusal, null, 'the demo usage log checks out');
      assert.equal(verdict.outputs, DEMO_ANSWERS.length);
      assert.equal(verdict.fee, String(played.charged));
    } finally {
      await gateway.close();
      rmSync(logsDir, { recursive: true, force: true });
    }
  });

  test('metadata documents every call, storage item, event and error of the four pallets', () => {
    const metadata = api.runtimeMetadata.asLatest;
    const lookup = api.registry.lookup;
    const undocumented = [];
    for (const name of PALLETS) {
      const pallet = metadata.pallets.find((p) => p.name.toString() === name);
      assert.ok(pallet, `${name} in metadata`);
      assert.ok(pallet.docs.length > 0, `${name} has docs`);
      for (const kind of ['calls', 'events', 'errors']) {
        const variants = lookup.getSiType(pallet[kind].unwrap().type).def.asVariant.variants;
        assert.ok(variants.length > 0, `${name} has ${kind}`);
        for (const v of variants) if (v.docs.length === 0) undocumented.push(`${name} ${kind} ${v.name}`);
      }
      for (const item of pallet.storage.unwrap().items) if (item.docs.length === 0) undocumented.push(`${name} storage ${item.name}`);
      for (const c of pallet.constants) if (c.docs.length === 0) undocumented.push(`${name} constant ${c.name}`);
    }
    assert.deepEqual(undocumented, []);
  });

  test('a client without custom types decodes every event of the flow and every runtime API', async () => {
    let events = 0;
    for (let n = flowBlocks[0]; n <= flowBlocks[1]; n += 1) {
      const records = await api.query.system.events.at(await api.rpc.chain.getBlockHash(n));
      for (const { event } of records) {
        assert.notEqual(event.section, 'unknown');
        assert.ok(event.meta.docs.length > 0, `${event.section}.${event.method} has docs`);
        JSON.stringify(event.data.toHuman());
        events += 1;
      }
    }
    assert.ok(events > 50, `${events} events decoded`);

    // Every method of the OpenLedger runtime APIs, with default arguments.
    const apis = api.runtimeMetadata.asLatest.apis;
    let answers = 0;
    for (const name of APIS) {
      const decl = apis.find((a) => a.name.toString() === name);
      assert.ok(decl, `${name} described in metadata`);
      const section = name[0].toLowerCase() + name.slice(1);
      for (const method of decl.methods) {
        const camel = method.name.toString().replace(/_([a-z])/g, (_, c) => c.toUpperCase());
        const args = method.inputs.map((input) => api.registry.createType(api.registry.createLookupType(input.type)));
        const answer = await api.call[section][camel](...args);
        JSON.stringify(answer.toJSON());
        answers += 1;
      }
    }
    assert.ok(answers >= 19, `${answers} runtime API answers decoded`);
  });
});
