import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../runtime/errors';
import { checkOutputFolder, OwnedFolderSpec, writeOwnedFolder } from '../runtime/ownedFolder';
import { Tokenizer, TokenizerJSON } from '../text/tokenizer';
import { ToyClassifier } from './classifier';
import { ToyClip } from './clip';
import { ModelConfig, validateConfig } from './config';
import { checkSavedConfig } from './configCheck';
import { imageSpec, textSpec, Weights } from './params';
import { modelTemplate } from './template';
import { ALLOW_CHECKPOINT_FLAG, CHECKPOINTS, FolderFilesOptions, MODEL_FORMAT, MODEL_FORMAT_VERSION, MODEL_MARKER, ModelManifest, modelFolderFiles, packWeights, TrainingMetadata, WeightEntry } from './folderFiles';

export { MODEL_MARKER, MODEL_FORMAT, MODEL_FORMAT_VERSION, CHECKPOINTS, ALLOW_CHECKPOINT_FLAG, packWeights, modelFolderFiles } from './folderFiles';
export type { WeightEntry, ModelManifest, ModelInfo, TrainingMetadata, PackedWeights } from './folderFiles';

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


/** The model folder kind for writes: only the kit's own files are replaced, checkpoints are kept. */
const MODEL_FILES = [MODEL_MARKER, 'weights.json', 'weights.bin', 'training.json', 'tokenizer.json'];
export const MODEL_FOLDER: OwnedFolderSpec = {
  what: 'model folder',
  kind: 'a clip-workshop model folder',
  flag: '--out',
  // A folder written before the kit listed its files: its model files are the kit's.
  legacyOwned: (dir) => (fs.existsSync(path.join(dir, MODEL_MARKER)) ? MODEL_FILES : []),
  keep: [CHECKPOINTS],
};

export interface SaveOptions extends FolderFilesOptions {
  /** Write beside files of the user's in the folder (they are kept). */
  force?: boolean;
}

/** The folder a checkpoint taken after `epoch` goes to, inside the model folder `out`. */
export function checkpointFolder(out: string, epoch: number): string {
  return path.join(out, CHECKPOINTS, `epoch-${epoch}`);
}

/** Checks before training that `dir` can take a model (see checkOutputFolder): fails early, naming the problem. */
export function checkModelOutput(dir: string, force = false): void {
  checkOutputFolder(dir, MODEL_FOLDER, MODEL_FILES, force);
}

/**
 * Saves a toy CLIP or classifier to a folder: clip-workshop.json (with the weights' checksum, and `complete`
 * unless it is a checkpoint), weights.json + weights.bin, tokenizer.json, training.json. Other files in the
 * folder are the user's and are kept (see writeOwnedFolder).
 */
export function saveModel(dir: string, model: ToyClip | ToyClassifier, training: TrainingMetadata = {}, options: SaveOptions = {}): void {
  const packed = packWeights(model.weights);
  const files = modelFolderFiles(model, packed, crypto.createHash('sha256').update(packed.data).digest('hex'), training, options);
  writeOwnedFolder(dir, files, MODEL_FOLDER, options.force);
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

function isModelFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, MODEL_MARKER));
}

/** The checkpoint folders inside a model folder, oldest first. */
export function listCheckpoints(dir: string): string[] {
  const root = path.join(dir, CHECKPOINTS);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((n) => /^epoch-\d+$/.test(n) && isModelFolder(path.join(root, n)))
    .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)))
    .map((n) => path.join(root, n));
}

