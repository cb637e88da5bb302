// Submitting extrinsics and reading their outcome, for scripts and end-to-end tests.

/**
 * Signs and sends `tx` with `signer`, and resolves once it is in a block with
 * `{ events, blockHash }`. A failed dispatch rejects with an Error whose `module` names the
 * pallet error (`{ section, name, docs }`), so callers can check which error it was.
 */
export function send(api, tx, signer) {
  return new Promise((resolve, reject) => {
    let unsubscribe;
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (!status.isInBlock && !status.isFinalized) return;
      unsubscribe?.();
      if (dispatchError) {
        const error = new Error(describe(api, dispatchError));
        if (dispatchError.isModule) error.module = api.registry.findMetaError(dispatchError.asModule);
        reject(error);
      } else {
        resolve({ events, blockHash: status.isInBlock ? status.asInBlock : status.asFinalized });
      }
    })
      .then((u) => {
        unsubscribe = u;
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
