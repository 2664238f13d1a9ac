import * as tf from '@tensorflow/tfjs-core';
import { initBackend, kernelsTurnedOff } from '../../src/runtime/backend';
import { replacedOps } from '../../src/ops/table';
import { dense, embedTokens, l2Normalize, layerNorm, mm, patchify, quickGelu, bagOfWords } from '../../src/models/primitives';

beforeAll(async () => {
  await initBackend();
});

test('runs on the path asked for: the kit\'s kernels on wasm, plain tf with CLIP_WORKSHOP_KERNELS=off or on other backends', async () => {
  const info = await initBackend();
  const kernels = info.name === 'wasm' && !kernelsTurnedOff();
  expect(info.kernels.active).toBe(kernels);
  if (kernels) expect(replacedOps()).toContain('layerNorm');
  else expect(replacedOps()).toEqual([]);
});

function close(a: tf.Tensor, b: tf.Tensor, tol = 1e-4): void {
  expect(a.shape).toEqual(b.shape);
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
  expect(d).toBeLessThan(tol);
}

describe('custom-gradient matmul', () => {
  test.each([
    ['2-D', [5, 7], [7, 3]],
    ['2-D tall (blocked transpose in the gradient)', [512, 7], [7, 3]],
  ])('%s: same values and gradients as tf.matMul', (_, sa, sb) => {
    const a = tf.randomNormal(sa as number[], 0, 1, 'float32', 1);
    const b = tf.randomNormal(sb as number[], 0, 1, 'float32', 2);
    const w = tf.randomNormal([...(sa as number[]).slice(0, -1), (sb as number[]).at(-1)!], 0, 1, 'float32', 3);
    // A weighted sum makes every output element's gradient different.
    const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(mm(x, y), w)))([a, b]);
    const theirs = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D), w)))([a, b]);
    close(mm(a, b), tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D));
    close(ours[0], theirs[0]);
    close(ours[1], theirs[1]);
    tf.dispose([a, b, w, ...ours, ...theirs]);
  });
});

test('mm without the left gradient (for data) keeps the right one and gives zeros for the left', () => {
  const a = tf.randomNormal([40, 7], 0, 1, 'float32', 8);
  const b = tf.randomNormal([7, 3], 0, 1, 'float32', 9);
  const w = tf.randomNormal([40, 3], 0, 1, 'float32', 10);
  const loss = (leftGrad: boolean) => (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(mm(x, y, { leftGrad }), w));
  const ours = tf.grads(loss(false))([a, b]);
  const full = tf.grads(loss(true))([a, b]);
  close(ours[1], full[1], 1e-5);
  expect(tf.tidy(() => tf.max(tf.abs(ours[0])).dataSync()[0])).toBe(0);
  tf.dispose([a, b, w, ...ours, ...full]);
});

describe('patchify', () => {
  test('cuts images into row-major patches ordered (row, column, channel)', () => {
    const [b, s, p] = [2, 4, 2];
    const data = Float32Array.from({ length: b * s * s * 3 }, (_, i) => i);
    const img = tf.tensor4d(data, [b, s, s, 3]);
    const patches = patchify(img, p);
    expect(patches.shape).toEqual([b, 4, p * p * 3]);
    const got = patches.arraySync();
    const px = (n: number, y: number, x: number, c: number) => data[((n * s + y) * s + x) * 3 + c];
    for (let n = 0; n < b; n++)
      for (let k = 0; k < 4; k++) {
        const [py, pxl] = [Math.floor(k / 2), k % 2];
        const want: number[] = [];
        for (let y = 0; y < p; y++) for (let x = 0; x < p; x++) for (let c = 0; c < 3; c++) want.push(px(n, py * p + y, pxl * p + x, c));
        expect(got[n][k]).toEqual(want);
      }
    tf.dispose([img, patches]);
  });
});

