import * as tf from '@tensorflow/tfjs-core';

/**
 * Identity (tf.clone) on the wasm backend without a copy: the new tensor shares the input's memory and
 * bumps its reference count, as the cpu backend's Identity and wasm's own Reshape do. Safe because
 * tfjs never writes into a tensor's memory after it is made (Variable.assign swaps in new memory).
 * Why it matters: autodiff clones every tensor it keeps for the backward pass, and wasm's stock Identity
 * copies each one — about 170 copies per training step of the reference model.
 */
function shareData(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const { inputs, backend } = args;
  const x = inputs.x as tf.TensorInfo;
  if (x.dtype === 'string') return stockIdentity!(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo; // strings live in JS: keep wasm's own path
  (backend as { incRef(dataId: tf.DataId): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

let stockIdentity: tf.KernelFunc | undefined;

/** Replaces the wasm backend's Identity kernel with the zero-copy one (once per process). */
export function zeroCopyIdentity(): void {
  if (stockIdentity) return;
  const stock = tf.getKernel('Identity', 'wasm');
  if (!stock) return;
  stockIdentity = stock.kernelFunc;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({ kernelName: 'Identity', backendName: 'wasm', kernelFunc: shareData as unknown as tf.KernelFunc });
}
