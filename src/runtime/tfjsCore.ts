import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';

/**
 * tfjs-core's gradients and `tensor.method()` chains as CommonJS, bundled by esbuild in the build (tools/bundle-tfjs-core.js):
 * tfjs-core's CommonJS main registers neither. The same path from src/runtime (tests) and dist/runtime.
 */
export const REGISTRATIONS_FILE = path.join(__dirname, '..', '..', 'dist', 'tfjs-core-registrations.js');

let registeredFrom: string | undefined;

/**
 * Registers tfjs-core's gradients and chained ops once per process, before any training; returns the tfjs-core
 * version they were bundled from. They land in tfjs-core's global registries and Tensor class, so they serve
 * the CommonJS main the kit and the backends load.
 */
export function registerGradientsAndChainedOps(): string {
  if (registeredFrom) return registeredFrom;
  let built: { version: string };
  try {
    built = require(REGISTRATIONS_FILE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && (err as Error).message.includes(REGISTRATIONS_FILE)) {
      throw new Error(`tfjs-core's gradients are not built (${REGISTRATIONS_FILE} is missing): run npm run build.`);
    }
    throw err;
  }
  if (built.version !== tf.version_core) {
    process.stderr.write(`clip-workshop: tfjs-core's gradients were built from ${built.version} but ${tf.version_core} is loaded; run npm run build.\n`);
  }
  return (registeredFrom = built.version);
}
