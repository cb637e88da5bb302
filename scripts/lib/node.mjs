// Starting and stopping a real `openledger-node` for scripts and end-to-end tests.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The path of the release node binary: `$OPENLEDGER_NODE`, else cargo's target dir. */
export function nodeBinary() {
  return releaseBinary('openledger-node', process.env.OPENLEDGER_NODE);
}

/** The path of release binary `name` of the workspace: `override`, else cargo's target dir. */
export function releaseBinary(name, override) {
  if (override) return override;
  const meta = spawnSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (meta.status !== 0) throw new Error(`cargo metadata failed: ${meta.stderr}`);
  const bin = join(JSON.parse(meta.stdout).target_directory, 'release', name);
  if (!existsSync(bin)) {
    throw new Error(`${bin} does not exist: build it with 'cargo build --release --workspace'`);
  }
  return bin;
}

/** Process `pid`'s resident memory now and at its peak, in MiB (Linux), or undefined. */
export function processMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1]) / 1024;
    return { rss: field('VmRSS'), peak: field('VmHWM') };
  } catch {
    return undefined;
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort() {
  return (await freePorts(1))[0];
}

/**
 * `count` distinct TCP ports on 127.0.0.1 that nothing listens on right now: all are held open
 * together before any is released, so no two are the same.
 */
export async function freePorts(count) {
  const servers = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const server = createServer();
      server.unref();
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      servers.push(server);
    }
    return servers.map((server) => server.address().port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/**
 * The port of the node's JSON-RPC server on 127.0.0.1, read from its log (`Running JSON-RPC
 * server: addr=127.0.0.1:<port>,…`), or undefined before the server runs. A node whose asked-for
 * port is taken silently listens on another one, so the log is what tells where it is.
 */
export function rpcPortInLog(log) {
  const found = /Running JSON-RPC server: addr=127\.0\.0\.1:(\d+)/.exec(log);
  return found ? Number(found[1]) : undefined;
}

/**
 * Starts `openledger-node --dev` with a temporary base path (or `basePath`, which is kept), its
 * RPC server and peer-to-peer listener on ports of 127.0.0.1 the node chooses itself, and
 * resolves once its RPC server accepts connections. The returned `stop()`
 * ends the node and removes a temporary base path; it is also called when this process exits,
 * so a failing test never leaves a node behind.
 */
export async function startDevNode({ extraArgs = [], readyTimeoutMs = 120_000, basePath: kept } = {}) {
  const basePath = kept ?? mkdtempSync(join(tmpdir(), 'openledger-e2e-'));
  const remove = () => {
    if (!kept) rmSync(basePath, { recursive: true, force: true });
  };
  const args = [
    '--dev',
    '--base-path', basePath,
    '--rpc-port', '0',
    '--listen-addr', '/ip4/127.0.0.1/tcp/0',
    '--no-prometheus',
    '--no-telemetry',
    '--no-mdns',
    ...extraArgs,
  ];
  const child = spawn(nodeBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', killNow);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    remove();
  };
  const killNow = () => {
    child.kill('SIGKILL');
    remove();
  };
  process.on('exit', killNow);

  const deadline = Date.now() + readyTimeoutMs;
  let rpcPort;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`openledger-node exited with ${child.exitCode} before its RPC was up:\n${log}`);
    }
    rpcPort ??= rpcPortInLog(log);
    if (rpcPort !== undefined && (await rpcResponds(rpcPort))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`openledger-node RPC not up after ${readyTimeoutMs} ms:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { wsUrl: `ws://127.0.0.1:${rpcPort}`, rpcPort, pid: child.pid, stop, log: () => log };
}

async function rpcResponds(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'system_health', params: [] }),
    });
    return res.ok;
  } catch {
    return false;
  }
}
