import * as tf from '@tensorflow/tfjs';
import { ImageTextDataset } from '../data/types';
import { ClipLike } from '../models/clip';
import { l2Normalize } from '../models/ops';
import { UserError } from '../runtime/errors';
import { fillTemplate } from '../text/templates';
import { imageEmbeddings } from './embed';
import { classificationReport, ClassificationReport } from './metrics';

/**
 * The zero-shot classifier's weights: for each class, the text embeddings of every template
 * filled with its name, averaged and renormalised (CLIP's prompt ensembling). [classes, d];
 * the caller disposes it.
 */
export async function classEmbeddings(model: ClipLike, classNames: readonly string[], templates: readonly string[]): Promise<tf.Tensor2D> {
  if (classNames.length === 0) throw new UserError('The label list is empty: give at least one class name or label.');
  if (templates.length === 0) throw new UserError('The template list is empty: give at least one prompt template such as "a photo of a {}.".');
  let sum: tf.Tensor2D | undefined;
  for (const t of templates) {
    const e = await model.embedTexts(classNames.map((c) => fillTemplate(t, c)));
    const next = sum ? (tf.add(sum, e) as tf.Tensor2D) : e;
    if (sum) {
      sum.dispose();
      e.dispose();
    }
    sum = next;
  }
  const out = tf.tidy(() => l2Normalize(sum!));
  sum!.dispose();
  return out;
}

/** Similarity logits [images, classes] = scale · image · classᵀ; the caller disposes. */
export function zeroShotLogits(imageEmb: tf.Tensor2D, classEmb: tf.Tensor2D, logitScale: number): tf.Tensor2D {
  return tf.tidy(() => tf.mul(tf.matMul(imageEmb, classEmb, false, true), logitScale) as tf.Tensor2D);
}

export interface ZeroShotOptions {
  /** Images to classify. */
  indices: readonly number[];
  /** Templates; one for "single", several for an ensemble. */
  templates: readonly string[];
  /** Names put into the prompts, one per class in the dataset's class order (default: ds.classNames). */
  promptNames?: readonly string[];
  batchSize?: number;
}

/** Zero-shot classification of dataset images among all its classes: the most similar class prompt wins. */
export async function zeroShotEvaluate(model: ClipLike, ds: ImageTextDataset, options: ZeroShotOptions): Promise<ClassificationReport> {
  const names = options.promptNames ?? ds.classNames;
  if (names.length !== ds.classNames.length) {
    throw new UserError(`Give one label per class of "${ds.name}" (${ds.classNames.length}, in the order ${ds.classNames.slice(0, 3).join(', ')} …), not ${names.length}.`);
  }
  if (options.indices.length === 0) throw new UserError(`There are no images to evaluate in "${ds.name}" for this split.`);
  const cls = await classEmbeddings(model, names, options.templates);
  const img = await imageEmbeddings(model, ds, options.indices, options.batchSize);
  const logits = zeroShotLogits(img, cls, 1);
  const scores = logits.dataSync();
  tf.dispose([cls, img, logits]);
  return classificationReport(scores, Array.from(options.indices, (i) => ds.labels[i]), ds.classNames);
}

/** Probabilities of each label for each image: softmax(scale · similarity) [images, labels]; the caller disposes. */
export async function labelProbabilities(model: ClipLike, images: tf.Tensor4D, labels: readonly string[], templates: readonly string[] = ['{}']): Promise<tf.Tensor2D> {
  const cls = await classEmbeddings(model, labels, templates);
  const img = await model.embedImages(images);
  const probs = tf.tidy(() => tf.softmax(zeroShotLogits(img, cls, model.logitScale())));
  tf.dispose([cls, img]);
  return probs;
}
