import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/runtime/backend';
import { seededRandom } from '../../src/runtime/seed';
import { imageBatch } from '../../src/data/batch';
import { loadShapes } from '../../src/data/shapes-cache';
import { augmentedBatch } from '../../src/train/augment';

beforeAll(async () => {
  await initBackend();
});

describe('augmentedBatch', () => {
  const ds = loadShapes({ perClass: 2, testPerClass: 1, heldoutPerClass: 1 });
  const idx = [0, 1, 2, 3];

  test('with every change switched off it equals the plain batch', () => {
    const a = augmentedBatch(ds, idx, seededRandom(1), { minScale: 1, shift: 0, flip: 0, grey: 0, outline: 0, lineArt: 0 });
    const b = imageBatch(ds, idx);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);
  });

  test('is seeded, stays in [0, 1], and changes the images', () => {
    const [a, b, c] = [augmentedBatch(ds, idx, seededRandom(5)), augmentedBatch(ds, idx, seededRandom(5)), imageBatch(ds, idx)];
    expect(a.shape).toEqual([4, ds.size, ds.size, 3]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    const [min, max] = tf.tidy(() => [tf.min(a).dataSync()[0], tf.max(a).dataSync()[0]]);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    tf.dispose([a, b, c]);
  });

  test('a mirror flips columns and grey makes the channels equal', () => {
    const flipped = augmentedBatch(ds, [0], seededRandom(2), { minScale: 1, shift: 0, flip: 1, grey: 0 });
    const plain = imageBatch(ds, [0]);
    const back = tf.reverse(flipped, 2);
    expect(Array.from(back.dataSync())).toEqual(Array.from(plain.dataSync()));
    const grey = augmentedBatch(ds, [0], seededRandom(2), { minScale: 1, shift: 0, flip: 0, grey: 1 });
    const px = grey.dataSync();
    for (let i = 0; i < px.length; i += 3) expect(px[i]).toBe(px[i + 1]);
    tf.dispose([flipped, plain, back, grey]);
  });

  test('outlines darken exactly the pixels whose right or lower neighbour differs strongly; line art keeps only them', () => {
    const none = { minScale: 1, shift: 0, flip: 0, grey: 0, outline: 0, lineArt: 0 };
    const plain = imageBatch(ds, [0]);
    const outlined = augmentedBatch(ds, [0], seededRandom(3), { ...none, outline: 1 });
    const lines = augmentedBatch(ds, [0], seededRandom(3), { ...none, lineArt: 1 });
    const [p, o, l] = [plain.dataSync(), outlined.dataSync(), lines.dataSync()];
    const s = ds.size;
    const diff = (a: number, b: number) => Math.abs(p[a] - p[b]) + Math.abs(p[a + 1] - p[b + 1]) + Math.abs(p[a + 2] - p[b + 2]);
    let edges = 0;
    for (let y = 0; y < s; y++) {
      for (let x = 0; x < s; x++) {
        const i = (y * s + x) * 3;
        const edge = (x + 1 < s && diff(i, i + 3) > 0.6) || (y + 1 < s && diff(i, i + s * 3) > 0.6);
        if (edge) edges++;
        for (let c = 0; c < 3; c++) {
          expect(o[i + c]).toBeCloseTo(edge ? 0.1 : p[i + c], 6);
          expect(l[i + c]).toBeCloseTo(edge ? 0.1 : 1, 6);
        }
      }
    }
    // A shape on a background has an outline, but it is not the whole image.
    expect(edges).toBeGreaterThan(s);
    expect(edges).toBeLessThan((s * s) / 2);
    tf.dispose([plain, outlined, lines]);
  });
});
