import * as fs from 'fs';
import * as path from 'path';
import sharp from 'sharp';
import { UserError } from '../runtime/errors';
import { writeFileAtomic, writeJsonAtomic } from '../runtime/atomic';
import { readJsonIfValid } from '../runtime/json';
import { createProgress } from '../runtime/progress';
import { seededRandom, shuffled } from '../runtime/seed';
import { ImageTextDataset, Split } from '../data/types';
import { splitIndices } from '../data/batch';
import { sha256 } from '../data/cache';
import { writeTar } from '../data/tar';
import { TrainRecipe } from '../recipes/types';
import { licenceOf } from './licences';
import { OpenClipModelConfig, approximations, openClipConfig, recipeModel } from './model-config';
import { scriptText } from '../runtime/scripts';
import { LAUNCHER_FILE, shellQuote, TRAIN_ARGS_FILE, TRAIN_SCRIPT_FILE, trainArgsFile, trainCommand } from './train-script';

export type ExportFormat = 'webdataset' | 'csv';

export interface ExportDataOptions {
  /** The folder to write (created; resumed when it holds an unfinished export of the same settings). */
  out: string;
  format?: ExportFormat;
  /** Samples per shard (webdataset) or per resumable chunk (csv). Default 1000. */
  shardSize?: number;
  /** Which split to export, or 'all'. Default 'train': held-out and test images stay out. */
  split?: Split | 'all';
  /** The kit CLIP recipe whose architecture and training settings the config and command follow. */
  recipe: TrainRecipe;
  /** Seed of the sample order and of the caption chosen per image. */
  seed: number;
  /** Settings that chose the dataset (size, styles …), recorded so that a resume only continues the same export. */
  datasetSettings?: Record<string, unknown>;
  /** A split to write as validation shards in the subfolder `val/` (webdataset only); the command gains --val-data. */
  valSplit?: Split;
  silent?: boolean;
}

/** One written file of an export. */
export interface ExportedFile {
  file: string;
  samples: number;
  bytes: number;
  sha256: string;
}

export interface ExportDataResult {
  out: string;
  format: ExportFormat;
  /** Shard files (webdataset), or the CSV file. */
  shards: string[];
  samples: number;
  /** Absolute path of the open_clip model config; its file name is the model name. */
  config: string;
  model: string;
  /** The single-machine training command, run from `out` (train-open-clip.sh holds it). */
  command: string;
  /** Validation shards (in `val/`), when a validation split was asked for. */
  valShards?: string[];
  valSamples?: number;
  /** Shards already complete from an earlier, interrupted run. */
  resumed: number;
  bytes: number;
  seconds: number;
}

export const MANIFEST_FILE = 'manifest.json';
/** Samples per shard, as open_clip's webdataset reader looks for it beside the shards. */
export const SIZES_FILE = 'sizes.json';
/** The subfolder of validation shards: beside the training shards, outside their brace range. */
export const VAL_FOLDER = 'val';
/** Progress of an unfinished export; removed when the manifest is written. */
const STATE_FILE = '.export-state.json';
const CSV_FILE = 'data.csv';

/** The sample key of image `index`: its index in the dataset, zero-padded (stable, no dots — webdataset splits keys at the first dot). */
export function sampleKey(index: number): string {
  return String(index).padStart(6, '0');
}

/** File name of shard `i`: 000000.tar, 000001.tar, … */
export function shardName(i: number): string {
  return `${String(i).padStart(6, '0')}.tar`;
}

