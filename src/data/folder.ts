import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SEED, seededRandom, shuffled } from '../runtime/seed';
import { UserError } from '../runtime/errors';
import { createProgress } from '../runtime/progress';
import { cacheDir } from '../runtime/paths';
import { ImageMeta, ImageTextDataset, Split } from './types';
import { IMAGE_EXTENSIONS, checkImageExtension, decodeImage, readLocalImage } from './image';
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

/** stat that follows links, or undefined for a broken link or an unreadable entry. */
function statFollow(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Lists DIR/<class>/<image> and checks it, naming the first problem. Links to folders and images are followed;
 * a class folder that links back to DIR or to another class folder is skipped, so a loop cannot recurse.
 * Entries that are not used (files beside the class folders, subfolders, broken links) are listed in `skipped`.
 */
export function listFolder(dir: string): { classes: Array<{ cls: string; files: string[] }>; skipped: string[] } {
  if (!fs.existsSync(dir)) throw new UserError(`The image folder ${dir} does not exist: give a folder that holds one subfolder per class.`);
  if (!fs.statSync(dir).isDirectory()) throw new UserError(`${dir} is not a folder: give a folder that holds one subfolder per class.`);
  const skipped: string[] = [];
  const seen = new Map<string, string>([[fs.realpathSync(dir), dir]]);
  const classes: string[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => !n.startsWith('.')).sort()) {
    const full = path.join(dir, name);
    const st = statFollow(full);
    if (!st?.isDirectory()) {
      skipped.push(st ? `${full} (not in a class folder)` : `${full} (a broken link)`);
      continue;
    }
    const real = fs.realpathSync(full);
    if (seen.has(real)) {
      skipped.push(`${full} (links to ${seen.get(real)}, already read)`);
      continue;
    }
    seen.set(real, full);
    classes.push(name);
  }
  if (classes.length === 0) throw new UserError(`The folder ${dir} has no class subfolders: put the images of each class in DIR/<class name>/.`);
  const byName = new Map<string, string>();
  for (const cls of classes) {
    const name = folderClassName(cls);
    if (name === '') throw new UserError(`The class folder ${path.join(dir, cls)} has no name once "_" become spaces: rename it to the class it holds.`);
    const other = byName.get(name);
    if (other !== undefined) throw new UserError(`The class folders ${path.join(dir, other)} and ${path.join(dir, cls)} both name the class "${name}" ("_" reads as a space): merge them or rename one.`);
    byName.set(name, cls);
  }
  if (classes.length < 2) {
    throw new UserError(`The image folder ${dir} has only one class folder (${classes[0]}): training and zero-shot classification need at least two, one subfolder per class.`);
  }
  const listed = classes.map((cls) => {
    const cdir = path.join(dir, cls);
    const files: string[] = [];
    for (const name of fs.readdirSync(cdir).filter((n) => !n.startsWith('.')).sort()) {
      const full = path.join(cdir, name);
      const st = statFollow(full);
      if (st?.isFile()) files.push(full);
      else skipped.push(!st ? `${full} (a broken link)` : st.isDirectory() ? `${full} (a folder inside a class folder)` : `${full} (not a regular file)`);
    }
    if (files.length === 0) throw new UserError(`The class folder ${cdir} is empty: add images (${IMAGE_EXTENSIONS.join(', ')}) or remove it.`);
    files.forEach(checkImageExtension);
    return { cls, files };
  });
  return { classes: listed, skipped };
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
  const { classes, skipped } = listFolder(abs);
  if (skipped.length) {
    process.stderr.write(`note: skipped ${skipped.length} entr${skipped.length > 1 ? 'ies' : 'y'} of ${dir} that ${skipped.length > 1 ? 'are' : 'is'} not an image in a class folder: ${skipped.slice(0, 10).join(', ')}${skipped.length > 10 ? ` and ${skipped.length - 10} more` : ''}\n`);
  }
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
      // The checked reader: the same size cap as any image the kit reads, before the bytes are read.
      const img = await decodeImage(readLocalImage(file), file, { size, fit: 'cover' });
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
