import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../runtime/errors';
import { cacheDir } from '../runtime/paths';
import { ImageMeta, ImageTextDataset, Split } from './types';
import { CIFAR_IMAGE_BYTES, CIFAR_SOURCES, CifarName, CifarSource } from './cifar-data';
import { readTarGz, TarEntry } from './tar';
import { readCache, writeCache } from './cache';
import { downloadVerified } from './download';

export interface CifarOptions {
  /** Which splits to return (default both). */
  splits?: ReadonlyArray<'train' | 'test'>;
  /** At most this many images per split (the first ones), for quick runs. */
  perSplit?: number;
  /** Download from this address instead of the official one (a mirror); the MD5 must still match. */
  url?: string;
  quiet?: boolean;
}

/** CIFAR as an {@link ImageTextDataset} (32×32); CIFAR-100 adds its 20 superclasses. */
export interface CifarDataset extends ImageTextDataset {
  coarseLabels?: Int32Array;
  coarseClassNames?: string[];
  cachePath: string;
}

/** Class names from a names file: one a line, blank lines dropped, "_" → space ("aquarium_fish" → "aquarium fish"). */
function classNamesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.replace(/_/g, ' '));
}

/** The decoded archive in the compact form that is cached: HWC pixels, labels and split sizes. */
interface CifarCompact {
  pixels: Uint8Array;
  fine: Uint8Array;
  coarse?: Uint8Array;
  trainCount: number;
  classNames: string[];
  coarseClassNames?: string[];
}

/** Parses the record files of an archive's entries, CHW → HWC. */
function decodeEntries(entries: TarEntry[], src: CifarSource, archive: string): CifarCompact {
  const find = (base: string) => {
    const e = entries.find((x) => path.posix.basename(x.name) === base);
    if (!e) throw new UserError(`The archive ${archive} has no ${base}: it is not the ${src.title} binary version (${src.url}).`);
    return e.data;
  };
  const record = src.labelBytes + CIFAR_IMAGE_BYTES;
  const files = [...src.train, ...src.test].map((f) => {
    const data = find(f);
    if (data.length === 0 || data.length % record !== 0) {
      throw new UserError(`The file ${f} in ${archive} is ${data.length} bytes, not a whole number of ${record}-byte records: the archive is damaged; download it again.`);
    }
    return data;
  });
  const classNames = classNamesOf(find(src.namesFile).toString('utf8'));
  const coarseClassNames = src.coarseNamesFile ? classNamesOf(find(src.coarseNamesFile).toString('utf8')) : undefined;
  const n = files.reduce((a, f) => a + f.length / record, 0);
  const trainCount = files.slice(0, src.train.length).reduce((a, f) => a + f.length / record, 0);
  const pixels = new Uint8Array(n * CIFAR_IMAGE_BYTES);
  const fine = new Uint8Array(n);
  const coarse = src.labelBytes === 2 ? new Uint8Array(n) : undefined;
  let i = 0;
  for (const data of files) {
    for (let off = 0; off < data.length; off += record, i++) {
      fine[i] = data[off + src.labelBytes - 1];
      if (coarse) coarse[i] = data[off];
      if (fine[i] >= classNames.length) throw new UserError(`Image ${i} of ${archive} has label ${fine[i]} but there are only ${classNames.length} class names: the archive is damaged.`);
      const px = off + src.labelBytes;
      const o = i * CIFAR_IMAGE_BYTES;
      // Records store the red plane, then green, then blue (CHW); the kit uses HWC.
      for (let p = 0; p < 1024; p++) {
        pixels[o + 3 * p] = data[px + p];
        pixels[o + 3 * p + 1] = data[px + 1024 + p];
        pixels[o + 3 * p + 2] = data[px + 2048 + p];
      }
    }
  }
  return { pixels, fine, coarse, trainCount, classNames, coarseClassNames };
}

const md5 = (data: Uint8Array) => crypto.createHash('md5').update(data).digest('hex');

function cacheKey(which: CifarName, archiveMd5: string) {
  return { dataset: which, archiveMd5, layout: 'hwc-u8' };
}

/** Writes the compact form under cacheDir(which); only after the whole archive decoded. */
function saveCompact(which: CifarName, key: Record<string, unknown>, c: CifarCompact): void {
  const files: Record<string, Uint8Array | string> = {
    'pixels.u8': c.pixels,
    'labels.u8': c.fine,
    'info.json': JSON.stringify({ trainCount: c.trainCount, classNames: c.classNames, coarseClassNames: c.coarseClassNames }),
  };
  if (c.coarse) files['coarse.u8'] = c.coarse;
  writeCache(cacheDir(which), key, files, { images: c.fine.length, train: c.trainCount });
}

