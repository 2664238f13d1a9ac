import * as tf from '@tensorflow/tfjs-core';
import { loadImage } from '../data/image';
import { labelProbabilities } from '../eval/zeroshot';
import { ClipLike } from '../models/clip';
import { UserError } from '../runtime/errors';

/** One image classified among labels: the shape `clip-workshop classify --json` prints. */
export interface ImageClassification {
  labels: string[];
  /** Probability per label, in label order (softmax of scale × cosine). */
  probs: number[];
  winner: string;
}

/**
 * Zero-shot classification of one image (file path, http(s) URL or bytes) among `labels` with any CLIP — OpenAI's
 * through transformers.js, an exported toy, or the toy itself. With several templates the label embeddings are
 * ensembled (averaged over templates, renormalised). The image is resized and centre-cropped to the model's input.
 */
export async function classifyImage(model: ClipLike, image: string | Uint8Array, labels: readonly string[], templates: readonly string[] = ['{}']): Promise<ImageClassification> {
  if (labels.length === 0) throw new UserError('Give at least one label to choose from, e.g. "a cat", "a dog".');
  const img = await loadImage(image, { size: model.imageSize });
  const batch = tf.tidy(() => tf.div(tf.tensor4d(img.pixels, [1, img.size, img.size, 3], 'int32').toFloat(), 255) as tf.Tensor4D);
  try {
    const probsT = await labelProbabilities(model, batch, labels, templates);
    const probs = Array.from(probsT.dataSync());
    probsT.dispose();
    return { labels: [...labels], probs, winner: labels[probs.indexOf(Math.max(...probs))] };
  } finally {
    batch.dispose();
  }
}
