#!/usr/bin/env node
// A command line for models on a running chain, with @polkadot/api.
//
//   node models.mjs register <name> <artifact-file> <datanet:version>[,...] <price-in> <price-out>
//                   [--base <model>] [--share <percent>]      prices in OPEN per 1,000 tokens
//   node models.mjs price <model> <price-in> <price-out>
//   node models.mjs status <model> active|paused|retired
//   node models.mjs operator <model> add|remove <address>
//   node models.mjs quote <model> <input-tokens> <output-tokens>
//   node models.mjs show <model>
//
// Options: --ws <url> (default ws://127.0.0.1:9944), --suri <secret URI> (default //Alice).

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { findEvent, send } from './lib/tx.mjs';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    ws: { type: 'string', default: 'ws://127.0.0.1:9944' },
    suri: { type: 'string', default: '//Alice' },
    base: { type: 'string' },
    share: { type: 'string', default: '10' },
  },
});
const [command, ...args] = positionals;

function usage(message) {
  console.error(`${message}\nusage: node models.mjs register|price|status|operator|quote|show ... (see the file's header)`);
  process.exit(2);
}

/** `amount` OPEN (a decimal string) in the chain's smallest unit. */
function toPlanck(amount, decimals) {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount ?? '');
  if (!match) usage(`not an amount: ${amount}`);
  const [, whole, frac = ''] = match;
  if (frac.length > decimals) usage(`more than ${decimals} decimals: ${amount}`);
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
}

function id(arg, what = 'model id') {
  if (!/^\d+$/.test(arg ?? '')) usage(`not a ${what}: ${arg}`);
  return Number(arg);
}

async function main() {
  if (!command) usage('no command');
  await cryptoWaitReady();
  const api = await ApiPromise.create({ provider: new WsProvider(opts.ws), noInitWarn: true });
  const signer = new Keyring({ type: 'sr25519' }).addFromUri(opts.suri);
  const decimals = api.registry.chainDecimals[0];
  const price = (input, output) => ({ per1kInput: toPlanck(input, decimals), per1kOutput: toPlanck(output, decimals) });
  try {
    switch (command) {
      case 'register': {
        const [name, file, set, input, output] = args;
        if (!output) usage('register needs a name, an artifact file, a training set and two prices');
        const artifact = u8aToHex(blake2AsU8a(readFileSync(file)));
        const trainingSet = set.split(',').map((entry) => entry.split(':').map((n) => id(n, 'datanet:version')));
        const share = Math.round(Number(opts.share) * 10_000_000);
        const base = opts.base === undefined ? null : id(opts.base);
        const { events } = await send(
          api,
          api.tx.models.registerModel({ name, description: '' }, artifact, base, trainingSet, price(input, output), share),
          signer,
        );
        const ev = findEvent(events, 'models', 'ModelRegistered');
        console.log(`model ${ev.data.modelId} registered by ${ev.data.owner}, artifact ${artifact}, deposit ${ev.data.deposit.toHuman()}`);
        break;
      }
      case 'price': {
        const [model, input, output] = args;
        await send(api, api.tx.models.setPrice(id(model), price(input, output)), signer);
        console.log(`model ${model} now costs ${input} / ${output} OPEN per 1,000 input / output tokens`);
        break;
      }
      case 'status': {
        const [model, status] = args;
        const value = { active: 'Active', paused: 'Paused', retired: 'Retired' }[status];
        if (!value) usage(`not a status: ${status}`);
        await send(api, api.tx.models.setStatus(id(model), value), signer);
        console.log(`model ${model} is ${status}`);
        break;
      }
      case 'operator': {
        const [model, action, who] = args;
        const call = { add: api.tx.models.addOperator, remove: api.tx.models.removeOperator }[action];
        if (!call || !who) usage('operator needs a model, add|remove and an address');
        await send(api, call(id(model), who), signer);
        console.log(`operator ${who} ${action === 'add' ? 'added to' : 'removed from'} model ${model}`);
        break;
      }
      case 'quote': {
        const [model, input, output] = args;
        const quote = await api.call.modelsApi.quote(id(model), BigInt(input ?? 0), BigInt(output ?? 0));
        console.log(quote.isSome ? `${quote.unwrap().toString()} (${api.createType('Balance', quote.unwrap()).toHuman()})` : 'the model takes no usage');
        break;
      }
      case 'show': {
        const [model] = args;
        const result = await api.call.modelsApi.model(id(model));
        if (result.isNone) usage(`no model ${model}`);
        console.log(JSON.stringify(result.unwrap().toHuman(), null, 2));
        break;
      }
      default:
        usage(`unknown command: ${command}`);
    }
  } finally {
    await api.disconnect();
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
