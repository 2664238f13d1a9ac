import * as tf from '@tensorflow/tfjs';
import { EMBEDDING_BAG_KERNEL, embeddingBagBackward, embeddingBagForward } from '../kernels/embeddingKernels';
import { GELU_KERNEL, quickGeluBackward, quickGeluForward } from '../kernels/geluKernels';
import { LAYER_NORM_KERNEL, layerNormBackward, layerNormForward } from '../kernels/layerNormKernels';
import { columnSums, product, productTransposedLeft, productTransposedRight } from '../kernels/products';
import { hasKernel } from '../kernels/register';

/**
 * The models' building blocks, all plain ops (matMul, add, mean, rsqrt, sigmoid, softmax,
 * reshape, transpose) so that an ONNX exporter can mirror them one to one.
 */

/** Matmul FLOPs (2·m·k·n per product) counted while `flops.enabled`; the benchmark reads it. */
export const flops = { enabled: false, count: 0 };

/**
 * matMul with a hand-written gradient: dA = dy·bᵀ, dB = aᵀ·dy, on the kit's wasm kernels (see src/kernels), which read
 * transposed operands in place — tf's own gradient uses matMul(transposeA/B), 5–20× slower on wasm.
 * Without `leftGrad` the gradient of a is a zero placeholder (for data such as word counts): one matmul fewer.
 */
