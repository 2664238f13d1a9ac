import { DEFAULT_SEED } from '../runtime/seed';
import { TrainOptions, TrainSettings } from '../train/loop';
import { trainDefaults } from './load';
import { TrainRecipe } from './types';

/** T, not a place to infer T from (TypeScript's NoInfer, which tslab's TypeScript 5.0 does not have). */
type Given<T> = [T][T extends unknown ? 0 : never];

/**
 * Complete trainer settings from what a caller gives: every field left out comes from recipes/defaults.json
 * (the seed from DEFAULT_SEED). The one place below the command line where a training default is picked;
 * a recipe's run goes through recipeTrainOptions instead, which needs none.
 */
export function trainSettings<O extends Partial<TrainOptions>>(options: O = {} as O): Given<O> & TrainSettings {
  const d = trainDefaults();
  return {
    ...options,
    // A time budget alone runs until the clock stops it.
    epochs: options.epochs ?? (options.seconds === undefined ? d.epochs : Infinity),
    batchSize: options.batchSize ?? d.batchSize,
    learningRate: options.learningRate ?? d.learningRate,
    warmupSteps: options.warmupSteps ?? d.warmupSteps,
    weightDecay: options.weightDecay ?? d.weightDecay,
    seed: options.seed ?? DEFAULT_SEED,
  };
}

/**
 * The recipe a training command without `--recipe` starts from, for a dataset that has no workshop recipe:
 * the trainer defaults, the shapes size, seed 42 and the dataset's template.
 */
export function defaultRecipe(kind: 'clip' | 'classifier', dataset: string, template: string): TrainRecipe {
  const d = trainDefaults();
  return {
    name: `${kind}-on-data`,
    description: `A ${kind === 'clip' ? 'toy CLIP' : 'traditional classifier'} on ${dataset} with the trainer defaults.`,
    kind,
    dataset: { name: dataset },
    modelSize: 'shapes',
    batchSize: d.batchSize,
    epochs: d.epochs,
    learningRate: d.learningRate,
    warmupSteps: d.warmupSteps,
    weightDecay: d.weightDecay,
    augment: 'none',
    seed: 42,
    template,
  };
}
