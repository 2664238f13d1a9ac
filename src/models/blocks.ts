import * as tf from '@tensorflow/tfjs';
import { dense, layerNorm, mm, quickGelu } from './ops';
import { Weights } from './params';

/** Two dense layers with QuickGELU between: [.., w] → [.., hidden] → [.., w]. */
function mlp(x: tf.Tensor, w: Weights, name: string): tf.Tensor {
  const h = quickGelu(dense(x, w[`${name}.fc1.kernel`], w[`${name}.fc1.bias`]));
  return dense(h, w[`${name}.fc2.kernel`], w[`${name}.fc2.bias`]);
}

/** Rows [b·n, w] → [b·heads, n, w/heads] (one attention problem per image and head). */
function splitHeads(rows: tf.Tensor, b: number, n: number, heads: number): tf.Tensor3D {
  const width = rows.shape[1] as number;
  if (heads === 1) return rows.reshape([b, n, width]); // one head: nothing to split, no transpose
  return rows.reshape([b, n, heads, width / heads]).transpose([0, 2, 1, 3]).reshape([b * heads, n, width / heads]) as tf.Tensor3D;
}

/** attention() on rows [b·n, w] of b sequences of n tokens → rows [b·n, w]. */
function attentionRows(x: tf.Tensor, b: number, n: number, w: Weights, name: string, heads: number, keyMask?: tf.Tensor2D): tf.Tensor {
  const width = x.shape[1] as number;
  const d = width / heads;
  const q = splitHeads(dense(x, w[`${name}.q.kernel`], w[`${name}.q.bias`]), b, n, heads);
  const kT = splitHeads(dense(x, w[`${name}.k.kernel`], w[`${name}.k.bias`]), b, n, heads).transpose([0, 2, 1]);
  const v = splitHeads(dense(x, w[`${name}.v.kernel`], w[`${name}.v.bias`]), b, n, heads);
  let scores = tf.mul(mm(q, kT), 1 / Math.sqrt(d));
  if (keyMask) {
    // Padded keys get −1e9 before the softmax, so they receive no attention.
    const bias = tf.mul(tf.sub(1, keyMask), -1e9).reshape([b, 1, 1, n]);
    scores = tf.add(scores.reshape([b, heads, n, n]), bias).reshape([b * heads, n, n]);
  }
  const att = mm(tf.softmax(scores), v);
  const out = heads === 1 ? att.reshape([b * n, width]) : att.reshape([b, heads, n, d]).transpose([0, 2, 1, 3]).reshape([b * n, width]);
  return dense(out, w[`${name}.out.kernel`], w[`${name}.out.bias`]);
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