function matMulWithGrad(leftGrad: boolean) {
  return tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([a, b]);
    return {
      value: product(a, b),
      gradFunc: (dy: tf.Tensor, [a0, b0]: tf.Tensor[]) => [
        leftGrad ? productTransposedRight(dy, b0) : tf.zerosLike(a0),
        productTransposedLeft(a0, dy),
      ],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
}
const matMulExplicitGrad = matMulWithGrad(true);
const matMulNoLeftGrad = matMulWithGrad(false);

/**
 * a [m,k] × b [k,n]; same values and gradients as tf.matMul, faster backward on wasm.
 * `leftGrad: false` skips the gradient of a — only when a is data, never an activation.
 * Returns a new tensor [m,n]; the caller (usually a tf.tidy) disposes it.
 */
export function mm<T extends tf.Tensor>(a: T, b: tf.Tensor, options: { leftGrad?: boolean } = {}): T {
  if (flops.enabled) flops.count += 2 * (a.shape[0] as number) * (a.shape[1] as number) * (b.shape[1] as number);
  return (options.leftGrad === false ? matMulNoLeftGrad : matMulExplicitGrad)(a, b) as T;
}

/**
 * x [n, in] · W [in, out] + b [out] with the gradient written out (dx = dy·Wᵀ, dW = xᵀ·dy, db = column sums of dy),
 * the bias added inside the product kernel. Without `inputGrad` the gradient of x is a zero placeholder
 * (for pixels, which need none): one matmul fewer.
 */
function denseWithGrad(inputGrad: boolean) {
  return tf.customGrad(((x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, kernel]);
    return {
      value: product(x, kernel, bias),
      gradFunc: (dy: tf.Tensor, [x0, k0]: tf.Tensor[]) => [
        inputGrad ? productTransposedRight(dy, k0) : tf.zerosLike(x0),
        productTransposedLeft(x0, dy),
        columnSums(dy),
      ],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
}
const denseExplicitGrad = denseWithGrad(true);
const denseNoInputGrad = denseWithGrad(false);

/**
 * x·W + b over the last axis of [..., in] → [..., out] (any leading axes, flattened for one 2-D matmul).
 * `inputGrad: false` (with a bias) skips the gradient of x — only for inputs that are data, never for activations.
 */
export function dense(x: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor, options: { inputGrad?: boolean } = {}): tf.Tensor {
  const inDim = x.shape[x.rank - 1] as number;
  const outDim = kernel.shape[1] as number;
  const lead = x.shape.slice(0, -1) as number[];
  // Rows in, rows out without a reshape: on wasm each reshape on the gradient path copies its input for the backward.
  const x2 = (x.rank === 2 ? x : x.reshape([-1, inDim])) as tf.Tensor2D;
  if (flops.enabled && bias) flops.count += 2 * x2.shape[0] * inDim * outDim;
  const withBias = options.inputGrad === false ? denseNoInputGrad : denseExplicitGrad;
  const y = bias ? (withBias(x2, kernel, bias) as tf.Tensor) : mm(x2, kernel);
  return x.rank === 2 ? y : y.reshape([...lead, outDim]);
}

/**
 * Layer norm of x [n, w] with its analytic gradient: tf's generic gradient of the same ops is about
 * 7× slower than the forward pass on wasm.
 * With x̂ = (x − μ)·r, r = 1/√(var + ε): dx = r·(g − mean(g) − x̂·mean(g·x̂)) where g = dy·γ;
 * dγ = Σ_rows dy·x̂ and dβ = Σ_rows dy. On wasm both directions are one kit kernel each (src/kernels/c/layernorm.c).
 */
const layerNorm2d = tf.customGrad(((x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, save: tf.GradSaveFunc) => {
  if (hasKernel(LAYER_NORM_KERNEL) && (x.shape[1] as number) % 4 === 0) {
    const [y, xh, r] = layerNormForward(x, gamma, beta, LN_EPS);
    save([xh, r, gamma]);
    return { value: y, gradFunc: (dy: tf.Tensor, [xh0, r0, g0]: tf.Tensor[]) => layerNormBackward(dy, xh0, r0, g0) };
  }
  const centred = tf.sub(x, tf.mean(x, -1, true));
  const r = tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), LN_EPS));
  const xHat = tf.mul(centred, r);
  save([xHat, r, gamma]);
  return {
    value: tf.add(tf.mul(xHat, gamma), beta),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xh, rr, g0] = saved;
      const g = tf.mul(dy, g0);
      const dx = tf.mul(rr, tf.sub(tf.sub(g, tf.mean(g, -1, true)), tf.mul(xh, tf.mean(tf.mul(g, xh), -1, true))));
      return [dx, columnSums(tf.mul(dy, xh)), columnSums(dy)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

/** ε of every layer norm (as in PyTorch's LayerNorm). */
export const LN_EPS = 1e-5;

/** Layer normalisation over the last axis: (x − mean) / √(var + ε) · γ + β, any leading axes. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  if (x.rank === 2) return layerNorm2d(x, gamma, beta) as tf.Tensor; // no reshape (see dense)
  const w = x.shape[x.rank - 1] as number;
  return (layerNorm2d(x.reshape([-1, w]), gamma, beta) as tf.Tensor).reshape(x.shape);
}

/**
 * QuickGELU with its derivative written out, σ + 1.702·x·σ·(1 − σ): fewer elementwise ops than tf's chain rule;
 * on wasm one kit kernel each way (src/kernels/c/gelu.c).
 */
const quickGeluGrad = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  if (hasKernel(GELU_KERNEL)) {
    const [y, sig] = quickGeluForward(x);
    save([sig, y]);
    return { value: y, gradFunc: (dy: tf.Tensor, [s0, y0]: tf.Tensor[]) => quickGeluBackward(dy, s0, y0) };
  }
  const s = tf.sigmoid(tf.mul(x, 1.702));
  const value = tf.mul(x, s);
  save([s, value]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, [s0, xs]: tf.Tensor[]) => tf.mul(dy, tf.add(s0, tf.mul(tf.mul(xs, 1.702), tf.sub(1, s0)))),
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

/** CLIP's activation, QuickGELU: x · σ(1.702 x). */
export function quickGelu(x: tf.Tensor): tf.Tensor {
  return quickGeluGrad(x) as tf.Tensor;
}

/** Mean over tokens [b, n, w] → [b, w], counting only positions where mask [b, n] is 1 (all when no mask). */
export function maskedMean(x: tf.Tensor3D, mask?: tf.Tensor2D): tf.Tensor2D {
  if (!mask) return tf.mean(x, 1);
  const m = mask.expandDims(2);
  return tf.div(tf.sum(tf.mul(x, m), 1), tf.sum(m, 1)) as tf.Tensor2D;
}

/** Rows scaled to unit length: x / ‖x‖ over the last axis ([b, d] → [b, d]). */
export function l2Normalize<T extends tf.Tensor>(x: T): T {
  return tf.mul(x, tf.rsqrt(tf.add(tf.sum(tf.square(x), -1, true), 1e-12))) as T;
}

/**
 * Images [b, H, W, 3] → patch vectors [b, (H/p)(W/p), p·p·3], row by row, each patch's values
 * ordered (row in patch, column in patch, channel). Reshape/transpose only: the wasm backend
 * has no Conv2D weight gradient.
 */
export function patchify(images: tf.Tensor4D, p: number): tf.Tensor3D {
  const [b, h, w, c] = images.shape as number[];
  const rows = h / p;
  const cols = w / p;
  return images
    .reshape([b * rows, p, cols, p * c])
    .transpose([0, 2, 1, 3])
    .reshape([b, rows * cols, p * p * c]) as tf.Tensor3D;
}

/**
 * Σ_t weights[r, t] · table[ids[r, t]] per row (weights omitted: all 1), with only the table's gradient, on the
 * kit's embedding-bag kernel (src/kernels/c/embedding.c): a lookup, not a product with mostly-zero one-hots.
 */
function embeddingBag(ids: tf.Tensor2D, weights: tf.Tensor2D | undefined, table: tf.Tensor): tf.Tensor2D {
  const vocab = table.shape[0] as number;
  const bag = tf.customGrad(((t: tf.Tensor, save: tf.GradSaveFunc) => {
    save(weights ? [ids, weights] : [ids]); // kept for the backward pass, which runs after the forward pass's tensors are freed
    return {
      value: embeddingBagForward(ids, weights, t),
      gradFunc: (dy: tf.Tensor, [ids0, weights0]: tf.Tensor[]) => embeddingBagBackward(ids0, weights0, dy, vocab),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return bag(table) as tf.Tensor2D;
}

/**
 * Token ids [b, L] → embeddings [b, L, w], with only the table's gradient. On wasm an embedding bag of one token
 * per row; elsewhere one-hot × table (wasm's own gather is slow and has no gradient kernel).
 */
export function embedTokens(ids: tf.Tensor2D, table: tf.Tensor): tf.Tensor3D {
  const [b, L] = ids.shape as number[];
  const [vocab, width] = table.shape as number[];
  if (hasKernel(EMBEDDING_BAG_KERNEL)) {
    if (flops.enabled) flops.count += 2 * b * L * width;
    return embeddingBag(ids.reshape([b * L, 1]), undefined, table).reshape([b, L, width]);
  }
  const oneHot = tf.oneHot(ids.reshape([-1]) as tf.Tensor1D, vocab) as tf.Tensor2D;
  return (mm(oneHot, table, { leftGrad: false }) as tf.Tensor).reshape([b, L, width]) as tf.Tensor3D;
}

/**
 * The mean of the embeddings of the real tokens (mask 1) of each text: ids, mask [b, L] → [b, w]. On wasm an embedding bag
 * weighted by mask / Σ mask; elsewhere (the mean of the masked one-hots) × table, the word counts from one
 * bincount weighted by the mask (8× faster on wasm than summing [b, L, V] one-hots).
 */
export function bagOfWords(ids: tf.Tensor2D, mask: tf.Tensor2D, table: tf.Tensor): tf.Tensor2D {
  const [b, L] = ids.shape as number[];
  const [vocab, width] = table.shape as number[];
  const tokens = tf.sum(mask, 1, true);
  if (hasKernel(EMBEDDING_BAG_KERNEL)) {
    if (flops.enabled) flops.count += 2 * b * L * width;
    return embeddingBag(ids, tf.div(mask, tokens) as tf.Tensor2D, table);
  }
  const wordFractions = tf.div(tf.denseBincount(ids, mask, vocab), tokens) as tf.Tensor2D;
  return mm(wordFractions, table, { leftGrad: false });
}
