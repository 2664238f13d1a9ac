import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/runtime/backend';
import { attentionCore } from '../../src/models/attention';

beforeAll(async () => {
  await initBackend();
});

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

/** The textbook formula, one sequence and head at a time (slices, matMul, softmax): shares no code with the kit's paths. */
function perHeadAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, b: number, n: number, heads: number, mask?: tf.Tensor2D): tf.Tensor {
  const d = (q.shape[1] as number) / heads;
  const rows: tf.Tensor[] = [];
  for (let s = 0; s < b; s++) {
    const outs: tf.Tensor[] = [];
    for (let h = 0; h < heads; h++) {
      const part = (t: tf.Tensor) => tf.slice(t, [s * n, h * d], [n, d]) as tf.Tensor2D;
      let scores = tf.div(tf.matMul(part(q), part(k), false, true), Math.sqrt(d));
      if (mask) scores = tf.add(scores, tf.mul(tf.sub(1, tf.slice(mask, [s, 0], [1, n])), -1e9));
      outs.push(tf.matMul(tf.softmax(scores), part(v)));
    }
    rows.push(tf.concat(outs, 1));
  }
  return tf.concat(rows, 0);
}

describe('attentionCore', () => {

  // [b, n, w, heads]: image-sized with two heads, text-sized with one, and an odd shape.
  test.each([
    [4, 16, 64, 2, false],
    [3, 12, 64, 1, true],
    [2, 5, 12, 3, true],
  ])('b=%i n=%i w=%i heads=%i mask=%s: same values and q/k/v gradients as the per-head textbook formula', (b, n, w, heads, masked) => {
    const q = tf.randomNormal([b * n, w], 0, 1, 'float32', 1);
    const k = tf.randomNormal([b * n, w], 0, 1, 'float32', 2);
    const v = tf.randomNormal([b * n, w], 0, 1, 'float32', 3);
    const weights = tf.randomNormal([b * n, w], 0, 1, 'float32', 4);
    // Sequence s keeps its first n − s tokens: every row of the mask differs.
    const mask = masked ? tf.tensor2d(Array.from({ length: b * n }, (_, i) => (i % n < n - Math.floor(i / n) ? 1 : 0)), [b, n]) : undefined;
    const ours = tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(attentionCore(x, y, z, b, n, heads, mask), weights)))([q, k, v]);
    const theirs = tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(perHeadAttention(x, y, z, b, n, heads, mask), weights)))([q, k, v]);
    const a = attentionCore(q, k, v, b, n, heads, mask);
    const r = perHeadAttention(q, k, v, b, n, heads, mask);
    expect(maxDiff(a, r)).toBeLessThan(1e-5);
    ours.forEach((g, i) => expect(maxDiff(g, theirs[i])).toBeLessThan(1e-4));
    // Padded keys get no attention: their values' gradient is zero.
    if (mask) {
      const dv = ours[2].reshape([b, n, w]).arraySync() as number[][][];
      expect(Math.max(...dv[b - 1].slice(n - (b - 1)).flat().map(Math.abs))).toBe(0);
    }
    tf.dispose([q, k, v, weights, a, r, ...ours, ...theirs, ...(mask ? [mask] : [])]);
  });

  test('leaves no tensors behind (forward and backward)', () => {
    const q = tf.randomNormal([32, 8], 0, 1, 'float32', 5);
    const before = tf.memory().numTensors;
    const g = tf.grads((x: tf.Tensor) => tf.sum(attentionCore(x, x, x, 4, 8, 2)))([q]);
    tf.dispose(g);
    expect(tf.memory().numTensors).toBe(before);
    q.dispose();
  });
});
