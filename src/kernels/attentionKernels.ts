import * as tf from '@tensorflow/tfjs-core';
import { KernelArgs, WasmBackend, kernelsFor, offsetOf } from './module';
import { expectSameShapes, expectShape } from './shapes';

/** Kernel names, registered for the wasm backend only. */
export const ATTENTION_FORWARD_KERNEL = 'ClipWorkshopAttention';
export const ATTENTION_BACKWARD_KERNEL = 'ClipWorkshopAttentionGrad';

/** q, k, v [b·n, w] (+ mask [b, n]) → [out [b·n, w], probs [b, heads, n, n]]; attrs b, n, heads. */
function forward(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as WasmBackend;
  const { q, k, v, mask } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const { b, n, heads } = args.attrs as { b: number; n: number; heads: number };
  const w = q!.shape[1];
  const out = backend.makeOutput([b * n, w], 'float32');
  const probs = backend.makeOutput([b, heads, n, n], 'float32');
  const scratch = backend.makeOutput([n * (w / heads)], 'float32'); // one head's keys, transposed
  const at = (t: tf.TensorInfo) => offsetOf(backend, t);
  try {
    kernelsFor(backend).attention_forward(at(q!), at(k!), at(v!), mask ? at(mask) : 0, at(out), at(probs), at(scratch), b, n, w, heads, 1 / Math.sqrt(w / heads));
  } finally {
    backend.disposeData(scratch.dataId, true);
  }
  return [out, probs];
}

/** q, k, v, probs, dout → [dq, dk, dv]; attrs b, n, heads. */
function backward(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as WasmBackend;
  const { q, k, v, probs, dout } = args.inputs as Record<string, tf.TensorInfo>;
  const { b, n, heads } = args.attrs as { b: number; n: number; heads: number };
  const w = q.shape[1];
  const [dq, dk, dv] = [0, 1, 2].map(() => backend.makeOutput([b * n, w], 'float32'));
  const scratch = backend.makeOutput([n * (w / heads) + n * n], 'float32'); // one head's values, transposed, and its scores' gradient
  const at = (t: tf.TensorInfo) => offsetOf(backend, t);
  try {
    kernelsFor(backend).attention_backward(at(q), at(k), at(v), at(probs), at(dout), at(dq), at(dk), at(dv), at(scratch), b, n, w, heads, 1 / Math.sqrt(w / heads));
  } finally {
    backend.disposeData(scratch.dataId, true);
  }
  return [dq, dk, dv];
}

/** q must be [b·n, w] with w divisible by the heads. */
function checkAttention(kernel: string, q: tf.Tensor, a: { b: number; n: number; heads: number }): void {
  expectShape(kernel, 'q', q, [a.b * a.n, undefined]);
  if (!(a.heads > 0) || (q.shape[1] as number) % a.heads !== 0) throw new Error(`${kernel}: width ${q.shape[1]} is not divisible by ${a.heads} heads`);
}

/** The fused forward pass on rows q, k, v [b·n, w] (+ key mask [b, n], float32): [out [b·n, w], probs [b, heads, n, n]]. */
export function attentionForward(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, mask: tf.Tensor | undefined, attrs: { b: number; n: number; heads: number }): tf.Tensor[] {
  checkAttention('attention', q, attrs);
  expectSameShapes('attention', { q, k, v });
  if (mask) expectShape('attention', 'mask', mask, [attrs.b, attrs.n]);
  const inputs: tf.NamedTensorMap = mask ? { q, k, v, mask } : { q, k, v };
  return tf.engine().runKernel(ATTENTION_FORWARD_KERNEL, inputs, attrs) as tf.Tensor[];
}

/** The fused backward pass: [dq, dk, dv]. */
export function attentionBackward(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, probs: tf.Tensor, dout: tf.Tensor, attrs: { b: number; n: number; heads: number }): tf.Tensor[] {
  checkAttention('attention gradient', q, attrs);
  expectSameShapes('attention gradient', { q, k, v, dout });
  expectShape('attention gradient', 'probs', probs, [attrs.b, attrs.heads, attrs.n, attrs.n]);
  return tf.engine().runKernel(ATTENTION_BACKWARD_KERNEL, { q, k, v, probs, dout }, attrs) as tf.Tensor[];
}

export const attentionKernelConfigs: tf.KernelConfig[] = [
  { kernelName: ATTENTION_FORWARD_KERNEL, backendName: 'wasm', kernelFunc: forward as unknown as tf.KernelFunc },
  { kernelName: ATTENTION_BACKWARD_KERNEL, backendName: 'wasm', kernelFunc: backward as unknown as tf.KernelFunc },
];
