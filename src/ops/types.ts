import * as tf from '@tensorflow/tfjs-core';

/** What one Adam step needs besides the tensors (bias corrections folded into step and eps). */
export interface AdamCoefficients {
  beta1: number;
  beta2: number;
  step: number;
  eps: number;
  /** lr · weight decay, 0 for none. */
  decay: number;
}

/**
 * The operations the models and the optimizer call. The default is plain tf on every backend; a backend with
 * faster kernels (the kit's own, on wasm) replaces some of them once, when it starts (see installOps).
 * Each returns new tensors the caller (usually a tf.tidy) disposes; the differentiable ones carry their gradients.
 */
export interface Ops {
  /** a [m, k] · b [k, n] (+ bias [n] on every row) → [m, n]. No gradient of its own: models wrap it. */
  product(a: tf.Tensor, b: tf.Tensor, bias?: tf.Tensor): tf.Tensor2D;
  /** aᵀ · b for a [k, m], b [k, n] → [m, n] (a weight gradient xᵀ·dy). */
  productTransposedLeft(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D;
  /** a · bᵀ for a [m, k], b [n, k] → [m, n] (an input gradient dy·Wᵀ). */
  productTransposedRight(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D;
  /** Column sums of x [r, n] → [n] (a bias gradient). */
  columnSums(x: tf.Tensor): tf.Tensor1D;
  /** Layer norm of rows x [n, w] with γ, β [w]: (x − μ)/√(var + ε)·γ + β, differentiable in x, γ and β. */
  layerNorm(x: tf.Tensor2D, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor2D;
  /** QuickGELU x·σ(1.702 x), differentiable. */
  quickGelu(x: tf.Tensor): tf.Tensor;
  /**
   * Multi-head attention on rows q, k, v [b·n, w] (b sequences of n tokens): softmax(q kᵀ/√d + mask) v per sequence
   * and head → [b·n, w], heads side by side; `keyMask` [b, n] (1 = real token) hides padded keys. Differentiable.
   */
  attention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, b: number, n: number, heads: number, keyMask?: tf.Tensor2D): tf.Tensor;
  /** Token ids [b, L] → rows [b·L, w] of `table` [vocab, w], with only the table's gradient. */
  embedTokens(ids: tf.Tensor2D, table: tf.Tensor): tf.Tensor2D;
  /** The mean embedding of the real tokens (mask 1) of each text: ids, mask [b, L] → [b, w], with only the table's gradient. */
  bagOfWords(ids: tf.Tensor2D, mask: tf.Tensor2D, table: tf.Tensor): tf.Tensor2D;
  /** One Adam(W) step of x with gradient g and moments m, v (all one shape) → [x', m', v']. */
  adamUpdate(x: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, c: AdamCoefficients): tf.Tensor[];
}

export type OpName = keyof Ops;
