import * as tf from '@tensorflow/tfjs-core';
import { installOps } from '../ops/table';
import { adamKernelConfigs } from './adamKernel';
import { attentionKernelConfigs } from './attentionKernels';
import { embeddingKernelConfigs } from './embeddingKernels';
import { GEMM_KERNEL, gemmKernelConfigs } from './gemm';
import { kernelBuild } from './module';
import { SimdPeak, simdPeak } from './peak';
import { geluKernelConfigs } from './geluKernels';
import { zeroCopyIdentity } from './identity';
import { layerNormKernelConfigs } from './layerNormKernels';
import { kernelOps } from './kernelOps';

/**
 * The exact versions the kernels were built and tested against. They work on tfjs's wasm memory through the
 * backend's private fields (dataIdMap, wasm.asm.memory, incRef), which any release may change: keep these
 * equal to the exact versions pinned in package.json.
 */
export const KERNELS_BUILT_FOR = { 'tfjs-core': '4.22.0', 'tfjs-backend-wasm': '4.22.0' } as const;

/** Whether the kit's kernels run, and why (or why not): `clip-workshop info` shows it. */
export interface KernelsStatus {
  active: boolean;
  reason: string;
  /** The kernel build this process runs, and why (active kernels only). */
  build?: { build: string; reason: string };
  /** The tf kernel name of the kit's product, for timing it per shape (active kernels only). */
  productKernel?: string;
  /** Measures the wasm multiply-add ceiling of each build this runtime runs (active kernels only). */
  simdPeak?: (reps?: number) => SimdPeak;
}

/** Why the kernels cannot run with the `loaded` package versions, or undefined when they match. */
export function versionMismatch(loaded: Record<keyof typeof KERNELS_BUILT_FOR, string | undefined>): string | undefined {
  const wrong = (Object.keys(KERNELS_BUILT_FOR) as (keyof typeof KERNELS_BUILT_FOR)[]).filter((p) => loaded[p] !== KERNELS_BUILT_FOR[p]);
  if (wrong.length === 0) return undefined;
  const list = wrong.map((p) => `@tensorflow/${p} ${loaded[p] ?? '(none)'} (built for ${KERNELS_BUILT_FOR[p]})`).join(', ');
  return `the kit's kernels were built for other tfjs versions than the loaded ${list}; running plain tf (reinstall with npm ci for the faster kernels)`;
}

/** The versions of tfjs-core and tfjs-backend-wasm this process loaded. */
export function loadedVersions(): Record<keyof typeof KERNELS_BUILT_FOR, string | undefined> {
  let wasm: string | undefined;
  try {
    wasm = (require('@tensorflow/tfjs-backend-wasm') as { version_wasm?: string }).version_wasm;
  } catch {
    wasm = undefined;
  }
  return { 'tfjs-core': tf.version_core, 'tfjs-backend-wasm': wasm };
}

let status: KernelsStatus | undefined;

/**
 * The one call that turns the kit's kernels on, for the wasm backend, once per process: checks the loaded
 * tfjs versions, registers the kernels, swaps in the zero-copy Identity and installs the operations models
 * and training call (src/ops). With other versions nothing is touched and everything runs on plain tf.
 */
export function installKitKernels(loaded = loadedVersions()): KernelsStatus {
  if (status) return status;
  const mismatch = versionMismatch(loaded);
  if (mismatch) return (status = { active: false, reason: mismatch });
  for (const config of [...gemmKernelConfigs, ...attentionKernelConfigs, ...layerNormKernelConfigs, ...geluKernelConfigs, ...embeddingKernelConfigs, ...adamKernelConfigs]) {
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  }
  zeroCopyIdentity();
  installOps('wasm', kernelOps);
  return (status = { active: true, reason: `the kit's wasm kernels, built for tfjs ${KERNELS_BUILT_FOR['tfjs-core']}`, build: kernelBuild(), productKernel: GEMM_KERNEL, simdPeak });
}
