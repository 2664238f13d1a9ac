import * as tf from '@tensorflow/tfjs';
import { UserError } from './errors';
import { installWasmKernels } from './wasmKernels';

/** The backends the kit can use, fastest first. */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Short names accepted by CLIP_WORKSHOP_BACKEND and --backend ('node' means tfjs-node). */
const ALIASES: Record<string, BackendName> = { node: 'tensorflow', 'tfjs-node': 'tensorflow', tensorflow: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

export interface BackendInfo {
  /** The tfjs backend in use. */
  name: BackendName;
  /** Why this one: forced by the environment, or the first that loaded. */
  reason: string;
  /** Backends that failed to load, with the reason, for `clip-workshop info`. */
  unavailable: Record<string, string>;
}

let current: Promise<BackendInfo> | undefined;

/** Loads the package that registers a backend (and the kit's wasm kernels); returns an error message or undefined. */
export function loadBackendPackage(name: BackendName): string | undefined {
  try {
    if (name === 'tensorflow') require('@tensorflow/tfjs-node');
    if (name === 'wasm') {
      require('@tensorflow/tfjs-backend-wasm');
      installWasmKernels();
    }
    return undefined;
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  }
}

/**
 * Picks the TensorFlow.js backend once per process: tfjs-node when it loads, else wasm, else cpu.
 * CLIP_WORKSHOP_BACKEND (node | wasm | cpu) or `requested` forces one and fails clearly if it cannot load.
 */
export function initBackend(requested?: string): Promise<BackendInfo> {
  const wanted = requested ?? process.env.CLIP_WORKSHOP_BACKEND;
  if (current && !wanted) return current;
  current = choose(wanted, requested ? 'the caller' : 'CLIP_WORKSHOP_BACKEND');
  return current;
}

async function choose(wanted: string | undefined, forcedBy: string): Promise<BackendInfo> {
  const unavailable: Record<string, string> = {};
  if (wanted) {
    const name = ALIASES[wanted.toLowerCase()];
    if (!name) throw new UserError(`Unknown backend "${wanted}": use one of node, wasm or cpu.`);
    const failure = loadBackendPackage(name);
    if (failure || !(await tf.setBackend(name))) {
      throw new UserError(`The ${wanted} backend was requested but cannot load (${failure ?? 'setBackend failed'}); unset CLIP_WORKSHOP_BACKEND or install it.`);
    }
    await tf.ready();
    return { name, reason: `forced by ${forcedBy}`, unavailable };
  }
  for (const name of BACKENDS) {
    const failure = loadBackendPackage(name);
    if (failure) {
      unavailable[name] = failure;
      continue;
    }
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { name, reason: 'the fastest backend that loaded', unavailable };
      }
      unavailable[name] = 'setBackend returned false';
    } catch (err) {
      unavailable[name] = (err as Error).message.split('\n')[0];
    }
  }
  throw new Error('No TensorFlow.js backend could be initialised.');
}

/** The installed tfjs version. */
export const tfjsVersion: string = tf.version.tfjs;

export { tf };
