// The JavaScript twin of the output digest and usage log format (scripts/lib/usage-log.mjs) on the
// vectors the Rust implementation is tested on (attributor/tests/usage-log-vectors.json): the
// same digests, the same log bytes and hash, and the same refusals of tampered logs.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { stringToU8a } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { logCommitment, logHash, readUsageLog, replayDigest, writeUsageLog } from '../lib/usage-log.mjs';

const vectors = JSON.parse(readFileSync(new URL('../../attributor/tests/usage-log-vectors.json', import.meta.url), 'utf8'));

test('digests match the shared vectors', async () => {
  await cryptoWaitReady();
  for (const { from, outputs, digest } of vectors.digests) assert.equal(replayDigest(from, outputs), digest);
});

test('a log written here is byte for byte the shared one, and reads back', () => {
  const bytes = stringToU8a(vectors.log.bytes);
  assert.equal(logHash(bytes), vectors.log.hash);
  const log = readUsageLog(bytes, vectors.log.hash);
  const written = writeUsageLog({ genesis: log.genesis, operator: log.operator, receipts: log.receipts });
  assert.deepEqual(written, bytes);
  // The commitment the chain records for the entries: SCALE-encoded here by hand, by the
  // primitives' codec in Rust.
  assert.equal(logCommitment(log), vectors.log.commitment);
  const cheaper = structuredClone(log);
  cheaper.receipts[0].charged = '1';
  assert.notEqual(logCommitment(cheaper), vectors.log.commitment, 'the amount charged is committed');
});

test('tampered logs are refused with their reason', () => {
  const log = readUsageLog(stringToU8a(vectors.log.bytes));
  const refusal = (edit) => {
    const bad = structuredClone(log);
    edit(bad);
    try {
      readUsageLog(stringToU8a(JSON.stringify(bad)));
      return 'accepted';
    } catch (e) {
      return `${e.reason}${e.index === undefined ? '' : `@${e.index}`}`;
    }
  };
  assert.equal(refusal((l) => { l.receipts[1].outputs[0] += '!'; }), 'DoesNotChain@1', 'changed');
  assert.equal(refusal((l) => { l.receipts[1].outputs.shift(); }), 'DoesNotChain@1', 'dropped');
  assert.equal(refusal((l) => { l.receipts[1].outputs.push('more'); }), 'DoesNotChain@1', 'added');
  assert.equal(refusal((l) => { l.version = 2; }), 'UnsupportedFormat');
  assert.throws(() => readUsageLog(stringToU8a(vectors.log.bytes), `0x${'07'.repeat(32)}`), { reason: 'WrongHash' });
  assert.throws(() => readUsageLog(stringToU8a('{]')), { reason: 'Malformed' });
});
