import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/runtime/backend';
import { classificationLoss, clipLoss, matchingAccuracy } from '../../src/train/loss';
import { learningRateAt } from '../../src/train/schedule';

beforeAll(async () => {
  await initBackend();
});

/** Random unit vectors [n, d]. */
const unit = (n: number, d: number, seed: number) => tf.tidy(() => {
  const x = tf.randomNormal([n, d], 0, 1, 'float32', seed);
  return tf.div(x, tf.norm(x, 'euclidean', 1, true)) as tf.Tensor2D;
});
const value = (t: tf.Tensor) => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};

describe('clipLoss', () => {
  test('aligned pairs give a lower loss than shuffled ones', () => {
    const img = unit(16, 8, 1);
    const noise = unit(16, 8, 2);
    const txt = tf.tidy(() => tf.add(img, tf.mul(noise, 0.3)) as tf.Tensor2D);
    const shuffledTxt = tf.tidy(() => tf.reverse(txt, 0) as tf.Tensor2D);
    const aligned = value(tf.tidy(() => clipLoss(tf.mul(tf.matMul(img, txt, false, true), 10) as tf.Tensor2D)));
    const shuffled = value(tf.tidy(() => clipLoss(tf.mul(tf.matMul(img, shuffledTxt, false, true), 10) as tf.Tensor2D)));
    expect(aligned).toBeLessThan(shuffled);
    expect(aligned).toBeLessThan(Math.log(16));
    tf.dispose([img, noise, txt, shuffledTxt]);
  });

  test('is symmetric: swapping the roles of images and texts (transposing) gives the same loss', () => {
    const logits = tf.randomNormal([7, 7], 0, 3, 'float32', 4) as tf.Tensor2D;
    const a = value(clipLoss(logits));
    const b = value(tf.tidy(() => clipLoss(tf.transpose(logits))));
    expect(b).toBeCloseTo(a, 5);
    logits.dispose();
  });

  test('equals the mean of the row and column cross-entropies computed by hand', () => {
    const rows = [[2, 0.5, -1], [0, 1, 0.3], [1.5, -0.2, 0.1]];
    const ce = (xs: number[], k: number) => Math.log(xs.reduce((s, x) => s + Math.exp(x), 0)) - xs[k];
    const byRows = rows.reduce((s, r, i) => s + ce(r, i), 0) / 3;
    const byCols = [0, 1, 2].reduce((s, j) => s + ce(rows.map((r) => r[j]), j), 0) / 3;
    const t = tf.tensor2d(rows);
    expect(value(clipLoss(t))).toBeCloseTo((byRows + byCols) / 2, 5);
    t.dispose();
  });

  test('uniform logits give log(n), and the loss leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    const t = tf.zeros([5, 5]) as tf.Tensor2D;
    expect(value(clipLoss(t))).toBeCloseTo(Math.log(5), 5);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('matching accuracy counts rows whose best column is the diagonal', () => {
    const t = tf.tensor2d([[3, 0, 0], [0, 0, 5], [0, 0, 1]]);
    expect(value(matchingAccuracy(t))).toBeCloseTo(2 / 3, 5);
    t.dispose();
  });
});

describe('classificationLoss', () => {
  test('is lower for the right labels than for wrong ones', () => {
    const logits = tf.tensor2d([[4, 0, 0], [0, 4, 0]]);
    const right = tf.tensor1d([0, 1], 'int32');
    const wrong = tf.tensor1d([2, 0], 'int32');
    expect(value(classificationLoss(logits, right))).toBeLessThan(value(classificationLoss(logits, wrong)));
    tf.dispose([logits, right, wrong]);
  });
});

describe('learning-rate schedule', () => {
  test('warms up linearly, peaks, then decays by a cosine to zero', () => {
    expect(learningRateAt(1, 0, 10, 0)).toBeCloseTo(0.1);
    expect(learningRateAt(1, 9, 10, 0)).toBeCloseTo(1);
    expect(learningRateAt(1, 500, 10, 0.5)).toBeCloseTo(0.5);
    expect(learningRateAt(1, 999, 10, 1)).toBeCloseTo(0);
    const xs = [0.2, 0.4, 0.6, 0.8].map((p) => learningRateAt(1, 100, 10, p));
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeLessThan(xs[i - 1]);
  });
});

describe('clipLoss with same-concept groups (no false negatives)', () => {
  test('with all groups distinct it equals the plain loss', () => {
    const logits = tf.randomNormal([6, 6], 0, 3, 'float32', 11) as tf.Tensor2D;
    const plain = value(clipLoss(logits));
    expect(value(clipLoss(logits, ['a', 'b', 'c', 'd', 'e', 'f']))).toBeCloseTo(plain, 6);
    logits.dispose();
  });

  test('does not depend on the cross logits of two same-concept pairs, in either direction', () => {
    const groups = ['red circle', 'blue star', 'red circle', 'green square'];
    const base = tf.randomNormal([4, 4], 0, 2, 'float32', 12) as tf.Tensor2D;
    const rows = base.arraySync() as number[][];
    const bumped = rows.map((r) => r.slice());
    bumped[0][2] += 25; // image 0 with text 2: the same concept
    bumped[2][0] -= 17; // and image 2 with text 0
    const other = tf.tensor2d(bumped);
    const a = value(clipLoss(base, groups));
    const b = value(clipLoss(other, groups));
    expect(b).toBeCloseTo(a, 5);
    // Without the mask the same change matters a lot: the pairs were each other's negatives.
    expect(Math.abs(value(clipLoss(other)) - value(clipLoss(base)))).toBeGreaterThan(1);
    // The gradient with respect to those logits is exactly zero.
    const g = tf.grad((x: tf.Tensor) => clipLoss(x as tf.Tensor2D, groups))(base);
    const gv = g.arraySync() as number[][];
    expect(gv[0][2]).toBe(0);
    expect(gv[2][0]).toBe(0);
    expect(Math.abs(gv[0][1])).toBeGreaterThan(0);
    tf.dispose([base, other, g]);
  });

  test('a batch with repeated concepts reaches a lower loss with the mask when the embeddings are right', () => {
    // Two images of one concept share a text embedding: without the mask they cannot both be matched.
    const img = tf.tensor2d([[1, 0], [1, 0], [0, 1]]);
    const txt = tf.tensor2d([[1, 0], [1, 0], [0, 1]]);
    const logits = tf.tidy(() => tf.mul(tf.matMul(img, txt, false, true), 20) as tf.Tensor2D);
    const masked = value(clipLoss(logits, ['cat', 'cat', 'dog']));
    const plain = value(clipLoss(logits));
    expect(masked).toBeLessThan(1e-6);
    expect(plain).toBeGreaterThan(0.4);
    tf.dispose([img, txt, logits]);
  });

  test('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    const t = tf.zeros([3, 3]) as tf.Tensor2D;
    value(clipLoss(t, [1, 1, 2]));
    value(matchingAccuracy(t, [1, 1, 2]));
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