/** Reads a saved model's manifest, with a clear error when `dir` is not a toy model folder it can read. */
export function readManifest(dir: string): ModelManifest {
  if (!fs.existsSync(dir)) throw new UserError(`No model at ${dir}: the folder does not exist; train one with \`clip-workshop train --out ${dir}\`.`);
  if (!isModelFolder(dir)) {
    const cps = listCheckpoints(dir);
    if (cps.length) throw new UserError(`${dir} holds no finished model, only checkpoints (latest ${cps[cps.length - 1]}); train again, or pass that folder with ${ALLOW_CHECKPOINT_FLAG} to use a checkpoint.`);
    throw new UserError(`${dir} is not a clip-workshop model folder (no ${MODEL_MARKER}); pass a folder written by \`clip-workshop train\` or \`baseline\`.`);
  }
  const m = readJson<ModelManifest>(dir, MODEL_MARKER);
  if (!m || m.format !== MODEL_FORMAT) throw new UserError(`${dir}/${MODEL_MARKER} is not a clip-workshop toy model manifest; pass a folder written by \`clip-workshop train\`.`);
  if (!Number.isInteger(m.version) || m.version < 1) throw new UserError(`${dir} has model format version ${JSON.stringify(m.version)}, which no clip-workshop writes; the folder is damaged — train or copy it again.`);
  if (m.version > MODEL_FORMAT_VERSION) {
    throw new UserError(`${dir} was written by a newer clip-workshop (model format version ${m.version}; this one reads versions 1 to ${MODEL_FORMAT_VERSION}); update clip-workshop, or train the model again with this one.`);
  }
  if (m.kind !== 'clip' && m.kind !== 'classifier') throw new UserError(`${dir} holds a model of unknown kind ${JSON.stringify(m.kind)} (format version ${m.version}); this clip-workshop loads "clip" and "classifier" models — train it again.`);
  return m;
}

/** Refuses a checkpoint or an unfinished model unless the user asked for one. */
function checkComplete(dir: string, m: ModelManifest, allowCheckpoint: boolean): void {
  if (allowCheckpoint) return;
  // Before version 3 a checkpoint said so only in training.json.
  const legacyCheckpoint = m.version < 3 && readTrainingMetadata(dir).checkpoint === true;
  if (m.checkpoint || legacyCheckpoint) {
    const at = m.checkpoint ? ` saved after epoch ${m.checkpoint.epoch}` : '';
    throw new UserError(`${dir} is a training checkpoint${at}, not a finished model; pass ${ALLOW_CHECKPOINT_FLAG} to load it anyway.`);
  }
  if (m.version >= 3 && m.complete !== true) {
    throw new UserError(`${dir} is not marked complete (its training did not finish); train it again, or pass ${ALLOW_CHECKPOINT_FLAG} to load it anyway.`);
  }
}

/** The name → shape of every weight a model of this kind and config has. */
export function expectedShapes(m: ModelManifest, config: ModelConfig): Map<string, number[]> {
  const spec =
    m.kind === 'clip'
      ? [...imageSpec(config), ...textSpec(config), ['logit_scale', [], null] as const]
      : [...imageSpec(config), ['head.kernel', [config.embedDim, (m.classNames ?? []).length], null] as const, ['head.bias', [(m.classNames ?? []).length], null] as const];
  return new Map(spec.map(([name, shape]) => [name as string, [...(shape as number[])]]));
}

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const showShape = (s: readonly number[]) => `[${s.join(', ')}]`;

/**
 * Checks a model folder's weights before any tensor is made: the checksum of weights.bin (version 3 on), every
 * weight present with the shape its config needs and no unknown one, the sizes adding up, and every value finite.
 * Returns the entries and bytes; throws a UserError naming the first problem.
 */
