import * as tf from '@tensorflow/tfjs-core';
import { KernelArgs, WasmBackend, kernelsFor, offsetOf } from './module';
import { expectSameShapes, expectShape } from './shapes';

/** Kernel names, registered for the wasm backend only. */
export const LAYER_NORM_KERNEL = 'ClipWorkshopLayerNorm';
export const LAYER_NORM_GRAD_KERNEL = 'ClipWorkshopLayerNormGrad';

/** x [n, w], gamma, beta [w] → [y [n, w], x̂ [n, w], r [n]]; attrs eps. */
function forward(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as WasmBackend;
  const { x, gamma, beta } = args.inputs as Record<string, tf.TensorInfo>;
  const [n, w] = x.shape;
  const [y, xhat] = [0, 1].map(() => backend.makeOutput([n, w], 'float32'));
  const r = backend.makeOutput([n], 'float32');
  const at = (t: tf.TensorInfo) => offsetOf(backend, t);
  kernelsFor(backend).layernorm_forward(at(x), at(gamma), at(beta), at(y), at(xhat), at(r), n, w, (args.attrs as { eps: number }).eps);
  return [y, xhat, r];
}

/** dy, x̂ [n, w], r [n], gamma [w] → [dx [n, w], dγ [w], dβ [w]]. */
function backward(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as WasmBackend;
  const { dy, xhat, r, gamma } = args.inputs as Record<string, tf.TensorInfo>;
  const [n, w] = dy.shape;
  const dx = backend.makeOutput([n, w], 'float32');
  const [dgamma, dbeta] = [0, 1].map(() => backend.makeOutput([w], 'float32'));
  const at = (t: tf.TensorInfo) => offsetOf(backend, t);
  kernelsFor(backend).layernorm_backward(at(dy), at(xhat), at(r), at(gamma), at(dx), at(dgamma), at(dbeta), n, w);
  return [dx, dgamma, dbeta];
}

/** The fused forward pass: [y, x̂, r]. Rows of a width divisible by 4 (the kernel reads 4 floats at a time). */
export function layerNormForward(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor[] {
  expectShape('layer norm', 'x', x, [undefined, undefined]);
  const w = x.shape[1] as number;
  if (w % 4 !== 0) throw new Error(`layer norm: rows of width ${w} are not a multiple of 4`);
  expectShape('layer norm', 'gamma', gamma, [w]);
  expectShape('layer norm', 'beta', beta, [w]);
  return tf.engine().runKernel(LAYER_NORM_KERNEL, { x, gamma, beta }, { eps }) as tf.Tensor[];
}

/** The fused backward pass: [dx, dγ, dβ]. */
export function layerNormBackward(dy: tf.Tensor, xhat: tf.Tensor, r: tf.Tensor, gamma: tf.Tensor): tf.Tensor[] {
  expectShape('layer norm gradient', 'dy', dy, [undefined, undefined]);
  expectSameShapes('layer norm gradient', { dy, xhat });
  expectShape('layer norm gradient', 'r', r, [dy.shape[0]]);
  expectShape('layer norm gradient', 'gamma', gamma, [dy.shape[1]]);
  return tf.engine().runKernel(LAYER_NORM_GRAD_KERNEL, { dy, xhat, r, gamma }) as tf.Tensor[];
}

export const layerNormKernelConfigs: tf.KernelConfig[] = [
  { kernelName: LAYER_NORM_KERNEL, backendName: 'wasm', kernelFunc: forward as unknown as tf.KernelFunc },
  { kernelName: LAYER_NORM_GRAD_KERNEL, backendName: 'wasm', kernelFunc: backward as unknown as tf.KernelFunc },
];
