import * as tf from '@tensorflow/tfjs-core';
import { imageBatch } from '../data/batch';
import { ImageTextDataset } from '../data/types';
import { ClipLike } from '../models/clip';

/**
 * Image embeddings of `indices`, computed in batches: [indices.length, d], L2-normalised.
 * Returns a new tensor; the caller disposes it.
 */
export async function imageEmbeddings(model: ClipLike, ds: ImageTextDataset, indices: readonly number[], batchSize = 256): Promise<tf.Tensor2D> { // literal-ok: an inference batch, not a hyperparameter
  const parts: tf.Tensor2D[] = [];
  try {
    for (let i = 0; i < indices.length; i += batchSize) {
      const images = imageBatch(ds, indices.slice(i, i + batchSize));
      try {
        parts.push(await model.embedImages(images));
      } finally {
        images.dispose();
      }
    }
    return parts.length === 1 ? parts[0].clone() : (tf.concat(parts) as tf.Tensor2D);
  } finally {
    tf.dispose(parts);
  }
}
