import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../runtime/errors';
import { cacheDir } from '../runtime/paths';
import { MODEL_MARKER } from '../models/record';
import { modelTemplate } from '../models/template';
import { exportToyClip, EXPORT_MARKER } from '../pretrained/export';
import { folderDtypes, isTransformersFolder, looksLikeHubId, ONNX_FILES, TRANSFORMERS_FILES } from '../pretrained/source';

/** One model as the page lists it (models.json): its folder under models/ and what the picker shows. */
export interface WebModel {
  /** Folder name under models/, and the `model` URL parameter. */
  name: string;
  description: string;
  imageSize: number;
  /** A kit toy model: its words come from a fixed vocabulary, so the page flags unknown ones. */
  toy: boolean;
  /** The model's prompt template ("{}" marks the label), as every loader reads it (modelTemplate). */
  template: string;
  /** The ONNX precision the page asks transformers.js for (transformers.js dtype name). */
  dtype: 'fp32' | 'fp16' | 'q8';
  /** What the page opens on for this model when the address names no image or labels. */
  example: { image: string; labels: string[] };
}

/** transformers.js names a precision's file by these dtypes (see ONNX_FILES). */
const PAGE_DTYPES = ['q8', 'fp16', 'fp32'] as const;

/** A model folder name safe in a URL and a path: letters, digits, dot, dash, underscore. */
function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'model';
}

/** A model to put on the page and the name the page gives it. */
export interface WebModelSource {
  /** A toy model folder, a transformers.js folder, or a hub id. */
  source: string;
  name: string;
}

const isHubId = (source: string) => !fs.existsSync(source) && looksLikeHubId(source);

/** The name a `--model` source gets on the page: a folder's own name, a hub id's last part. */
export function webModelName(source: string): string {
  return safeName(isHubId(source) ? source.split('/').pop()! : path.basename(path.resolve(source)));
}

/** Where a hub id's files are once transformers.js has downloaded them (the kit's transformers cache). */
function cachedHubFolder(id: string): string | undefined {
  const dir = cacheDir('transformers', ...id.split('/'));
  return isTransformersFolder(dir) ? dir : undefined;
}

/** Copies a transformers.js folder's JSON files and one ONNX graph (the smallest the page can run). */
function copyTransformersFolder(from: string, to: string): WebModel['dtype'] {
  const dtype = PAGE_DTYPES.find((d) => folderDtypes(from).includes(d))!;
  for (const f of [...TRANSFORMERS_FILES, ONNX_FILES[dtype]]) {
    fs.mkdirSync(path.dirname(path.join(to, f)), { recursive: true });
    fs.copyFileSync(path.join(from, f), path.join(to, f));
  }
  return dtype;
}

/** Checks every model source before anything is written: each exists (or is a hub id) and their page names differ. */
export function checkWebModelSources(sources: readonly WebModelSource[]): void {
  const seen = new Set<string>();
  for (const { source, name } of sources) {
    if (!isHubId(source) && !fs.existsSync(source)) throw new UserError(`--model ${source} does not exist; pass a folder written by \`clip-workshop train\` or \`export\`, or a hub id.`);
    if (seen.has(name)) throw new UserError(`Two --model folders are both named "${name}"; the page names a model by its folder, so rename one.`);
    seen.add(name);
  }
}

/**
 * Puts one `--model` source into `modelsDir/<name>/` in the transformers.js format: a toy CLIP folder is exported,
 * a transformers.js folder (an export, or a downloaded CLIP) is copied, a hub id is taken from the local cache.
 */
export function addWebModel({ source, name }: WebModelSource, modelsDir: string): Omit<WebModel, 'example'> {
  const isHub = isHubId(source);
  const to = path.join(modelsDir, name);
  if (fs.existsSync(to)) throw new UserError(`Two --model folders are both named "${name}"; the page names a model by its folder, so rename one.`);
  let dtype: WebModel['dtype'] = 'fp32';
  if (isHub) {
    const cached = cachedHubFolder(source);
    if (!cached) throw new UserError(`${source} is not in the local model cache; run \`clip-workshop classify --model ${source} --image IMAGE --labels a b\` once with network to download it, then build again.`);
    dtype = copyTransformersFolder(cached, to);
  } else if (!fs.existsSync(source) || !fs.statSync(source).isDirectory()) {
    throw new UserError(`--model ${source} does not exist; pass a folder written by \`clip-workshop train\` or \`export\`, or a hub id.`);
  } else if (isTransformersFolder(source)) {
    dtype = copyTransformersFolder(source, to);
  } else if (fs.existsSync(path.join(source, MODEL_MARKER))) {
    exportToyClip(source, to);
  } else {
    throw new UserError(`${source} is neither a toy model folder (no ${MODEL_MARKER}) nor a transformers.js folder; pass a folder written by \`clip-workshop train\` or \`export\`.`);
  }
  const config = JSON.parse(fs.readFileSync(path.join(to, 'config.json'), 'utf8'));
  const pre = JSON.parse(fs.readFileSync(path.join(to, 'preprocessor_config.json'), 'utf8'));
  const toy = config[EXPORT_MARKER];
  const imageSize = toy?.config?.imageSize ?? pre.crop_size?.height ?? pre.size?.shortest_edge ?? config.vision_config?.image_size ?? 224;
  // The picker shows a hub id as is and a folder by its name, never a path of the machine that built the page.
  const shown = isHub ? source : path.basename(path.resolve(source));
  return { name, description: toy?.description ?? `${shown}: ${config.model_type ?? 'clip'}, ${imageSize}×${imageSize} pictures`, imageSize, toy: Boolean(toy), template: modelTemplate(source), dtype };
}
