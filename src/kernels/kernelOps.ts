import * as tf from '@tensorflow/tfjs-core';
import type { Ops } from '../ops/table';
import { plainOps } from '../ops/plain';
import { adamUpdate } from './adamKernel';
import { attentionBackward, attentionForward } from './attentionKernels';
import { embeddingBagBackward, embeddingBagForward } from './embeddingKernels';
import { quickGeluBackward, quickGeluForward } from './geluKernels';
import { layerNormBackward, layerNormForward } from './layerNormKernels';
import { columnSums, product, productTransposedLeft, productTransposedRight } from './products';

type Grad = Parameters<typeof tf.customGrad>[0];

/** Layer norm, both directions one kernel call each (c/layernorm.c); rows of a width divisible by 4, which the kernel reads 4 at a time. */
function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor2D {
  if ((x.shape[1] as number) % 4 !== 0) return plainOps.layerNorm(x, gamma, beta, eps);
  const f = tf.customGrad(((xx: tf.Tensor, g: tf.Tensor, bb: tf.Tensor, save: tf.GradSaveFunc) => {
    const [y, xh, r] = layerNormForward(xx, g, bb, eps);
    save([xh, r, g]);
    return { value: y, gradFunc: (dy: tf.Tensor, [xh0, r0, g0]: tf.Tensor[]) => layerNormBackward(dy, xh0, r0, g0) };
  }) as unknown as Grad);
  return f(x, gamma, beta) as tf.Tensor2D;
}

/** QuickGELU, one kernel call each way (c/gelu.c). */
const quickGelu = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const [y, sig] = quickGeluForward(x);
  save([sig, y]);
  return { value: y, gradFunc: (dy: tf.Tensor, [s0, y0]: tf.Tensor[]) => quickGeluBackward(dy, s0, y0) };
}) as unknown as Grad);

/**
 * Attention with the fused kernels (c/attention.c): each head is read in place from the rows, so no layout transposes,
 * and forward and backward are one kernel call each instead of ~150 small ones. The forward pass keeps the
 * probabilities [b, heads, n, n] for the backward.
 */
function attention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, b: number, n: number, heads: number, keyMask?: tf.Tensor2D): tf.Tensor {
  const mask = keyMask && keyMask.dtype !== 'float32' ? tf.cast(keyMask, 'float32') : keyMask;
  const attrs = { b, n, heads };
  const core = tf.customGrad(((qq: tf.Tensor, kk: tf.Tensor, vv: tf.Tensor, save: tf.GradSaveFunc) => {
    const [out, probs] = attentionForward(qq, kk, vv, mask, attrs);
    save([qq, kk, vv, probs]);
    return { value: out, gradFunc: (dout: tf.Tensor, [q0, k0, v0, p0]: tf.Tensor[]) => attentionBackward(q0, k0, v0, p0, dout, attrs) };
  }) as unknown as Grad);
  return core(q, k, v) as tf.Tensor;
}

/**
 * Σ_t weights[r, t] · table[ids[r, t]] per row (weights omitted: all 1), with only the table's gradient (c/embedding.c):
 * a lookup, not a product with mostly-zero one-hots.
 */
function embeddingBag(ids: tf.Tensor2D, weights: tf.Tensor2D | undefined, table: tf.Tensor): tf.Tensor2D {
  const vocab = table.shape[0] as number;
  const bag = tf.customGrad(((t: tf.Tensor, save: tf.GradSaveFunc) => {
    save(weights ? [ids, weights] : [ids]); // kept for the backward pass, which runs after the forward pass's tensors are freed
    return {
      value: embeddingBagForward(ids, weights, t),
      gradFunc: (dy: tf.Tensor, [ids0, weights0]: tf.Tensor[]) => embeddingBagBackward(ids0, weights0, dy, vocab),
    };
  }) as unknown as Grad);
  return bag(table) as tf.Tensor2D;
}

/** The operations the kit's wasm kernels replace (everything else stays plain tf). */
export const kernelOps: Partial<Ops> = {
  product,
  productTransposedLeft,
  productTransposedRight,
  columnSums,
  layerNorm,
  quickGelu: (x) => quickGelu(x) as tf.Tensor,
  attention,
  embedTokens: (ids, table) => embeddingBag(ids.reshape([-1, 1]), undefined, table),
  bagOfWords: (ids, mask, table) => embeddingBag(ids, tf.div(mask, tf.sum(mask, 1, true)) as tf.Tensor2D, table),
  adamUpdate,
};
