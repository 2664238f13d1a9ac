import * as tf from '@tensorflow/tfjs-core';
import { loadShapes } from '../../src/data/shapes-cache';
import { imageBatch, sampleBatches, splitIndices, subset } from '../../src/data/batch';
import { seededRandom } from '../../src/runtime/seed';
import { initBackend } from '../../src/runtime/backend';

const ds = loadShapes({ perClass: 6, testPerClass: 2, heldoutPerClass: 2, seed: 1 });

describe('batching', () => {
  beforeAll(() => initBackend());

  it('turns images into a float [b, size, size, 3] tensor in [0, 1] without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const idx = [0, 5, 17];
    const t = imageBatch(ds, idx);
    expect(t.shape).toEqual([3, 32, 32, 3]);
    expect(t.dtype).toBe('float32');
    const v = await t.data();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThanOrEqual(1);
    // The second image of the batch is dataset image 5.
    const off = 32 * 32 * 3;
    expect(v[off + 100]).toBeCloseTo(ds.pixels[5 * off + 100] / 255, 6);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects an index outside the dataset', () => {
    expect(() => imageBatch(ds, [ds.meta.length])).toThrow(/outside/);
  });

  it('subsets pixels, captions, labels and meta consistently', () => {
    const idx = splitIndices(ds, 'heldout');
    const sub = subset(ds, idx);
    expect(sub.meta).toHaveLength(idx.length);
    expect(sub.meta.every((m) => m.split === 'heldout')).toBe(true);
    expect(Buffer.from(sub.pixels.subarray(0, 3072)).equals(Buffer.from(ds.pixels.subarray(idx[0] * 3072, idx[0] * 3072 + 3072)))).toBe(true);
    expect(sub.labels[1]).toBe(ds.labels[idx[1]]);
  });

  it('samples seeded batches with distinct concepts, each image at most once', () => {
    const a = sampleBatches(ds, 16, seededRandom(9));
    const b = sampleBatches(ds, 16, seededRandom(9));
    expect(a).toEqual(b);
    const seen = new Set<number>();
    const train = new Set(splitIndices(ds, 'train'));
    for (const batch of a) {
      expect(batch.indices).toHaveLength(16);
      expect(new Set(batch.indices.map((i) => ds.meta[i].concept)).size).toBe(16);
      expect(new Set(batch.captions).size).toBe(16);
      batch.indices.forEach((i, k) => {
        expect(train.has(i)).toBe(true);
        expect(seen.has(i)).toBe(false);
        seen.add(i);
        expect(ds.captions[i]).toContain(batch.captions[k]);
      });
    }
    expect(seen.size).toBeGreaterThan(train.size * 0.8);
  });

  it('with unique captions never repeats a caption in a batch', () => {
    for (const batch of sampleBatches(ds, 40, seededRandom(2), { unique: 'caption' })) {
      expect(new Set(batch.captions).size).toBe(batch.captions.length);
    }
  });

  it('refuses a batch larger than the number of concepts', () => {
    expect(() => sampleBatches(ds, 31, seededRandom(1))).toThrow(/at most 30/);
  });
});
