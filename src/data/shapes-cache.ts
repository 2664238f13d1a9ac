import { cacheDir } from '../runtime/paths';
import { readCache, sha256, writeCache } from './cache';
import type { ImageMeta } from './types';
import { planShapes, ShapesDataset, ShapesOptions, SHAPES_DRAWING } from './shapes';

/**
 * The shapes images kept on disk like the emoji renders: drawing 6,900 supersampled images takes about 0.9 s, reading
 * them back a few milliseconds. One entry per set of options under CLIP_WORKSHOP_CACHE/shapes/<key hash>; the key
 * holds the drawing code's own hash, so a change to how shapes are drawn or captioned rebuilds the entry.
 */
export interface DrawnShapes {
  pixels: Uint8Array;
  captions: string[][];
  labels: Int32Array;
  meta: ImageMeta[];
}

/** The folder of the cache entry for `key`. */
export const shapesCacheDir = (key: Record<string, unknown>): string => cacheDir('shapes', sha256(JSON.stringify(key)).slice(0, 16));

/** The images for `key` from the cache, or drawn by `draw` and then cached (a cache that cannot be written is skipped). */
export function cachedShapes(key: Record<string, unknown>, draw: () => DrawnShapes): DrawnShapes & { cachePath: string } {
  const dir = shapesCacheDir(key);
  const hit = readCache(dir, key);
  if (hit) {
    const text = JSON.parse(hit.files['text.json'].toString('utf8')) as { captions: string[][]; labels: number[]; meta: ImageMeta[] };
    const pixels = new Uint8Array(hit.files['pixels.u8'].buffer, hit.files['pixels.u8'].byteOffset, hit.files['pixels.u8'].byteLength);
    return { pixels, captions: text.captions, labels: Int32Array.from(text.labels), meta: text.meta, cachePath: dir };
  }
  const drawn = draw();
  const text = JSON.stringify({ captions: drawn.captions, labels: Array.from(drawn.labels), meta: drawn.meta });
  writeCache(dir, key, { 'pixels.u8': drawn.pixels, 'text.json': text }, { images: drawn.meta.length });
  return { ...drawn, cachePath: dir };
}

/** The hash of the functions and data that decide the images and captions (their source text as this process runs it). */
export const drawingHash = (...parts: unknown[]): string => sha256(parts.map((p) => (typeof p === 'function' ? p.toString() : JSON.stringify(p))).join('\n')).slice(0, 16);


let drawingHashValue: string | undefined;
/** The hash of what decides the images and captions, once per process. */
const DRAWING_HASH = (): string => (drawingHashValue ??= drawingHash(...SHAPES_DRAWING));

/**
 * The synthetic shapes set ({@link planShapes}), read from the dataset cache when an earlier load drew it (about
 * 0.9 s saved per load), else drawn and cached; `cache: false` draws without touching the cache.
 */
export function loadShapes(options: ShapesOptions = {}): ShapesDataset {
  const plan = planShapes(options);
  if (options.cache === false) return plan.draw();
  const { pixels, captions, labels, meta, cachePath } = cachedShapes({ ...plan.key, drawing: DRAWING_HASH() }, plan.draw);
  return { ...plan.head, pixels, captions, labels, meta, cachePath };
}
