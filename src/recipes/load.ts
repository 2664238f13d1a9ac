import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../runtime/errors';
import { packageRoot } from '../runtime/paths';
import { isQuick } from '../runtime/quick';
import { contentHash } from './hash';
import { ProbeRecipe, Recipe, RecipeFile, TrainDefaults, TrainRecipe } from './types';
import { mergeRecipe, validateRecipe } from './validate';

export { mergeRecipe, validateRecipe };

/** The folder of the recipe files. */
export function recipesDir(): string {
  return path.join(packageRoot(), 'recipes');
}

const DEFAULTS_FILE = 'defaults';

function readJsonFile(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UserError(e.code === 'ENOENT' ? `There is no recipe file ${file}.` : `The recipe file ${file} is not valid JSON (${e.message}); fix it or restore it with git.`);
  }
}

/** Names of every recipe (recipes/*.json without the defaults), sorted. */
export function recipeNames(): string[] {
  return fs
    .readdirSync(recipesDir())
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .filter((n) => n !== DEFAULTS_FILE)
    .sort();
}

/** The trainer defaults: what a run uses for a field its recipe (or the command line) leaves out. */
let defaultsMemo: TrainDefaults | undefined;
export function trainDefaults(): TrainDefaults {
  if (defaultsMemo) return defaultsMemo;
  const d = readJsonFile(path.join(recipesDir(), `${DEFAULTS_FILE}.json`));
  return (defaultsMemo = { batchSize: num(d, 'batchSize'), learningRate: num(d, 'learningRate'), warmupSteps: num(d, 'warmupSteps'), weightDecay: num(d, 'weightDecay'), epochs: num(d, 'epochs') });
}

function num(o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new UserError(`recipes/defaults.json needs a number for "${key}".`);
  return v;
}

/** The file of a recipe, as written (with its `quick` overrides). */
export function readRecipeFile(name: string): RecipeFile {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name) || !recipeNames().includes(name)) {
    throw new UserError(`Unknown recipe "${name}"; known: ${recipeNames().join(', ')}.`);
  }
  const r = readJsonFile(path.join(recipesDir(), `${name}.json`)) as unknown as RecipeFile;
  if (r.name !== name) throw new UserError(`recipes/${name}.json names itself "${r.name}"; the name must match the file name.`);
  return r;
}

/**
 * A recipe ready to run: the file, its quick overrides when `quick` (default: CLIP_WORKSHOP_QUICK), then
 * `overrides` — an exercise that changes a hyperparameter says so here, visibly.
 */
export function loadRecipe<R extends Recipe>(name: string | R, overrides: Partial<R> = {}, options: { quick?: boolean } = {}): R {
  let base: Recipe;
  if (typeof name === 'string') {
    const { quick, ...file } = readRecipeFile(name);
    base = (options.quick ?? isQuick()) && quick ? mergeRecipe(file as Recipe, quick) : (file as Recipe);
  } else base = name;
  return validateRecipe(mergeRecipe(base, overrides as Record<string, unknown>) as R);
}

/** The content hash of a recipe (16 hex digits): any changed field changes it. */
export function recipeHash(r: Recipe): string {
  return contentHash(r);
}

/** A training recipe by name, refusing a probe recipe. */
export function trainRecipe(name: string | TrainRecipe, overrides: Partial<TrainRecipe> = {}, options: { quick?: boolean } = {}): TrainRecipe {
  const r = loadRecipe<Recipe>(name as string, overrides as Partial<Recipe>, options);
  if (r.kind === 'probe') throw new UserError(`The recipe "${r.name}" is a linear probe's settings, not a model to train.`);
  return r as TrainRecipe;
}

/** The linear probe's recipe by name. */
export function probeRecipe(name: string, overrides: Partial<ProbeRecipe> = {}, options: { quick?: boolean } = {}): ProbeRecipe {
  const r = loadRecipe<Recipe>(name, overrides as Partial<Recipe>, options);
  if (r.kind !== 'probe') throw new UserError(`The recipe "${r.name}" trains a model; it is not a linear probe's settings.`);
  return r;
}

/** A training recipe by name (quick version under CLIP_WORKSHOP_QUICK), with visible overrides: `recipe('shapes-clip', { batchSize: 8 })`. */
export function recipe(name: string | TrainRecipe, overrides: Partial<TrainRecipe> = {}, options: { quick?: boolean } = {}): TrainRecipe {
  return trainRecipe(name, overrides, options);
}
