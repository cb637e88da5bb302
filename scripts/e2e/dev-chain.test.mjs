// End to end: the real node, the real client. Starts `openledger-node --dev`, waits for blocks
// to be produced and finalized, sends a signed transfer with @polkadot/api and checks its event
// and the balances, and reads the token's symbol and decimals from the chain properties.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Keyring } from '@polkadot/api';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { startDevChain } from '../lib/dev-chain.mjs';

const OPEN = 10n ** 18n;

describe('dev chain', () => {
  let node;
  let api;
  let stop;

  before(async () => {
    ({ node, api, stop } = await startDevChain());
  });

  after(async () => {
    await stop?.();
  });

  test('produces and finalizes blocks', async () => {
    const finalized = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no finalized block within 60 s')), 60_000);
      api.rpc.chain
        .subscribeFinalizedHeads((header) => {
          if (header.number.toNumber() >= 2) {
            clearTimeout(timer);
            resolve(header.number.toNumber());
          }
        })
        .catch(reject);
    });
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    assert.ok(finalized >= 2, `finalized #${finalized}`);
    assert.ok(best >= finalized, `best #${best} behind finalized #${finalized}`);
  });

  test('names the token OPEN with 18 decimals', async () => {
    const props = await api.rpc.system.properties();
    assert.deepEqual(props.tokenSymbol.unwrap().toJSON(), ['OPEN']);
    assert.deepEqual(props.tokenDecimals.unwrap().toJSON(), [18]);
    assert.equal(props.ss58Format.unwrap().toNumber(), 42);
    assert.equal(api.registry.chainDecimals[0], 18);
    assert.equal(api.registry.chainTokens[0], 'OPEN');
  });

  test('a signed transfer moves the amount and charges the fee', async () => {
    const keyring = new Keyring({ type: 'sr25519' });
    const alice = keyring.addFromUri('//Alice');
    const fresh = keyring.addFromMnemonic(mnemonicGenerate());
    const amount = 3n * OPEN / 2n;

    const aliceBefore = (await api.query.system.account(alice.address)).data.free.toBigInt();
    const { events, blockHash } = await new Promise((resolve, reject) => {
      api.tx.balances
        .transferKeepAlive(fresh.address, amount)
        .signAndSend(alice, ({ status, events, dispatchError }) => {
          if (dispatchError) reject(new Error(`dispatch error: ${dispatchError.toString()}`));
          else if (status.isInBlock) resolve({ events, blockHash: status.asInBlock });
        })
        .catch(reject);
    });

    const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event));
    assert.ok(transfer, 'Balances.Transfer event');
    const [from, to, value] = transfer.event.data;
    assert.equal(from.toString(), alice.address);
    assert.equal(to.toString(), fresh.address);
    assert.equal(value.toBigInt(), amount);
    assert.ok(events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)));
    const feeEvent = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
    assert.ok(feeEvent, 'TransactionPayment.TransactionFeePaid event');
    const fee = feeEvent.event.data.actualFee.toBigInt() + feeEvent.event.data.tip.toBigInt();
    assert.ok(fee > 0n, 'a transfer costs a fee');

    const at = await api.at(blockHash);
    const freshAfter = (await at.query.system.account(fresh.address)).data.free.toBigInt();
    const aliceAfter = (await at.query.system.account(alice.address)).data.free.toBigInt();
    assert.equal(freshAfter, amount);
    assert.equal(aliceAfter, aliceBefore - amount - fee);
  });

  test('serves metadata v15+ with the runtime APIs described', async () => {
    const versions = (await api.call.metadata.metadataVersions()).map((v) => v.toNumber());
    assert.ok(versions.includes(15), `metadata versions ${versions}`);
    assert.ok(api.runtimeMetadata.version >= 15, `client uses metadata v${api.runtimeMetadata.version}`);
    const extensions = api.registry.signedExtensions;
    assert.ok(extensions.includes('CheckMetadataHash'), `extensions: ${extensions}`);
    const pallets = api.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString());
    for (const pallet of ['System', 'Timestamp', 'Aura', 'Grandpa', 'Balances', 'TransactionPayment', 'Sudo', 'Utility', 'Datanets', 'Models', 'Inference', 'Attribution']) {
      assert.ok(pallets.includes(pallet), `pallet ${pallet} in metadata: ${pallets}`);
    }
    for (const pallet of ['balances', 'sudo', 'utility', 'datanets', 'models', 'inference', 'attribution']) {
      assert.ok(api.tx[pallet], `pallet ${pallet} has calls`);
    }
    // Runtime APIs are described in metadata, so clients need no custom types.
    const apis = api.runtimeMetadata.asLatest.apis.map((a) => a.name.toString());
    for (const name of ['DatanetsApi', 'ModelsApi', 'InferenceApi', 'AttributionApi', 'TransactionPaymentApi', 'GenesisBuilder']) {
      assert.ok(apis.includes(name), `runtime API ${name} in metadata`);
    }
  });
});
