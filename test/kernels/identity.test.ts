import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/runtime/backend';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('zero-copy Identity on wasm', () => {
  test('a clone has the same values and outlives its source (shared memory is reference-counted)', () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const y = tf.clone(x);
    x.dispose();
    expect(y.arraySync()).toEqual([[1, 2], [3, 4]]);
    y.dispose();
    expect(x.isDisposed && y.isDisposed).toBe(true);
  });

  test('assigning a variable leaves the earlier clone of it unchanged', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const snapshot = tf.clone(v);
    v.assign(tf.tensor1d([7, 8, 9]));
    expect(Array.from(snapshot.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(v.dataSync())).toEqual([7, 8, 9]);
    tf.dispose([v, snapshot]);
  });

  test('string tensors still clone, and the backend frees shared memory once the last user is gone', () => {
    const s = tf.clone(tf.tensor1d(['a', 'b'], 'string'));
    expect(s.arraySync()).toEqual(['a', 'b']);
    s.dispose();
    const before = tf.memory().numBytes;
    const x = tf.zeros([1000]);
    const clones = [tf.clone(x), tf.clone(x)];
    tf.dispose([x, ...clones]);
    expect(tf.memory().numBytes).toBe(before);
  });
});
