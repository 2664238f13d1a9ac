import { EMOJI_AUGMENT } from '../train/augment';
import type { TrainOptions, TrainSettings } from '../train/loop';
import { TrainRecipe } from './types';

// Without the dataset loaders (and their Node modules): the browser's Train view imports this.

/** The trainer options a recipe stands for (its budget, schedule, optimiser, augmentation and seed), complete. */
export function recipeTrainOptions(r: TrainRecipe): TrainSettings & Pick<TrainOptions, 'maxSteps' | 'seconds' | 'clock'> & { augment?: typeof EMOJI_AUGMENT; maskSameConcept?: boolean } {
  return {
    batchSize: r.batchSize,
    // A step budget runs as many epochs as it takes (validateRecipe asks for one of the two); a time cap ends either early.
    epochs: r.steps !== undefined ? Infinity : (r.epochs as number),
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
