import * as tf from '@tensorflow/tfjs-core';
import { imageBatch } from '../data/batch';
import { ImageTextDataset } from '../data/types';
import { ClipLike } from '../models/clip';

/** How alike the true pairs of a similarity matrix are, against the rest. */
export interface SimilarityStats {
  /** Mean cosine similarity of the true (diagonal) pairs. */
  diagonal: number;
  /** Mean cosine similarity of all other pairs. */
  offDiagonal: number;
  /** Fraction of images whose most similar text is their own. */
  matching: number;
}

/** Cosine similarities [images][texts] of a batch as plain numbers (row i, column j: image i with text j). */
export async function similarityMatrix(model: ClipLike, ds: ImageTextDataset, indices: readonly number[], texts: readonly string[]): Promise<number[][]> {
  const images = imageBatch(ds, indices);
  const img = await model.embedImages(images);
  images.dispose();
  const txt = await model.embedTexts(texts);
  // Explicit transpose: wasm's matMul with transposeB is slow.
  const sims = tf.tidy(() => tf.matMul(img, tf.transpose(txt)));
  const values = (await sims.array()) as number[][];
  tf.dispose([img, txt, sims]);
  return values;
}

/** Mean similarity on and off the diagonal, and how often an image's own text is its most similar one. */
export function similarityStats(matrix: number[][]): SimilarityStats {
  let diag = 0;
  let off = 0;
  let offCount = 0;
  let matched = 0;
  matrix.forEach((row, i) => {
    row.forEach((v, j) => {
      if (i === j) diag += v;
      else {
        off += v;
        offCount++;
      }
    });
    const best = row.indexOf(Math.max(...row));
    if (best === i) matched++;
  });
  const n = matrix.length;
  return { diagonal: diag / n, offDiagonal: offCount ? off / offCount : NaN, matching: matched / n };
}
