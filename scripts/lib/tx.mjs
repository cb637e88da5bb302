// Submitting extrinsics and reading their outcome, for scripts and end-to-end tests.

/**
 * Signs and sends `tx` with `signer`, and resolves once it is in a block with
 * `{ events, blockHash }`. A failed dispatch rejects with an Error whose `module` names the
 * pallet error (`{ section, name, docs }`), so callers can check which error it was.
 */
export async function send(api, tx, signer) {
  const { events, blockHash, error } = await outcome(api, tx, (cb) => tx.signAndSend(signer, cb));
  if (error) throw error;
  return { events, blockHash };
}

/**
 * Submits an extrinsic signed beforehand (`tx.signAsync(signer, { nonce })`), and resolves
 * once it is in a block with `{ events, blockHash, error }`: `error` is set, as in `send`, when
 * the dispatch failed, and `events` then still shows the fee it paid.
 */
export function submit(api, signed) {
  return outcome(api, signed, (cb) => signed.send(cb));
}

function outcome(api, tx, start) {
  return new Promise((resolve, reject) => {
    let unsubscribe;
    let done = false;
    start(({ status, events, dispatchError }) => {
      if (done || (!status.isInBlock && !status.isFinalized)) return;
      done = true;
      unsubscribe?.();
      const blockHash = status.isInBlock ? status.asInBlock : status.asFinalized;
      let error;
      if (dispatchError) {
        error = new Error(describe(api, dispatchError));
        if (dispatchError.isModule) error.module = api.registry.findMetaError(dispatchError.asModule);
      }
      resolve({ events, blockHash, error });
    })
      .then((u) => {
        unsubscribe = u;
        if (done) u();
      })
      .catch(reject);
  });
}

function describe(api, dispatchError) {
  if (!dispatchError.isModule) return dispatchError.toString();
  const { section, name, docs } = api.registry.findMetaError(dispatchError.asModule);
  return `${section}.${name}: ${docs.join(' ')}`;
}

/** The data of the first event `section.method` among `events`, or undefined. */
export function findEvent(events, section, method) {
  return events.find(({ event }) => event.section === section && event.method === method)?.event;
}
