import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../runtime/errors';
import { replaceFolder, writeJsonAtomic } from '../runtime/atomic';
import { writeFolderChecksums } from '../runtime/checksums';
import { isTransformersFolder } from '../pretrained/source';
import { MODEL_MARKER, ModelRecord } from '../models/record';
import { isTemplate, modelTemplate } from '../models/template';
import { scriptPath } from '../runtime/scripts';
import { requireTorchPython } from './python';

export interface ImportOptions {
  /** The open_clip checkpoint (`epoch_N.pt` from open_clip_train, or a bare state dict). */
  checkpoint: string;
  /** The open_clip model config JSON it was trained with; its file name is the model name. */
  config: string;
  /** The transformers.js folder to write. */
  out: string;
  /** The prompt template recorded with the model ("{}" marks the class name); none recorded: bare labels (see modelTemplate). */
  template?: string;
  /** The Python to run (default: the first with torch and open_clip, see findTorchPython). */
  python?: string;
}

/** What an import wrote. */
export interface ImportResult {
  out: string;
  model: string;
  /** The model's template as every loader will read it (modelTemplate of the folder written). */
  template: string;
  imageSize: number;
  contextLength: number;
  logitScale: number;
  parameters: number;
  files: Record<string, number>;
  python: string;
  torch: string;
  openClip: string;
}

/** Relative paths and sizes of the files under `dir`. */
function fileSizes(dir: string, prefix = ''): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.join(prefix, e.name);
    if (e.isDirectory()) Object.assign(out, fileSizes(dir, rel));
    else out[rel] = fs.statSync(path.join(dir, rel)).size;
  }
  return out;
}

/**
 * Converts an open_clip checkpoint into a transformers.js folder that every `--model` option runs (through the kit's
 * Python script, src/openclip/convert.py). The folder is built beside `out` and swapped in whole: a failure leaves no folder.
 */
export function importOpenClip(options: ImportOptions): ImportResult {
  const template = options.template;
  if (template !== undefined && !isTemplate(template)) throw new UserError(`The template "${template}" has no "{}" where the class name goes; write e.g. --template "a photo of a {}."`);
  for (const [file, what] of [[options.checkpoint, 'checkpoint'], [options.config, 'config']] as const) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UserError(`The ${what} ${file} does not exist; give the path of the open_clip ${what === 'checkpoint' ? 'checkpoint (logs/<run>/checkpoints/epoch_N.pt)' : 'model config JSON'}.`);
  }
  const target = path.resolve(options.out);
  if (fs.existsSync(target) && (!fs.statSync(target).isDirectory() || (fs.readdirSync(target).length > 0 && !isTransformersFolder(target)))) {
    throw new UserError(`${options.out} exists and is not a transformers.js model folder; choose another --out folder or empty it.`);
  }
  const python = options.python ?? requireTorchPython();
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    const args = { checkpoint: path.resolve(options.checkpoint), config: path.resolve(options.config), out: tmp };
    const r = spawnSync(python, [scriptPath('openclip', 'convert.py'), JSON.stringify(args)], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 30 * 60 * 1000 });
    const last = (r.stdout ?? '').trim().split('\n').pop() ?? '';
    let reply: any;
    try {
      reply = JSON.parse(last);
    } catch {
      const why = r.error ? r.error.message : (r.stderr ?? '').trim().split('\n').pop();
      throw new UserError(`Converting the open_clip checkpoint failed in ${python} (${why || `exit code ${r.status}`}); run it again with CLIP_WORKSHOP_TORCH_PYTHON pointing at a Python with a recent torch and open_clip_torch.`);
    }
    if (reply.error) throw new UserError(`Cannot import: ${reply.error}.`);
    const info: ModelRecord = { ...(template !== undefined ? { template } : {}), source: { openClip: { checkpoint: args.checkpoint, config: args.config, model: reply.model } } };
    writeJsonAtomic(path.join(tmp, MODEL_MARKER), info);
    const files = fileSizes(tmp);
    writeFolderChecksums(tmp, 'import folder');
    replaceFolder(tmp, target);
    return { out: target, model: reply.model, template: modelTemplate(target), imageSize: reply.imageSize, contextLength: reply.contextLength, logitScale: reply.logitScale, parameters: reply.parameters, files, python, torch: reply.torch, openClip: reply.openClip };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
