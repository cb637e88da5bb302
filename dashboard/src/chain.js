// What the dashboard asks the node: runtime APIs first (the questions a UI asks have one each),
// storage and events where a list or a history is wanted. No indexer: history is read back from
// the node's recent blocks.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { toBigInt } from './format.js';

/** The IPFS gateway `ipfs://` URIs are fetched through: `?ipfs=` or the demo gateway's. */
export function ipfsGateway() {
  return new URLSearchParams(location.search).get('ipfs') ?? 'http://127.0.0.1:8080';
}

/** Where a content URI is fetched from: `ipfs://` through the gateway, `http(s)://` as is. */
export function contentUrl(uri) {
  return uri.startsWith('ipfs://') ? `${ipfsGateway()}/ipfs/${uri.slice('ipfs://'.length)}` : uri;
}

/** The node's WebSocket URL: `?node=` or the dev chain's default. */
export function nodeUrl() {
  return new URLSearchParams(location.search).get('node') ?? 'ws://127.0.0.1:9944';
}

/** Connects, failing after `timeoutMs` instead of retrying for ever, so an unreachable node is said. */
export async function connect(url, { timeoutMs = 8000 } = {}) {
  const provider = new WsProvider(url, 2000);
  const api = new ApiPromise({ provider, noInitWarn: true });
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`no answer from ${url} within ${timeoutMs / 1000} s`)), timeoutMs),
  );
  try {
    await Promise.race([api.isReadyOrError, timeout]);
  } catch (error) {
    await api.disconnect().catch(() => {});
    // A refused connection rejects with an event, not an error: say which node.
    throw error instanceof Error && error.message.includes(url) ? error : new Error(`no connection to ${url}`);
  }
  return api;
}

