import type { ImageTextDataset } from '../data/types';
import { UserError } from '../runtime/errors';
import type { ImageGridItem } from './imageGrid';
import { pngDataUrl } from './pngDataUrl';

/** The pixels of image `i` of a dataset, [size, size, 3] uint8 (a view, not a copy). */
export function datasetImagePixels(ds: ImageTextDataset, i: number): Uint8Array {
  const n = ds.meta.length;
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new UserError(`Image ${i} is not in dataset "${ds.name}" (it has ${n}); pass an index from 0 to ${n - 1}.`);
  const bytes = ds.size * ds.size * 3;
  return ds.pixels.subarray(i * bytes, (i + 1) * bytes);
}

/**
 * Image-grid tiles for images `indices` of a dataset: each image as a PNG data URL, captioned by
 * `caption(i)` (default: the image's first caption).
 */
export async function datasetThumbnails(
  ds: ImageTextDataset,
  indices: number[],
  caption: (i: number) => string = (i) => ds.captions[i]?.[0] ?? ds.meta[i].concept,
): Promise<ImageGridItem[]> {
  return Promise.all(
    indices.map(async (i) => ({ image: await pngDataUrl(datasetImagePixels(ds, i), ds.size, ds.size), caption: caption(i) })),
  );
}
