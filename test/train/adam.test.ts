import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/runtime/backend';
import { Adam } from '../../src/train/adam';

beforeAll(async () => {
  await initBackend();
});

/** Textbook AdamW on plain numbers (Kingma & Ba 2015, Algorithm 1; decay as in Loshchilov & Hutter), one element, lrs[i] at step i. */
function reference(x0: number, grads: number[], lrs: number[], wd: number, b1 = 0.9, b2 = 0.999, eps = 1e-8): number {
  let [x, m, v] = [x0, 0, 0];
  grads.forEach((g, i) => {
    const t = i + 1;
    const lr = lrs[i];
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    const step = (lr * (m / (1 - b1 ** t))) / (Math.sqrt(v / (1 - b2 ** t)) + eps);
    x = x - step - (wd ? lr * wd * x : 0);
  });
  return x;
}

describe('Adam', () => {
  test('matches textbook AdamW element by element: matrices decay, vectors and scalars (updated as one flat group) do not', () => {
    const shapes = [[3, 2], [2], [], [4], [2, 2]];
    const vars = shapes.map((s, i) => tf.variable(tf.randomNormal(s, 0, 1, 'float32', i + 1)));
    const x0 = vars.map((v) => Array.from(v.dataSync()));
    // Gradients vary by step and element, so a mixed-up element or step shows.
    const gradAt = (step: number, vi: number, e: number) => Math.sin(1 + step * 7 + vi * 3 + e * 0.37);
    const adam = new Adam({ weightDecay: 0.1 });
    const lrs = [0.01, 0.02, 0.005];
    lrs.forEach((lr, step) => {
      const grads = vars.map((v, vi) => tf.tensor(Array.from({ length: v.size }, (_, e) => gradAt(step, vi, e)), v.shape));
      adam.apply(vars, grads, lr);
      tf.dispose(grads);
    });
    vars.forEach((v, vi) => {
      const got = Array.from(v.dataSync());
      got.forEach((g, e) => {
        const want = reference(x0[vi][e], lrs.map((_, i) => gradAt(i, vi, e)), lrs, v.rank >= 2 ? 0.1 : 0);
        expect(g).toBeCloseTo(want, 5);
      });
    });
    adam.dispose();
    tf.dispose(vars);
  });

  test('a constant gradient moves each weight by about lr per step, whatever its scale (the point of Adam)', () => {
    const v = tf.variable(tf.tensor1d([0, 0]));
    const adam = new Adam();
    for (let i = 0; i < 5; i++) tf.tidy(() => adam.apply([v], [tf.tensor1d([1e-3, 1e3])], 0.1));
    const [a, b] = Array.from(v.dataSync());
    expect(a).toBeCloseTo(reference(0, Array(5).fill(1e-3), Array(5).fill(0.1), 0), 4);
    expect(a).toBeCloseTo(-0.5, 2);
    expect(b).toBeCloseTo(-0.5, 2);
    adam.dispose();
    v.dispose();
  });

  test('keeps its moments between steps and frees them on dispose (no tensor growth)', () => {
    const vars = [tf.variable(tf.ones([3, 3])), tf.variable(tf.ones([3]))];
    const before = tf.memory().numTensors;
    const adam = new Adam();
    const grads = vars.map((v) => tf.onesLike(v));
    adam.apply(vars, grads, 0.1);
    const afterFirst = tf.memory().numTensors;
    adam.apply(vars, grads, 0.1);
    expect(tf.memory().numTensors).toBe(afterFirst);
    adam.dispose();
    tf.dispose(grads);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(vars);
  });
});
