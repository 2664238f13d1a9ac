import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { UserError } from '../runtime/errors';
import { Tokenizer, TokenizerJSON } from '../text/tokenizer';
import { ToyClassifier } from './classifier';
import { ToyClip } from './clip';
import { ModelConfig, validateConfig } from './config';
import { Weights } from './params';

/** The marker file of a saved toy model; its presence is how a folder is recognised. */
export const MODEL_MARKER = 'clip-workshop.json';
export const MODEL_FORMAT = 'clip-workshop-toy';
/** The model-folder format this kit writes; 2 added the prompt template and the recipe. */
export const MODEL_FORMAT_VERSION = 2;
/** Versions this kit reads (version 1 folders have no template: commands fall back to the dataset's). */
const READABLE_VERSIONS = [1, 2];

/** One entry of weights.json: where a named weight lives in weights.bin (float32, little-endian). */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  /** Byte offset into weights.bin. */
  offset: number;
}

/** clip-workshop.json: what kind of model, its config and (classifier) class names. */
export interface ModelManifest {
  format: typeof MODEL_FORMAT;
  version: number;
  kind: 'clip' | 'classifier';
  config: ModelConfig;
  classNames?: string[];
  /** CLIP: the prompt template the model was trained to be used with ("{}" marks the label). */
  template?: string;
  /** The recipe the model was trained from (effective, after overrides) and its content hash. */
  recipe?: { name: string; hash: string };
}

/** What a saved model records besides its weights: its prompt template and recipe. */
export interface ModelInfo {
  template?: string;
  recipe?: { name: string; hash: string };
}

/** Free-form training metadata saved as training.json (history, dataset, seed, timings). */
export type TrainingMetadata = Record<string, unknown>;

/** Serialises weights into one little-endian float32 buffer and its manifest, names sorted. */
export function packWeights(weights: Weights): { entries: WeightEntry[]; data: Uint8Array } {
  const names = Object.keys(weights).sort();
  const total = names.reduce((s, n) => s + weights[n].size, 0);
  const floats = new Float32Array(total);
  const entries: WeightEntry[] = [];
  let at = 0;
  for (const name of names) {
    const v = weights[name];
    floats.set(v.dataSync() as Float32Array, at);
    entries.push({ name, shape: v.shape, dtype: 'float32', offset: at * 4 });
    at += v.size;
  }
  return { entries, data: new Uint8Array(floats.buffer) };
}

/** Rebuilds variables from a buffer and its manifest; the caller owns (disposes) them. */
export function unpackWeights(entries: WeightEntry[], data: Uint8Array): Weights {
  const weights: Weights = {};
  const copy = new Uint8Array(data); // aligned copy: Buffer slices may start at odd offsets
  const floats = new Float32Array(copy.buffer, copy.byteOffset, copy.byteLength / 4);
  for (const e of entries) {
    const size = e.shape.reduce((a, b) => a * b, 1);
    const start = e.offset / 4;
    if (start + size > floats.length) throw new UserError(`weights.bin is shorter than weights.json says (weight ${e.name}); the model folder is damaged — train or copy it again.`);
    const t = tf.tensor(floats.subarray(start, start + size), e.shape, 'float32');
    weights[e.name] = tf.variable(t, true);
    t.dispose();
  }
  return weights;
}

function isModelFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, MODEL_MARKER));
}

/**
 * Writes a model folder atomically: everything goes to a temporary sibling folder first, which
 * then replaces `dir` (an existing toy model there is replaced; any other non-empty folder is refused).
 */
function writeFolderAtomic(dir: string, files: Record<string, string | Uint8Array>): void {
  const target = path.resolve(dir);
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0 && !isModelFolder(target)) {
    throw new UserError(`${dir} exists and is not a clip-workshop model folder; choose another output folder or empty it.`);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  const old = `${target}.old-${process.pid}-${Date.now()}`;
  try {
    fs.mkdirSync(tmp);
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(tmp, name), content);
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.renameSync(tmp, target);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(old, { recursive: true, force: true });
  }
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