describe('embedTokens and friends', () => {
  test('gathers table rows, and its table gradient equals that of one-hot × table (repeated ids add up)', () => {
    const table = tf.randomNormal([10, 4], 0, 1, 'float32', 5);
    const ids = tf.tensor2d([[1, 2, 3], [9, 0, 0]], [2, 3], 'int32');
    const w = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 7);
    close(embedTokens(ids, table), tf.gather(table, ids));
    const ours = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(embedTokens(ids, t), w)))(table);
    const theirs = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.matMul(tf.oneHot(ids.reshape([-1]) as tf.Tensor1D, 10), t as tf.Tensor2D).reshape([2, 3, 4]), w)))(table);
    close(ours, theirs, 1e-5);
    tf.dispose([table, ids, w, ours, theirs]);
  });

  test('bagOfWords: the mean of the real tokens\' embeddings, with the table gradient of the one-hot formulation', () => {
    const table = tf.randomNormal([10, 8], 0, 1, 'float32', 15);
    // Repeated ids, padding (mask 0) and one text of a single token.
    const ids = tf.tensor2d([[1, 2, 2, 0], [9, 3, 0, 0], [4, 0, 0, 0]], [3, 4], 'int32');
    const mask = tf.tensor2d([[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0]]);
    const w = tf.randomNormal([3, 8], 0, 1, 'float32', 16);
    const plain = (t: tf.Tensor) => {
      const e = tf.matMul(tf.oneHot(ids.reshape([-1]) as tf.Tensor1D, 10).toFloat(), t as tf.Tensor2D).reshape([3, 4, 8]);
      return tf.div(tf.sum(tf.mul(e, mask.expandDims(2)), 1), tf.sum(mask, 1, true));
    };
    close(bagOfWords(ids, mask, table), plain(table), 1e-6);
    const ours = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(bagOfWords(ids, mask, t), w)))(table);
    const theirs = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(plain(t), w)))(table);
    close(ours, theirs, 1e-6);
    tf.dispose([table, ids, mask, w, ours, theirs]);
  });

  test('layer norm gives zero mean and unit variance per row; l2Normalize unit rows', () => {
    const x = tf.randomNormal([3, 16], 2, 5, 'float32', 6);
    const y = layerNorm(x, tf.ones([16]), tf.zeros([16]));
    const m = tf.moments(y, -1);
    close(m.mean, tf.zeros([3]), 1e-4);
    close(m.variance, tf.ones([3]), 1e-3);
    close(tf.norm(l2Normalize(x), 'euclidean', -1), tf.ones([3]), 1e-5);
    tf.dispose([x, y, m.mean, m.variance]);
  });
});

describe('layer norm with its analytic gradient', () => {
  // Width 8 over 15 and 320 rows, and width 6 (on wasm the kit's kernel takes widths divisible by 4, tf ops the rest).
  test.each([[[3, 5, 8]], [[4, 80, 8]], [[3, 5, 6]]])('matches the gradients tf derives from the plain formula (x %j)', (shape) => {
    const width = shape[2];
    const x = tf.randomNormal(shape, 1, 2, 'float32', 11);
    const gamma = tf.randomNormal([width], 1, 0.2, 'float32', 12);
    const beta = tf.randomNormal([width], 0, 0.2, 'float32', 13);
    const w = tf.randomNormal(shape, 0, 1, 'float32', 14);
    const plain = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const c = tf.sub(a, tf.mean(a, -1, true));
      return tf.add(tf.mul(tf.div(c, tf.sqrt(tf.add(tf.mean(tf.square(c), -1, true), 1e-5))), g), b);
    };
    const ours = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(layerNorm(a, g, b), w)))([x, gamma, beta]);
    const theirs = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(plain(a, g, b), w)))([x, gamma, beta]);
    close(layerNorm(x, gamma, beta), plain(x, gamma, beta), 1e-5);
    ours.forEach((g, i) => close(g, theirs[i], 1e-4));
    tf.dispose([x, gamma, beta, w, ...ours, ...theirs]);
  });
});

