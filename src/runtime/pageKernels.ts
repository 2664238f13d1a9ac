import * as tf from '@tensorflow/tfjs-core';
import { kernelsFor, WasmBackend } from '../kernels/module';
import { installKitKernels } from '../kernels/install';

/**
 * The page's door to the kit's kernels (runtime/backend.ts is Node's): installs them on the started wasm backend of
 * a browser page or worker and says which code runs. Never throws: where they do not link (tfjs's threaded build
 * shares its memory, which they are not built for) plain tf runs, and the sentence says why.
 */
export function installPageKernels(versions: Record<string, string>): string {
  try {
    kernelsFor(tf.backend() as unknown as WasmBackend);
    return installKitKernels(versions).reason;
  } catch (err) {
    return `plain tf (the kit's kernels do not link here: ${(err as Error).message.split('\n')[0]})`;
  }
}
