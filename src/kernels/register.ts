import * as tf from '@tensorflow/tfjs';
import { adamKernelConfigs } from './adamKernel';
import { attentionKernelConfigs } from './attentionKernels';
import { gemmKernelConfigs } from './gemm';
import { layerNormKernelConfigs } from './layerNormKernels';

/** Registers the kit's wasm kernels (products, column sums, attention, layer norm, Adam) for the wasm backend, once per process. */
export function registerKitKernels(): void {
  for (const config of [...gemmKernelConfigs, ...attentionKernelConfigs, ...layerNormKernelConfigs, ...adamKernelConfigs]) {
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  }
}

/** Whether the current backend runs kernel `name` (the wasm backend, once registered). */
export const hasKernel = (name: string): boolean => tf.getKernel(name, tf.getBackend()) !== undefined;
