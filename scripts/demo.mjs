// The dev chain's demo, against a running dev chain (scripts/run-dev.sh):
//
//   cd scripts && node demo.mjs [--ws ws://127.0.0.1:9944] [--port 8080] [--logs <dir>]
//
// Serves the demo datanets' documents (runtime/demo/) and the demo's usage logs as an IPFS
// gateway on http://127.0.0.1:8080 (what `openledger-attributor --ipfs-gateway` defaults to),
// plays one round of demo usage (Ferdie asks the clinical-qa-lora adapter three questions; Eve
// settles his signed receipt naming the published usage log), and keeps serving until Ctrl-C:
//
//   openledger-attributor contents --datanet 0 --version 1   # the documents check out
//   openledger-attributor logs --epoch <epoch printed>       # the usage log checks out

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { playDemoUsage, serveDemo } from './lib/demo.mjs';

const { values } = parseArgs({
  options: {
    ws: { type: 'string', default: 'ws://127.0.0.1:9944' },
    port: { type: 'string', default: '8080' },
    logs: { type: 'string', default: join(tmpdir(), 'openledger-demo-logs') },
  },
});

await cryptoWaitReady();
const gateway = await serveDemo({ port: Number(values.port), logsDir: values.logs });
console.log(`demo gateway on ${gateway.url}: /ipfs/openledger-demo/<path> serves runtime/demo/<path>, usage logs from ${values.logs}`);
const api = await ApiPromise.create({ provider: new WsProvider(values.ws), noInitWarn: true });
const keyring = new Keyring({ type: 'sr25519' });
const [ferdie, eve] = ['//Ferdie', '//Eve'].map((uri) => keyring.addFromUri(uri));
const played = await playDemoUsage(api, { consumer: ferdie, operator: eve, logsDir: values.logs });
const block = (await api.rpc.chain.getHeader(played.blockHash)).number.toNumber();
const epochLength = (await api.call.attributionApi.schedule()).epochLength.toNumber();
console.log(`Ferdie received three answers from clinical-qa-lora; Eve settled his receipt (${played.charged} charged) in block #${block}, epoch ${Math.floor(block / epochLength)}, naming the usage log ${played.uri} (${played.hash})`);
await api.disconnect();
console.log('serving until Ctrl-C');