describe('dense with its hand-written gradient', () => {
  // Wider in than out and the reverse: the weight gradient is formed in two orientations.
  test.each([[6, 5], [5, 6]])('matches the values and gradients tf derives from matMul + bias add (in %i, out %i; relative 1e-4)', (inDim, outDim) => {
    // 4·80 = 320 rows: the blocked-transpose paths are taken.
    const x = tf.randomNormal([4, 80, inDim], 0, 1, 'float32', 21);
    const kernel = tf.randomNormal([inDim, outDim], 0, 1, 'float32', 22);
    const bias = tf.randomNormal([outDim], 0, 1, 'float32', 23);
    const w = tf.randomNormal([4, 80, outDim], 0, 1, 'float32', 24);
    const plain = (a: tf.Tensor, k: tf.Tensor, b: tf.Tensor) => tf.add(tf.matMul(a.reshape([-1, inDim]) as tf.Tensor2D, k as tf.Tensor2D), b).reshape([4, 80, outDim]);
    const ours = tf.grads((a: tf.Tensor, k: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(dense(a, k, b), w)))([x, kernel, bias]);
    const theirs = tf.grads((a: tf.Tensor, k: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(plain(a, k, b), w)))([x, kernel, bias]);
    close(dense(x, kernel, bias), plain(x, kernel, bias), 1e-5);
    ours.forEach((g, i) => {
      const scale = Math.max(1, tf.tidy(() => tf.max(tf.abs(theirs[i])).dataSync()[0]));
      close(g, theirs[i], 1e-4 * scale);
    });
    tf.dispose([x, kernel, bias, w, ...ours, ...theirs]);
  });
});

describe('dense without an input gradient (for pixels)', () => {
  test('gives the same values and weight gradients, and a zero placeholder for the input', () => {
    const x = tf.randomNormal([300, 6], 0, 1, 'float32', 25);
    const kernel = tf.randomNormal([6, 5], 0, 1, 'float32', 26);
    const bias = tf.randomNormal([5], 0, 1, 'float32', 27);
    const w = tf.randomNormal([300, 5], 0, 1, 'float32', 28);
    const loss = (inputGrad: boolean) => (a: tf.Tensor, k: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(dense(a, k, b, { inputGrad }), w));
    const ours = tf.grads(loss(false))([x, kernel, bias]);
    const full = tf.grads(loss(true))([x, kernel, bias]);
    close(dense(x, kernel, bias, { inputGrad: false }), dense(x, kernel, bias), 1e-7);
    close(ours[1], full[1], 1e-5);
    close(ours[2], full[2], 1e-5);
    expect(tf.tidy(() => tf.max(tf.abs(ours[0])).dataSync()[0])).toBe(0);
    expect(tf.tidy(() => tf.max(tf.abs(full[0])).dataSync()[0])).toBeGreaterThan(0);
    tf.dispose([x, kernel, bias, w, ...ours, ...full]);
  });
});

describe('quickGelu with its hand-written gradient', () => {
  // [7, 5]: 35 values, so a 4-wide loop leaves a tail; the last row adds ±60 (σ saturates).
  test.each([[[6, 40]], [[7, 5]]])('matches x·σ(1.702x) and the gradient tf derives from it (relative 1e-4), x %j', (shape) => {
    const extremes = tf.tensor2d([[-60, -30, 0, 30, 60, ...Array(shape[1] - 5).fill(1)]]);
    const x = tf.concat([tf.randomNormal([shape[0] - 1, shape[1]], 0, 3, 'float32', 31), extremes]);
    const w = tf.randomNormal(shape, 0, 1, 'float32', 32);
    const plain = (a: tf.Tensor) => tf.mul(a, tf.sigmoid(tf.mul(a, 1.702)));
    const ours = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(quickGelu(a), w)))(x);
    const theirs = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(plain(a), w)))(x);
    close(quickGelu(x), plain(x), 1e-6);
    close(ours, theirs, 1e-4 * Math.max(1, tf.tidy(() => tf.max(tf.abs(theirs)).dataSync()[0])));
    tf.dispose([extremes, x, w, ours, theirs]);
  });
});
