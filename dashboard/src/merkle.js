// The settlement format (primitives/src/settlement.rs), recomputed in the browser so that anyone
// can check a report against the chain: a leaf is blake2-256 of SCALE(account, amount); the tree
// hashes each leaf once more, hashes pairs, promotes an odd last node, and has the all-zero root
// when it has no leaves.

import { u8aConcat, u8aToHex, bnToU8a } from '@polkadot/util';
import { blake2AsU8a, decodeAddress } from '@polkadot/util-crypto';

/** blake2-256 of SCALE((AccountId32, u128)). */
export function leaf(account, amount) {
  const encoded = u8aConcat(decodeAddress(account), bnToU8a(BigInt(amount), { bitLength: 128, isLe: true }));
  return blake2AsU8a(encoded, 256);
}

/** The merkle root of `leaves` (each `{ account, amount }`), as hex. */
export function merkleRoot(leaves) {
  let row = leaves.map(({ account, amount }) => blake2AsU8a(leaf(account, amount), 256));
  if (row.length === 0) return u8aToHex(new Uint8Array(32));
  while (row.length > 1) {
    const next = [];
    for (let i = 0; i < row.length; i += 2) {
      next.push(i + 1 < row.length ? blake2AsU8a(u8aConcat(row[i], row[i + 1]), 256) : row[i]);
    }
    row = next;
  }
  return u8aToHex(row[0]);
}

/** The sum of the leaves' amounts. */
export function total(leaves) {
  return leaves.reduce((sum, { amount }) => sum + BigInt(amount), 0n);
}
