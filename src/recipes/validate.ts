import { MODEL_SIZES } from '../models/configs';
import { UserError } from '../runtime/errors';
import { Recipe, TrainRecipe } from './types';

// A recipe's checks and overrides without reading files: the browser's Train view runs them on the fetched recipe.

/** Overrides merged into a recipe; null removes a field (e.g. a quick version without a time cap). */
export function mergeRecipe<T extends object>(base: T, overrides: Record<string, unknown>): T {
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

