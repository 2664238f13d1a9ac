import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../../runtime/errors';
import { checkOutputFolder, OwnedFolderSpec, writeOwnedFolder } from '../../runtime/ownedFolder';
import { ToyClip } from '../../models/clip';
import { loadToyClip } from '../../models/io';
import { isTransformersFolder } from '../source';
import { EXPORT_MARKER, exportFiles } from './files';

export { configJson, EXPORT_MARKER, exportFiles, preprocessorConfigJson, weightArrays } from './files';

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
