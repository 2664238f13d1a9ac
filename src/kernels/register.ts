import * as tf from '@tensorflow/tfjs';
import { adamKernelConfigs } from './adamKernel';
import { attentionKernelConfigs } from './attentionKernels';
import { embeddingKernelConfigs } from './embeddingKernels';
import { gemmKernelConfigs } from './gemm';
import { geluKernelConfigs } from './geluKernels';
import { layerNormKernelConfigs } from './layerNormKernels';

/** Registers the kit's wasm kernels (products, column sums, attention, layer norm, QuickGELU, embedding bags, Adam) for the wasm backend, once per process. */
export function registerKitKernels(): void {
  for (const config of [...gemmKernelConfigs, ...attentionKernelConfigs, ...layerNormKernelConfigs, ...geluKernelConfigs, ...embeddingKernelConfigs, ...adamKernelConfigs]) {
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  }
}

/** Whether the current backend runs kernel `name` (the wasm backend, once registered). */
export const hasKernel = (name: string): boolean => tf.getKernel(name, tf.getBackend()) !== undefined;
