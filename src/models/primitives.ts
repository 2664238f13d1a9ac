import * as tf from '@tensorflow/tfjs-core';
import { ops } from '../ops/table';

/**
 * The models' building blocks: plain ops (matMul, add, mean, rsqrt, sigmoid, softmax, reshape, transpose) so that an
 * ONNX exporter can mirror them one to one. The heavy ones go through the operations table (src/ops): plain tf,
 * or faster kernels where the backend installed them, with the same values and gradients.
 */

/** Matmul FLOPs (2·m·k·n per product) counted while `flops.enabled`; the benchmark reads it. */
export const flops = { enabled: false, count: 0 };

/**
 * matMul with a hand-written gradient: dA = dy·bᵀ, dB = aᵀ·dy, as the table's products (on wasm the kit's kernels read
 * transposed operands in place) — tf's own gradient uses matMul(transposeA/B), 5–20× slower on wasm.
 * Without `leftGrad` the gradient of a is a zero placeholder (for data such as word counts): one matmul fewer.
 */
function matMulWithGrad(leftGrad: boolean) {
  return tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([a, b]);
    return {
      value: ops().product(a, b),
      gradFunc: (dy: tf.Tensor, [a0, b0]: tf.Tensor[]) => [
        leftGrad ? ops().productTransposedRight(dy, b0) : tf.zerosLike(a0),
        ops().productTransposedLeft(a0, dy),
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
      value: ops().product(x, kernel, bias),
      gradFunc: (dy: tf.Tensor, [x0, k0]: tf.Tensor[]) => [
        inputGrad ? ops().productTransposedRight(dy, k0) : tf.zerosLike(x0),
        ops().productTransposedLeft(x0, dy),
        ops().columnSums(dy),
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

/** ε of every layer norm (as in PyTorch's LayerNorm). */
export const LN_EPS = 1e-5;

/** Layer normalisation over the last axis: (x − mean) / √(var + ε) · γ + β, any leading axes. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  if (x.rank === 2) return ops().layerNorm(x as tf.Tensor2D, gamma, beta, LN_EPS); // no reshape (see dense)
  const w = x.shape[x.rank - 1] as number;
  return ops().layerNorm(x.reshape([-1, w]), gamma, beta, LN_EPS).reshape(x.shape);
}

/** CLIP's activation, QuickGELU: x · σ(1.702 x). */
export function quickGelu(x: tf.Tensor): tf.Tensor {
  return ops().quickGelu(x);
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

/** Token ids [b, L] → embeddings [b, L, w], with only the table's gradient (a lookup: one-hot × table, or a kernel). */
export function embedTokens(ids: tf.Tensor2D, table: tf.Tensor): tf.Tensor3D {
  const [b, L] = ids.shape as number[];
  const width = table.shape[1] as number;
  if (flops.enabled) flops.count += 2 * b * L * width; // the lookup's work, whichever way it runs
  return ops().embedTokens(ids, table).reshape([b, L, width]);
}

/** The mean of the embeddings of the real tokens (mask 1) of each text: ids, mask [b, L] → [b, w], with only the table's gradient. */
export function bagOfWords(ids: tf.Tensor2D, mask: tf.Tensor2D, table: tf.Tensor): tf.Tensor2D {
  const [b, L] = ids.shape as number[];
  if (flops.enabled) flops.count += 2 * b * L * (table.shape[1] as number);
  return ops().bagOfWords(ids, mask, table);
}