export function verifyWeights(dir: string, m: ModelManifest, config: ModelConfig): { entries: WeightEntry[]; data: Uint8Array } {
  const damaged = `the model folder is damaged — train or copy it again`;
  const entries = readJson<WeightEntry[]>(dir, 'weights.json');
  const binFile = path.join(dir, 'weights.bin');
  if (!fs.existsSync(binFile)) throw new UserError(`${binFile} is missing; the model folder is incomplete — train or copy it again.`);
  const data = new Uint8Array(fs.readFileSync(binFile));
  // From version 3 on every model records its checksum: a manifest without it is damaged, not exempt.
  if (m.version >= 3 && (!m.weights || typeof m.weights.sha256 !== 'string' || !Number.isInteger(m.weights.bytes))) throw new UserError(`${dir}/${MODEL_MARKER} has no weights record (sha256 and bytes of weights.bin), which format version ${m.version} requires; ${damaged}.`);
  if (m.weights) {
    const sum = crypto.createHash('sha256').update(data).digest('hex');
    if (data.byteLength !== m.weights.bytes || sum !== m.weights.sha256) {
      throw new UserError(`${binFile} does not match the checksum in ${MODEL_MARKER} (${data.byteLength} bytes, sha256 ${sum.slice(0, 12)}…; expected ${m.weights.bytes} bytes, ${m.weights.sha256.slice(0, 12)}…); ${damaged}.`);
    }
  }
  if (!Array.isArray(entries)) throw new UserError(`${dir}/weights.json is not a list of weights; ${damaged}.`);
  if (m.kind === 'classifier' && (!Array.isArray(m.classNames) || m.classNames.length < 2)) {
    throw new UserError(`${dir}/${MODEL_MARKER} lists ${Array.isArray(m.classNames) ? m.classNames.length : 'no'} class names; a classifier needs at least two — ${damaged}.`);
  }
  const want = expectedShapes(m, config);
  const seen = new Set<string>();
  let floats = 0;
  for (const e of entries) {
    if (!e || typeof e.name !== 'string' || !Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0) || !Number.isInteger(e.offset) || e.offset % 4 !== 0) {
      throw new UserError(`${dir}/weights.json has a malformed entry ${JSON.stringify(e).slice(0, 80)}; ${damaged}.`);
    }
    const shape = want.get(e.name);
    if (!shape) throw new UserError(`${dir}/weights.json has a weight "${e.name}" that a ${m.kind} of this config does not have; ${damaged}.`);
    if (!same(shape, e.shape)) throw new UserError(`Weight "${e.name}" in ${dir}/weights.json has shape ${showShape(e.shape)}, but the model's config needs ${showShape(shape)}; ${damaged}.`);
    if (seen.has(e.name)) throw new UserError(`Weight "${e.name}" appears twice in ${dir}/weights.json; ${damaged}.`);
    seen.add(e.name);
    floats += shape.reduce((a, b) => a * b, 1);
  }
  const missing = [...want.keys()].filter((n) => !seen.has(n));
  if (missing.length) throw new UserError(`Weight${missing.length > 1 ? 's' : ''} ${missing.slice(0, 3).map((n) => `"${n}"`).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''} missing from ${dir}/weights.json; ${damaged}.`);
  if (data.byteLength !== floats * 4) throw new UserError(`${binFile} is ${data.byteLength} bytes but weights.json describes ${floats * 4}; ${damaged}.`);
  const view = new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4);
  for (const e of entries) {
    const start = e.offset / 4;
    const size = e.shape.reduce((a, b) => a * b, 1);
    if (start + size > view.length) throw new UserError(`weights.bin is shorter than weights.json says (weight ${e.name}); ${damaged}.`);
    for (let i = start; i < start + size; i++) {
      if (!Number.isFinite(view[i])) throw new UserError(`Weight "${e.name}" in ${binFile} holds ${view[i]} values (its training diverged or the file is damaged); train the model again (with a lower \`clip-workshop train --lr\` if it diverged).`);
    }
  }
  return { entries, data };
}

export interface LoadOptions {
  /** Load a checkpoint or a folder whose training did not finish. */
  allowCheckpoint?: boolean;
}

/** Loads a saved toy model (either kind) after checking it whole; the caller disposes it. */
export function loadModel(dir: string, options: LoadOptions = {}): ToyClip | ToyClassifier {
  const m = readManifest(dir);
  checkComplete(dir, m, Boolean(options.allowCheckpoint));
  const config = validateConfig(checkSavedConfig(path.join(dir, MODEL_MARKER), m.config));
  const tokenizer = m.kind === 'clip' ? Tokenizer.fromJSON(readJson<TokenizerJSON>(dir, 'tokenizer.json')) : undefined;
  if (tokenizer && (tokenizer.vocabSize !== config.vocabSize || tokenizer.maxLength !== config.contextLength)) {
    throw new UserError(`${dir}/tokenizer.json has ${tokenizer.vocabSize} words and ${tokenizer.maxLength} tokens per text, but the model's config needs ${config.vocabSize} and ${config.contextLength}; the model folder is damaged — train or copy it again.`);
  }
  const { entries, data } = verifyWeights(dir, m, config);
  const weights = unpackWeights(entries, data);
  if (m.kind === 'classifier') return new ToyClassifier(config, weights, m.classNames ?? []);
  return new ToyClip(config, weights, tokenizer!, modelTemplate(dir));
}

/** Loads a saved toy CLIP, refusing a classifier folder with a clear message. */
export function loadToyClip(dir: string, options: LoadOptions = {}): ToyClip {
  const m = loadModel(dir, options);
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
