import { ImageTextDataset } from '../data/types';
import { ToyClassifier } from '../models/classifier';
import { ToyClip } from '../models/clip';
import { EMOJI_AUGMENT } from '../train/augment';
import { createToyClassifier, trainClassifier } from '../train/classifierTrainer';
import { createToyClip, trainClip } from '../train/clipTrainer';
import { TrainOptions, TrainResult, TrainSettings } from '../train/loop';
import { loadRecipeDataset } from './dataset';
import { TrainRecipe } from './types';

/** Callbacks and display options a caller adds to a recipe's run; none of them changes the numbers. */
export type TrainHooks = Pick<TrainOptions, 'onStep' | 'onEpoch' | 'validate' | 'silent' | 'progressLabel' | 'checkpointDir' | 'checkpointEvery'> & {
  /** Validation metrics of the model being trained, after each epoch (e.g. held-out zero-shot top-1). */
  validateModel?: (model: ToyClip | ToyClassifier) => Record<string, number> | Promise<Record<string, number>>;
};

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

/** A fresh, untrained model of a recipe's kind and size for a dataset, seeded by the recipe. */
export function createRecipeModel(r: TrainRecipe, ds: ImageTextDataset): ToyClip | ToyClassifier {
  if (r.kind === 'classifier') return createToyClassifier(ds, { size: r.modelSize, seed: r.seed });
  return createToyClip(ds, { size: r.modelSize, seed: r.seed, template: r.template });
}

/**
 * Trains a recipe's model from scratch: its dataset, size, seed, budget and optimiser, nothing else.
 * The caller disposes the model.
 */
export async function trainFromRecipe(r: TrainRecipe, hooks: TrainHooks = {}, data?: ImageTextDataset): Promise<{ model: ToyClip | ToyClassifier; run: TrainResult; dataset: ImageTextDataset }> {
  const ds = data ?? (await loadRecipeDataset(r.dataset, { quiet: hooks.silent }));
  const model = createRecipeModel(r, ds);
  const { validateModel, ...rest } = hooks;
  const options = { progressLabel: `train ${r.name}`, ...recipeTrainOptions(r), ...rest, ...(validateModel ? { validate: () => validateModel(model) } : {}) };
  try {
    const run = model instanceof ToyClip ? await trainClip(model, ds, options) : await trainClassifier(model, ds, options);
    return { model, run, dataset: ds };
  } catch (err) {
    model.dispose();
    throw err;
  }
}
