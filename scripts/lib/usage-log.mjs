// Output digests and usage logs (format version 1), the JavaScript twin of
// `openledger_primitives::outputs` and `attributor/src/usage_log.rs`: both are tested on
// `attributor/tests/usage-log-vectors.json`, so a log written here is read there and the reverse.
//
// A consumer's receipts commit to the outputs it received on a channel, in order:
// `digest' = blake2_256(digest ++ blake2_256(output))`, from 32 zero bytes. An operator publishes,
// for each settled batch, a usage log: per receipt the outputs since the channel's previously
// settled receipt, the digest before them (`from`), the digest the receipt signed (`digest`) and
// the amount the settlement charged (`charged`). The chain records a commitment to these entries
// (`logCommitment`). See the Rust module's documentation for the format.

import { bnToU8a, stringToU8a, u8aConcat, u8aToHex, hexToU8a } from '@polkadot/util';
import { blake2AsU8a, decodeAddress, encodeAddress } from '@polkadot/util-crypto';

/** The digest of a channel that has received no output. */
export const EMPTY_DIGEST = `0x${'00'.repeat(32)}`;
export const LOG_FORMAT = 'openledger-usage-log';
export const LOG_VERSION = 1;

/** The digest after `output` (a string, hashed as UTF-8, or bytes) on a channel at `digest`. */
export function extendDigest(digest, output) {
  const bytes = typeof output === 'string' ? stringToU8a(output) : output;
  return u8aToHex(blake2AsU8a(u8aConcat(hexToU8a(digest), blake2AsU8a(bytes, 256)), 256));
}

/** The digest after `outputs`, in order, on a channel at `from`. */
export function replayDigest(from, outputs) {
  return outputs.reduce((digest, output) => extendDigest(digest, output), from);
}

/** The blake2-256 of a log's bytes: the hash `settle` names. */
export function logHash(bytes) {
  return u8aToHex(blake2AsU8a(bytes, 256));
}

const ss58 = (address) => encodeAddress(decodeAddress(address), 42);

/**
 * The bytes to publish for a batch: `receipts` is a list of
 * `{ consumer, model, allocation, nonce, charged, from, outputs }` in batch order, one per
 * receipt that settles (each entry's `digest` is computed from `from` and `outputs`).
 */
export function writeUsageLog({ genesis, operator, receipts }) {
  const log = {
    format: LOG_FORMAT,
    version: LOG_VERSION,
    genesis: u8aToHex(hexToU8a(genesis)),
    operator: ss58(operator),
    receipts: receipts.map((r) => ({
      consumer: ss58(r.consumer),
      model: Number(r.model),
      allocation: Number(r.allocation),
      nonce: Number(r.nonce),
      charged: BigInt(r.charged).toString(),
      from: r.from,
      outputs: r.outputs,
      digest: replayDigest(r.from, r.outputs),
    })),
  };
  return stringToU8a(JSON.stringify(log));
}

/**
 * Reads a log; with `expectedHash`, checks that the bytes hash to it first. Throws an Error whose
 * `reason` is `Malformed`, `UnsupportedFormat`, `WrongHash` or `DoesNotChain` (with `index`).
 */
export function readUsageLog(bytes, expectedHash) {
  const fail = (reason, message, extra = {}) => Object.assign(new Error(message), { reason, ...extra });
  if (expectedHash !== undefined && logHash(bytes) !== expectedHash) {
    throw fail('WrongHash', `the log hashes to ${logHash(bytes)} but the chain recorded ${expectedHash}`);
  }
  let log;
  try {
    log = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw fail('Malformed', `not a usage log: ${e.message}`);
  }
  if (log?.format !== LOG_FORMAT || log?.version !== LOG_VERSION) {
    throw fail('UnsupportedFormat', `unsupported log format ${log?.format} version ${log?.version}`);
  }
  if (!Array.isArray(log.receipts)) throw fail('Malformed', 'not a usage log: no receipts');
  log.receipts.forEach((r, index) => {
    if (!Array.isArray(r.outputs) || replayDigest(r.from, r.outputs) !== r.digest) {
      throw fail('DoesNotChain', `entry ${index}: its outputs do not reproduce its digest`, { index });
    }
  });
  return log;
}

const le = (value, bitLength) => bnToU8a(BigInt(value), { bitLength, isLe: true });

/**
 * The commitment the chain records for the receipts a log lists
 * (`openledger_primitives::outputs::BatchCommitment`): the blake2-256 of each entry's SCALE
 * encoding `(consumer, model u32, allocation u64, nonce u64, from, digest, charged u128)`, in order.
 */
export function logCommitment(log) {
  const parts = log.receipts.map((r) => u8aConcat(
    decodeAddress(r.consumer), le(r.model, 32), le(r.allocation, 64), le(r.nonce, 64),
    hexToU8a(r.from), hexToU8a(r.digest), le(r.charged, 128),
  ));
  return u8aToHex(blake2AsU8a(u8aConcat(...parts), 256));
}
