import * as tf from '@tensorflow/tfjs-core';
import { Rng, seededRandom } from '../runtime/seed';
import { ModelConfig, validateConfig } from './config';
import { imageFeatures } from './encoders';
import { dense } from './primitives';
import { createWeights, disposeWeights, imageSpec, Weights, weightList } from './params';

/**
 * The traditional classifier: CLIP's image tower followed by a softmax head over fixed class
 * names. It can only ever answer with one of `classNames`.
 */
export class ToyClassifier {
  constructor(readonly config: ModelConfig, readonly weights: Weights, readonly classNames: readonly string[]) {
    validateConfig(config);
  }

  /** A freshly initialised classifier; the same seed gives the same weights. */
  static create(config: ModelConfig, classNames: readonly string[], seed: number | Rng): ToyClassifier {
    const rng = typeof seed === 'number' ? seededRandom(seed) : seed;
    const c = validateConfig(config);
    const n = classNames.length;
    const weights = createWeights(
      [...imageSpec(c), ['head.kernel', [c.embedDim, n], { kind: 'normal', std: 1 / Math.sqrt(c.embedDim) }], ['head.bias', [n], { kind: 'const', value: 0 }]],
      rng,
    );
    return new ToyClassifier(c, weights, classNames);
  }

  variables(): tf.Variable[] {
    return weightList(this.weights);
  }

  /** Images [b, H, W, 3] in [0, 1] → class logits [b, classes]; the caller disposes. */
  logits(images: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => dense(imageFeatures(this.weights, this.config, images), this.weights['head.kernel'], this.weights['head.bias']) as tf.Tensor2D);
  }

  /** Images → class probabilities [b, classes]; the caller disposes. */
  probabilities(images: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => tf.softmax(this.logits(images)));
  }

  dispose(): void {
    disposeWeights(this.weights);
  }
}
