import * as tf from '@tensorflow/tfjs-core';
import { productOperands, transposedLeftOperands, matrix } from '../ops/plain';
import { COLUMN_SUMS_KERNEL, GEMM_KERNEL } from './gemm';

/**
 * The three products of a dense layer's training step and the bias gradient on the kit's gemm kernels (wasm,
 * once installed): same checks and values as the plain-tf versions. Each returns a new float32 tensor.
 */

function productUntidy(a: tf.Tensor, b: tf.Tensor, bias?: tf.Tensor): tf.Tensor2D {
  const [a2, b2] = productOperands(a, b, bias);
  const inputs: tf.NamedTensorMap = bias ? { a: a2, b: b2, bias: bias.dtype === 'float32' ? bias : tf.cast(bias, 'float32') } : { a: a2, b: b2 };
  return tf.engine().runKernel(GEMM_KERNEL, inputs, { transposeA: false }) as tf.Tensor2D;
}

/** a [m, k] · b [k, n] (+ bias [n] on every row). */
export function product(a: tf.Tensor, b: tf.Tensor, bias?: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => productUntidy(a, b, bias));
}

/** aᵀ · b for a [k, m], b [k, n] → [m, n], a read transposed in place. */
export function productTransposedLeft(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const [a2, b2] = transposedLeftOperands(a, b);
    return tf.engine().runKernel(GEMM_KERNEL, { a: a2, b: b2 }, { transposeA: true }) as tf.Tensor2D;
  });
}

/** a · bᵀ for a [m, k], b [n, k] → [m, n] (b is a small weight, transposed inside the kernel call). */
export function productTransposedRight(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const [a2, b2] = [matrix(a, 'a'), matrix(b, 'b')];
    if (a2.shape[1] !== b2.shape[1]) throw new Error(`cannot multiply [${a2.shape}] by [${b2.shape}]ᵀ`);
    return tf.engine().runKernel(GEMM_KERNEL, { a: a2, b: b2 }, { transposeA: false, transposeB: true }) as tf.Tensor2D;
  });
}

/** Column sums of x [r, n] → [n]. */
export function columnSums(x: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.engine().runKernel(COLUMN_SUMS_KERNEL, { x: matrix(x, 'x') }) as tf.Tensor1D);
}