function loadCompact(which: CifarName, key: Record<string, unknown>): CifarCompact | undefined {
  const hit = readCache(cacheDir(which), key);
  if (!hit) return undefined;
  const u8 = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.length);
  const info = JSON.parse(hit.files['info.json'].toString('utf8'));
  return { pixels: u8(hit.files['pixels.u8']), fine: u8(hit.files['labels.u8']), coarse: hit.files['coarse.u8'] ? u8(hit.files['coarse.u8']) : undefined, ...info };
}

/** Builds the dataset from the compact form, keeping the requested splits. */
function toDataset(which: CifarName, c: CifarCompact, options: CifarOptions): CifarDataset {
  const want = new Set(options.splits ?? ['train', 'test']);
  const n = c.fine.length;
  const keep: number[] = [];
  let taken = { train: 0, test: 0 };
  for (let i = 0; i < n; i++) {
    const split = i < c.trainCount ? 'train' : 'test';
    if (!want.has(split) || (options.perSplit !== undefined && taken[split] >= options.perSplit)) continue;
    taken = { ...taken, [split]: taken[split] + 1 };
    keep.push(i);
  }
  const all = keep.length === n;
  const pixels = all ? c.pixels : new Uint8Array(keep.length * CIFAR_IMAGE_BYTES);
  if (!all) keep.forEach((i, k) => pixels.set(c.pixels.subarray(i * CIFAR_IMAGE_BYTES, (i + 1) * CIFAR_IMAGE_BYTES), k * CIFAR_IMAGE_BYTES));
  const meta: ImageMeta[] = keep.map((i) => ({
    concept: c.classNames[c.fine[i]],
    style: 'photo',
    split: (i < c.trainCount ? 'train' : 'test') as Split,
    ...(c.coarse && c.coarseClassNames ? { group: c.coarseClassNames[c.coarse[i]] } : {}),
  }));
  return {
    name: which,
    size: 32,
    pixels,
    captions: meta.map((m) => [m.concept]),
    labels: Int32Array.from(keep, (i) => c.fine[i]),
    classNames: c.classNames,
    meta,
    coarseLabels: c.coarse ? Int32Array.from(keep, (i) => c.coarse![i]) : undefined,
    coarseClassNames: c.coarseClassNames,
    cachePath: cacheDir(which),
  };
}

/**
 * Loads CIFAR-10 or CIFAR-100 from a binary-version archive (.tar.gz) at `archive` — the same path
 * the download takes after it. The archive is read in memory (no extraction to disk, unsafe names
 * rejected); a corrupt or truncated archive is a UserError and nothing is cached.
 */
export function loadCifarArchive(archive: string, which: CifarName, options: CifarOptions = {}): CifarDataset {
  const src = CIFAR_SOURCES[which];
  if (!src) throw new UserError(`Unknown CIFAR set "${which}": use cifar10 or cifar100.`);
  if (!fs.existsSync(archive)) throw new UserError(`The ${src.title} archive ${archive} does not exist: download ${src.url} and put it there.`);
  const gz = fs.readFileSync(archive);
  return fromArchiveBytes(gz, md5(gz), archive, which, options);
}

/** Decodes (or finds in the cache) the archive bytes `gz` whose MD5 is `sum`. */
function fromArchiveBytes(gz: Buffer, sum: string, archive: string, which: CifarName, options: CifarOptions): CifarDataset {
  const key = cacheKey(which, sum);
  const cached = loadCompact(which, key);
  if (cached) return toDataset(which, cached, options);
  const compact = decodeEntries(readTarGz(gz, archive), CIFAR_SOURCES[which], archive);
  saveCompact(which, key, compact);
  return toDataset(which, compact, options);
}

/** Where the downloaded (or hand-placed) archive of `which` lives. */
export function cifarArchivePath(which: CifarName): string {
  return cacheDir('downloads', CIFAR_SOURCES[which].file);
}

/**
 * CIFAR-10 / CIFAR-100 (binary version): from the cache when built, else from the archive in
 * `cifarArchivePath(which)` — downloaded first where there is network, checked against the published MD5.
 * Offline without the archive: a UserError naming the URL and the path to put it at.
 */
export async function loadCifar(which: CifarName, options: CifarOptions = {}): Promise<CifarDataset> {
  const src = CIFAR_SOURCES[which];
  if (!src) throw new UserError(`Unknown CIFAR set "${which}": use cifar10 or cifar100.`);
  const key = cacheKey(which, src.md5);
  const cached = loadCompact(which, key);
  if (cached) return toDataset(which, cached, options);
  const archive = cifarArchivePath(which);
  if (!fs.existsSync(archive)) await downloadVerified({ title: src.title, url: options.url ?? src.url, md5: src.md5, dest: archive, quiet: options.quiet });
  const gz = fs.readFileSync(archive);
  const sum = md5(gz);
  if (sum !== src.md5) {
    throw new UserError(`The archive ${archive} has MD5 ${sum}, not the published ${src.md5} of ${src.url}: delete it and download it again.`);
  }
  return fromArchiveBytes(gz, sum, archive, which, options);
}
