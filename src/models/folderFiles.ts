import { ToyClassifier } from './classifier';
import { ToyClip } from './clip';
import { ModelConfig } from './config';
import { Weights } from './params';
import { MODEL_MARKER, ModelRecord } from './record';

/**
 * The files of a toy model folder, as bytes and text, without the file system: what saveModel writes, and what
 * the browser's Train view packs into a download. Pure (no Node modules), so the page's bundle can import it.
 */

export { MODEL_MARKER };
export const MODEL_FORMAT = 'clip-workshop-toy';
/**
 * The model folder format this kit writes. 1: config, kind, weights. 2: the prompt template and the recipe.
 * 3: a checksum of weights.bin, `complete` (set only when training ended) and `checkpoint`. Older ones still load
 * (version 1 folders have no template: they load with bare labels, see modelTemplate).
 */
export const MODEL_FORMAT_VERSION = 3;
/** The subfolder of a model folder that holds its checkpoints (`checkpoints/epoch-N/`). */
export const CHECKPOINTS = 'checkpoints';
/** The option that loads a checkpoint or an unfinished model on purpose. */
export const ALLOW_CHECKPOINT_FLAG = '--allow-checkpoint';

/** One entry of weights.json: where a named weight lives in weights.bin (float32, little-endian). */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  /** Byte offset into weights.bin. */
  offset: number;
}

/** clip-workshop.json of a toy model: the record every model folder has, and what kind of model, its config and (classifier) class names. */
export interface ModelManifest extends ModelRecord {
  format: typeof MODEL_FORMAT;
  version: number;
  kind: 'clip' | 'classifier';
  config: ModelConfig;
  classNames?: string[];
  /** True only in the model saved when training ended (version 3 on). */
  complete?: boolean;
  /** Set in a checkpoint: the epoch and step it was saved after. */
  checkpoint?: { epoch: number; step: number };
  /** sha256 and length of weights.bin (version 3 on). */
  weights?: { sha256: string; bytes: number };
}

/** What a saved model records besides its weights: its prompt template and recipe. */
export type ModelInfo = Pick<ModelRecord, 'template' | 'recipe'>;

/** Free-form training metadata saved as training.json (history, dataset, seed, timings). */
export type TrainingMetadata = Record<string, unknown>;

/** A model's weights as one buffer and its table of contents. */
export interface PackedWeights {
  entries: WeightEntry[];
  data: Uint8Array;
}

/** Serialises weights into one little-endian float32 buffer and its manifest, names sorted. */
export function packWeights(weights: Weights): PackedWeights {
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

/** What a model folder records besides the model: its template and recipe, or that it is a checkpoint. */
export interface FolderFilesOptions extends ModelInfo {
  /** Saves a checkpoint (never marked complete) taken after this epoch and step. */
  checkpoint?: { epoch: number; step: number };
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

/**
 * The files of a model folder (clip-workshop.json with the weights' checksum and `complete` unless it is a
 * checkpoint, weights.json + weights.bin, tokenizer.json, training.json), by file name. `sha256` is the hex
 * digest of `packed.data`: Node and the browser compute it each their own way.
 */
export function modelFolderFiles(model: ToyClip | ToyClassifier, packed: PackedWeights, sha256: string, training: TrainingMetadata = {}, options: FolderFilesOptions = {}): Record<string, string | Uint8Array> {
  const { entries, data } = packed;
  const template = options.template ?? (model instanceof ToyClip ? model.promptTemplate : undefined);
  const manifest: ModelManifest = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    kind: model instanceof ToyClip ? 'clip' : 'classifier',
    complete: !options.checkpoint,
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
    weights: { sha256, bytes: data.byteLength },
    config: model.config,
    ...(model instanceof ToyClassifier ? { classNames: [...model.classNames] } : {}),
    ...(template !== undefined ? { template } : {}),
    ...(options.recipe ? { recipe: options.recipe } : {}),
  };
  const files: Record<string, string | Uint8Array> = {
    [MODEL_MARKER]: json(manifest),
    'weights.json': json(entries),
    'weights.bin': data,
    'training.json': json(training),
  };
  if (model instanceof ToyClip) files['tokenizer.json'] = json(model.tokenizer.toJSON());
  return files;
}
