#!/usr/bin/env node
// Signs a usage receipt as a consumer, for an operator to settle. Prints the receipt as JSON,
// ready for `inference.settle([receipt, ...], log)` (Apps UI: paste the fields; scripts: pass it on).
//
//   node sign-receipt.mjs --model 0 --operator <address> --input 12000 --output 3000 \
//     --requests 10 --amount 1500000000000000 --nonce 1 [--suri //Alice] [--ws ws://127.0.0.1:9944]
//
// All counters are cumulative for the (consumer, model, operator) channel; the nonce must rise
// with every receipt (starting at 1). The receipt names the consumer's current allocation of
// escrow to the operator (looked up on chain; `--allocation <id>` to name one).
// `--outputs 0x…` is the running digest of the outputs received on the channel (see
// lib/usage-log.mjs and docs/usage-logs.md); without it the receipt signs no outputs (zeros).

import { parseArgs } from 'node:util';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { allocationId, signReceipt } from './lib/receipts.mjs';

const { values: o } = parseArgs({
  options: {
    ws: { type: 'string', default: 'ws://127.0.0.1:9944' },
    suri: { type: 'string', default: '//Alice' },
    scheme: { type: 'string', default: 'sr25519' },
    model: { type: 'string' },
    operator: { type: 'string' },
    input: { type: 'string', default: '0' },
    output: { type: 'string', default: '0' },
    requests: { type: 'string', default: '0' },
    amount: { type: 'string' },
    nonce: { type: 'string' },
    allocation: { type: 'string' },
    outputs: { type: 'string' },
  },
});
for (const required of ['model', 'operator', 'amount', 'nonce']) {
  if (o[required] === undefined) {
    console.error(`--${required} is required (see the header of sign-receipt.mjs)`);
    process.exit(2);
  }
}

await cryptoWaitReady();
const api = await ApiPromise.create({ provider: new WsProvider(o.ws), noInitWarn: true });
try {
  const consumer = new Keyring({ type: o.scheme }).addFromUri(o.suri);
  const allocation = o.allocation !== undefined ? BigInt(o.allocation) : await allocationId(api, consumer.address, o.operator);
  if (allocation === undefined) {
    console.error(`${consumer.address} has allocated no escrow to ${o.operator}: inference.deposit(operator, amount) first`);
    process.exit(2);
  }
  const receipt = signReceipt(api, consumer, {
    model: Number(o.model),
    operator: o.operator,
    allocation,
    inputTokens: BigInt(o.input),
    outputTokens: BigInt(o.output),
    requests: BigInt(o.requests),
    ...(o.outputs === undefined ? {} : { outputs: o.outputs }),
    amount: BigInt(o.amount),
    nonce: BigInt(o.nonce),
  });
  console.log(JSON.stringify(receipt, null, 2));
} finally {
  await api.disconnect();
}
