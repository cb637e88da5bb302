// A `--dev` node with a client connected to it: what most end-to-end tests start from.

import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startDevNode } from './node.mjs';

/** The dev chain's well-known accounts, by lower-case name (`alice` is `//Alice`). */
export const DEV_ACCOUNTS = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'];

/**
 * Starts a dev node (`options` as `startDevNode` takes them) and connects a client that takes
 * every type from the chain's metadata. Resolves with `{ node, api, keyring, k, stop }`: `k` maps
 * each of `accounts` to its sr25519 key pair, and `stop()` disconnects the client and stops the
 * node. Should the client fail to connect, the node is stopped before the error is thrown.
 */
export async function startDevChain({ accounts = DEV_ACCOUNTS, ...options } = {}) {
  await cryptoWaitReady();
  const node = await startDevNode(options);
  let api;
  try {
    api = await ApiPromise.create({ provider: new WsProvider(node.wsUrl), noInitWarn: true });
  } catch (error) {
    await node.stop();
    throw error;
  }
  const keyring = new Keyring({ type: 'sr25519' });
  const k = Object.fromEntries(accounts.map((n) => [n, keyring.addFromUri(`//${n[0].toUpperCase()}${n.slice(1)}`)]));
  const stop = async () => {
    await api.disconnect();
    await node.stop();
  };
  return { node, api, keyring, k, stop };
}
