import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/runtime/backend';
import { embeddingBagBackward, embeddingBagForward } from '../../src/kernels/embeddingKernels';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('the embedding-bag kernels', () => {
  test('sum weighted table rows; ids outside the table add nothing and its gradient rows stay untouched', () => {
    tf.tidy(() => {
      const table = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
      const ids = tf.tensor2d([[0, 2], [1, -1], [7, 1]], [3, 2], 'int32');
      const weights = tf.tensor2d([[0.5, 0.5], [1, 1], [1, 2]]);
      expect(embeddingBagForward(ids, weights, table).arraySync()).toEqual([[3, 4], [3, 4], [6, 8]]);
      expect(embeddingBagForward(ids, undefined, table).arraySync()).toEqual([[6, 8], [3, 4], [3, 4]]);
      const dy = tf.tensor2d([[1, 1], [10, 10], [100, 100]]);
      // Row 1 gets 10 (text 1) + 2·100 (text 2); rows 0 and 2 get half of text 0 each.
      expect(embeddingBagBackward(ids, weights, dy, 3).arraySync()).toEqual([[0.5, 0.5], [210, 210], [0.5, 0.5]]);
    });
  });
});
