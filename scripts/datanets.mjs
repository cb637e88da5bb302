#!/usr/bin/env node
// A command line for datanets on a running chain, with @polkadot/api.
//
//   node datanets.mjs create <name> <bond-in-OPEN> [--kind Text|Image|Audio|Other] [--licence L]
//   node datanets.mjs contribute <datanet> <file> [--uri URI]
//   node datanets.mjs review <datanet> <id>:accept|reject ...
//   node datanets.mjs publish <datanet>
//   node datanets.mjs show <datanet>
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
    kind: { type: 'string', default: 'Text' },
    licence: { type: 'string', default: 'CC-BY-4.0' },
    uri: { type: 'string' },
  },
});
const [command, ...args] = positionals;

function usage(message) {
  console.error(`${message}\nusage: node datanets.mjs create|contribute|review|publish|show ... (see the file's header)`);
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

function datanetId(arg) {
  if (!/^\d+$/.test(arg ?? '')) usage(`not a datanet id: ${arg}`);
  return Number(arg);
}

async function main() {
  if (!command) usage('no command');
  await cryptoWaitReady();
  const api = await ApiPromise.create({ provider: new WsProvider(opts.ws), noInitWarn: true });
  const signer = new Keyring({ type: 'sr25519' }).addFromUri(opts.suri);
  const decimals = api.registry.chainDecimals[0];
  try {
    switch (command) {
      case 'create': {
        const [name, bond] = args;
        if (!name) usage('create needs a name');
        const metadata = { name, description: '', tags: [], kind: opts.kind, licence: opts.licence };
        const { events } = await send(api, api.tx.datanets.createDatanet(metadata, toPlanck(bond, decimals), []), signer);
        const ev = findEvent(events, 'datanets', 'DatanetCreated');
        console.log(`datanet ${ev.data.datanetId} created by ${ev.data.owner}, deposit ${ev.data.deposit.toHuman()}`);
        break;
      }
      case 'contribute': {
        const [id, file] = args;
        if (!file) usage('contribute needs a datanet id and a file');
        const bytes = readFileSync(file);
        const hash = u8aToHex(blake2AsU8a(bytes));
        const uri = opts.uri ?? `file://${file}`;
        const { events } = await send(api, api.tx.datanets.contribute(datanetId(id), hash, bytes.length, uri), signer);
        const ev = findEvent(events, 'datanets', 'Contributed');
        console.log(`contribution ${ev.data.contributionId} to datanet ${id}: ${hash} (${bytes.length} bytes), bond ${ev.data.bond.toHuman()}`);
        break;
      }
      case 'review': {
        const [id, ...entries] = args;
        if (entries.length === 0) usage('review needs <id>:accept|reject entries');
        const decisions = entries.map((entry) => {
          const m = /^(\d+):(accept|reject)$/i.exec(entry);
          if (!m) usage(`not a decision: ${entry}`);
          return [Number(m[1]), m[2].toLowerCase() === 'accept' ? 'Accept' : 'Reject'];
        });
        const { events } = await send(api, api.tx.datanets.review(datanetId(id), decisions), signer);
        const ev = findEvent(events, 'datanets', 'Reviewed');
        console.log(`reviewed: ${ev.data.accepted} accepted, ${ev.data.rejected} rejected; commitment ${JSON.stringify(ev.data.commitment.toJSON())}`);
        break;
      }
      case 'publish': {
        const [id] = args;
        const { events } = await send(api, api.tx.datanets.publishVersion(datanetId(id)), signer);
        const ev = findEvent(events, 'datanets', 'VersionPublished');
        console.log(`datanet ${id} version ${ev.data.version}: ${JSON.stringify(ev.data.commitment.toJSON())}`);
        break;
      }
      case 'show': {
        const [id] = args;
        const result = await api.call.datanetsApi.datanet(datanetId(id));
        if (result.isNone) usage(`no datanet ${id}`);
        const { datanet: info, versions } = result.unwrap();
        console.log(JSON.stringify({ datanet: info.toHuman(), versions: versions.map(([v, i]) => ({ version: v.toNumber(), ...i.toHuman() })) }, null, 2));
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
