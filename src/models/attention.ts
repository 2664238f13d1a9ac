import * as tf from '@tensorflow/tfjs';
import { ATTENTION_FORWARD_KERNEL, attentionBackward, attentionForward } from '../kernels/attentionKernels';
import { hasKernel } from '../kernels/register';
import { flops } from './ops';

/**
 * The core of multi-head attention on rows: q, k, v [b·n, w] (b sequences of n tokens, heads of d = w/heads)
 * → rows [b·n, w] of softmax(q kᵀ/√d + maskBias) v per sequence and head, heads side by side.
 * `keyMask` [b, n] (1 = real token) hides padded keys. Returns a new tensor; call inside tf.tidy.
 */
export function attentionCore(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, b: number, n: number, heads: number, keyMask?: tf.Tensor2D): tf.Tensor {
  if (flops.enabled) flops.count += 2 * 2 * b * n * n * (q.shape[1] as number);
  return hasKernel(ATTENTION_FORWARD_KERNEL) ? kernelAttention(q, k, v, b, n, heads, keyMask) : matMulAttention(q, k, v, b, n, heads, keyMask);
}

/** Rows [b·n, w] → [b·heads, n, d]. */
function splitHeads(rows: tf.Tensor, b: number, n: number, heads: number): tf.Tensor3D {
  const w = rows.shape[1] as number;
  return rows.reshape([b, n, heads, w / heads]).transpose([0, 2, 1, 3]).reshape([b * heads, n, w / heads]) as tf.Tensor3D;
}

/** Additive mask bias: 0 for real keys, −1e9 for padding, shaped `shape` (broadcast over queries). */
function maskBias(keyMask: tf.Tensor2D, heads: number, shape: number[]): tf.Tensor {
  const [b, n] = keyMask.shape;
  return tf.mul(tf.sub(1, keyMask), -1e9).reshape([b, 1, n]).tile([1, heads, 1]).reshape(shape);
}

/** The textbook formulation with batched matMuls and tf's own gradients (every backend without the kit's kernels). */
export function matMulAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, b: number, n: number, heads: number, keyMask?: tf.Tensor2D): tf.Tensor {
  const w = q.shape[1] as number;
  const C = b * heads;
  let scores = tf.mul(tf.matMul(splitHeads(q, b, n, heads), splitHeads(k, b, n, heads), false, true), 1 / Math.sqrt(w / heads));
  if (keyMask) scores = tf.add(scores, maskBias(keyMask, heads, [C, 1, n]));
  const out = tf.matMul(tf.softmax(scores), splitHeads(v, b, n, heads));
  return out.reshape([b, heads, n, w / heads]).transpose([0, 2, 1, 3]).reshape([b * n, w]);
}

/**
 * The same values on wasm with the kit's attention kernels (src/kernels/c/attention.c): each head is read in place
 * from the rows, so no layout transposes, and forward and backward are one kernel call each instead of ~150 small ones.
 * The forward pass keeps the probabilities [b, heads, n, n] for the backward.
 */
function kernelAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, b: number, n: number, heads: number, keyMask?: tf.Tensor2D): tf.Tensor {
  const mask = keyMask && keyMask.dtype !== 'float32' ? tf.cast(keyMask, 'float32') : keyMask;
  const attrs = { b, n, heads };
  const core = tf.customGrad(((qq: tf.Tensor, kk: tf.Tensor, vv: tf.Tensor, save: tf.GradSaveFunc) => {
    const [out, probs] = attentionForward(qq, kk, vv, mask, attrs);
    save([qq, kk, vv, probs]);
    return { value: out, gradFunc: (dout: tf.Tensor, [q0, k0, v0, p0]: tf.Tensor[]) => attentionBackward(q0, k0, v0, p0, dout, attrs) };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return core(q, k, v) as tf.Tensor;
}
