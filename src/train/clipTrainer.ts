import { ImageTextDataset } from '../data/types';
import { ToyClip } from '../models/clip';
import { saveModel } from '../models/io';
import { clipTrainingTask, ClipTrainOptions } from './clipTask';
import { runTraining, TrainResult } from './loop';

export { createToyClip, clipTrainingTask } from './clipTask';
export type { ClipTrainOptions, CreateClipOptions } from './clipTask';

/**
 * Trains a toy CLIP contrastively on a dataset's (image, caption) pairs: each step a batch of images,
 * one random caption each (never two identical captions in a batch), the symmetric InfoNCE loss with
 * same-concept pairs masked out of each other's negatives.
 */
export async function trainClip(model: ToyClip, ds: ImageTextDataset, options: ClipTrainOptions): Promise<TrainResult> {
  return runTraining(
    {
      ...clipTrainingTask(model, ds, options),
      save: (dir, metadata, checkpoint) => saveModel(dir, model, { dataset: ds.name, ...metadata }, { checkpoint }),
    },
    { progressLabel: 'train clip', ...options },
  );
}
