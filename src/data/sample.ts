import { DEFAULT_SEED, randomInt, seededRandom, shuffled } from '../runtime/seed';
import { ImageTextDataset, Split } from './types';
import { imagePixels } from './batch';

/** One image of a sample grid, ready for a chart (viz's imageGrid / datasetThumbnails). */
export interface SampleItem {
  index: number;
  /** [size, size, 3] uint8 HWC (a view into the dataset). */
  pixels: Uint8Array;
  size: number;
  /** One of the image's captions, picked with the seed. */
  caption: string;
  concept: string;
  style: string;
  split: Split;
}

/**
 * `n` images for a notebook's sample grid, seeded: distinct concepts first (then repeats if there are
 * fewer concepts than `n`), each with one of its captions. `split` restricts the pool.
 */
export function sampleGrid(ds: ImageTextDataset, n: number, seed = DEFAULT_SEED, split?: Split): SampleItem[] {
  const rng = seededRandom(seed);
  const pool = shuffled(
    ds.meta.map((m, i) => (split === undefined || m.split === split ? i : -1)).filter((i) => i >= 0),
    rng,
  );
  const seen = new Set<string>();
  const first: number[] = [];
  const rest: number[] = [];
  for (const i of pool) {
    const c = ds.meta[i].concept;
    if (!seen.has(c)) {
      seen.add(c);
      first.push(i);
    } else rest.push(i);
  }
  return first
    .concat(rest)
    .slice(0, n)
    .map((index) => ({
      index,
      pixels: imagePixels(ds, index),
      size: ds.size,
      caption: ds.captions[index][randomInt(rng, ds.captions[index].length)],
      concept: ds.meta[index].concept,
      style: ds.meta[index].style,
      split: ds.meta[index].split,
    }));
}
