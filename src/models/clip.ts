import * as tf from '@tensorflow/tfjs-core';
import { Rng, seededRandom } from '../runtime/seed';
import { Tokenizer } from '../text/tokenizer';
import { ModelConfig, validateConfig } from './config';
import { imageFeatures, textFeatures } from './encoders';
import { l2Normalize, mm } from './primitives';
import { createWeights, disposeWeights, imageSpec, textSpec, Weights, weightList } from './params';
import { BARE_TEMPLATE } from '../text/templates';

/** What zero-shot classification needs from any CLIP (toy or pretrained): embeddings and the logit scale. */
export interface ClipLike {
  /** A short description for reports ("toy clip, mlp image encoder …"). */
  readonly description: string;
  /** Side of the square images the model takes. */
  readonly imageSize: number;
  /** Images [b, H, W, 3] in [0, 1] → L2-normalised embeddings [b, d]; the caller disposes the result. */
  embedImages(images: tf.Tensor4D): tf.Tensor2D | Promise<tf.Tensor2D>;
  /** Texts → L2-normalised embeddings [n, d]; the caller disposes the result. */
  embedTexts(texts: readonly string[]): tf.Tensor2D | Promise<tf.Tensor2D>;
  /** The (clipped) logit scale: similarity × scale = logit. */
  logitScale(): number;
  /** Words of a text the model cannot read (toy models), else []. */
  unknownWords(text: string): string[];
  /** The prompt template the model is used with ("{}" marks the label), fixed when it is made or loaded (see modelTemplate). */
  readonly promptTemplate: string;
  /** Frees the model's tensors. */
  dispose(): void;
}

/**
 * The toy CLIP: an image tower and a text tower mapping into one embedding space, and a learned
 * temperature stored as `logit_scale` = log(1/T), used as min(exp(logit_scale), maxLogitScale).
 */
export class ToyClip implements ClipLike {
  /** `promptTemplate`: the template of its training (from its recipe), saved with the model; bare labels when none is given. */
  constructor(readonly config: ModelConfig, readonly weights: Weights, readonly tokenizer: Tokenizer, readonly promptTemplate: string = BARE_TEMPLATE) {
    validateConfig(config);
  }

  /** A freshly initialised model; the same seed gives the same weights. */
  static create(config: ModelConfig, tokenizer: Tokenizer, seed: number | Rng, promptTemplate?: string): ToyClip {
    const rng = typeof seed === 'number' ? seededRandom(seed) : seed;
    const c = validateConfig({ ...config, vocabSize: tokenizer.vocabSize, contextLength: tokenizer.maxLength });
    const weights = createWeights([...imageSpec(c), ...textSpec(c)], rng);
    const init = tf.scalar(Math.log(c.initLogitScale));
    weights['logit_scale'] = tf.variable(init, true);
    init.dispose();
    return new ToyClip(c, weights, tokenizer, promptTemplate);
  }

  get description(): string {
    const c = this.config;
    return `toy CLIP: ${c.imageBlock} image encoder (${c.imageBlocks}×, width ${c.imageWidth}, ${c.patchSize}×${c.patchSize} patches of ${c.imageSize}×${c.imageSize}), ${c.textEncoder} text encoder, ${c.embedDim}-d embeddings`;
  }

  get imageSize(): number {
    return this.config.imageSize;
  }

  /** Trainable variables in name order. */
  variables(): tf.Variable[] {
    return weightList(this.weights);
  }

  /** Images [b, H, W, 3] in [0, 1] → unit-length embeddings [b, embedDim]; the caller disposes. */
  encodeImages(images: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => l2Normalize(imageFeatures(this.weights, this.config, images)));
  }

  /** Token ids [b, L] int32 and mask [b, L] → unit-length embeddings [b, embedDim]; the caller disposes. */
  encodeTokens(ids: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => l2Normalize(textFeatures(this.weights, this.config, ids, mask)));
  }

  /** Texts → token id and mask tensors [n, L]; the caller disposes both. */
  tokenize(texts: readonly string[]): { ids: tf.Tensor2D; mask: tf.Tensor2D } {
    const e = this.tokenizer.encodeBatch(texts);
    return { ids: tf.tensor2d(e.ids, [e.batch, e.maxLength], 'int32'), mask: tf.tensor2d(e.mask, [e.batch, e.maxLength]) };
  }

  embedImages(images: tf.Tensor4D): tf.Tensor2D {
    return this.encodeImages(images);
  }

  embedTexts(texts: readonly string[]): tf.Tensor2D {
    const { ids, mask } = this.tokenize(texts);
    try {
      return this.encodeTokens(ids, mask);
    } finally {
      ids.dispose();
      mask.dispose();
    }
  }

  /** exp(logit_scale) clipped at maxLogitScale, as a scalar tensor (differentiable); the caller disposes. */
  scaleTensor(): tf.Scalar {
    return tf.tidy(() => tf.minimum(tf.exp(this.weights['logit_scale']), this.config.maxLogitScale) as tf.Scalar);
  }

  logitScale(): number {
    const s = this.scaleTensor();
    const v = s.dataSync()[0];
    s.dispose();
    return v;
  }

  /** Image × text logits [b_img, b_txt] = scale · cosine similarity; the caller disposes. */
  logits(images: tf.Tensor4D, ids: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const img = this.encodeImages(images);
      const txt = this.encodeTokens(ids, mask);
      return tf.mul(mm(img, tf.transpose(txt)), this.scaleTensor()) as tf.Tensor2D;
    });
  }

  unknownWords(text: string): string[] {
    return this.tokenizer.unknownWords(text);
  }

  dispose(): void {
    disposeWeights(this.weights);
  }
}
