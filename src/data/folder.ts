import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SEED, seededRandom, shuffled } from '../runtime/seed';
import { UserError } from '../runtime/errors';
import { createProgress } from '../runtime/progress';
import { cacheDir } from '../runtime/paths';
import { ImageMeta, ImageTextDataset, Split } from './types';
import { IMAGE_EXTENSIONS, checkImageExtension, decodeImage } from './image';
import { packageVersion, readCache, sha256, writeCache } from './cache';
import { mapPool } from './pool';

export interface FolderOptions {
  /** Image side in pixels (shortest side resized, centre-cropped). Default 32. */
  size?: number;
  /** Fraction of each class's images in the 'test' split, chosen with `seed`. Default 0.2. */
  testFraction?: number;
  seed?: number;
  quiet?: boolean;
}

/** The class name of a folder: underscores become spaces ("hot_dog" → "hot dog"). */
export function folderClassName(folder: string): string {
  return folder.replace(/_/g, ' ').trim();
}

/** Lists DIR/<class>/<image> and checks it, naming the first problem. */
function listFolder(dir: string): Array<{ cls: string; files: string[] }> {
  if (!fs.existsSync(dir)) throw new UserError(`The image folder ${dir} does not exist: give a folder that holds one subfolder per class.`);
  if (!fs.statSync(dir).isDirectory()) throw new UserError(`${dir} is not a folder: give a folder that holds one subfolder per class.`);
  const classes = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  if (classes.length === 0) throw new UserError(`The folder ${dir} has no class subfolders: put the images of each class in DIR/<class name>/.`);
  return classes.map((cls) => {
    const cdir = path.join(dir, cls);
    const files = fs
      .readdirSync(cdir, { withFileTypes: true })
      .filter((f) => f.isFile() && !f.name.startsWith('.'))
      .map((f) => path.join(cdir, f.name))
      .sort();
    if (files.length === 0) throw new UserError(`The class folder ${cdir} is empty: add images (${IMAGE_EXTENSIONS.join(', ')}) or remove it.`);
    files.forEach(checkImageExtension);
    return { cls, files };
  });
}

/**
 * Loads `DIR/<class name>/*.{png,jpg,jpeg,webp,svg,gif}` as a dataset: the folder name (with `_` → space)
 * is the class and the caption. Decoded images are cached (keyed by the files' sizes and times); a missing
 * folder, an empty class folder, an unsupported file or a corrupt image is a UserError naming it, and no cache is written.
 */
export async function loadFolder(dir: string, options: FolderOptions = {}): Promise<ImageTextDataset> {
  const size = options.size ?? 32;
  if (!Number.isInteger(size) || size < 8 || size > 1024) throw new UserError(`The image size must be a whole number from 8 to 1024, not ${size}.`);
  const testFraction = options.testFraction ?? 0.2;
  const abs = path.resolve(dir);
  const classes = listFolder(abs);
  const files = classes.flatMap((c, label) => c.files.map((file) => ({ file, label })));
  const stamp = files.map(({ file }) => {
    const st = fs.statSync(file);
    return `${path.relative(abs, file)}:${st.size}:${st.mtimeMs}`;
  });
  const cachePath = cacheDir(`folder-${sha256(abs).slice(0, 12)}-${size}`);
  const key = { dataset: 'folder', path: abs, size, files: sha256(stamp.join('\n')), sharp: packageVersion('sharp') };
  const bytes = size * size * 3;
  let pixels: Uint8Array;
  const cached = readCache(cachePath, key);
  if (cached) {
    const buf = cached.files['pixels.u8'];
    pixels = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  } else {
    pixels = new Uint8Array(files.length * bytes);
    const progress = createProgress(`images in ${dir}`, files.length, { silent: options.quiet || undefined });
    await mapPool(files, 4, async ({ file }, i) => {
      const img = await decodeImage(fs.readFileSync(file), file, { size, fit: 'cover' });
      pixels.set(img.pixels, i * bytes);
      progress.tick();
    });
    progress.done();
    writeCache(cachePath, key, { 'pixels.u8': pixels }, { images: files.length, classes: classes.length });
  }
  // Seeded per-class test split.
  const rng = seededRandom(options.seed ?? DEFAULT_SEED);
  const split: Split[] = files.map(() => 'train');
  classes.forEach((_, label) => {
    const idx = files.map((f, i) => (f.label === label ? i : -1)).filter((i) => i >= 0);
    for (const i of shuffled(idx, rng).slice(0, Math.floor(testFraction * idx.length))) split[i] = 'test';
  });
  const classNames = classes.map((c) => folderClassName(c.cls));
  const meta: ImageMeta[] = files.map(({ file, label }, i) => ({ concept: classNames[label], style: 'folder', split: split[i], source: path.relative(abs, file) }));
  return {
    name: dir,
    size,
    pixels,
    captions: files.map(({ label }) => [classNames[label]]),
    labels: Int32Array.from(files, (f) => f.label),
    classNames,
    meta,
    cachePath,
  };
}
