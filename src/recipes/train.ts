import { ImageTextDataset } from '../data/types';
import { ToyClassifier } from '../models/classifier';
import { ToyClip } from '../models/clip';
import { createToyClassifier, trainClassifier } from '../train/classifierTrainer';
import { createToyClip, trainClip } from '../train/clipTrainer';
import { TrainOptions, TrainResult } from '../train/loop';
import { loadRecipeDataset } from './dataset';
import { TrainRecipe } from './types';
import { recipeTrainOptions } from './trainOptions';

export { recipeTrainOptions };

/** Callbacks and display options a caller adds to a recipe's run; none of them changes the numbers. */
export type TrainHooks = Pick<TrainOptions, 'onStep' | 'onEpoch' | 'validate' | 'silent' | 'progressLabel' | 'checkpointDir' | 'checkpointEvery'> & {
  /** Validation metrics of the model being trained, after each epoch (e.g. held-out zero-shot top-1). */
  validateModel?: (model: ToyClip | ToyClassifier) => Record<string, number> | Promise<Record<string, number>>;
};

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
