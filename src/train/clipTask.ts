import * as tf from '@tensorflow/tfjs-core';
import { imageBatch, PairBatch, sampleBatches, splitIndices } from '../data/batch';
import { ImageTextDataset } from '../data/types';
import { ToyClip } from '../models/clip';
import { modelConfig } from '../models/configs';
import { ModelConfig } from '../models/config';
import { augmentedBatch, AugmentOptions } from './augment';
import { DEFAULT_SEED, seededRandom } from '../runtime/seed';
import { Tokenizer } from '../text/tokenizer';
import { clipLoss, hasRepeats, matchingAccuracy } from './loss';
import type { TrainOptions, TrainTask } from './loop';

// The contrastive task without saving (no file system): trainClip adds checkpoints; the browser's Train view runs it as is.

export interface ClipTrainOptions extends TrainOptions {
  /** Images to train on (default: the 'train' split). */
  indices?: readonly number[];
  /** Random zoom, shift, mirror and grey on training images (seeded); off by default. */
  augment?: boolean | AugmentOptions;
  /**
   * What must differ within a batch: 'concept' (no two images of one concept) or 'caption'
   * (no identical captions). Default: 'concept' when the batch fits the concepts, else 'caption'.
   */
  unique?: 'concept' | 'caption';
  /**
   * Leave images of the same concept out of each other's negatives (default true). Matters only when a
   * batch repeats a concept (a batch larger than the concepts); otherwise the loss is plain InfoNCE.
   */
  maskSameConcept?: boolean;
}

export interface CreateClipOptions {
  /** A named size of MODEL_SIZES (default 'shapes'). */
  size?: string;
  /** Overrides of the named size. */
  overrides?: Partial<ModelConfig>;
  seed?: number;
  /** Images whose captions build the vocabulary (default: the 'train' split). */
  indices?: readonly number[];
  /** Tokens per text (default: the size's contextLength). */
  maxLength?: number;
  /** The prompt template it is trained for (a recipe's); saved with the model. Default: bare labels. */
  template?: string;
}

/** A fresh toy CLIP for a dataset: vocabulary from its training captions, image size from its images. */
export function createToyClip(ds: ImageTextDataset, options: CreateClipOptions = {}): ToyClip {
  const indices = options.indices ?? splitIndices(ds, 'train');
  const config = modelConfig(options.size ?? 'shapes', { ...options.overrides, imageSize: ds.size });
  const tokenizer = Tokenizer.fromTexts(
    indices.flatMap((i) => ds.captions[i]),
    { maxLength: options.maxLength ?? config.contextLength },
  );
  return ToyClip.create(config, tokenizer, options.seed ?? DEFAULT_SEED, options.template);
}

/**
 * The contrastive training task of a toy CLIP on a dataset (variables, seeded batches, forward pass, logit scale,
 * chance loss) for runTraining, with complete settings from the recipes layer.
 */
export function clipTrainingTask(model: ToyClip, ds: ImageTextDataset, options: ClipTrainOptions): TrainTask<PairBatch> {
  const indices = options.indices ?? splitIndices(ds, 'train');
  const { batchSize } = options;
  const concepts = new Set(indices.map((i) => ds.meta[i].concept)).size;
  const unique = options.unique ?? (batchSize <= concepts ? 'concept' : 'caption');
  const maskSame = options.maskSameConcept ?? true;
  // Tokenise each distinct caption once; batches then only copy ids.
  const cache = new Map<string, { ids: number[]; mask: number[] }>();
  const encode = (t: string) => {
    let e = cache.get(t);
    if (!e) cache.set(t, (e = model.tokenizer.encode(t)));
    return e;
  };
  const L = model.tokenizer.maxLength;
  const augmentRng = seededRandom(options.seed + 1);
  const augment = options.augment ? (options.augment === true ? {} : options.augment) : undefined;
  const images = (indices: number[]) => (augment ? augmentedBatch(ds, indices, augmentRng, augment) : imageBatch(ds, indices));
  return {
    variables: model.variables(),
    batches: (rng) => sampleBatches(ds, batchSize, rng, { indices, unique }),
    forward: (batch) => {
      const ids = new Int32Array(batch.captions.length * L);
      const mask = new Float32Array(batch.captions.length * L);
      batch.captions.forEach((t, i) => {
        const e = encode(t);
        ids.set(e.ids, i * L);
        mask.set(e.mask, i * L);
      });
      const logits = model.logits(images(batch.indices), tf.tensor2d(ids, [batch.captions.length, L], 'int32'), tf.tensor2d(mask, [batch.captions.length, L]));
      const concepts = batch.indices.map((i) => ds.meta[i].concept);
      const groups = maskSame && hasRepeats(concepts) ? concepts : undefined;
      return { loss: clipLoss(logits, groups), accuracy: matchingAccuracy(logits, groups) };
    },
    logitScale: () => model.logitScale(),
    // Guessing among the batch's captions: cross-entropy ln(batch) both ways.
    chanceLoss: () => Math.log(batchSize),
    examples: indices.length,
  };
}
