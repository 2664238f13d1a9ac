import * as tf from '@tensorflow/tfjs-core';
import { KernelArgs, WasmBackend, kernelsFor, offsetOf } from './module';
import { expectSameShapes } from './shapes';

/** Kernel names, registered for the wasm backend only. */
export const GELU_KERNEL = 'ClipWorkshopQuickGelu';
export const GELU_GRAD_KERNEL = 'ClipWorkshopQuickGeluGrad';

/** x → [y = x·σ(1.702x), s = σ(1.702x)], both shaped as x. */
function forward(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as WasmBackend;
  const x = args.inputs.x as tf.TensorInfo;
  const [y, s] = [0, 1].map(() => backend.makeOutput(x.shape, 'float32'));
  kernelsFor(backend).gelu_forward(offsetOf(backend, x), offsetOf(backend, y), offsetOf(backend, s), tf.util.sizeFromShape(x.shape));
  return [y, s];
}

/** dy, s, y → dx = dy·(s + 1.702·y·(1 − s)). */
function backward(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { dy, s, y } = args.inputs as Record<string, tf.TensorInfo>;
  const dx = backend.makeOutput(dy.shape, 'float32');
  kernelsFor(backend).gelu_backward(offsetOf(backend, dy), offsetOf(backend, s), offsetOf(backend, y), offsetOf(backend, dx), tf.util.sizeFromShape(dy.shape));
  return dx;
}

/** The fused forward pass: [y, s]. */
export function quickGeluForward(x: tf.Tensor): tf.Tensor[] {
  return tf.engine().runKernel(GELU_KERNEL, { x }) as tf.Tensor[];
}

/** The fused backward pass: dx. */
export function quickGeluBackward(dy: tf.Tensor, s: tf.Tensor, y: tf.Tensor): tf.Tensor {
  expectSameShapes('QuickGELU gradient', { dy, s, y });
  return tf.engine().runKernel(GELU_GRAD_KERNEL, { dy, s, y }) as tf.Tensor;
}

export const geluKernelConfigs: tf.KernelConfig[] = [
  { kernelName: GELU_KERNEL, backendName: 'wasm', kernelFunc: forward as unknown as tf.KernelFunc },
  { kernelName: GELU_GRAD_KERNEL, backendName: 'wasm', kernelFunc: backward as unknown as tf.KernelFunc },
];
