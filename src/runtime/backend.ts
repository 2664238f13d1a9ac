import * as tf from '@tensorflow/tfjs-core';
import { installKitKernels, KernelsStatus } from '../kernels/install';
import { UserError } from './errors';
import { registerGradientsAndChainedOps } from './tfjsCore';

/** The backends the kit can use, fastest first. */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Short names accepted by CLIP_WORKSHOP_BACKEND and --backend ('node' means tfjs-node). */
const ALIASES: Record<string, BackendName> = { node: 'tensorflow', 'tfjs-node': 'tensorflow', tensorflow: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

/** The package that registers each backend. */
const PACKAGES: Record<BackendName, string> = { tensorflow: '@tensorflow/tfjs-node', wasm: '@tensorflow/tfjs-backend-wasm', cpu: '@tensorflow/tfjs-backend-cpu' };

export interface BackendInfo {
  /** The tfjs backend in use. */
  name: BackendName;
  /** Why this one: forced by the environment, or the first that loaded. */
  reason: string;
  /** Backends that failed to load, with the reason, for `clip-workshop info`. */
  unavailable: Record<string, string>;
  /** Whether the kit's wasm kernels run on this backend, and why. */
  kernels: KernelsStatus;
}

let current: Promise<BackendInfo> | undefined;
let wasmKernels: KernelsStatus | undefined;

/** CLIP_WORKSHOP_KERNELS=off runs plain tf on wasm too (the kernels' overrides are not installed): to compare or to rule them out. */
export const kernelsTurnedOff = (): boolean => /^(off|0|false|no)$/i.test(process.env.CLIP_WORKSHOP_KERNELS ?? '');

/** Whether the kit's kernels run on backend `name`, and why. */
export function kernelsStatus(name: string): KernelsStatus {
  if (name !== 'wasm') return { active: false, reason: `the kit's kernels are for wasm; ${name} runs plain tf` };
  return wasmKernels ?? { active: false, reason: 'the wasm backend has not been loaded' };
}

/**
 * Loads the package that registers a backend (and, for wasm, the kit's kernels); returns an error message or
 * undefined. tfjs-core's gradients and chained ops are registered first, whichever backend loads.
 */
export function loadBackendPackage(name: BackendName): string | undefined {
  registerGradientsAndChainedOps();
  try {
    require(PACKAGES[name]);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && e.message.includes(`'${PACKAGES[name]}'`)) return `${PACKAGES[name]} is not installed`;
    return e.message.split('\n')[0];
  }
  if (name === 'wasm' && !wasmKernels) {
    wasmKernels = kernelsTurnedOff() ? { active: false, reason: 'turned off by CLIP_WORKSHOP_KERNELS' } : installKitKernels();
  }
  return undefined;
}

/**
 * Makes `name` the current backend and runs one small op on it: tfjs-node can register and then fail on its
 * first op (e.g. on Node versions its native binding does not support). Returns an error message or undefined.
 */
export async function trySetBackend(name: BackendName): Promise<string | undefined> {
  const failure = loadBackendPackage(name);
  if (failure) return failure;
  try {
    if (!(await tf.setBackend(name))) return 'setBackend returned false';
    await tf.ready();
    const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.scalar(1)).dataSync());
    if (sum[0] !== 2 || sum[1] !== 3) return 'its test op returned wrong values';
    return undefined;
  } catch (err) {
    return `its test op failed: ${(err as Error).message.split('\n')[0]}`;
  }
}

/**
 * Picks the TensorFlow.js backend once per process: tfjs-node when it is installed and works, else wasm, else cpu.
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
    const failure = await trySetBackend(name);
    if (failure) throw new UserError(`The ${wanted} backend was requested but cannot run (${failure}); unset CLIP_WORKSHOP_BACKEND or install it.`);
    return { name, reason: `forced by ${forcedBy}`, unavailable, kernels: kernelsStatus(name) };
  }
  for (const name of BACKENDS) {
    const failure = await trySetBackend(name);
    if (!failure) return { name, reason: 'the fastest backend that loaded', unavailable, kernels: kernelsStatus(name) };
    unavailable[name] = failure;
    // tfjs-node installed but broken: say so once, since the user chose to add it.
    if (name === 'tensorflow' && !failure.endsWith('is not installed')) process.stderr.write(`clip-workshop: tfjs-node is installed but cannot run (${failure}); using the next backend.\n`);
  }
  throw new Error('No TensorFlow.js backend could be initialised.');
}

/** The installed tfjs version. */
export const tfjsVersion: string = tf.version_core;

export { tf };
export type { KernelsStatus };
// Types only (kept in the declarations, no require): tfjs-core's chained ops (`tensor.add(b)`, ...) for every
// user of the kit's `tf`, notebooks included; registerGradientsAndChainedOps registers them at run time.
export type {} from '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
