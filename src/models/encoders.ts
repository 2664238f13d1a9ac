import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../runtime/errors';
import { block } from './blocks';
import { ModelConfig } from './config';
import { bagOfWords, dense, embedTokens, layerNorm, maskedMean, patchify } from './primitives';
import { Weights } from './params';

/** Throws a clear error unless images are [b, imageSize, imageSize, 3]. */
export function checkImages(images: tf.Tensor, c: ModelConfig): void {
  const [, h, w, ch] = images.shape;
  if (images.rank !== 4 || h !== c.imageSize || w !== c.imageSize || ch !== 3) {
    throw new UserError(`This model takes images of ${c.imageSize}×${c.imageSize}×3 in a batch [b, ${c.imageSize}, ${c.imageSize}, 3], not [${images.shape.join(', ')}]; resize the images to ${c.imageSize}×${c.imageSize} RGB first.`);
  }
}

/**
 * The image tower, before normalisation: pixels [b, H, W, 3] in [0, 1] → features [b, embedDim].
 * Steps: (x − mean)/std → patches → dense to width → + positions → blocks → layer norm → mean over patches
 * (or 'flatten': the patch features concatenated in order) → projection.
 * Returns a new tensor; call inside tf.tidy (the caller disposes it).
 */
export function imageFeatures(w: Weights, c: ModelConfig, images: tf.Tensor4D): tf.Tensor2D {
  checkImages(images, c);
  // Normalised after cutting into patches (the same values): wasm broadcasts a p·p·3-long vector far faster than a 3-long one.
  const perPatch = (v: number[]) => tf.tensor1d(Array.from({ length: c.patchSize ** 2 }, () => v).flat());
  const x = tf.div(tf.sub(patchify(images, c.patchSize), perPatch(c.pixelMean)), perPatch(c.pixelStd)) as tf.Tensor3D;
  let h = tf.add(dense(x, w['image.patch.kernel'], w['image.patch.bias'], { inputGrad: false }), w['image.pos']) as tf.Tensor3D;
  for (let i = 0; i < c.imageBlocks; i++) h = block(h, w, `image.blocks.${i}`, c.imageBlock, c.heads);
  const normed = layerNorm(h, w['image.ln_post.gamma'], w['image.ln_post.beta']) as tf.Tensor3D;
  const pooled = c.imagePool === 'flatten' ? normed.reshape([normed.shape[0], -1]) : maskedMean(normed);
  return dense(pooled, w['image.proj.kernel']) as tf.Tensor2D;
}

/**
 * The text tower, before normalisation: ids [b, L] int32 and mask [b, L] (1 = token) → features [b, embedDim].
 * transformer: one-hot × table → + positions → masked blocks → layer norm → masked mean → projection;
 * bow: the mean of the real tokens' embeddings (one embedding bag) → layer norm → projection.
 * Returns a new tensor; call inside tf.tidy (the caller disposes it).
 */
export function textFeatures(w: Weights, c: ModelConfig, ids: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  const table = w['text.token.embedding'];
  let pooled: tf.Tensor;
  if (c.textEncoder === 'transformer') {
    let h = tf.add(embedTokens(ids, table), w['text.pos']) as tf.Tensor3D;
    for (let i = 0; i < c.textBlocks; i++) h = block(h, w, `text.blocks.${i}`, 'transformer', c.heads, mask);
    pooled = maskedMean(layerNorm(h, w['text.ln_final.gamma'], w['text.ln_final.beta']) as tf.Tensor3D, mask);
  } else {
    pooled = layerNorm(bagOfWords(ids, mask, table), w['text.ln_final.gamma'], w['text.ln_final.beta']);
  }
  return dense(pooled, w['text.proj.kernel']) as tf.Tensor2D;
}
