import * as fs from 'fs';
import * as path from 'path';
import { cacheDir } from '../runtime/paths';
import { folderDtypes } from '../pretrained/source';

/** One thing the cache holds. */
export interface CacheEntry {
  kind: 'dataset' | 'model' | 'pretrained' | 'download' | 'pack' | 'other';
  name: string;
  /** Relative to the cache folder. */
  path: string;
  bytes: number;
  /** E.g. "quick" for a quick-mode model, the ONNX precisions of a hub model. */
  note?: string;
}

/** Total size of the files under `p`. */
export function diskBytes(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((a, f) => a + diskBytes(path.join(p, f)), 0);
}

function subdirs(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isDirectory()) : [];
}

/** Half-written files of an interrupted run: never listed, never packed. */
export function isTemporary(name: string): boolean {
  return /\.tmp\b|\.tmp-|\.download\.tmp$|\.pack-install-/.test(name);
}

/** What the cache ($CLIP_WORKSHOP_CACHE or datasets/.cache) holds: datasets, trained models, hub weights, downloads, packs. */
export function cacheStatus(): CacheEntry[] {
  const root = cacheDir();
  if (!fs.existsSync(root)) return [];
  const out: CacheEntry[] = [];
  const add = (kind: CacheEntry['kind'], name: string, rel: string, note?: string) =>
    out.push({ kind, name, path: rel, bytes: diskBytes(path.join(root, rel)), ...(note ? { note } : {}) });
  for (const top of fs.readdirSync(root).sort()) {
    if (isTemporary(top)) continue;
    const full = path.join(root, top);
    if (top === 'models') {
      for (const name of subdirs(full)) add('model', name, path.join(top, name));
    } else if (top === 'transformers') {
      for (const owner of subdirs(full)) {
        for (const name of subdirs(path.join(full, owner))) add('pretrained', `${owner}/${name}`, path.join(top, owner, name), folderDtypes(path.join(full, owner, name)).join(', ') || 'no model graph');
      }
    } else if (top === 'downloads' || top === 'packs') {
      for (const f of fs.readdirSync(full).filter((f) => !isTemporary(f))) add(top === 'packs' ? 'pack' : 'download', f, path.join(top, f));
    } else if (fs.statSync(full).isDirectory()) {
      add('dataset', top, top);
    } else add('other', top, top);
  }
  return out;
}
