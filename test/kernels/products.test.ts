import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/runtime/backend';
import { replacedOps } from '../../src/ops/table';
import { columnSums, product, productTransposedLeft, productTransposedRight } from '../../src/kernels/products';

beforeAll(async () => {
  await initBackend('wasm');
});

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

describe("the kit's wasm product kernels", () => {
  test('are installed on wasm, so the comparisons below are not of tf with itself', () => {
    expect(replacedOps('wasm')).toEqual(expect.arrayContaining(['product', 'productTransposedLeft', 'productTransposedRight', 'columnSums']));
  });

  // [m, k, n]: the reference model's shapes, edges that fill no 4×8 tile, one row, and a reduction longer than a 256-row chunk.
  test.each([
    [2048, 64, 192],
    [37, 13, 21],
    [1, 5, 3],
    [9, 600, 10],
    [130, 300, 64],
  ])('m=%i k=%i n=%i: a·b, a·b + bias, aᵀ·b, a·bᵀ and column sums equal tf.matMul and tf.sum', (m, k, n) => {
    tf.tidy(() => {
      const a = tf.randomNormal([m, k], 0, 1, 'float32', 1);
      const b = tf.randomNormal([k, n], 0, 1, 'float32', 2);
      const bias = tf.randomNormal([n], 0, 1, 'float32', 3);
      const tol = 1e-4 * Math.sqrt(k);
      expect(maxDiff(product(a, b), tf.matMul(a, b))).toBeLessThan(tol);
      expect(maxDiff(product(a, b, bias), tf.add(tf.matMul(a, b), bias))).toBeLessThan(tol);
      const c = tf.randomNormal([m, n], 0, 1, 'float32', 4);
      expect(maxDiff(productTransposedLeft(a, c), tf.matMul(tf.transpose(a), c))).toBeLessThan(1e-4 * Math.sqrt(m));
      expect(maxDiff(productTransposedRight(c, b), tf.matMul(c, tf.transpose(b)))).toBeLessThan(1e-4 * Math.sqrt(n));
      expect(maxDiff(columnSums(c), tf.sum(c, 0))).toBeLessThan(1e-4 * Math.sqrt(m));
    });
  });

  test('write only their outputs: tensors made before and after them keep their values', () => {
    const before = tf.fill([257], 7);
    const a = tf.randomNormal([37, 13], 0, 1, 'float32', 5);
    const b = tf.randomNormal([13, 21], 0, 1, 'float32', 6);
    const after = tf.fill([257], 9);
    const outs = [product(a, b), productTransposedLeft(a, a), columnSums(a)];
    expect(Array.from(before.dataSync()).every((x) => x === 7)).toBe(true);
    expect(Array.from(after.dataSync()).every((x) => x === 9)).toBe(true);
    tf.dispose([before, a, b, after, ...outs]);
  });

  test('integer inputs are multiplied as floats', () => {
    tf.tidy(() => {
      const ids = tf.oneHot(tf.tensor1d([2, 0, 1], 'int32'), 3);
      const table = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
      expect(product(ids, table).arraySync()).toEqual([[5, 6], [1, 2], [3, 4]]);
    });
  });

  test('shapes that do not fit give an error naming them', () => {
    tf.tidy(() => {
      expect(() => product(tf.zeros([2, 3]), tf.zeros([4, 5]))).toThrow('cannot multiply [2,3] by [4,5]');
      expect(() => product(tf.zeros([2, 3]), tf.zeros([3, 5]), tf.zeros([4]))).toThrow('bias of shape [4] does not fit [3,5]');
      expect(() => productTransposedLeft(tf.zeros([2, 3]), tf.zeros([4, 5]))).toThrow('cannot multiply [2,3]ᵀ by [4,5]');
      expect(() => productTransposedRight(tf.zeros([2, 3]), tf.zeros([4, 5]))).toThrow('cannot multiply [2,3] by [4,5]ᵀ');
      expect(() => product(tf.zeros([2, 3, 1]), tf.zeros([3, 5]))).toThrow('a must be a matrix, got shape [2, 3, 1]');
    });
  });

  test('leave no tensors behind', () => {
    const a = tf.randomNormal([20, 8], 0, 1, 'float32', 7);
    const ids = tf.oneHot(tf.tensor1d([1, 0], 'int32'), 20); // int32: cast inside
    const before = tf.memory().numTensors;
    tf.dispose([product(ids, a), productTransposedLeft(a, a), productTransposedRight(a, a), columnSums(a)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, ids]);
  });
});
