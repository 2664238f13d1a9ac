import * as tf from '@tensorflow/tfjs';
import { flops } from './ops';

/**
 * The core of multi-head attention on rows: q, k, v [b·n, w] (b sequences of n tokens, heads of d = w/heads)
 * → rows [b·n, w] of softmax(q kᵀ/√d + maskBias) v per sequence and head, heads side by side.
 * `keyMask` [b, n] (1 = real token) hides padded keys. Returns a new tensor; call inside tf.tidy.
 */
export function attentionCore(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, b: number, n: number, heads: number, keyMask?: tf.Tensor2D): tf.Tensor {
  if (flops.enabled) flops.count += 2 * 2 * b * n * n * (q.shape[1] as number);
  return tf.getBackend() === 'wasm' ? depthwiseAttention(q, k, v, b, n, heads, keyMask) : matMulAttention(q, k, v, b, n, heads, keyMask);
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

/** The textbook formulation with batched matMuls and tf's own gradients (every backend but wasm). */
export function matMulAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, b: number, n: number, heads: number, keyMask?: tf.Tensor2D): tf.Tensor {
  const w = q.shape[1] as number;
  const C = b * heads;
  let scores = tf.mul(tf.matMul(splitHeads(q, b, n, heads), splitHeads(k, b, n, heads), false, true), 1 / Math.sqrt(w / heads));
  if (keyMask) scores = tf.add(scores, maskBias(keyMask, heads, [C, 1, n]));
  const out = tf.matMul(tf.softmax(scores), splitHeads(v, b, n, heads));
  return out.reshape([b, heads, n, w / heads]).transpose([0, 2, 1, 3]).reshape([b * n, w]);
}

/**
 * The same values on wasm, with the gradient written out. wasm multiplies batches of small matrices
 * (here C = b·heads of n×d) about 4× slower than a depthwise convolution doing the same sums, and its
 * rank-4 transposes are slow; so the C problems are channels of depthwise convolutions, q, k and v are
 * laid out once as [token, C, d] (a fast 3-D transpose of the rows), and scores and probabilities stay [query i, C, key j].
 * Channel c of image [1, H, W, C] convolved 'valid' with filter [1, W, C, m] gives out[h, c, m] = Σ_w image[h, w, c]·filter[w, c, m].
 */
function depthwiseAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, b: number, n: number, heads: number, keyMask?: tf.Tensor2D): tf.Tensor {
  const w = q.shape[1] as number;
  const d = w / heads;
  const C = b * heads;
  const scale = 1 / Math.sqrt(d);
  // Rows [b·n, w] ↔ [token, C, d].
  const toTCD = (rows: tf.Tensor) => rows.reshape([b, n, w]).transpose([1, 0, 2]).reshape([n, C, d]);
  const toRows = (tcd: tf.Tensor) => tcd.reshape([n, b, w]).transpose([1, 0, 2]).reshape([b * n, w]);
  // image [H, W, C] ⊛ filter [W, C, m] → [H, C, m].
  const conv = (image: tf.Tensor, filter: tf.Tensor, m: number) => {
    const [H, W] = image.shape as number[];
    return tf.depthwiseConv2d(image.reshape([1, H, W, C]) as tf.Tensor4D, filter.reshape([1, W, C, m]) as tf.Tensor4D, 1, 'valid').reshape([H, C, m]);
  };
  const bias = keyMask ? maskBias(keyMask, heads, [1, C, n]) : undefined;

  const core = tf.customGrad(((qq: tf.Tensor, kk: tf.Tensor, vv: tf.Tensor, save: tf.GradSaveFunc) => {
    const [tq, tk, tv] = [toTCD(qq), toTCD(kk), toTCD(vv)];
    let scores = tf.mul(conv(tf.transpose(tq, [0, 2, 1]), tf.transpose(tk, [2, 1, 0]), n), scale); // [i, C, j]
    if (bias) scores = tf.add(scores, bias);
    const p = tf.softmax(scores);
    save([tq, tk, tv, p]);
    return {
      value: toRows(conv(tf.transpose(p, [0, 2, 1]), tv, d)),
      gradFunc: (dy: tf.Tensor, [tq0, tk0, tv0, p0]: tf.Tensor[]) => {
        const tdy = toTCD(dy); // [i, C, e]
        const dp = conv(tf.transpose(tdy, [0, 2, 1]), tf.transpose(tv0, [2, 1, 0]), n); // [i, C, j]
        // Softmax backward: dS = P ⊙ (dP − Σ_j dP ⊙ P), times the 1/√d of the scores.
        const ds = tf.mul(p0, tf.mul(tf.sub(dp, tf.sum(tf.mul(dp, p0), -1, true)), scale));
        const dsT = tf.transpose(ds, [2, 0, 1]); // [j, i, C]
        const dq = toRows(conv(tf.transpose(ds, [0, 2, 1]), tk0, d));
        const dk = toRows(conv(dsT, tq0, d));
        const dv = toRows(conv(tf.transpose(p0, [2, 0, 1]), tdy, d));
        return [dq, dk, dv];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return core(q, k, v) as tf.Tensor;
}
