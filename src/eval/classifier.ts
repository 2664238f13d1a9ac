import * as tf from '@tensorflow/tfjs-core';
import { imageBatch, labelledIndices } from '../data/batch';
import { ImageTextDataset } from '../data/types';
import { ToyClassifier } from '../models/classifier';
import { UserError } from '../runtime/errors';
import { classificationReport, ClassificationReport } from './metrics';

/**
 * Evaluates the traditional classifier on labelled images of `indices`. Its classes must be the
 * dataset's: it cannot answer with a class it was not trained on.
 */
export function evaluateClassifier(model: ToyClassifier, ds: ImageTextDataset, indices: readonly number[], batchSize = 256): ClassificationReport { // literal-ok: an inference batch, not a hyperparameter
  const same = model.classNames.length === ds.classNames.length && model.classNames.every((c, i) => c === ds.classNames[i]);
  if (!same) throw new UserError(`This classifier was trained on other classes (${model.classNames.slice(0, 3).join(', ')} …) than "${ds.name}" has; a traditional classifier only knows its training classes.`);
  const idx = labelledIndices(ds, indices);
  const scores = new Float32Array(idx.length * model.classNames.length);
  for (let i = 0; i < idx.length; i += batchSize) {
    const s = tf.tidy(() => model.logits(imageBatch(ds, idx.slice(i, i + batchSize))));
    scores.set(s.dataSync(), i * model.classNames.length);
    s.dispose();
  }
  return classificationReport(scores, Array.from(idx, (i) => ds.labels[i]), ds.classNames);
}