/** The longest caption's pieces as CLIP's BPE pre-tokenizer splits them (a lower bound on its tokens). */
function longestCaption(ds: ImageTextDataset, indices: readonly number[]): number {
  let longest = 0;
  for (const i of indices) for (const c of ds.captions[i]) longest = Math.max(longest, (c.match(/[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/gu) ?? []).length);
  return longest;
}

/** A field of the tab-separated CSV open_clip reads (pandas): quoted when it holds a quote, tabs and newlines folded to spaces. */
function csvField(s: string): string {
  const flat = s.replace(/[\t\r\n]+/g, ' ');
  return /"/.test(flat) ? `"${flat.replace(/"/g, '""')}"` : flat;
}

/**
 * Validation shards of `indices` in `dir` (written whole each time: a validation split is small), each image with its
 * first caption, and their sizes.json.
 */
async function writeValShards(ds: ImageTextDataset, indices: number[], dir: string, shardSize: number, seed: number, metaOf: (i: number) => object): Promise<ExportedFile[]> {
  const order = shuffled(indices, seededRandom(seed + 1));
  const files: ExportedFile[] = [];
  for (let k = 0; k < order.length; k += shardSize) {
    const chunk = order.slice(k, k + shardSize);
    const pngs = await Promise.all(chunk.map((i) => png(ds, i)));
    const tar = writeTar(
      chunk.flatMap((i, j) => [
        { name: `${sampleKey(i)}.png`, data: pngs[j] },
        { name: `${sampleKey(i)}.txt`, data: Buffer.from(ds.captions[i][0], 'utf8') },
        { name: `${sampleKey(i)}.json`, data: Buffer.from(JSON.stringify(metaOf(i)), 'utf8') },
      ]),
    );
    const name = shardName(files.length);
    writeFileAtomic(path.join(dir, name), tar);
    files.push({ file: name, samples: chunk.length, bytes: tar.length, sha256: sha256(tar) });
  }
  writeJsonAtomic(path.join(dir, SIZES_FILE), Object.fromEntries(files.map((f) => [f.file, f.samples])));
  return files;
}

/** PNG bytes of image `i` (no metadata: the same pixels give the same bytes). */
function png(ds: ImageTextDataset, i: number): Promise<Buffer> {
  const n = ds.size * ds.size * 3;
  return sharp(Buffer.from(ds.pixels.buffer, ds.pixels.byteOffset + i * n, n), { raw: { width: ds.size, height: ds.size, channels: 3 } })
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/** The settings that make two exports the same (a resume continues only these). */
function settingsOf(ds: ImageTextDataset, o: { format: ExportFormat; shardSize: number; split: Split | 'all'; recipe: TrainRecipe; seed: number }, extra: Record<string, unknown>) {
  return { dataset: ds.name, size: ds.size, format: o.format, shardSize: o.shardSize, split: o.split, recipe: o.recipe.name, seed: o.seed, ...extra, version: 1 };
}

/**
 * Writes a dataset split for open_clip: WebDataset shards (`{key}.png`, `{key}.txt` caption, `{key}.json` concept,
 * style, split, source, licence and every caption) or a tab-separated CSV with image files; `manifest.json` with counts
 * and checksums; `sizes.json` (samples per shard); an open_clip model config following a kit recipe; the launcher
 * `open_clip_train_kit.py`, `train-open-clip.sh` and its arguments `open_clip_train.args`. Every shard is written
 * whole (temp + rename) and recorded, so an interrupted export continues where it stopped when run again.
 */
export async function exportData(ds: ImageTextDataset, options: ExportDataOptions): Promise<ExportDataResult> {
  const start = Date.now();
  const o = { format: options.format ?? 'webdataset', shardSize: options.shardSize ?? 1000, split: options.split ?? 'train', recipe: options.recipe, seed: options.seed } as const;
  if (!Number.isInteger(o.shardSize) || o.shardSize < 1) throw new UserError(`The shard size must be a positive whole number, not ${o.shardSize}.`);
  const indices = o.split === 'all' ? ds.meta.map((_, i) => i) : splitIndices(ds, o.split);
  if (indices.length === 0) throw new UserError(`The dataset "${ds.name}" has no images in the ${o.split} split; choose another --split.`);
  const valIndices = options.valSplit ? splitIndices(ds, options.valSplit) : [];
  if (options.valSplit && (o.format !== 'webdataset' || valIndices.length === 0 || options.valSplit === o.split || o.split === 'all')) {
    throw new UserError(
      o.format !== 'webdataset'
        ? 'Validation shards are written for --format webdataset only; leave out --val-split or export shards.'
        : valIndices.length === 0
          ? `The dataset "${ds.name}" has no images in the ${options.valSplit} split; choose another --val-split.`
          : `The validation split must differ from the training split (${o.split}); choose another --val-split.`,
    );
  }
  const patch = recipeModel(o.recipe).patchSize;
  if (ds.size % patch !== 0) {
    throw new UserError(`The images are ${ds.size} px, not a multiple of the recipe's ${patch}-px patches, so open_clip could not build the model; choose --size ${Math.max(1, Math.round(ds.size / patch)) * patch}.`);
  }
  const config: OpenClipModelConfig = openClipConfig(o.recipe, { imageSize: ds.size, contextLength: Math.min(77, Math.ceil((longestCaption(ds, indices) + 2) * 1.25)) });
  const model = `clip-workshop-${o.recipe.name}`;
  const settings = settingsOf(ds, o, { ...(options.datasetSettings ?? {}), ...(options.valSplit ? { valSplit: options.valSplit } : {}) });

  const out = path.resolve(options.out);
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) throw new UserError(`${options.out} is a file; choose a folder for --out.`);
  fs.mkdirSync(out, { recursive: true });
  const previous = readJsonIfValid<any>(path.join(out, STATE_FILE)) ?? readJsonIfValid<any>(path.join(out, MANIFEST_FILE));
  if (previous && JSON.stringify(previous.settings) !== JSON.stringify(settings)) {
    throw new UserError(`${options.out} holds an export with other settings (${JSON.stringify(previous.settings)}); choose another --out folder or delete that one.`);
  }
  if (!previous && fs.readdirSync(out).length > 0) throw new UserError(`${options.out} is not empty and holds no export of this kit; choose an empty or new --out folder.`);
  const done: Record<string, ExportedFile> = previous?.settings ? Object.fromEntries((previous.chunks ?? []).map((f: ExportedFile) => [f.file, f])) : {};

  // Shuffled once with the seed: shards then mix concepts, as open_clip's shard-level shuffling expects.
  const rng = seededRandom(o.seed);
  const order = shuffled(indices, rng);
  const caption = new Map(order.map((i) => [i, ds.captions[i][Math.floor(rng() * ds.captions[i].length)]]));
  const chunks: number[][] = [];
  for (let k = 0; k < order.length; k += o.shardSize) chunks.push(order.slice(k, k + o.shardSize));

  const metaOf = (i: number) => {
    const m = ds.meta[i];
    return { concept: m.concept, style: m.style, split: m.split, source: m.source ?? `${ds.name}#${i}`, licence: licenceOf(ds.name, m.style), captions: ds.captions[i] };
  };
  const progress = createProgress(`export ${ds.name} ${o.split} → ${o.format}`, order.length, { silent: options.silent });
  const written: ExportedFile[] = [];
  let resumed = 0;
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c];
    const name = o.format === 'webdataset' ? shardName(c) : `images-${String(c).padStart(6, '0')}`;
    const prior = done[name];
    if (prior && o.format === 'webdataset' && fs.existsSync(path.join(out, name)) && sha256(fs.readFileSync(path.join(out, name))) === prior.sha256) {
      written.push(prior);
      resumed++;
      progress.tick(chunk.length, `shard ${c + 1}/${chunks.length} (done before)`);
      continue;
    }
    if (prior && o.format === 'csv' && chunk.every((i) => fs.existsSync(path.join(out, 'images', `${sampleKey(i)}.png`)))) {
      written.push(prior);
      resumed++;
      progress.tick(chunk.length, `chunk ${c + 1}/${chunks.length} (done before)`);
      continue;
    }
    const pngs = await Promise.all(chunk.map((i) => png(ds, i)));
    let entry: ExportedFile;
    if (o.format === 'webdataset') {
      const tar = writeTar(
        chunk.flatMap((i, k) => [
          { name: `${sampleKey(i)}.png`, data: pngs[k] },
          { name: `${sampleKey(i)}.txt`, data: Buffer.from(caption.get(i)!, 'utf8') },
          { name: `${sampleKey(i)}.json`, data: Buffer.from(JSON.stringify(metaOf(i)), 'utf8') },
        ]),
      );
      writeFileAtomic(path.join(out, name), tar);
      entry = { file: name, samples: chunk.length, bytes: tar.length, sha256: sha256(tar) };
    } else {
      chunk.forEach((i, k) => writeFileAtomic(path.join(out, 'images', `${sampleKey(i)}.png`), pngs[k]));
      entry = { file: name, samples: chunk.length, bytes: pngs.reduce((s, p) => s + p.length, 0), sha256: sha256(pngs.map((p) => sha256(p)).join('')) };
    }
    written.push(entry);
    writeJsonAtomic(path.join(out, STATE_FILE), { settings, chunks: written });
    progress.tick(chunk.length, `${o.format === 'webdataset' ? 'shard' : 'chunk'} ${c + 1}/${chunks.length}`);
  }

  let files = written;
  if (o.format === 'csv') {
    const header = ['filepath', 'title', 'concept', 'style', 'split', 'source', 'licence'].join('\t');
    const rows = order.map((i) => {
      const m = metaOf(i);
      return [`images/${sampleKey(i)}.png`, caption.get(i)!, m.concept, m.style, m.split, m.source, m.licence].map(csvField).join('\t');
    });
    const csv = [header, ...rows].join('\n') + '\n';
    writeFileAtomic(path.join(out, CSV_FILE), csv);
    files = [{ file: CSV_FILE, samples: order.length, bytes: Buffer.byteLength(csv), sha256: sha256(csv) }];
  }
  const configFile = path.join(out, `${model}.json`);
  writeJsonAtomic(configFile, config);
  writeFileAtomic(path.join(out, LAUNCHER_FILE), scriptText('openclip', LAUNCHER_FILE));
  const val = options.valSplit ? await writeValShards(ds, valIndices, path.join(out, VAL_FOLDER), o.shardSize, o.seed, metaOf) : undefined;
  const commandInput = { format: o.format, files: files.map((f) => f.file), samples: order.length, model, recipe: o.recipe, ...(val ? { val: { folder: VAL_FOLDER, files: val.map((f) => f.file), samples: valIndices.length } } : {}) };
  writeFileAtomic(path.join(out, TRAIN_ARGS_FILE), trainArgsFile(commandInput));
  writeFileAtomic(path.join(out, TRAIN_SCRIPT_FILE), scriptText('openclip', TRAIN_SCRIPT_FILE));
  fs.chmodSync(path.join(out, TRAIN_SCRIPT_FILE), 0o755);
  // open_clip's webdataset reader takes the number of samples per shard from sizes.json beside the shards.
  if (o.format === 'webdataset') writeJsonAtomic(path.join(out, SIZES_FILE), Object.fromEntries(files.map((f) => [f.file, f.samples])));

  const concepts: Record<string, number> = {};
  const styles: Record<string, number> = {};
  for (const i of order) {
    concepts[ds.meta[i].concept] = (concepts[ds.meta[i].concept] ?? 0) + 1;
    styles[ds.meta[i].style] = (styles[ds.meta[i].style] ?? 0) + 1;
  }
  const command = trainCommand(commandInput);
  writeJsonAtomic(path.join(out, MANIFEST_FILE), {
    settings,
    counts: { samples: order.length, concepts: Object.keys(concepts).length, styles, shards: o.format === 'webdataset' ? files.length : 0 },
    files,
    chunks: written,
    ...(val ? { validation: { split: options.valSplit, folder: VAL_FOLDER, samples: valIndices.length, files: val } } : {}),
    ...(o.format === 'csv' ? { images: 'images/{key}.png' } : { sample: '{key}.png image, {key}.txt caption, {key}.json concept, style, split, source, licence and all captions' }),
    model: { name: model, config: path.basename(configFile), recipe: o.recipe.name, template: o.recipe.template, approximations: approximations(recipeModel(o.recipe, ds.size)) },
    command,
    import: `clip-workshop import --open-clip logs/run/checkpoints/epoch_N.pt --config ${path.basename(configFile)} --out MODEL_DIR --template ${shellQuote(o.recipe.template)}`,
  });
  fs.rmSync(path.join(out, STATE_FILE), { force: true });
  const bytes = files.reduce((s, f) => s + f.bytes, 0) + (o.format === 'csv' ? written.reduce((s, f) => s + f.bytes, 0) : 0);
  progress.done(`${order.length} samples in ${files.length} ${o.format === 'webdataset' ? 'shards' : 'file'}`);
  const valResult = val ? { valShards: val.map((f) => path.join(out, VAL_FOLDER, f.file)), valSamples: valIndices.length } : {};
  return { ...valResult, out, format: o.format, shards: files.map((f) => path.join(out, f.file)), samples: order.length, config: configFile, model, command, resumed, bytes, seconds: (Date.now() - start) / 1000 };
}
