import * as tf from '@tensorflow/tfjs-core';
import { KernelArgs, WasmBackend, kernelsFor, offsetOf } from './module';
import type { AdamCoefficients } from '../ops/table';
import { expectSameShapes } from './shapes';

/** Kernel name, registered for the wasm backend only. */
export const ADAM_KERNEL = 'ClipWorkshopAdam';

/** x, g, m, v (same shape) → [x', m', v']. */
function adamKernel(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as WasmBackend;
  const { x, g, m, v } = args.inputs as Record<string, tf.TensorInfo>;
  const c = args.attrs as unknown as AdamCoefficients;
  const outs = [0, 1, 2].map(() => backend.makeOutput(x.shape, 'float32'));
  const at = (t: tf.TensorInfo) => offsetOf(backend, t);
  kernelsFor(backend).adam_update(at(x), at(g), at(m), at(v), at(outs[0]), at(outs[1]), at(outs[2]), tf.util.sizeFromShape(x.shape), c.beta1, c.beta2, c.step, c.eps, c.decay);
  return outs;
}

/** One fused Adam update: [x', m', v'] as new tensors (the caller assigns them). */
export function adamUpdate(x: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, c: AdamCoefficients): tf.Tensor[] {
  expectSameShapes('Adam', { x, g, m, v });
  return tf.engine().runKernel(ADAM_KERNEL, { x, g, m, v }, c as unknown as tf.NamedAttrMap) as tf.Tensor[];
}

export const adamKernelConfigs: tf.KernelConfig[] = [{ kernelName: ADAM_KERNEL, backendName: 'wasm', kernelFunc: adamKernel as unknown as tf.KernelFunc }];
