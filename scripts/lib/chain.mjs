// Chain facts and waits shared by scripts and end-to-end tests.

import { stringToU8a, u8aConcat } from '@polkadot/util';
import { encodeAddress } from '@polkadot/util-crypto';

/** One OPEN in the smallest unit (18 decimals), and a thousandth of it. */
export const OPEN = 10n ** 18n;
export const MILLI = OPEN / 1000n;

/** The account of pallet id `id` (`modl` ++ id, zero-padded), as the runtime derives pots. */
export const potAccount = (id) => encodeAddress(u8aConcat(stringToU8a('modl'), stringToU8a(id), new Uint8Array(20)), 42);
export const TREASURY = potAccount('ol/trsry');
export const ATTRIBUTION_POT = potAccount('ol/attrb');

/** Resolves with the number of the first new best block numbered at least `n`. */
export function waitForBlock(api, n) {
  return new Promise((resolve, reject) => {
    let unsubscribe;
    api.rpc.chain
      .subscribeNewHeads((header) => {
        if (header.number.toNumber() >= n) {
          unsubscribe?.();
          resolve(header.number.toNumber());
        }
      })
      .then((u) => {
        unsubscribe = u;
      })
      .catch(reject);
  });
}
