import * as tf from '@tensorflow/tfjs';
import { COLUMN_SUMS_KERNEL, GEMM_KERNEL } from './gemm';
import { hasKernel } from './register';

/**
 * The three products of a dense layer's training step and the bias gradient, each on the kit's wasm kernels
 * when the current backend has them (wasm, after installWasmKernels) and on tf's own ops otherwise.
 * Every function returns a new float32 tensor; the caller (usually a tf.tidy) disposes it.
 */

function matrix(t: tf.Tensor, what: string): tf.Tensor2D {
  if (t.rank !== 2) throw new Error(`${what} must be a matrix, got shape [${t.shape.join(', ')}]`);
  return (t.dtype === 'float32' ? t : tf.cast(t, 'float32')) as tf.Tensor2D;
}

/** a [m, k] · b [k, n] (+ bias [n] on every row). */
export function product(a: tf.Tensor, b: tf.Tensor, bias?: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => productUntidy(a, b, bias));
}

function productUntidy(a: tf.Tensor, b: tf.Tensor, bias?: tf.Tensor): tf.Tensor2D {
  const [a2, b2] = [matrix(a, 'a'), matrix(b, 'b')];
  if (a2.shape[1] !== b2.shape[0]) throw new Error(`cannot multiply [${a2.shape}] by [${b2.shape}]`);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== b2.shape[1])) throw new Error(`bias of shape [${bias.shape}] does not fit [${b2.shape}]`);
  if (!hasKernel(GEMM_KERNEL)) return (bias ? tf.add(tf.matMul(a2, b2), bias) : tf.matMul(a2, b2)) as tf.Tensor2D;
  const inputs: tf.NamedTensorMap = bias ? { a: a2, b: b2, bias: bias.dtype === 'float32' ? bias : tf.cast(bias, 'float32') } : { a: a2, b: b2 };
  return tf.engine().runKernel(GEMM_KERNEL, inputs, { transposeA: false }) as tf.Tensor2D;
}

/** aᵀ · b for a [k, m], b [k, n] → [m, n] (a weight gradient xᵀ·dy). */
export function productTransposedLeft(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const [a2, b2] = [matrix(a, 'a'), matrix(b, 'b')];
    if (a2.shape[0] !== b2.shape[0]) throw new Error(`cannot multiply [${a2.shape}]ᵀ by [${b2.shape}]`);
    // Explicit transpose: wasm's matMul(transposeA) is 5–20× slower than transposing first.
    if (!hasKernel(GEMM_KERNEL)) return tf.matMul(tf.transpose(a2), b2);
    return tf.engine().runKernel(GEMM_KERNEL, { a: a2, b: b2 }, { transposeA: true }) as tf.Tensor2D;
  });
}

/** a · bᵀ for a [m, k], b [n, k] → [m, n] (an input gradient dy·Wᵀ; b is a small weight, transposed once). */
export function productTransposedRight(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => productUntidy(a, tf.transpose(matrix(b, 'b'))));
}

/** Column sums of x [r, n] → [n] (a bias gradient). */
export function columnSums(x: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const x2 = matrix(x, 'x');
    if (!hasKernel(COLUMN_SUMS_KERNEL)) return tf.sum(x2, 0);
    return tf.engine().runKernel(COLUMN_SUMS_KERNEL, { x: x2 }) as tf.Tensor1D;
  });
}
