import * as tf from '@tensorflow/tfjs';
import { attentionCore } from './attention';
import { dense, layerNorm, quickGelu } from './ops';
import { Weights } from './params';

/** Two dense layers with QuickGELU between: [.., w] → [.., hidden] → [.., w]. */
function mlp(x: tf.Tensor, w: Weights, name: string): tf.Tensor {
  const h = quickGelu(dense(x, w[`${name}.fc1.kernel`], w[`${name}.fc1.bias`]));
  return dense(h, w[`${name}.fc2.kernel`], w[`${name}.fc2.bias`]);
}

/** attention() on rows [b·n, w] of b sequences of n tokens → rows [b·n, w]. */
function attentionRows(x: tf.Tensor, b: number, n: number, w: Weights, name: string, heads: number, keyMask?: tf.Tensor2D): tf.Tensor {
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

/**
 * One residual block on [b, n, w] → [b, n, w] (pre-norm, as in CLIP's ViT):
 * transformer: x + attn(ln1 x), then x + mlp(ln2 x);
 * mlp (per patch, no token mixing): x + mlp(ln1 x);
 * mixer: x + token-MLP over the n axis of ln1 x, then x + mlp(ln2 x).
 */
export function block(x: tf.Tensor3D, w: Weights, name: string, type: string, heads: number, keyMask?: tf.Tensor2D): tf.Tensor3D {
  const [b, n, width] = x.shape;
  // Inside, one 2-D [b·n, w] tensor: on wasm every reshape on the gradient path copies its input for the backward.
  let h: tf.Tensor = x.reshape([b * n, width]);
  const norm = (t: tf.Tensor, ln: string) => layerNorm(t, w[`${name}.${ln}.gamma`], w[`${name}.${ln}.beta`]);
  if (type === 'transformer') {
    h = tf.add(h, attentionRows(norm(h, 'ln1'), b, n, w, `${name}.attn`, heads, keyMask));
  } else if (type === 'mixer') {
    const t = norm(h, 'ln1').reshape([b, n, width]).transpose([0, 2, 1]);
    h = tf.add(h, mlp(t, w, `${name}.tokens`).transpose([0, 2, 1]).reshape([b * n, width]));
  }
  const ln = type === 'mlp' ? 'ln1' : 'ln2';
  return tf.add(h, mlp(norm(h, ln), w, `${name}.mlp`)).reshape([b, n, width]) as tf.Tensor3D;
}
