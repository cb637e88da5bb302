// Runs the four-validator local network on this machine (see lib/network.mjs): the RPC node on
// ws://127.0.0.1:9944 (Polkadot.js Apps connects there), the validators Alice, Bob, Charlie and
// Dave on 9945–9948, peer-to-peer on 30333–30337, all on loopback. Prints each node's best and
// finalised block, peers and resident memory every six seconds until Ctrl-C, then stops every
// node.
//
//   node network.mjs [--dir <path>] [--rpc-port 9944] [--p2p-port 30333]
//
// With `--dir` the databases are kept there, and the same command starts the network again from
// disk; without it they are thrown away on exit.

import { parseArgs } from 'node:util';
import { heads, startNetwork, until } from './lib/network.mjs';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    'rpc-port': { type: 'string', default: '9944' },
    'p2p-port': { type: 'string', default: '30333' },
  },
});
const ports = { rpc: Number(values['rpc-port']), p2p: Number(values['p2p-port']) };
const network = await startNetwork({ dir: values.dir, ports });
const { nodes } = network;
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('stopping the network');
  await network.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

for (const node of Object.values(nodes)) {
  console.log(`${node.name.padEnd(8)} ${node.wsUrl}  /ip4/127.0.0.1/tcp/${node.p2pPort}/p2p/${node.peerId}`);
}
console.log(`databases in ${network.dir}`);
await until('the network to finalise a block', async () => (await heads(nodes.rpc.rpcPort)).finalized > 0, 120_000);
console.log('peered and finalising; Ctrl-C stops every node');
for (;;) {
  const line = await Promise.all(
    Object.values(nodes).map(async (n) => {
      try {
        const h = await heads(n.rpcPort);
        const memory = n.memory();
        return `${n.name} #${h.best}/#${h.finalized} ${h.peers}p ${memory ? `${Math.round(memory.rss)} MiB` : ''}`;
      } catch {
        return `${n.name} down`;
      }
    }),
  );
  console.log(`${new Date().toISOString().slice(11, 19)}  ${line.join('  ')}`);
  await new Promise((resolve) => setTimeout(resolve, 6_000));
}
