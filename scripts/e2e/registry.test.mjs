// End to end: datanets and models on the real dev node, driven with @polkadot/api as a user
// would. A datanet is created, three items are contributed by two accounts, a duplicate is
// refused, two are accepted and one rejected (its bond partly slashed to the treasury), version 1
// is published and read back through the runtime API. Then a base model is registered on that
// version and an adapter on the base model; a model naming an unpublished version is refused; a
// price change shows in the quote. A squatter who copies a pending hash and withdraws it locks
// nobody out. Storage deposits: a contribute-and-withdraw spammer leaves no records and gets its
// deposits back; a model's artifact history holds deposit until retirement removes it. Arguments
// past their bounds are refused with errors naming them.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Keyring } from '@polkadot/api';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { OPEN, TREASURY } from '../lib/chain.mjs';
import { startDevChain } from '../lib/dev-chain.mjs';
import { findEvent, send } from '../lib/tx.mjs';

const BOND = OPEN / 10n;

describe('datanets and models', () => {
  let node;
  let api;
  let stop;
  let alice;
  let bob;
  let charlie;
  let datanetId;

  before(async () => {
    ({ node, api, stop, k: { alice, bob, charlie } } = await startDevChain());
  });

  after(async () => {
    await stop?.();
  });

  test('create, contribute, curate, publish, read back', async () => {
    // Create.
    const metadata = {
      name: 'clinical-notes',
      description: 'ipfs://bafy-description',
      tags: ['medical', 'nlp'],
      kind: 'Text',
      licence: 'CC-BY-4.0',
    };
    const created = await send(api, api.tx.datanets.createDatanet(metadata, BOND, []), alice);
    const createdEvent = findEvent(created.events, 'datanets', 'DatanetCreated');
    assert.ok(createdEvent, 'DatanetCreated');
    datanetId = createdEvent.data.datanetId.toNumber();
    const deposit = createdEvent.data.deposit.toBigInt();
    assert.ok(deposit > OPEN, 'deposit = 1 OPEN + per-byte part');

    // Contribute three items from two accounts (Bob may already hold deposits: demo content).
    const bobReserved0 = (await api.query.system.account(bob.address)).data.reserved.toBigInt();
    const items = ['scan-001', 'scan-002', 'scan-003'].map((s) => ({ hash: blake2AsU8a(s), size: BigInt(s.length * 1000) }));
    const contributors = [bob, bob, charlie];
    const ids = [];
    const deposits = [];
    for (const [i, item] of items.entries()) {
      const { events } = await send(
        api,
        api.tx.datanets.contribute(datanetId, u8aToHex(item.hash), item.size, `ipfs://item-${i}`),
        contributors[i],
      );
      const ev = findEvent(events, 'datanets', 'Contributed');
      assert.ok(ev, 'Contributed');
      assert.equal(ev.data.bond.toBigInt(), BOND);
      ids.push(ev.data.contributionId.toNumber());
      deposits.push(ev.data.deposit.toBigInt());
    }
    // Each contribution holds its storage deposit; Bob's first also that of his stats in this
    // datanet (his rate-limit window exists since the genesis demo content).
    const storage = await api.call.datanetsApi.storageDeposits();
    const perContribution = storage.contribution.toBigInt();
    assert.ok(perContribution > 0n);
    assert.deepEqual(deposits.slice(0, 2), [perContribution + storage.stats.toBigInt(), perContribution]);
    const bobStorage = deposits[0] + deposits[1];
    const bobReserved = (await api.query.system.account(bob.address)).data.reserved.toBigInt();
    assert.equal(bobReserved - bobReserved0, 2n * BOND + bobStorage, "Bob's two bonds and storage deposits are held");

    // A duplicate is refused, whoever sends it.
    await assert.rejects(
      send(api, api.tx.datanets.contribute(datanetId, u8aToHex(items[0].hash), 1, 'ipfs://copy'), charlie),
      (err) => err.module?.section === 'datanets' && err.module?.name === 'DuplicateContent',
    );

    // Accept items 0 and 2, reject item 1 (Bob's second): half its bond goes to the treasury.
    const treasuryBefore = (await api.query.system.account(TREASURY)).data.free.toBigInt();
    const bobBefore = (await api.query.system.account(bob.address)).data;
    const reviewed = await send(
      api,
      api.tx.datanets.review(datanetId, [
        [ids[0], 'Accept'],
        [ids[1], 'Reject'],
        [ids[2], 'Accept'],
      ]),
      alice,
    );
    const rejected = findEvent(reviewed.events, 'datanets', 'ContributionRejected');
    assert.equal(rejected.data.slashed.toBigInt(), BOND / 2n);
    assert.equal(reviewed.events.filter(({ event }) => event.method === 'ContributionAccepted').length, 2);
    const treasuryAfter = (await api.query.system.account(TREASURY)).data.free.toBigInt();
    assert.equal(treasuryAfter - treasuryBefore, BOND / 2n, 'the treasury received half the bond');
    const bobAfter = (await api.query.system.account(bob.address)).data;
    assert.equal(bobAfter.reserved.toBigInt(), bobReserved0 + bobStorage, "Bob's bonds are no longer held; the records' deposits are");
    assert.equal(bobAfter.free.toBigInt(), bobBefore.free.toBigInt() + 2n * BOND - BOND / 2n);

    // Publish version 1.
    const published = await send(api, api.tx.datanets.publishVersion(datanetId), alice);
    const versionEvent = findEvent(published.events, 'datanets', 'VersionPublished');
    assert.equal(versionEvent.data.version.toNumber(), 1);

    // Read it back through the runtime API; recompute the commitment here.
    let root = new Uint8Array(32);
    for (const item of [items[0], items[2]]) root = blake2AsU8a(u8aConcat(root, item.hash));
    const result = await api.call.datanetsApi.datanet(datanetId);
    assert.ok(result.isSome, 'DatanetsApi.datanet returns the datanet');
    const { datanet: info, versions } = result.unwrap();
    assert.equal(info.owner.toString(), alice.address);
    assert.equal(info.latestVersion.toNumber(), 1);
    assert.equal(versions.length, 1);
    const [number, version] = versions[0];
    assert.equal(number.toNumber(), 1);
    assert.equal(version.commitment.root.toHex(), u8aToHex(root));
    assert.equal(version.commitment.count.toNumber(), 2);
    assert.equal(version.commitment.bytes.toBigInt(), items[0].size + items[2].size);

    const stats = await api.call.datanetsApi.contributorStats(datanetId, bob.address);
    assert.equal(stats.accepted.toNumber(), 1);
    assert.equal(stats.rejected.toNumber(), 1);
    assert.equal(stats.bytesAccepted.toBigInt(), items[0].size);
    const byHash = await api.call.datanetsApi.contributionByHash(datanetId, u8aToHex(items[2].hash));
    const [foundId, contribution] = byHash.unwrap();
    assert.equal(foundId.toNumber(), ids[2]);
    assert.equal(contribution.contributor.toString(), charlie.address);
    assert.ok(contribution.status.isAccepted);
  });

  test('register a base model and an adapter, refuse unpublished data, reprice', async () => {
    assert.notEqual(datanetId, undefined, 'the datanet test ran first');
    const price = { per1kInput: OPEN / 1000n, per1kOutput: OPEN / 500n };
    const register = (base, trainingSet, signer, share = 200_000_000) =>
      send(
        api,
        api.tx.models.registerModel(
          { name: base === null ? 'med-base' : 'med-adapter', description: 'ipfs://card' },
          u8aToHex(blake2AsU8a(`weights-${base}`)),
          base,
          trainingSet,
          price,
          share,
        ),
        signer,
      );

    // A base model on version 1 of the datanet.
    const baseResult = await register(null, [[datanetId, 1]], alice);
    const baseEvent = findEvent(baseResult.events, 'models', 'ModelRegistered');
    assert.ok(baseEvent, 'ModelRegistered');
    const baseId = baseEvent.data.modelId.toNumber();
    assert.ok(baseEvent.data.deposit.toBigInt() > 10n * OPEN);

    // An adapter on it, by another account.
    const adapterResult = await register(baseId, [[datanetId, 1]], bob);
    const adapterId = findEvent(adapterResult.events, 'models', 'ModelRegistered').data.modelId.toNumber();

    // Version 2 is not published: refused, naming the entry.
    await assert.rejects(
      register(null, [[datanetId, 1], [datanetId, 2]], charlie),
      (err) => err.module?.section === 'models' && err.module?.name === 'UnpublishedDatanetVersion',
    );
    // A data share below the floor (10%) is refused.
    await assert.rejects(
      register(null, [[datanetId, 1]], charlie, 50_000_000),
      (err) => err.module?.name === 'DataShareBelowFloor',
    );

    // The runtime API shows the adapter's lineage and training set.
    const { model: info, lineage, versions: history } = (await api.call.modelsApi.model(adapterId)).unwrap();
    assert.equal(info.owner.toString(), bob.address);
    assert.equal(info.base.unwrap().toNumber(), baseId);
    assert.deepEqual(lineage.map((id) => id.toNumber()), [baseId]);
    assert.deepEqual(info.trainingSet.toJSON(), [[datanetId, 1]]);
    assert.equal(history.length, 1);

    // Quote, reprice, quote again: 2,000 input + 1,000 output tokens.
    const quote = async () => (await api.call.modelsApi.quote(baseId, 2000, 1000)).unwrap().toBigInt();
    assert.equal(await quote(), 2n * (OPEN / 1000n) + OPEN / 500n);
    const newPrice = { per1kInput: OPEN / 100n, per1kOutput: OPEN / 50n };
    const repriced = await send(api, api.tx.models.setPrice(baseId, newPrice), alice);
    assert.ok(findEvent(repriced.events, 'models', 'PriceSet'));
    assert.equal(await quote(), 2n * (OPEN / 100n) + OPEN / 50n);

    // A paused model gives no quote.
    await send(api, api.tx.models.setStatus(baseId, 'Paused'), alice);
    assert.ok((await api.call.modelsApi.quote(baseId, 1, 1)).isNone);
  });

  test('a squatter who copies a pending content hash and withdraws it locks nobody out', async () => {
    const hash = blake2AsU8a(`owner-file-${Date.now()}`);
    const contribute = (who) => send(api, api.tx.datanets.contribute(datanetId, hash, 4096, 'ipfs://owner-file'), who);
    const reserved = async (who) => (await api.query.system.account(who.address)).data.reserved.toBigInt();
    const charlieHeld = await reserved(charlie);
    // Charlie sees Bob's hash and takes it first; Bob is refused.
    const squatted = findEvent((await contribute(charlie)).events, 'datanets', 'Contributed');
    const refused = await contribute(bob).catch((e) => e);
    assert.equal(refused.module?.name, 'DuplicateContent');
    // Charlie withdraws (its bond comes back): the hash is free again, and Bob's contribution lands.
    await send(api, api.tx.datanets.withdrawContribution(datanetId, squatted.data.contributionId), charlie);
    assert.equal(await reserved(charlie), charlieHeld);
    const owned = findEvent((await contribute(bob)).events, 'datanets', 'Contributed');
    assert.equal(owned.data.contributor.toString(), bob.address);
    assert.equal((await api.query.datanets.contentIndex(datanetId, hash)).unwrap().toNumber(), owned.data.contributionId.toNumber());
    // Rejected, the hash stays taken: Charlie cannot take it back.
    await send(api, api.tx.datanets.review(datanetId, [[owned.data.contributionId, 'Reject']]), alice);
    const again = await contribute(charlie).catch((e) => e);
    assert.equal(again.module?.name, 'DuplicateContent');
  });

  test('storage is paid for while it lives: a contribute-and-withdraw spammer leaves nothing, a retired model no history', async () => {
    const spammer = new Keyring({ type: 'sr25519' }).addFromUri(`//Spammer${Date.now()}`);
    await send(api, api.tx.balances.transferKeepAlive(spammer.address, 10n * OPEN), alice);
    const held = async (who) => (await api.query.system.account(who.address)).data.reserved.toBigInt();
    const storage = await api.call.datanetsApi.storageDeposits();
    const [perContribution, perStats, perWindow] = ['contribution', 'stats', 'window'].map((k) => storage[k].toBigInt());
    // Three contributions: each holds the bond and its deposit; the first also the stats' and
    // the rate-limit window's.
    const ids = [];
    for (const n of [1, 2, 3]) {
      const hash = blake2AsU8a(`spam-${spammer.address}-${n}`);
      const { events } = await send(api, api.tx.datanets.contribute(datanetId, hash, 1, 'ipfs://spam'), spammer);
      ids.push(findEvent(events, 'datanets', 'Contributed').data.contributionId);
    }
    assert.equal(await held(spammer), 3n * (BOND + perContribution) + perStats + perWindow);
    // Withdrawing all three removes every record but the window, and returns their deposits.
    let returned = 0n;
    for (const id of ids) {
      const { events } = await send(api, api.tx.datanets.withdrawContribution(datanetId, id), spammer);
      returned += findEvent(events, 'datanets', 'ContributionWithdrawn').data.deposit.toBigInt();
      assert.ok((await api.query.datanets.contributions(datanetId, id)).isNone, 'the record is gone');
    }
    assert.equal(returned, 3n * perContribution + perStats);
    assert.ok((await api.query.datanets.contributorStatsOf(datanetId, spammer.address)).isNone, 'the stats are gone');
    assert.equal(await held(spammer), perWindow, 'only the rate-limit window is held, until its period is over');
    const window = (await api.query.datanets.rateLimits(spammer.address)).unwrap();
    assert.equal(window.deposit.toBigInt(), perWindow);
    // Withdrawn means gone: a second withdrawal is refused.
    const again = await send(api, api.tx.datanets.withdrawContribution(datanetId, ids[0]), spammer).catch((e) => e);
    assert.equal(again.module?.name, 'UnknownContribution');

    // A model's artifact history adds to its deposit, and retiring removes it and returns all.
    const price = { per1kInput: OPEN / 1000n, per1kOutput: OPEN / 1000n };
    const charlieHeld = await held(charlie);
    const registered = await send(
      api,
      api.tx.models.registerModel({ name: 'history', description: '' }, blake2AsU8a('h1'), null, [[datanetId, 1]], price, 200_000_000),
      charlie,
    );
    const modelEv = findEvent(registered.events, 'models', 'ModelRegistered');
    const modelId = modelEv.data.modelId;
    const deposit = modelEv.data.deposit.toBigInt();
    const published = await send(api, api.tx.models.publishArtifact(modelId, blake2AsU8a('h2'), null), charlie);
    const grown = findEvent(published.events, 'models', 'ArtifactPublished').data.deposit.toBigInt();
    assert.ok(grown > deposit, 'a new version adds to the deposit');
    assert.equal(await held(charlie), charlieHeld + grown);
    assert.equal((await api.query.models.artifactVersions.entries(modelId)).length, 2);
    await send(api, api.tx.models.setStatus(modelId, 'Retired'), charlie);
    assert.equal((await api.query.models.artifactVersions.entries(modelId)).length, 0, 'the history is gone');
    assert.equal(await held(charlie), charlieHeld, 'the whole deposit is back');
  });

  test('arguments past their bounds are refused with an error naming them, and change nothing', async () => {
    const metadata = { name: 'ok', description: '', tags: [], kind: 'Text', licence: 'MIT' };
    const refusal = (tx, who = bob) => send(api, tx, who).then(() => 'accepted', (e) => e.module?.name ?? e.message);
    const nextId = (await api.query.datanets.nextDatanetId()).toNumber();
    const reserved = (await api.query.system.account(bob.address)).data.reserved.toBigInt();
    // A 257-byte name (the bound is 256), 17 curators (the bound is 16), a 257-byte URI.
    const name = 'n'.repeat(257);
    assert.equal(await refusal(api.tx.datanets.createDatanet({ ...metadata, name }, BOND, [])), 'NameTooLong');
    const curators = Array.from({ length: 17 }, (_, i) => new Keyring({ type: 'sr25519' }).addFromUri(`//Curator${i}`).address);
    assert.equal(await refusal(api.tx.datanets.createDatanet(metadata, BOND, curators)), 'TooManyCurators');
    const tags = Array.from({ length: 9 }, () => 'tag');
    assert.equal(await refusal(api.tx.datanets.createDatanet({ ...metadata, tags }, BOND, [])), 'TooManyTags');
    assert.equal(
      await refusal(api.tx.datanets.contribute(datanetId, blake2AsU8a('long-uri'), 1, `ipfs://${'u'.repeat(250)}`)),
      'UriTooLong',
    );
    // A model promising 150% of its fees to its data.
    const price = { per1kInput: OPEN / 1000n, per1kOutput: OPEN / 1000n };
    const model = api.tx.models.registerModel({ name: 'greedy', description: '' }, blake2AsU8a('m'), null, [], price, 1_500_000_000);
    assert.equal(await refusal(model), 'DataShareAboveAll');
    // Governance setting a fee share of 150% through sudo: the sudo call lands, its result names the error.
    const split = api.tx.inference.setFeeSplit({ treasury: 1_500_000_000, attribution: 0, baseModel: 0 });
    const { events } = await send(api, api.tx.sudo.sudo(split), alice);
    const result = findEvent(events, 'sudo', 'Sudid').data.sudoResult;
    assert.ok(result.isErr);
    assert.equal(api.registry.findMetaError(result.asErr.asModule).name, 'FeeShareAboveAll');
    // Attack: Bob, not governance, sets the fee split or the engine's parameters himself (a
    // whole pool to the base share, whatever the spans): the pallets' FeeSplitOrigin and
    // EngineParamsOrigin refuse him.
    const engine = (await api.call.attributionApi.engineParams()).toJSON();
    assert.match(await refusal(api.tx.inference.setFeeSplit({ treasury: 900_000_000, attribution: 0, baseModel: 0 })), /badOrigin/i);
    assert.match(await refusal(api.tx.attribution.setEngineParams(1, 1, 1, 1_000_000_000)), /badOrigin/i);
    assert.deepEqual((await api.call.attributionApi.engineParams()).toJSON(), engine);
    // Nothing changed: no datanet, nothing more held.
    assert.equal((await api.query.datanets.nextDatanetId()).toNumber(), nextId);
    assert.equal((await api.query.system.account(bob.address)).data.reserved.toBigInt(), reserved);
    assert.ok((await api.query.inference.feeSplitOverride()).isNone);
  });
});
