import * as tf from '@tensorflow/tfjs-core';
import { ImageTextDataset } from '../data/types';
import { ClipLike } from '../models/clip';
import { l2Normalize, mm } from '../models/primitives';
import { UserError } from '../runtime/errors';
import { fillTemplate } from '../text/templates';
import { imageEmbeddings } from './embed';
import { classificationReport, ClassificationReport } from './metrics';

/** Per class, one name or several (e.g. typical members of the class) whose prompts are averaged together. */
export type ClassPromptNames = ReadonlyArray<string | readonly string[]>;

/** Prompts embedded per call: bounds the memory of long ensembles (1,570 concepts, or members × templates). */
const PROMPT_CHUNK = 512;

/**
 * The zero-shot classifier's weights: for each class, the text embeddings of every template filled
 * with each of its names, averaged and renormalised (CLIP's prompt ensembling). [classes, d];
 * the caller disposes it.
 */
export async function classEmbeddings(model: ClipLike, classNames: ClassPromptNames, templates: readonly string[]): Promise<tf.Tensor2D> {
  if (classNames.length === 0) throw new UserError('The label list is empty: give at least one class name or label.');
  if (templates.length === 0) throw new UserError('The template list is empty: give at least one prompt template such as "a photo of a {}.".');
  const prompts: string[] = [];
  const owner: number[] = [];
  classNames.forEach((names, c) => {
    const list = typeof names === 'string' ? [names] : names;
    if (list.length === 0) throw new UserError(`Class ${c + 1} of ${classNames.length} has no name to put into a prompt.`);
    for (const t of templates) {
      for (const n of list) {
        prompts.push(fillTemplate(t, n));
        owner.push(c);
      }
    }
  });
  let sum: tf.Tensor2D | undefined;
  for (let i = 0; i < prompts.length; i += PROMPT_CHUNK) {
    const e = await model.embedTexts(prompts.slice(i, i + PROMPT_CHUNK));
    const next = tf.tidy(() => {
      // [classes, chunk] indicator: row c adds up the prompts of class c.
      const assign = tf.transpose(tf.oneHot(tf.tensor1d(owner.slice(i, i + PROMPT_CHUNK), 'int32'), classNames.length).toFloat());
      const part = mm(assign, e) as tf.Tensor2D;
      return sum ? (tf.add(sum, part) as tf.Tensor2D) : part;
    });
    e.dispose();
    sum?.dispose();
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
  /**
   * Names put into the prompts, one entry per class in the dataset's class order (default: ds.classNames);
   * an entry may list several names (e.g. typical members), all averaged into that class.
   */
  promptNames?: ClassPromptNames;
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
  if (labels.length < 2) throw new UserError(`Zero-shot classification needs at least two labels to choose from (got ${labels.length}).`);
  const cls = await classEmbeddings(model, labels, templates);
  let img: tf.Tensor2D | undefined;
  try {
    img = await model.embedImages(images);
    const i = img;
    return tf.tidy(() => tf.softmax(zeroShotLogits(i, cls, model.logitScale())));
  } finally {
    tf.dispose(img ? [cls, img] : [cls]);
  }
}
