import * as tf from '@tensorflow/tfjs-core';
import { ImageTextDataset } from '../data/types';
import { labelledIndices } from '../data/batch';
import { ClipLike } from '../models/clip';
import { mm } from '../models/primitives';
import { UserError } from '../runtime/errors';
import { seededRandom } from '../runtime/seed';
import { Adam } from '../train/adam';
import { imageEmbeddings } from './embed';
import { classificationReport, ClassificationReport } from './metrics';

export interface LinearProbeOptions {
  /** L2 penalty on the weights (CLIP's probe tuned it per dataset; 1e-3 suits unit-length features). */
  l2?: number;
  /** Full-batch optimisation steps. */
  steps?: number;
  learningRate?: number;
  seed?: number;
}

/** A fitted linear probe: logits = x·W + b over frozen features. */
export interface LinearProbe {
  weights: tf.Variable;
  bias: tf.Variable;
  /** Features [n, d] → class scores [n, classes]; the caller disposes. */
  predict(x: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

/**
 * Softmax regression with L2 on frozen features (CLIP's linear-probe evaluation, in tfjs instead
 * of scikit-learn's L-BFGS): full-batch Adam on mean cross-entropy + l2·‖W‖². x: [n, d], labels in 0..classes−1.
 */
export function fitLinearProbe(x: tf.Tensor2D, labels: ArrayLike<number>, classes: number, options: LinearProbeOptions = {}): LinearProbe {
  const l2 = options.l2 ?? 1e-3;
  const steps = options.steps ?? 300;
  const lr = options.learningRate ?? 0.05;
  const d = x.shape[1];
  const rng = seededRandom(options.seed ?? 0);
  const [w0, b0] = [tf.randomNormal([d, classes], 0, 0.01, 'float32', Math.floor(rng() * 1e9)), tf.zeros([classes])];
  const weights = tf.variable(w0);
  const bias = tf.variable(b0);
  tf.dispose([w0, b0]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), classes));
  const predict = (f: tf.Tensor2D) => tf.tidy(() => tf.add(mm(f, weights), bias) as tf.Tensor2D);
  const adam = new Adam();
  for (let s = 0; s < steps; s++) {
    const { value, grads } = tf.variableGrads(
      () => tf.add(tf.losses.softmaxCrossEntropy(y, predict(x)), tf.mul(l2, tf.sum(tf.square(weights)))) as tf.Scalar,
      [weights, bias],
    );
    adam.apply([weights, bias], [grads[weights.name], grads[bias.name]], lr);
    value.dispose();
    tf.dispose(grads);
  }
  adam.dispose();
  y.dispose();
  return { weights, bias, predict, dispose: () => tf.dispose([weights, bias]) };
}

/**
 * The linear-probe exercise on a dataset: frozen image embeddings of the training images, a
 * softmax regression on their class labels, evaluated on the test images.
 */
export async function linearProbeEvaluate(
  model: ClipLike,
  ds: ImageTextDataset,
  trainIndices: readonly number[],
  testIndices: readonly number[],
  options: LinearProbeOptions = {},
): Promise<ClassificationReport> {
  const train = labelledIndices(ds, trainIndices);
  const test = labelledIndices(ds, testIndices);
  if (train.length === 0 || test.length === 0) throw new UserError(`A linear probe needs labelled training and test images; "${ds.name}" has ${train.length} and ${test.length} here.`);
  const xTrain = await imageEmbeddings(model, ds, train);
  const probe = fitLinearProbe(xTrain, Array.from(train, (i) => ds.labels[i]), ds.classNames.length, options);
  xTrain.dispose();
  const xTest = await imageEmbeddings(model, ds, test);
  const scores = probe.predict(xTest);
  const data = scores.dataSync();
  tf.dispose([xTest, scores]);
  probe.dispose();
  return classificationReport(data, Array.from(test, (i) => ds.labels[i]), ds.classNames);
}
