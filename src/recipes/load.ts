import * as fs from 'fs';
import * as path from 'path';
import { MODEL_SIZES } from '../models/configs';
import { UserError } from '../runtime/errors';
import { packageRoot } from '../runtime/paths';
import { isQuick } from '../runtime/quick';
import { contentHash } from './hash';
import { ProbeRecipe, Recipe, RecipeFile, TrainDefaults, TrainRecipe } from './types';

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

/** Overrides merged into a recipe; null removes a field (e.g. a quick version without a time cap). */
function merge<T extends object>(base: T, overrides: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete out[k];
    else if (v !== undefined) out[k] = v;
  }
  return out as T;
}

const TRAIN_KEYS = ['name', 'description', 'source', 'kind', 'dataset', 'modelSize', 'batchSize', 'steps', 'epochs', 'maxSeconds', 'clock', 'learningRate', 'warmupSteps', 'weightDecay', 'augment', 'maskSameConcept', 'seed', 'template'];
const PROBE_KEYS = ['name', 'description', 'source', 'kind', 'steps', 'learningRate', 'l2', 'seed'];

/** Checks a recipe's fields, with one sentence naming the first wrong one. */
export function validateRecipe<R extends Recipe>(r: R): R {
  const where = `recipe "${r.name}"`;
  const o = r as unknown as Record<string, unknown>;
  const keys = r.kind === 'probe' ? PROBE_KEYS : TRAIN_KEYS;
  const unknown = Object.keys(o).filter((k) => !keys.includes(k));
  if (unknown.length) throw new UserError(`The ${where} has unknown field(s) ${unknown.join(', ')}; known: ${keys.join(', ')}.`);
  const positive = (k: string, integer: boolean, optional = false) => {
    const v = o[k];
    if (v === undefined && optional) return;
    if (typeof v !== 'number' || !(v > 0) || (integer && !Number.isInteger(v))) throw new UserError(`The ${where} needs ${k} as a positive ${integer ? 'whole ' : ''}number, not ${JSON.stringify(v)}.`);
  };
  const nonNegative = (k: string) => {
    if (typeof o[k] !== 'number' || !((o[k] as number) >= 0)) throw new UserError(`The ${where} needs ${k} as a number ≥ 0, not ${JSON.stringify(o[k])}.`);
  };
  if (!Number.isInteger(r.seed) || r.seed < 0 || r.seed > 2 ** 32 - 1) throw new UserError(`The ${where} needs a seed from 0 to 4294967295, not ${JSON.stringify(r.seed)}.`);
  positive('learningRate', false);
  positive('steps', true, r.kind !== 'probe');
  if (r.kind === 'probe') {
    nonNegative('l2');
    return r;
  }
  if (r.kind !== 'clip' && r.kind !== 'classifier') throw new UserError(`The ${where} has kind ${JSON.stringify((r as TrainRecipe).kind)}; use clip, classifier or probe.`);
  const t = r as TrainRecipe;
  if (!t.dataset || typeof t.dataset.name !== 'string' || !t.dataset.name) throw new UserError(`The ${where} needs a dataset with a name.`);
  if (!MODEL_SIZES[t.modelSize]) throw new UserError(`The ${where} names an unknown model size "${t.modelSize}"; use one of ${Object.keys(MODEL_SIZES).join(', ')}.`);
  positive('batchSize', true);
  // The contrastive loss tells each image's caption from the others in its batch: one pair has nothing to tell apart.
  if (t.kind === 'clip' && t.batchSize < 2) throw new UserError(`The ${where} has batchSize (--batch-size) ${t.batchSize}, but a contrastive batch needs at least 2 pairs (each image is matched against the other captions in its batch); use 2 or more.`);
  positive('epochs', true, true);
  positive('maxSeconds', false, true);
  if (t.steps === undefined && t.epochs === undefined) throw new UserError(`The ${where} needs a budget: steps or epochs.`);
  if (t.steps !== undefined && t.epochs !== undefined) throw new UserError(`The ${where} gives both steps and epochs; keep one (maxSeconds may cap either).`);
  nonNegative('warmupSteps');
  nonNegative('weightDecay');
  if (t.augment !== 'none' && t.augment !== 'emoji') throw new UserError(`The ${where} has augment ${JSON.stringify(t.augment)}; use "none" or "emoji".`);
  if (t.clock !== undefined && t.clock !== 'wall' && t.clock !== 'cpu') throw new UserError(`The ${where} has clock ${JSON.stringify(t.clock)}; use "wall" or "cpu".`);
  if (typeof t.template !== 'string' || !t.template.includes('{}')) throw new UserError(`The ${where} needs a template with "{}" where the label goes, not ${JSON.stringify(t.template)}.`);
  return r;
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
    base = (options.quick ?? isQuick()) && quick ? merge(file as Recipe, quick) : (file as Recipe);
  } else base = name;
  return validateRecipe(merge(base, overrides as Record<string, unknown>) as R);
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
