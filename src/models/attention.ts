import * as tf from '@tensorflow/tfjs-core';
import { ops } from '../ops/table';
import { flops } from './primitives';

/**
 * The core of multi-head attention on rows: q, k, v [b·n, w] (b sequences of n tokens, heads of d = w/heads)
 * → rows [b·n, w] of softmax(q kᵀ/√d + maskBias) v per sequence and head, heads side by side.
 * `keyMask` [b, n] (1 = real token) hides padded keys. Returns a new tensor; call inside tf.tidy.
 */
export function attentionCore(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, b: number, n: number, heads: number, keyMask?: tf.Tensor2D): tf.Tensor {
  if (flops.enabled) flops.count += 2 * 2 * b * n * n * (q.shape[1] as number);
  return ops().attention(q, k, v, b, n, heads, keyMask);
}
