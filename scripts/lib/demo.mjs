// The dev chain's demo: a gateway that serves the demo datanets' documents (runtime/demo/, which
// the development preset's contributions name as `ipfs://openledger-demo/<path>`) and the usage
// logs published for demo usage, and demo usage itself: Ferdie, served by Eve on the
// `clinical-qa-lora` adapter, receives answers that quote the demo documents, signs a receipt over
// them, and Eve settles it naming the batch's usage log.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allocationId, signReceipt } from './receipts.mjs';
import { findEvent, send } from './tx.mjs';
import { EMPTY_DIGEST, logHash, replayDigest, writeUsageLog } from './usage-log.mjs';

/** The repository's demo documents. */
export const DEMO_DIR = fileURLToPath(new URL('../../runtime/demo/', import.meta.url));

/** The IPFS-style name the demo content is published under. */
export const DEMO_ROOT = 'openledger-demo';

/** The adapter the demo usage is served on, and the base model under it (development preset). */
export const DEMO_ADAPTER = 1;

/**
 * Serves, as an IPFS HTTP gateway would, `/ipfs/openledger-demo/<path>` from runtime/demo/ and
 * `/ipfs/openledger-demo/logs/<file>` from `logsDir`, on 127.0.0.1:`port` (0: any free port).
 * Resolves with `{ url, close }`; `url` is what `openledger-attributor --ipfs-gateway` takes.
 */
export async function serveDemo({ port = 8080, logsDir }) {
  const server = createServer((req, res) => {
    // Public content, as on an IPFS gateway: readable from any page (the dashboard's included).
    res.setHeader('access-control-allow-origin', '*');
    const path = decodeURIComponent(new URL(req.url, 'http://gateway').pathname);
    const prefix = `/ipfs/${DEMO_ROOT}/`;
    const relative = path.startsWith(prefix) ? normalize(path.slice(prefix.length)) : null;
    if (relative === null || relative.startsWith('..')) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const file = relative.startsWith('logs/') ? join(logsDir, relative.slice('logs/'.length)) : join(DEMO_DIR, relative);
    try {
      res.end(readFileSync(file));
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Answers of the demo adapter: each quotes a document of the Clinical Q&A datanet. */
export const DEMO_ANSWERS = [
  'Metformin is the usual first medicine for type 2 diabetes. It lowers the amount of sugar the liver releases into the blood.',
  'Metformin is usually started at a low dose of 500 mg once a day with the evening meal, and raised slowly over a few weeks to limit stomach upset. Follow the dose your prescriber gives you.',
  'Ibuprofen blocks the COX enzymes that make prostaglandins, the chemicals that cause pain, fever and swelling.',
];

/**
 * Plays one round of demo usage on a development chain: `consumer` (Ferdie, whose genesis escrow
 * is allocated to Eve) receives `answers` from the demo adapter served by `operator` (Eve), signs
 * the channel's cumulative receipt over them, and the operator writes the batch's usage log to
 * `logsDir` and settles naming it as `ipfs://openledger-demo/logs/<hash>.json`. Each call goes on
 * from the channel's last settled receipt. Resolves with `{ hash, uri, charged, blockHash, events, receipt }`.
 */
export async function playDemoUsage(api, { consumer, operator, logsDir, answers = DEMO_ANSWERS, model = DEMO_ADAPTER }) {
  const allocation = await allocationId(api, consumer.address, operator.address);
  if (allocation === undefined) throw new Error(`${consumer.address} has no escrow allocated to ${operator.address}`);
  const escrow = (await api.call.inferenceApi.escrow(consumer.address, operator.address)).unwrap();
  const last = escrow.channels.find(([m]) => m.toNumber() === model)?.[1];
  const was = {
    inputTokens: last?.inputTokens.toBigInt() ?? 0n,
    outputTokens: last?.outputTokens.toBigInt() ?? 0n,
    requests: last?.requests.toBigInt() ?? 0n,
    amount: last?.amount.toBigInt() ?? 0n,
    nonce: last?.nonce.toBigInt() ?? 0n,
    outputs: last?.outputs.toHex() ?? EMPTY_DIGEST,
  };
  // 200 prompt tokens a request, and about one output token per four characters.
  const inputTokens = 200n * BigInt(answers.length);
  const outputTokens = answers.reduce((n, a) => n + BigInt(Math.ceil(a.length / 4)), 0n);
  const quote = await api.call.inferenceApi.quote(model, inputTokens, outputTokens);
  if (!quote.isOk) throw new Error(`model ${model} gives no quote: ${quote.asErr.type}`);
  const charged = quote.asOk.toBigInt();
  const nonce = was.nonce + 1n;
  const receipt = signReceipt(api, consumer, {
    model,
    operator: operator.address,
    allocation,
    inputTokens: was.inputTokens + inputTokens,
    outputTokens: was.outputTokens + outputTokens,
    requests: was.requests + BigInt(answers.length),
    outputs: replayDigest(was.outputs, answers),
    amount: was.amount + charged,
    nonce,
  });
  const bytes = writeUsageLog({
    genesis: api.genesisHash.toHex(),
    operator: operator.address,
    receipts: [{ consumer: consumer.address, model, allocation, nonce, charged, from: was.outputs, outputs: answers }],
  });
  const hash = logHash(bytes);
  mkdirSync(logsDir, { recursive: true });
  writeFileSync(join(logsDir, `${hash}.json`), bytes);
  const uri = `ipfs://${DEMO_ROOT}/logs/${hash}.json`;
  const { events, blockHash } = await send(api, api.tx.inference.settle([receipt], { hash, uri }), operator);
  const settled = findEvent(events, 'inference', 'BatchSettled');
  if (settled.data.settled.toNumber() !== 1) throw new Error(`the demo receipt was skipped: ${JSON.stringify(settled.data.skipped.toJSON())}`);
  return { hash, uri, charged, blockHash, events, receipt };
}
