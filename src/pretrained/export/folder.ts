import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../../runtime/errors';
import { checkOutputFolder, OwnedFolderSpec, writeOwnedFolder } from '../../runtime/ownedFolder';
import { ToyClip } from '../../models/clip';
import { loadToyClip } from '../../models/io';
import { WeightArrays } from '../../onnx/builders';
import { isTransformersFolder } from '../source';
import { MODEL_MARKER } from '../../models/record';
import { buildToyClipOnnx } from './graph';
import { tokenizerConfigJson, tokenizerJson } from './tokenizer';

/** What an export wrote. */
export interface ExportResult {
  /** The transformers.js folder (absolute). */
  out: string;
  /** Relative file names and sizes in bytes. */
  files: Record<string, number>;
  /** The toy model's logit scale as exported (exp of the log, capped). */
  logitScale: number;
  /** Number of ONNX initialisers' float values (= the model's parameters). */
  parameters: number;
}

/** The marker key in config.json that says a folder came from this exporter. */
export const EXPORT_MARKER = 'clip_workshop';

/** Plain arrays of a toy CLIP's weights (the logit scale is passed apart). */
export function weightArrays(clip: ToyClip): WeightArrays {
  const out: WeightArrays = {};
  for (const [name, v] of Object.entries(clip.weights)) {
    if (name === 'logit_scale') continue;
    out[name] = { data: v.dataSync() as Float32Array, shape: v.shape };
  }
  return out;
}

/**
 * preprocessor_config.json reproducing the toy preprocessing: resize the short side to imageSize and centre-crop a
 * square (images already imageSize × imageSize pass through untouched), pixels / 255, then (x − mean) / std with the
 * model's pixelMean / pixelStd. `do_normalize` is explicit and `size` is {shortest_edge}: a bare number would pad.
 */
export function preprocessorConfigJson(clip: ToyClip): object {
  const c = clip.config;
  return {
    image_processor_type: 'CLIPImageProcessor',
    feature_extractor_type: 'CLIPFeatureExtractor',
    do_convert_rgb: true,
    do_resize: true,
    size: { shortest_edge: c.imageSize },
    // 1 = Lanczos: transformers.js then resizes with sharp's lanczos3, as src/data/image.ts does for the toy.
    resample: 1,
    do_center_crop: true,
    crop_size: { height: c.imageSize, width: c.imageSize },
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [...c.pixelMean],
    image_std: [...c.pixelStd],
  };
}

/** config.json: model_type "clip" (what transformers.js dispatches on) and the toy's own config for reference. */
export function configJson(clip: ToyClip): object {
  const c = clip.config;
  return {
    model_type: 'clip',
    architectures: ['CLIPModel'],
    projection_dim: c.embedDim,
    logit_scale_init_value: Math.log(c.initLogitScale),
    text_config: { model_type: 'clip_text_model', vocab_size: c.vocabSize, max_position_embeddings: c.contextLength, hidden_size: c.textWidth },
    vision_config: { model_type: 'clip_vision_model', image_size: c.imageSize, patch_size: c.patchSize, hidden_size: c.imageWidth },
    [EXPORT_MARKER]: { format: 'toy-clip-onnx', version: 1, description: clip.description, config: c },
  };
}

/** Every file of the transformers.js folder for a toy CLIP, by relative path. */
export function exportFiles(clip: ToyClip): { files: Record<string, string | Uint8Array>; logitScale: number; parameters: number } {
  const c = clip.config;
  const weights = weightArrays(clip);
  const log = clip.weights['logit_scale'].dataSync()[0];
  const onnx = buildToyClipOnnx(c, weights, { log, max: c.maxLogitScale });
  const json = (v: object) => JSON.stringify(v, null, 2) + '\n';
  return {
    files: {
      'config.json': json(configJson(clip)),
      'preprocessor_config.json': json(preprocessorConfigJson(clip)),
      'tokenizer.json': json(tokenizerJson(clip.tokenizer)),
      'tokenizer_config.json': json(tokenizerConfigJson(clip.tokenizer)),
      [path.join('onnx', 'model.onnx')]: onnx,
      // The kit's own record: the prompt template travels with the model (what modelTemplate reads back).
      [MODEL_MARKER]: json({ template: clip.promptTemplate }),
    },
    logitScale: Math.min(Math.exp(log), c.maxLogitScale),
    parameters: Object.values(weights).reduce((s, w) => s + w.data.length, 0) + 1,
  };
}

/** The files of an export, by relative path. */
export const EXPORT_FILES = ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];

/** True when config.json says the folder was written by this exporter. */
function isKitExport(dir: string): boolean {
  try {
    return isTransformersFolder(dir) && EXPORT_MARKER in JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
  } catch {
    return false;
  }
}

/** The export folder kind for writes: only the exporter's own files are replaced, anything else is the user's. */
export const EXPORT_FOLDER: OwnedFolderSpec = {
  what: 'export folder',
  kind: 'a transformers.js model folder written by clip-workshop',
  flag: '--out',
  legacyOwned: (dir) => (isKitExport(dir) ? EXPORT_FILES : []),
};

/** Checks before exporting that `outDir` can take an export (not a file, writable, nothing of the user's in the way). */
export function checkExportOutput(outDir: string, force = false): void {
  checkOutputFolder(outDir, EXPORT_FOLDER, EXPORT_FILES, force);
}

/**
 * Writes a toy CLIP as a transformers.js model folder, atomically: the files go to a temporary sibling folder that
 * then replaces the kit's files in `outDir`. Files of the user's there are kept, and refused without `force`.
 */
export function writeTransformersFolder(clip: ToyClip, outDir: string, options: { force?: boolean } = {}): ExportResult {
  const target = path.resolve(outDir);
  const { files, logitScale, parameters } = exportFiles(clip);
  writeOwnedFolder(target, files, EXPORT_FOLDER, options.force);
  const sizes: Record<string, number> = {};
  for (const [name, content] of Object.entries(files)) sizes[name] = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
  return { out: target, files: sizes, logitScale, parameters };
}

/**
 * Exports the toy CLIP saved in `modelDir` (by `clip-workshop train`) to a transformers.js folder `outDir`:
 * `pipeline('zero-shot-image-classification', outDir)` and `CLIPModel.from_pretrained(outDir)` then run it.
 */
export function exportToyClip(modelDir: string, outDir: string, options: { force?: boolean; allowCheckpoint?: boolean } = {}): ExportResult {
  if (path.resolve(modelDir) === path.resolve(outDir)) throw new UserError('--out must be a different folder from --model; the export would replace the model it reads.');
  const clip = loadToyClip(modelDir, options);
  try {
    return writeTransformersFolder(clip, outDir, options);
  } finally {
    clip.dispose();
  }
}
