// The dev chain's demo, against a running dev chain (scripts/run-dev.sh):
//
//   cd scripts && node demo.mjs [serve | play] [--ws ws://127.0.0.1:9944] [--port 8080] [--logs <dir>]
//
// `serve` serves the demo datanets' documents (runtime/demo/) and the demo's usage logs as an
// IPFS gateway on http://127.0.0.1:8080 (what `openledger-attributor --ipfs-gateway` defaults
// to) until Ctrl-C; scripts/run-dev.sh starts it beside the node. `play` plays one round of demo
// usage (Ferdie asks the clinical-qa-lora adapter three questions; Eve settles his signed receipt
// naming the usage log it publishes in the logs directory the gateway serves); Alice's
// attributor daemon then settles the epoch and Bob and Charlie can claim what the answers earned
// them. Without either, it does both (for a chain started without the gateway):
//
//   openledger-attributor contents --datanet 0 --version 1   # the documents check out
//   openledger-attributor logs --epoch <epoch printed>       # the usage log checks out

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { playDemoUsage, serveDemo } from './lib/demo.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    ws: { type: 'string', default: 'ws://127.0.0.1:9944' },
    port: { type: 'string', default: '8080' },
    logs: { type: 'string', default: join(tmpdir(), 'openledger-demo-logs') },
  },
});

const mode = positionals[0] ?? 'both';
if (!['serve', 'play', 'both'].includes(mode)) throw new Error(`unknown mode ${mode}: serve or play`);

await cryptoWaitReady();
if (mode !== 'play') {
  const gateway = await serveDemo({ port: Number(values.port), logsDir: values.logs });
  console.log(`demo gateway on ${gateway.url}: /ipfs/openledger-demo/<path> serves runtime/demo/<path>, usage logs from ${values.logs}`);
}
if (mode !== 'serve') {
  const api = await ApiPromise.create({ provider: new WsProvider(values.ws), noInitWarn: true });
  const keyring = new Keyring({ type: 'sr25519' });
  const [ferdie, eve] = ['//Ferdie', '//Eve'].map((uri) => keyring.addFromUri(uri));
  const played = await playDemoUsage(api, { consumer: ferdie, operator: eve, logsDir: values.logs });
  const block = (await api.rpc.chain.getHeader(played.blockHash)).number.toNumber();
  const epochLength = (await api.call.attributionApi.schedule()).epochLength.toNumber();
  const epoch = Math.floor(block / epochLength);
  console.log(`Ferdie received three answers from clinical-qa-lora; Eve settled his receipt (${played.charged} charged) in block #${block}, epoch ${epoch}, naming the usage log ${played.uri} (${played.hash})`);
  console.log(`Alice's attributor daemon (scripts/run-dev.sh) settles epoch ${epoch} once it ends: its report is then at http://127.0.0.1:9960/reports/${epoch}.json`);
  await api.disconnect();
}
if (mode !== 'play') console.log('serving until Ctrl-C');
