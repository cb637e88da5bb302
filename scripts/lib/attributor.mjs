// Running the `openledger-attributor` tool from scripts and end-to-end tests.

import { execFile } from 'node:child_process';
import { releaseBinary } from './node.mjs';

/** The path of the attributor binary: `$OPENLEDGER_ATTRIBUTOR`, else cargo's target dir. */
export function attributorBinary() {
  return releaseBinary('openledger-attributor', process.env.OPENLEDGER_ATTRIBUTOR);
}

/**
 * Runs `openledger-attributor ...args` and resolves with `{ code, stdout, stderr }`; rejects
 * when it exits non-zero, unless `allowFailure`.
 */
export function attributor(args, { allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    execFile(attributorBinary(), args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (error.code ?? 1) : 0;
      if (code !== 0 && !allowFailure) {
        reject(new Error(`openledger-attributor ${args.join(' ')} exited with ${code}:\n${stderr}`));
      } else {
        resolve({ code, stdout, stderr });
      }
    });
  });
}
