#!/usr/bin/env node
// Plays every actor of the chain in turn against a running dev chain and prints what each step
// did, with its block, events and balances: `node flow.mjs [--ws ws://127.0.0.1:9944]`. Exits
// non-zero when any step does not do what it should.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { fmt, runFlow } from './lib/flow.mjs';

const args = process.argv.slice(2);
const wsUrl = args[args.indexOf('--ws') + 1] && args.includes('--ws') ? args[args.indexOf('--ws') + 1] : 'ws://127.0.0.1:9944';

const api = await ApiPromise.create({ provider: new WsProvider(wsUrl), noInitWarn: true });
try {
  const result = await runFlow(api, { wsUrl });
  console.log(`\nThe flow succeeded: epoch ${result.epoch} settled ${fmt(result.total)} to ${result.leaves.length} contributors.`);
} catch (error) {
  console.error(`\nThe flow FAILED: ${error.message}`);
  process.exitCode = 1;
} finally {
  await api.disconnect();
}
