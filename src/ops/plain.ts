import * as tf from '@tensorflow/tfjs-core';
import type { AdamCoefficients, Ops } from './types';

/**
 * The operations in plain tf: what every backend runs unless it installs faster kernels, and the reference
 * the kernels are tested against (same values and gradients).
 */

/** t as a float32 matrix, or a clear error naming `what`. */
export function matrix(t: tf.Tensor, what: string): tf.Tensor2D {
  if (t.rank !== 2) throw new Error(`${what} must be a matrix, got shape [${t.shape.join(', ')}]`);
  return (t.dtype === 'float32' ? t : tf.cast(t, 'float32')) as tf.Tensor2D;
}

/** Shape checks of a [m, k] · b [k, n] (+ bias [n]); returns both as float32 matrices. */
export function productOperands(a: tf.Tensor, b: tf.Tensor, bias?: tf.Tensor): [tf.Tensor2D, tf.Tensor2D] {
  const [a2, b2] = [matrix(a, 'a'), matrix(b, 'b')];
  if (a2.shape[1] !== b2.shape[0]) throw new Error(`cannot multiply [${a2.shape}] by [${b2.shape}]`);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== b2.shape[1])) throw new Error(`bias of shape [${bias.shape}] does not fit [${b2.shape}]`);
  return [a2, b2];
}

/** Shape checks of aᵀ · b for a [k, m], b [k, n]. */
export function transposedLeftOperands(a: tf.Tensor, b: tf.Tensor): [tf.Tensor2D, tf.Tensor2D] {
  const [a2, b2] = [matrix(a, 'a'), matrix(b, 'b')];
  if (a2.shape[0] !== b2.shape[0]) throw new Error(`cannot multiply [${a2.shape}]ᵀ by [${b2.shape}]`);
  return [a2, b2];
}

function product(a: tf.Tensor, b: tf.Tensor, bias?: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const [a2, b2] = productOperands(a, b, bias);
    return (bias ? tf.add(tf.matMul(a2, b2), bias) : tf.matMul(a2, b2)) as tf.Tensor2D;
  });
}

function productTransposedLeft(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  // Explicit transpose: wasm's matMul(transposeA) is 5–20× slower than transposing first.
  return tf.tidy(() => {
    const [a2, b2] = transposedLeftOperands(a, b);
    return tf.matMul(tf.transpose(a2), b2);
  });
}

function productTransposedRight(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => product(a, tf.transpose(matrix(b, 'b'))));
}

function columnSums(x: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.sum(matrix(x, 'x'), 0));
}

/**
 * Layer norm with its analytic gradient (tf's generic gradient of the same ops is about 7× slower than the forward pass).
 * With x̂ = (x − μ)·r, r = 1/√(var + ε): dx = r·(g − mean(g) − x̂·mean(g·x̂)) where g = dy·γ; dγ = Σ_rows dy·x̂, dβ = Σ_rows dy.
 */
const layerNormWithGrad = (eps: number) =>
  tf.customGrad(((x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, save: tf.GradSaveFunc) => {
    const centred = tf.sub(x, tf.mean(x, -1, true));
    const r = tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), eps));
    const xHat = tf.mul(centred, r);
    save([xHat, r, gamma]);
    return {
      value: tf.add(tf.mul(xHat, gamma), beta),
      gradFunc: (dy: tf.Tensor, [xh, rr, g0]: tf.Tensor[]) => {
        const g = tf.mul(dy, g0);
        const dx = tf.mul(rr, tf.sub(tf.sub(g, tf.mean(g, -1, true)), tf.mul(xh, tf.mean(tf.mul(g, xh), -1, true))));
        return [dx, columnSums(tf.mul(dy, xh)), columnSums(dy)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
const layerNormByEps = new Map<number, ReturnType<typeof layerNormWithGrad>>();

/** QuickGELU with its derivative written out, σ + 1.702·x·σ·(1 − σ): fewer elementwise ops than tf's chain rule. */
const quickGelu = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const s = tf.sigmoid(tf.mul(x, 1.702));
  const value = tf.mul(x, s);
  save([s, value]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, [s0, xs]: tf.Tensor[]) => tf.mul(dy, tf.add(s0, tf.mul(tf.mul(xs, 1.702), tf.sub(1, s0)))),
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

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

/** The textbook formulation with batched matMuls and tf's own gradients. */
function attention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, b: number, n: number, heads: number, keyMask?: tf.Tensor2D): tf.Tensor {
  const w = q.shape[1] as number;
  const C = b * heads;
  let scores = tf.mul(tf.matMul(splitHeads(q, b, n, heads), splitHeads(k, b, n, heads), false, true), 1 / Math.sqrt(w / heads));
  if (keyMask) scores = tf.add(scores, maskBias(keyMask, heads, [C, 1, n]));
  const out = tf.matMul(tf.softmax(scores), splitHeads(v, b, n, heads));
  return out.reshape([b, heads, n, w / heads]).transpose([0, 2, 1, 3]).reshape([b * n, w]);
}

/** data [m, k] · table [k, n] with only the table's gradient (the data are one-hots or word fractions). */
const dataTimesTable = tf.customGrad(((data: tf.Tensor, table: tf.Tensor, save: tf.GradSaveFunc) => {
  save([data]);
  return { value: product(data, table), gradFunc: (dy: tf.Tensor, [d0]: tf.Tensor[]) => [tf.zerosLike(d0), productTransposedLeft(d0, dy)] };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

/** One-hot × table (wasm's own gather is slow and has no gradient kernel). */
function embedTokens(ids: tf.Tensor2D, table: tf.Tensor): tf.Tensor2D {
  const oneHot = tf.oneHot(ids.reshape([-1]) as tf.Tensor1D, table.shape[0] as number);
  return dataTimesTable(oneHot, table) as tf.Tensor2D;
}

/** Word fractions × table, the word counts from one bincount weighted by the mask (8× faster on wasm than summing [b, L, V] one-hots). */
function bagOfWords(ids: tf.Tensor2D, mask: tf.Tensor2D, table: tf.Tensor): tf.Tensor2D {
  const wordFractions = tf.div(tf.denseBincount(ids, mask, table.shape[0] as number), tf.sum(mask, 1, true));
  return dataTimesTable(wordFractions, table) as tf.Tensor2D;
}

/** x' = x − step·m'/(√v' + ε) (− decay·x), after m' = β1·m + (1 − β1)·g and v' = β2·v + (1 − β2)·g². */
function adamUpdate(x: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, c: AdamCoefficients): tf.Tensor[] {
  return tf.tidy(() => {
    const m2 = tf.add(tf.mul(m, c.beta1), tf.mul(g, 1 - c.beta1));
    const v2 = tf.add(tf.mul(v, c.beta2), tf.mul(tf.square(g), 1 - c.beta2));
    const next = tf.sub(x, tf.mul(tf.div(m2, tf.add(tf.sqrt(v2), c.eps)), c.step));
    return [c.decay > 0 ? tf.sub(next, tf.mul(x, c.decay)) : next, m2, v2];
  });
}

export const plainOps: Ops = {
  product,
  productTransposedLeft,
  productTransposedRight,
  columnSums,
  layerNorm(x, gamma, beta, eps) {
    let f = layerNormByEps.get(eps);
    if (!f) layerNormByEps.set(eps, (f = layerNormWithGrad(eps)));
    return f(x, gamma, beta) as tf.Tensor2D;
  },
  quickGelu: (x) => quickGelu(x) as tf.Tensor,
  attention,
  embedTokens,
  bagOfWords,
  adamUpdate,
};
