import * as fs from 'fs';
import * as path from 'path';
import { cacheDir } from '../runtime/paths';
import { DEFAULT_PRETRAINED_ID, ONNX_FILES, TRANSFORMERS_FILES } from '../pretrained/source';

/** The real CLIP the class uses: OpenAI's ViT-B/32, quantised to 8 bits (a quarter of the full download). */
export const CLASS_PRETRAINED = { id: DEFAULT_PRETRAINED_ID, dtype: 'q8' as const };

/** Where transformers.js keeps a hub model's files (its file cache: <cache>/transformers/<owner>/<name>/…). */
export function hubCacheFolder(id: string = CLASS_PRETRAINED.id): string {
  return cacheDir('transformers', ...id.split('/'));
}

/** True when the cache holds every file transformers.js needs to load `id` at `dtype` without network. */
export function pretrainedInCache(id: string = CLASS_PRETRAINED.id, dtype: keyof typeof ONNX_FILES = CLASS_PRETRAINED.dtype): boolean {
  const dir = hubCacheFolder(id);
  return [...TRANSFORMERS_FILES, ONNX_FILES[dtype]].every((f) => fs.existsSync(path.join(dir, f)));
}
