// The node's command line: help, chain specs and clear errors on bad input.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { nodeBinary } from '../lib/node.mjs';

const run = (...args) => spawnSync(nodeBinary(), args, { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });

test('--help lists the standard subcommands', () => {
  const { status, stdout } = run('--help');
  assert.equal(status, 0);
  for (const sub of ['export-chain-spec', 'purge-chain', 'key', 'benchmark', 'build-spec']) {
    assert.match(stdout, new RegExp(`\\n\\s+${sub}\\s`), `${sub} in --help`);
  }
  // The everyday binary leaves the benchmark commands out (node feature `benchmark`); a node
  // built with the feature lists them.
  const bench = run('benchmark', '--help');
  assert.equal(bench.status, 0);
  if (/not in this build/.test(bench.stdout)) {
    const machine = run('benchmark', 'machine', '--allow-fail');
    assert.notEqual(machine.status, 0);
    assert.match(machine.stderr, /built without the benchmark commands/);
    assert.match(machine.stderr, /--workspace\s+--features\s+openledger-node\/benchmark/);
  } else {
    for (const sub of ['pallet', 'storage', 'overhead', 'block', 'machine', 'extrinsic']) {
      assert.match(bench.stdout, new RegExp(`\\n\\s+${sub}\\s`), `benchmark ${sub}`);
    }
  }
});

for (const chain of ['dev', 'local']) {
  test(`export-chain-spec --chain ${chain} names OPEN with 18 decimals`, () => {
    const { status, stdout, stderr } = run('export-chain-spec', '--chain', chain);
    assert.equal(status, 0, stderr);
    const spec = JSON.parse(stdout);
    assert.deepEqual(spec.properties, { ss58Format: 42, tokenDecimals: 18, tokenSymbol: 'OPEN' });
    // The genesis comes from the runtime's preset: one authority for dev; Alice, Bob, Charlie
    // and Dave for local.
    const genesis = spec.genesis.runtimeGenesis.patch;
    assert.equal(genesis.aura.authorities.length, chain === 'dev' ? 1 : 4);
    assert.equal(genesis.grandpa.authorities.length, chain === 'dev' ? 1 : 4);
    assert.equal(genesis.sudo.key, '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
    assert.ok(genesis.balances.balances.length >= 12, 'dev accounts and the treasury are funded');
    // One-minute attribution epochs on the dev chain, hourly ones on the local testnet.
    const { epochLength, commitWindow, revealWindow } = genesis.attribution;
    assert.deepEqual(
      { epochLength, commitWindow, revealWindow },
      chain === 'dev'
        ? { epochLength: 10, commitWindow: 4, revealWindow: 4 }
        : { epochLength: 600, commitWindow: 100, revealWindow: 100 },
    );
    // The dev chain's demo content; the local testnet starts empty.
    assert.equal(genesis.datanets?.datanets.length ?? 0, chain === 'dev' ? 2 : 0);
    assert.equal(genesis.models?.models.length ?? 0, chain === 'dev' ? 2 : 0);
  });
}

test('an unknown chain fails with a clear message', () => {
  const { status, stderr } = run('export-chain-spec', '--chain', 'no-such-chain');
  assert.notEqual(status, 0);
  assert.match(stderr, /Unknown chain `no-such-chain`/);
  const node = run('--chain', 'no-such-chain', '--tmp');
  assert.notEqual(node.status, 0);
  assert.match(node.stderr, /Unknown chain `no-such-chain`/);
});

test('a bad port fails with a clear message', () => {
  const { status, stderr } = run('--dev', '--rpc-port', 'not-a-port');
  assert.notEqual(status, 0);
  assert.match(stderr, /invalid value 'not-a-port' for '--rpc-port/);
  const big = run('--dev', '--port', '70000');
  assert.notEqual(big.status, 0);
  assert.match(big.stderr, /70000/);
});
