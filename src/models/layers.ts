import * as tf from '@tensorflow/tfjs-core';
import { attentionCore } from './attention';
import { dense, layerNorm, quickGelu } from './primitives';
import type { Weights } from './weights';

/** Two dense layers with QuickGELU between: [.., w] → [.., hidden] → [.., w]. */
export function mlp(x: tf.Tensor, w: Weights, name: string): tf.Tensor {
  const h = quickGelu(dense(x, w[`${name}.fc1.kernel`], w[`${name}.fc1.bias`]));
  return dense(h, w[`${name}.fc2.kernel`], w[`${name}.fc2.bias`]);
}

/** attention() on rows [b·n, w] of b sequences of n tokens → rows [b·n, w]. */
export function attentionRows(x: tf.Tensor, b: number, n: number, w: Weights, name: string, heads: number, keyMask?: tf.Tensor2D): tf.Tensor {
  const proj = (p: string) => dense(x, w[`${name}.${p}.kernel`], w[`${name}.${p}.bias`]);
  return dense(attentionCore(proj('q'), proj('k'), proj('v'), b, n, heads, keyMask), w[`${name}.out.kernel`], w[`${name}.out.bias`]);
}

/**
 * Multi-head self-attention on [b, n, w]: softmax(q kᵀ / √d + maskBias) v, heads merged, output dense.
 * `keyMask` [b, n] (1 = real token) hides padding from every query.
 */
export function attention(x: tf.Tensor3D, w: Weights, name: string, heads: number, keyMask?: tf.Tensor2D): tf.Tensor3D {
  const [b, n, width] = x.shape;
  return attentionRows(x.reshape([b * n, width]), b, n, w, name, heads, keyMask).reshape([b, n, width]);
}

/** Layer norm of rows with the weights `${name}.gamma` / `.beta`. */
export function norm(x: tf.Tensor, w: Weights, name: string): tf.Tensor {
  return layerNorm(x, w[`${name}.gamma`], w[`${name}.beta`]);
}