/** Runs `task` over `items`, `width` at a time, keeping the order. */
export async function mapLimit(items, width, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/** The block time the chain aims at, in milliseconds. */
export function targetBlockMs(api) {
  const slot = api.consts.aura?.slotDuration ?? api.consts.timestamp?.minimumPeriod?.muln(2);
  return slot ? Number(slot.toString()) : 6000;
}

/** What a block's normal class may hold (ref time), from the `System.BlockWeights` constant. */
export function normalCapacity(api) {
  const weights = api.consts.system.blockWeights;
  const normal = weights.perClass.normal.maxTotal;
  return toBigInt(normal.isSome ? normal.unwrap().refTime : weights.maxBlock.refTime);
}

/**
 * One block's health sample: number, timestamp, normal-class ref time used and the number of
 * extrinsics, read from its state at `hash`.
 */
export async function blockSample(api, hash, capacity) {
  const [header, now, weight, block] = await Promise.all([
    api.rpc.chain.getHeader(hash),
    api.query.timestamp.now.at(hash),
    api.query.system.blockWeight.at(hash),
    api.rpc.chain.getBlock(hash),
  ]);
  const used = toBigInt(weight.normal.refTime);
  return {
    number: header.number.toNumber(),
    hash: hash.toString(),
    timestamp: Number(now.toString()),
    fullness: Number((used * 10000n) / (capacity || 1n)) / 100,
    extrinsics: block.block.extrinsics.length,
  };
}

/** The last `count` blocks' samples, oldest first, from `head`. */
export async function recentSamples(api, head, count) {
  const capacity = normalCapacity(api);
  const numbers = [];
  for (let n = Math.max(1, head - count + 1); n <= head; n++) numbers.push(n);
  const hashes = await mapLimit(numbers, 16, (n) => api.rpc.chain.getBlockHash(n));
  return mapLimit(hashes, 16, (hash) => blockSample(api, hash, capacity));
}

/** The transaction pool's size. */
export async function poolSize(api) {
  return (await api.rpc.author.pendingExtrinsics()).length;
}

/** The current epoch, the schedule and the round of the epoch that ended last. */
export async function epochStatus(api) {
  const [status, schedule] = await Promise.all([
    api.call.attributionApi.currentEpoch(),
    api.call.attributionApi.schedule(),
  ]);
  const epoch = status.epoch.toNumber();
  const round = epoch > 0 ? await api.call.attributionApi.round(epoch - 1) : null;
  return {
    epoch,
    now: status.now.toNumber(),
    startsAt: status.startsAt.toNumber(),
    endsAt: status.endsAt.toNumber(),
    schedule: {
      epochLength: schedule.epochLength.toNumber(),
      commitWindow: schedule.commitWindow.toNumber(),
      revealWindow: schedule.revealWindow.toNumber(),
      challengeWindow: schedule.challengeWindow.toNumber(),
    },
    round: round && roundInfo(round),
  };
}

/** A round's information as plain values. */
export function roundInfo(round) {
  return {
    epoch: round.epoch.toNumber(),
    phase: round.phase.type,
    commitFrom: round.commitFrom.toNumber(),
    revealFrom: round.revealFrom.toNumber(),
    challengeFrom: round.challengeFrom.toNumber(),
    closeFrom: round.closeFrom.toNumber(),
    committers: round.committers.toNumber(),
    committedBond: toBigInt(round.committedBond),
    eligibleStake: toBigInt(round.eligibleStake),
    quorumBond: toBigInt(round.quorumBond),
    finalised: round.finalised.isTrue,
    annulled: round.annulled.isTrue,
  };
}

/** Every datanet: id and details (`DatanetsApi.datanet`). */
export async function datanets(api) {
  const next = (await api.query.datanets.nextDatanetId()).toNumber();
  const ids = [...Array(next).keys()];
  const all = await mapLimit(ids, 8, async (id) => {
    const found = await api.call.datanetsApi.datanet(id);
    return found.isSome ? { id, ...found.unwrap().toJSON(), codec: found.unwrap() } : null;
  });
  return all.filter(Boolean);
}

/** A datanet's contributions (`DatanetsApi.contribution`), with each contributor's stats. */
export async function contributions(api, datanetId, count) {
  const ids = [...Array(count).keys()];
  const found = await mapLimit(ids, 8, async (id) => {
    const c = await api.call.datanetsApi.contribution(datanetId, id);
    return c.isSome ? { id, codec: c.unwrap() } : null;
  });
  const list = found.filter(Boolean).map(({ id, codec }) => ({
    id,
    contributor: codec.contributor.toString(),
    hash: codec.contentHash.toHex(),
    // polkadot-js renames a `size` field (a Map's own property on a struct codec) to `size_`.
    size: codec.get('size_').toNumber(),
    uri: codec.uri.toUtf8(),
    status: codec.status.type,
    position: codec.status.isAccepted ? codec.status.asAccepted.position.toNumber() : null,
    submittedAt: codec.submittedAt.toNumber(),
  }));
  const contributors = [...new Set(list.map((c) => c.contributor))];
  const stats = await mapLimit(contributors, 8, async (who) => {
    const s = await api.call.datanetsApi.contributorStats(datanetId, who);
    return [who, { pending: s.pending.toNumber(), accepted: s.accepted.toNumber(), rejected: s.rejected.toNumber(), bytes: s.bytesAccepted.toNumber() }];
  });
  return { list, stats: new Map(stats) };
}

/** Every model: id, details, lineage (`ModelsApi.model`). */
export async function models(api) {
  const next = (await api.query.models.nextModelId()).toNumber();
  const ids = [...Array(next).keys()];
  const all = await mapLimit(ids, 8, async (id) => {
    const found = await api.call.modelsApi.model(id);
    if (found.isNone) return null;
    const view = found.unwrap();
    const m = view.model;
    return {
      id,
      name: m.metadata.name.toUtf8(),
      description: m.metadata.description.toUtf8(),
      owner: m.owner.toString(),
      base: m.base.isSome ? m.base.unwrap().toNumber() : null,
      depth: m.depth.toNumber(),
      trainingSet: m.trainingSet.map(([d, v]) => [d.toNumber(), v.toNumber()]),
      perInput: toBigInt(m.price.per1kInput),
      perOutput: toBigInt(m.price.per1kOutput),
      dataShare: toBigInt(m.dataShare),
      status: m.status.type,
      operators: m.operators.map((o) => o.toString()),
      version: m.version.toNumber(),
      lineage: view.lineage.map((l) => l.toNumber()),
    };
  });
  return all.filter(Boolean);
}

/** What each epoch from `from` to `to` paid each model (`AttributionApi.model_pools`). */
export async function modelUsage(api, from, to) {
  const epochs = [];
  for (let e = Math.max(0, from); e <= to; e++) epochs.push(e);
  return mapLimit(epochs, 8, async (epoch) => {
    const pools = await api.call.attributionApi.modelPools(epoch);
    return {
      epoch,
      pools: new Map(pools.map(([m, p]) => [m.toNumber(), { paid: toBigInt(p.paid), data: toBigInt(p.data), fee: toBigInt(p.fee) }])),
    };
  });
}

/** The first epoch in which `epoch`'s leaves can no longer be claimed (`ClaimPeriod` epochs after the next). */
export function claimExpiry(api, epoch) {
  return epoch + 1 + Number(api.consts.attribution.claimPeriod.toString());
}

/** An epoch's round, pool, settlement and named reports. */
export async function epochDetail(api, epoch) {
  const [round, pool, settlement, uris, commitments] = await Promise.all([
    api.call.attributionApi.round(epoch),
    api.call.attributionApi.epochPool(epoch),
    api.call.attributionApi.settlement(epoch),
    api.call.attributionApi.reportUris(epoch),
    api.query.attribution.commitments.entries(epoch),
  ]);
  const p = pool.isSome ? pool.unwrap() : null;
  const s = settlement.isSome ? settlement.unwrap() : null;
  return {
    epoch,
    round: roundInfo(round),
    pool: p && {
      data: toBigInt(p.data),
      fee: toBigInt(p.fee),
      carriedData: toBigInt(p.carriedData),
      carriedFee: toBigInt(p.carriedFee),
    },
    settlement: s && {
      root: s.root.toHex(),
      total: toBigInt(s.total),
      report: s.report.toHex(),
      claimed: toBigInt(s.claimed),
      finalisedAt: s.finalisedAt.toNumber(),
      expired: s.expired.isTrue,
      expiresIn: claimExpiry(api, epoch),
    },
    reports: uris.map(([who, uri]) => ({ attributor: who.toString(), uri: uri.toUtf8() })),
    // Who committed, with what stake, and the result each revealed (kept until the epoch is pruned).
    commitments: commitments.map(([key, c]) => {
      const commitment = c.unwrap();
      return {
        attributor: key.args[1].toString(),
        stake: toBigInt(commitment.stake),
        revealed: commitment.revealed.isSome ? commitment.revealed.unwrap().toHex() : null,
      };
    }),
  };
}

/** An account's escrow: each operator's allocation. */
export async function escrows(api, account) {
  const list = await api.call.inferenceApi.escrows(account);
  return list.map(([operator, a]) => ({
    operator: operator.toString(),
    id: a.id.toNumber(),
    amount: toBigInt(a.amount),
    unlocking: toBigInt(a.unlocking),
    unlockAt: a.unlockAt.toNumber(),
    channels: a.channels.length,
  }));
}

/**
 * The events of the last `count` blocks that match `wanted(event)`, newest first, each with its
 * block number. The node keeps recent states, so this is the history without an indexer.
 */
export async function recentEvents(api, head, count, wanted) {
  const numbers = [];
  for (let n = head; n >= Math.max(1, head - count + 1); n--) numbers.push(n);
  const perBlock = await mapLimit(numbers, 16, async (number) => {
    const events = await blockEvents(api, await api.rpc.chain.getBlockHash(number));
    return events.filter(({ event }) => wanted(event)).map(({ event }) => ({ number, event }));
  });
  return perBlock.flat();
}

/** Blocks whose events were read, by hash: a block's events never change, so pages share them. */
const eventsByBlock = new Map();
const EVENTS_KEPT = 4_000;

/** The events of block `hash`, read once. */
async function blockEvents(api, hash) {
  const key = hash.toHex();
  let events = eventsByBlock.get(key);
  if (!events) {
    events = api.query.system.events.at(hash);
    eventsByBlock.set(key, events);
    // A failed read is not kept; the oldest blocks are let go first.
    events.catch(() => eventsByBlock.delete(key));
    if (eventsByBlock.size > EVENTS_KEPT) eventsByBlock.delete(eventsByBlock.keys().next().value);
  }
  return events;
}

/** A report or settlement a daemon serves, or an error that says why not. */
export async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return response.json();
}

/** The settlement beside a report URI (`…/reports/<e>.json` → `…/settlements/<e>.json`). */
export function settlementUrl(reportUri) {
  return reportUri.replace(/\/reports\/(\d+)\.json$/, '/settlements/$1.json');
}