/** Saves a toy CLIP or classifier to a folder: clip-workshop.json, weights.json + weights.bin, tokenizer.json, training.json. */
export function saveModel(dir: string, model: ToyClip | ToyClassifier, training: TrainingMetadata = {}, info: ModelInfo = {}): void {
  const { entries, data } = packWeights(model.weights);
  const template = info.template ?? (model instanceof ToyClip ? model.promptTemplate : undefined);
  const extra = { ...(template !== undefined ? { template } : {}), ...(info.recipe ? { recipe: info.recipe } : {}) };
  const manifest: ModelManifest =
    model instanceof ToyClip
      ? { format: MODEL_FORMAT, version: MODEL_FORMAT_VERSION, kind: 'clip', config: model.config, ...extra }
      : { format: MODEL_FORMAT, version: MODEL_FORMAT_VERSION, kind: 'classifier', config: model.config, classNames: [...model.classNames], ...extra };
  const files: Record<string, string | Uint8Array> = {
    [MODEL_MARKER]: json(manifest),
    'weights.json': json(entries),
    'weights.bin': data,
    'training.json': json(training),
  };
  if (model instanceof ToyClip) files['tokenizer.json'] = json(model.tokenizer.toJSON());
  writeFolderAtomic(dir, files);
}

function readJson<T>(dir: string, name: string): T {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) throw new UserError(`${file} is missing; the model folder is incomplete — train or copy it again.`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    throw new UserError(`${file} is not valid JSON; the model folder is damaged — train or copy it again.`);
  }
}

/** Reads a saved model's manifest, with a clear error when `dir` is not a toy model folder. */
export function readManifest(dir: string): ModelManifest {
  if (!fs.existsSync(dir)) throw new UserError(`No model at ${dir}: the folder does not exist; train one with \`clip-workshop train --out ${dir}\`.`);
  if (!isModelFolder(dir)) throw new UserError(`${dir} is not a clip-workshop model folder (no ${MODEL_MARKER}); pass a folder written by \`clip-workshop train\` or \`baseline\`.`);
  const m = readJson<ModelManifest>(dir, MODEL_MARKER);
  if (m.format !== MODEL_FORMAT) throw new UserError(`${dir}/${MODEL_MARKER} is not a clip-workshop toy model manifest.`);
  if (!READABLE_VERSIONS.includes(m.version)) {
    throw new UserError(`${dir} is a model folder of format version ${JSON.stringify(m.version)}; this kit reads versions ${READABLE_VERSIONS.join(' and ')} — train it again with this kit, or use the kit that wrote it.`);
  }
  if (m.kind !== 'clip' && m.kind !== 'classifier') throw new UserError(`${dir}/${MODEL_MARKER} names an unknown model kind ${JSON.stringify(m.kind)}; expected clip or classifier.`);
  return m;
}

/** Loads a saved toy model (either kind); the caller disposes it. */
export function loadModel(dir: string): ToyClip | ToyClassifier {
  const m = readManifest(dir);
  const config = validateConfig(m.config);
  const weights = unpackWeights(readJson<WeightEntry[]>(dir, 'weights.json'), fs.readFileSync(path.join(dir, 'weights.bin')));
  if (m.kind === 'classifier') return new ToyClassifier(config, weights, m.classNames ?? []);
  const clip = new ToyClip(config, weights, Tokenizer.fromJSON(readJson<TokenizerJSON>(dir, 'tokenizer.json')));
  clip.promptTemplate = m.template;
  return clip;
}

/** Loads a saved toy CLIP, refusing a classifier folder with a clear message. */
export function loadToyClip(dir: string): ToyClip {
  const m = loadModel(dir);
  if (!(m instanceof ToyClip)) {
    m.dispose();
    throw new UserError(`${dir} holds a traditional classifier, not a CLIP; pass a folder written by \`clip-workshop train\`.`);
  }
  return m;
}

/** Reads training.json of a saved model ({} when absent). */
export function readTrainingMetadata(dir: string): TrainingMetadata {
  return fs.existsSync(path.join(dir, 'training.json')) ? readJson<TrainingMetadata>(dir, 'training.json') : {};
}
