// A local network on loopback: the `local` chain's four validators (Alice, Bob, Charlie and Dave;
// GRANDPA finalises with three votes of four, so one may fail) and a non-validating RPC node,
// with fixed node keys, persistent base paths in one directory, no mDNS and no telemetry: nothing
// leaves the machine. Each node can be killed and started again on its database.

import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, nodeBinary, processMemory, rpcPortInLog } from './node.mjs';

/** The validators of the `local` chain, in authority order. */
export const VALIDATORS = ['alice', 'bob', 'charlie', 'dave'];

/** The name of the non-validating node that serves RPC. */
export const RPC_NODE = 'rpc';

/**
 * Writes to `path` the `local` chain spec, changed: with the runtime code of `wasm` (a file) in
 * its genesis, a network that starts on an older runtime, to be upgraded while it runs (its
 * genesis state is built by that runtime); with the attribution round `schedule`
 * (`{ epochLength, commitWindow, revealWindow, challengeWindow }`, in blocks) instead of the
 * preset's hourly epochs. Returns `path`.
 */
export function localChainSpec(path, { wasm, schedule } = {}) {
  const built = spawnSync(nodeBinary(), ['build-spec', '--chain', 'local'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (built.status !== 0) throw new Error(`build-spec: ${built.stderr}`);
  // Replaced in the text: the spec's balances are JSON numbers beyond JavaScript's precision.
  let spec = built.stdout;
  const replace = (pattern, value, what) => {
    if (!pattern.test(spec)) throw new Error(`build-spec: no ${what} in the chain spec`);
    spec = spec.replace(pattern, `$1${value}`);
  };
  if (wasm) replace(/("code":\s*)"0x[0-9a-f]*"/, `"0x${readFileSync(wasm).toString('hex')}"`, 'runtime code');
  for (const [field, blocks] of Object.entries(schedule ?? {})) {
    replace(new RegExp(`("${field}":\\s*)\\d+`), String(blocks), `attribution ${field}`);
  }
  writeFileSync(path, spec);
  return path;
}

/** Calls `method` on the node whose RPC listens on `port` (HTTP). */
export async function rpc(port, method, params = []) {
  const res = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 1, jsonrpc: '2.0', method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** The node's best and finalised block numbers and its peer count. */
export async function heads(port) {
  const [best, finalizedHash, health] = await Promise.all([
    rpc(port, 'chain_getHeader'),
    rpc(port, 'chain_getFinalizedHead'),
    rpc(port, 'system_health'),
  ]);
  const finalized = await rpc(port, 'chain_getHeader', [finalizedHash]);
  return { best: Number(best.number), finalized: Number(finalized.number), peers: health.peers };
}

/** Waits until `check()` resolves truthy, polling every half second; throws after `timeoutMs`. */
export async function until(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const result = await check();
      if (result) return result;
    } catch {
      // A node still starting: try again.
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Starts the network in `dir` (a new temporary directory if none; it is removed by `stop()`
 * then), on free ports or on `ports: { rpc, p2p }` and the four after each (the RPC node first),
 * and resolves once every node has a peer. `chain` is the chain spec (`local` by default; a
 * file such as the one `localChainSpec` writes). Returns `{ nodes, dir, stop }`; `nodes` maps a
 * name to `{ name, rpcPort, wsUrl, p2pPort, kill(signal), start(), running(), log(), memory() }`.
 */
export async function startNetwork({ dir: given, rpcNode = true, ports, extraArgs = [], chain = 'local' } = {}) {
  const dir = given ?? mkdtempSync(join(tmpdir(), 'openledger-network-'));
  const names = rpcNode ? [...VALIDATORS, RPC_NODE] : [...VALIDATORS];
  const nodes = {};
  const free = ports ? [] : await freePorts(2 * names.length);
  for (const [i, name] of names.entries()) {
    // Fixed node keys: 1 to 5, so peer ids never change between runs.
    const keyFile = join(dir, 'keys', name);
    mkdirSync(join(dir, 'keys'), { recursive: true });
    writeFileSync(keyFile, (i + 1).toString(16).padStart(64, '0'));
    const inspected = spawnSync(nodeBinary(), ['key', 'inspect-node-key', '--file', keyFile], { encoding: 'utf8' });
    if (inspected.status !== 0) throw new Error(`inspect-node-key: ${inspected.stderr}`);
    // Fixed ports when asked: the RPC node first, then the validators in order.
    const slot = name === RPC_NODE ? 0 : VALIDATORS.indexOf(name) + 1;
    const [rpcPort, p2pPort] = ports ? [ports.rpc + slot, ports.p2p + slot] : [free[2 * slot], free[2 * slot + 1]];
    nodes[name] = { name, keyFile, peerId: inspected.stdout.trim(), rpcPort, p2pPort, wsUrl: `ws://127.0.0.1:${rpcPort}` };
  }
  const bootnodes = VALIDATORS.map((v) => `/ip4/127.0.0.1/tcp/${nodes[v].p2pPort}/p2p/${nodes[v].peerId}`);
  for (const node of Object.values(nodes)) {
    const args = [
      '--chain', chain,
      ...(VALIDATORS.includes(node.name) ? [`--${node.name}`] : ['--name', 'RPC']),
      '--base-path', join(dir, node.name),
      '--node-key-file', node.keyFile,
      '--listen-addr', `/ip4/127.0.0.1/tcp/${node.p2pPort}`,
      '--rpc-port', String(node.rpcPort),
      '--rpc-cors', 'all',
      '--no-mdns',
      '--no-telemetry',
      '--no-prometheus',
      '--bootnodes', ...bootnodes.filter((b) => !b.endsWith(node.peerId)),
      ...extraArgs,
      // More node options for a diagnosis, e.g. OPENLEDGER_NODE_ARGS='-l txpool=debug'.
      ...(process.env.OPENLEDGER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    ];
    // OPENLEDGER_NODE_LOGS=<dir>: each node's whole output also goes to <dir>/<name>.log.
    const logDir = process.env.OPENLEDGER_NODE_LOGS;
    const logFile = logDir && createWriteStream(join(logDir, `${node.name}.log`), { flags: 'a' });
    let child = null;
    let log = '';
    node.start = () => {
      child = spawn(nodeBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const keep = (chunk) => {
        log = (log + chunk.toString()).slice(-50_000);
        logFile?.write(chunk);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
    };
    node.running = () => child !== null && child.exitCode === null && child.signalCode === null;
    node.kill = async (signal = 'SIGKILL') => {
      if (!node.running()) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    };
    node.log = () => log;
    // The node process's resident memory now and at its peak, in MiB (Linux).
    node.memory = () => (child ? processMemory(child.pid) : undefined);
    node.start();
  }
  const killNow = () => {
    for (const node of Object.values(nodes)) if (node.running()) node.kill('SIGKILL');
  };
  process.on('exit', killNow);
  const stop = async () => {
    process.removeListener('exit', killNow);
    await Promise.all(Object.values(nodes).map((n) => n.kill('SIGTERM')));
    if (!given) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await until('every node to have a peer', async () => {
      const all = await Promise.all(Object.values(nodes).map((n) => heads(n.rpcPort)));
      return all.every((h) => h.peers >= 1);
    }, 120_000);
  } catch (e) {
    // A node whose RPC port was taken listens on another one: say so rather than only time out.
    const moved = Object.values(nodes)
      .filter((n) => ![undefined, n.rpcPort].includes(rpcPortInLog(n.log())))
      .map((n) => `${n.name}'s RPC port ${n.rpcPort} was taken; it listens on ${rpcPortInLog(n.log())}\n`);
    const logs = Object.values(nodes).map((n) => `--- ${n.name}\n${n.log().slice(-3_000)}`).join('\n');
    await stop();
    throw new Error(`${e.message}\n${moved.join('')}${logs}`);
  }
  return { nodes, dir, stop };
}
