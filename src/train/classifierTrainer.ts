import * as tf from '@tensorflow/tfjs-core';
import { imageBatch, labelledIndices, splitIndices } from '../data/batch';
import { ImageTextDataset } from '../data/types';
import { ToyClassifier } from '../models/classifier';
import { modelConfig } from '../models/configs';
import { ModelConfig } from '../models/config';
import { saveModel } from '../models/io';
import { UserError } from '../runtime/errors';
import { augmentedBatch, AugmentOptions } from './augment';
import { DEFAULT_SEED, seededRandom, shuffled } from '../runtime/seed';
import { classificationAccuracy, classificationLoss } from './loss';
import { runTraining, TrainOptions, TrainResult } from './loop';

export interface ClassifierTrainOptions extends TrainOptions {
  /** Images to train on (default: the labelled images of the 'train' split). */
  indices?: readonly number[];
  /** Random zoom, shift, mirror and grey on training images (seeded); off by default. */
  augment?: boolean | AugmentOptions;
}

/** A fresh traditional classifier over a dataset's class names, image size from its images. */
export function createToyClassifier(ds: ImageTextDataset, options: { size?: string; overrides?: Partial<ModelConfig>; seed?: number } = {}): ToyClassifier {
  const config = modelConfig(options.size ?? 'shapes', { ...options.overrides, imageSize: ds.size });
  return ToyClassifier.create(config, ds.classNames, options.seed ?? DEFAULT_SEED);
}

/** Trains the traditional classifier with cross-entropy on class labels (shuffled batches, last partial batch dropped). */
export async function trainClassifier(model: ToyClassifier, ds: ImageTextDataset, options: ClassifierTrainOptions): Promise<TrainResult> {
  const indices = labelledIndices(ds, options.indices ?? splitIndices(ds, 'train'));
  if (indices.length === 0) throw new UserError(`The dataset "${ds.name}" has no labelled training images; a traditional classifier needs class labels.`);
  const augmentRng = seededRandom(options.seed + 1);
  const augment = options.augment ? (options.augment === true ? {} : options.augment) : undefined;
  // A set smaller than one batch trains on all of it each step.
  const batchSize = Math.min(options.batchSize, indices.length);
  return runTraining(
    {
      variables: model.variables(),
      batches: (rng) => {
        const order = shuffled(indices, rng);
        const out: number[][] = [];
        for (let i = 0; i + batchSize <= order.length; i += batchSize) out.push(order.slice(i, i + batchSize));
        return out;
      },
      forward: (batch) => {
        const labels = tf.tensor1d(Int32Array.from(batch, (i) => ds.labels[i]), 'int32');
        const logits = model.logits(augment ? augmentedBatch(ds, batch, augmentRng, augment) : imageBatch(ds, batch));
        return { loss: classificationLoss(logits, labels), accuracy: classificationAccuracy(logits, labels) };
      },
      chanceLoss: () => Math.log(model.classNames.length),
      save: (dir, metadata, checkpoint) => saveModel(dir, model, { dataset: ds.name, ...metadata }, { checkpoint }),
    },
    { progressLabel: 'train classifier', ...options, batchSize },
  );
}
