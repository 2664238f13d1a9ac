import { EMOJI_AUGMENT } from '../train/augment';
import type { TrainOptions } from '../train/loop';
import { TrainRecipe } from './types';

// Without the dataset loaders (and their Node modules): the browser's Train view imports this.

/** The trainer options a recipe stands for (its budget, schedule, optimiser, augmentation and seed). */
export function recipeTrainOptions(r: TrainRecipe): TrainOptions & { augment?: typeof EMOJI_AUGMENT; maskSameConcept?: boolean } {
  return {
    batchSize: r.batchSize,
    // A step budget runs as many epochs as it takes; a time cap ends either budget early.
    epochs: r.steps !== undefined ? Infinity : r.epochs,
    maxSteps: r.steps,
    seconds: r.maxSeconds,
    clock: r.clock,
    learningRate: r.learningRate,
    warmupSteps: r.warmupSteps,
    weightDecay: r.weightDecay,
    seed: r.seed,
    augment: r.augment === 'emoji' ? EMOJI_AUGMENT : undefined,
    maskSameConcept: r.maskSameConcept,
  };
}

