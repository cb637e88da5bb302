// Usage receipts: what a consumer signs off chain for an operator to settle with
// `inference.settle`. The signed message is the SCALE encoding of
// `(RECEIPT_DOMAIN, genesis hash, payload)`, exactly as the runtime checks it.

import { compactAddLength, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { EMPTY_DIGEST } from './usage-log.mjs';

/** The domain tag of receipt signatures (`pallet_inference::RECEIPT_DOMAIN`). */
export const RECEIPT_DOMAIN = 'openledger:usage-receipt:v3';

/**
 * The id of `consumer`'s current allocation of escrow to `operator` (receipts name it), or
 * undefined when there is none.
 */
export async function allocationId(api, consumer, operator) {
  const allocation = await api.call.inferenceApi.escrow(consumer, operator);
  return allocation.isSome ? allocation.unwrap().id.toBigInt() : undefined;
}

/**
 * A receipt for `settle`, signed by `consumer` (a keyring pair): the cumulative usage of the
 * `(consumer, model, operator)` channel of allocation `allocation`, and `outputs`, the running
 * digest of the outputs received on it (see lib/usage-log.mjs; zeros for a consumer that signs no
 * outputs).
 */
export function signReceipt(api, consumer, { model, operator, allocation, inputTokens, outputTokens, requests, outputs = EMPTY_DIGEST, amount, nonce }) {
  if (allocation === undefined) throw new Error('a receipt names the allocation it draws on (see allocationId)');
  const payload = api.createType('PalletInferenceReceiptPayload', {
    consumer: consumer.address,
    model,
    operator,
    allocation,
    inputTokens,
    outputTokens,
    requests,
    outputs,
    amount,
    nonce,
  });
  const message = u8aConcat(compactAddLength(stringToU8a(RECEIPT_DOMAIN)), api.genesisHash.toU8a(), payload.toU8a());
  const signature = consumer.sign(message);
  const scheme = { sr25519: 'Sr25519', ed25519: 'Ed25519', ecdsa: 'Ecdsa' }[consumer.type];
  return { payload: payload.toJSON(), signature: { [scheme]: u8aToHex(signature) } };
}
