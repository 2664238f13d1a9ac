import { Command } from 'commander';
import { MODEL_SIZES } from '../models/configs';
import { datasetTemplate, defaultRecipe, recipeNames, trainRecipe } from '../recipes';
import { DatasetSpec, TrainRecipe } from '../recipes/types';
import { UserError } from '../runtime/errors';
import { EmojiStyle } from '../data/emoji-data';
import { nonNegativeNumber, positiveInt, positiveNumber, seedOption } from './output';

/** The training flags `train` and `baseline` share; each overrides one field of the recipe. */
export interface RecipeCliOptions {
  recipe?: string;
  dataset?: string;
  epochs?: number;
  steps?: number;
  seconds?: number;
  seed?: number;
  modelSize?: string;
  batchSize?: number;
  lr?: number;
  weightDecay?: number;
  styles?: string;
  testStyles?: string;
  size?: number;
  augment?: boolean;
  template?: string;
}

/** Splits a comma-separated option value (undefined stays undefined). */
export const list = (v?: string): string[] | undefined => v?.split(',').map((s) => s.trim()).filter(Boolean);

/** Adds the recipe and override flags to a training command. */
export function addRecipeOptions(cmd: Command, kind: 'clip' | 'classifier'): Command {
  return cmd
    .option('--recipe <name>', `train a recipe of recipes/ (${recipeNames().filter((n) => n.endsWith(kind === 'clip' ? '-clip' : '-classifier') || (kind === 'clip' && !n.includes('classifier') && !n.includes('probe'))).join(', ')}); the flags below override its fields`)
    .option('--dataset <name>', 'shapes, emoji, cifar10, cifar100 or an image folder (default: the recipe\'s)')
    .option('--epochs <n>', 'budget: passes over the training images', positiveInt('--epochs'))
    .option('--steps <n>', 'budget: optimisation steps', positiveInt('--steps'))
    .option('--seconds <s>', 'stop after this many seconds even if the budget is not spent', positiveNumber('--seconds'))
    .option('--seed <k>', 'seed of weights, batches and the dataset\'s own random choices', seedOption('--seed'))
    .option('--model-size <name>', `model size: ${Object.keys(MODEL_SIZES).join(', ')}`)
    .option('--batch-size <n>', 'images per batch', positiveInt('--batch-size'))
    .option('--lr <rate>', 'peak learning rate', positiveNumber('--lr'))
    .option('--weight-decay <w>', "AdamW's decoupled weight decay of the weight matrices", nonNegativeNumber('--weight-decay'))
    .option('--styles <list>', 'emoji: comma-separated styles to use')
    .option('--test-styles <list>', 'emoji: comma-separated styles held out of training (the test split)')
    .option('--size <px>', 'image side in pixels', positiveInt('--size'))
    .option('--augment', 'random zoom, shift, mirror, grey, outlines and line art on training images (the emoji recipes always do)');
}

/** The base recipe of a command without --recipe: the workshop recipe of shapes or emoji, else the defaults. */
function baseRecipe(kind: 'clip' | 'classifier', dataset: string | undefined): TrainRecipe {
  if (dataset === undefined) throw new UserError('Say what to train on: --recipe NAME or --dataset NAME.');
  if (dataset === 'shapes' || dataset === 'emoji') return trainRecipe(`${dataset}-${kind}`);
  return defaultRecipe(kind, dataset, datasetTemplate(dataset));
}

/** The recipe a training command runs: --recipe (or the dataset's) with every given flag applied. */
export function recipeFromCli(kind: 'clip' | 'classifier', o: RecipeCliOptions): TrainRecipe {
  const base = o.recipe ? trainRecipe(o.recipe) : baseRecipe(kind, o.dataset);
  if (base.kind !== kind) throw new UserError(`The recipe "${base.name}" trains a ${base.kind}; this command trains a ${kind}${kind === 'clip' ? ' (use `clip-workshop baseline` for classifiers)' : ' (use `clip-workshop train` for CLIPs)'}.`);
  if (o.epochs !== undefined && o.steps !== undefined) throw new UserError('Give --epochs or --steps, not both.');
  const over: Partial<TrainRecipe> & Record<string, unknown> = {};
  const dataChanged = (o.dataset !== undefined && o.dataset !== base.dataset.name) || o.styles || o.testStyles || o.size !== undefined || o.seed !== undefined;
  if (dataChanged) {
    const name = o.dataset ?? base.dataset.name;
    const spec: DatasetSpec = name === base.dataset.name ? { ...base.dataset } : { name };
    if (o.styles) spec.styles = list(o.styles) as EmojiStyle[];
    if (o.testStyles) spec.testStyles = list(o.testStyles) as EmojiStyle[];
    if (o.size !== undefined) spec.size = o.size;
    if (o.seed !== undefined) spec.seed = o.seed;
    over.dataset = spec;
    if (name !== base.dataset.name) over.template = datasetTemplate(name);
  }
  if (o.epochs !== undefined) Object.assign(over, { epochs: o.epochs, steps: null });
  if (o.steps !== undefined) Object.assign(over, { steps: o.steps, epochs: null });
  if (o.seconds !== undefined) over.maxSeconds = o.seconds;
  if (o.seed !== undefined) over.seed = o.seed;
  if (o.modelSize !== undefined) over.modelSize = o.modelSize;
  if (o.batchSize !== undefined) over.batchSize = o.batchSize;
  if (o.lr !== undefined) over.learningRate = o.lr;
  if (o.weightDecay !== undefined) over.weightDecay = o.weightDecay;
  if (o.augment) over.augment = 'emoji';
  if (o.template !== undefined) over.template = o.template;
  return trainRecipe(base, over as Partial<TrainRecipe>);
}
