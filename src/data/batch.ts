import * as tf from '@tensorflow/tfjs-core';
import { Rng, randomInt, shuffled } from '../runtime/seed';
import { UserError } from '../runtime/errors';
import { ImageTextDataset, Split, datasetLength } from './types';

/** Checks that every index points at an image of `ds`. */
function checkIndices(ds: ImageTextDataset, indices: readonly number[]): void {
  const n = datasetLength(ds);
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`Image index ${i} is outside the dataset "${ds.name}" of ${n} images.`);
  }
}

/** The uint8 HWC pixels of image `i` (a view, not a copy). */
export function imagePixels(ds: ImageTextDataset, i: number): Uint8Array {
  const bytes = ds.size * ds.size * 3;
  return ds.pixels.subarray(i * bytes, (i + 1) * bytes);
}

/**
 * The images at `indices` as float32 in [0, 1].
 * @returns a new tensor of shape [batch, size, size, 3]; the caller disposes it.
 */
export function imageBatch(ds: ImageTextDataset, indices: readonly number[]): tf.Tensor4D {
  checkIndices(ds, indices);
  const bytes = ds.size * ds.size * 3;
  const data = new Float32Array(indices.length * bytes);
  indices.forEach((idx, b) => {
    const src = ds.pixels.subarray(idx * bytes, (idx + 1) * bytes);
    const off = b * bytes;
    for (let k = 0; k < bytes; k++) data[off + k] = src[k] / 255;
  });
  return tf.tensor4d(data, [indices.length, ds.size, ds.size, 3], 'float32');
}

/** A new dataset with only the images at `indices` (pixels copied), same class names. */
export function subset<T extends ImageTextDataset>(ds: T, indices: readonly number[]): T {
  checkIndices(ds, indices);
  const bytes = ds.size * ds.size * 3;
  const pixels = new Uint8Array(indices.length * bytes);
  indices.forEach((idx, b) => pixels.set(ds.pixels.subarray(idx * bytes, (idx + 1) * bytes), b * bytes));
  return {
    ...ds,
    pixels,
    captions: indices.map((i) => ds.captions[i].slice()),
    labels: Int32Array.from(indices, (i) => ds.labels[i]),
    meta: indices.map((i) => ({ ...ds.meta[i] })),
  };
}

/** Indices of the images in `split` (or any of several splits), in dataset order. */
export function splitIndices(ds: ImageTextDataset, split: Split | readonly Split[]): number[] {
  const want = new Set<string>(typeof split === 'string' ? [split] : split);
  const out: number[] = [];
  ds.meta.forEach((m, i) => {
    if (want.has(m.split)) out.push(i);
  });
  return out;
}

/** Indices of the images whose label is a class (label ≥ 0), optionally within `indices`. */
export function labelledIndices(ds: ImageTextDataset, indices?: readonly number[]): number[] {
  return (indices ?? ds.meta.map((_, i) => i)).filter((i) => ds.labels[i] >= 0);
}

/** One contrastive batch: image indices and the one caption picked for each. */
export interface PairBatch {
  indices: number[];
  captions: string[];
}

export interface SampleBatchesOptions {
  /** Images to draw from (default: the 'train' split). */
  indices?: readonly number[];
  /**
   * What must be distinct within a batch besides the picked captions (always distinct). 'concept' (default):
   * no two images of the same concept either, so no caption describes two images of a batch — the
   * contrastive target stays a permutation. 'caption': only the captions differ (larger batches, softer targets).
   */
  unique?: 'concept' | 'caption';
  /** Drop the last, smaller batch (default true: the loss expects full batches). */
  dropLast?: boolean;
}

/**
 * One epoch of contrastive batches: every image of `indices` at most once, a random caption per image,
 * no duplicate caption (and by default no duplicate concept) within a batch. Images that cannot join a batch without a clash wait
 * for the next one. Seeded: the same `rng` state gives the same batches.
 * Throws when `unique` is 'concept' and `batchSize` exceeds the number of distinct concepts.
 */
export function sampleBatches(ds: ImageTextDataset, batchSize: number, rng: Rng, options: SampleBatchesOptions = {}): PairBatch[] {
  const pool = options.indices ?? splitIndices(ds, 'train');
  checkIndices(ds, pool);
  const unique = options.unique ?? 'concept';
  const dropLast = options.dropLast ?? true;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new UserError(`The batch size must be a positive whole number, not ${batchSize}.`);
  if (unique === 'concept') {
    const concepts = new Set(pool.map((i) => ds.meta[i].concept)).size;
    if (batchSize > concepts) {
      throw new UserError(`A batch of ${batchSize} images cannot hold distinct concepts: "${ds.name}" has only ${concepts} here; use a batch size of at most ${concepts}.`);
    }
  }
  const batches: PairBatch[] = [];
  let waiting = shuffled(pool, rng);
  while (waiting.length > 0) {
    const batch: PairBatch = { indices: [], captions: [] };
    const used = new Set<string>();
    const later: number[] = [];
    let k = 0;
    for (; k < waiting.length && batch.indices.length < batchSize; k++) {
      const i = waiting[k];
      // Concepts and captions share one set under distinct prefixes: the batch must repeat neither.
      const concept = 'c:' + ds.meta[i].concept;
      const free = ds.captions[i].filter((t) => !used.has('t:' + t));
      if ((unique === 'concept' && used.has(concept)) || free.length === 0) {
        later.push(i);
        continue;
      }
      const t = free[randomInt(rng, free.length)];
      used.add(concept);
      used.add('t:' + t);
      batch.indices.push(i);
      batch.captions.push(t);
    }
    if (batch.indices.length < batchSize && (dropLast || batch.indices.length === 0)) break;
    batches.push(batch);
    // Images that waited go first next time, so none starves.
    waiting = later.concat(waiting.slice(k));
  }
  return batches;
}
