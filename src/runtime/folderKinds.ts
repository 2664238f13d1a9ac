import * as fs from 'fs';
import * as path from 'path';
import { UserError } from './errors';
import { readJsonIfValid } from './json';

/**
 * Every kind of folder the kit writes, keyed by the `what` of its owned-folder spec. A folder of one kind is never
 * rewritten as another (an import may hold hours of open_clip training), whatever --force says: --force only
 * means "write beside the user's own files".
 */
export const FOLDER_KINDS = {
  'model folder': 'a toy model folder (written by `clip-workshop train` or `baseline`)',
  'export folder': 'an export folder (written by `clip-workshop export`)',
  'import folder': 'an imported open_clip model (written by `clip-workshop import`)',
  'hand-out folder': 'a hand-out folder (written by `clip-workshop handout`)',
  'charts folder': 'a charts folder (written by `clip-workshop charts`)',
  'slides folder': 'a slides folder (written by `clip-workshop slides`)',
  'playground folder': 'a playground folder (written by `clip-workshop web`)',
  'shards folder': 'an open_clip data export (written by `clip-workshop export-data`)',
} as const;

export type FolderKind = keyof typeof FOLDER_KINDS;

/** The file in which the kit lists what it wrote into a folder (and, from now on, the folder's kind). */
export const OWNED_LIST = '.clip-workshop-files.json';
/** The subfolder of a toy model folder that holds its checkpoints: part of the model. */
const CHECKPOINTS = 'checkpoints';

const isKind = (k: unknown): k is FolderKind => typeof k === 'string' && k in FOLDER_KINDS;

/** What a folder's own files say it is, for folders whose list names no kind (written before kinds were recorded). */
function kindFromFiles(dir: string, listed: string[] | undefined): FolderKind | undefined {
  const has = (f: string) => fs.existsSync(path.join(dir, f));
  // The marker files of each kind (models/io.ts, pretrained/template.ts, pretrained/export, web, openclip/export-data).
  const marker = readJsonIfValid<any>(path.join(dir, 'clip-workshop.json'));
  if (marker?.format === 'clip-workshop-toy') return 'model folder';
  if (marker?.source?.openClip) return 'import folder';
  if (readJsonIfValid<any>(path.join(dir, 'config.json'))?.clip_workshop) return 'export folder';
  if (has('playground.json')) return 'playground folder';
  const manifest = readJsonIfValid<any>(path.join(dir, '.export-state.json')) ?? readJsonIfValid<any>(path.join(dir, 'manifest.json'));
  if (manifest?.settings && (has('train-open-clip.sh') || has('.export-state.json'))) return 'shards folder';
  const files = listed ?? [];
  if (files.some((f) => /^(workshop|solutions)\/[^/]+\.ipynb$/.test(f))) return 'hand-out folder';
  if (has('results.json') && has('training.svg')) return 'charts folder';
  if (has('index.html')) {
    let head = '';
    try {
      head = fs.readFileSync(path.join(dir, 'index.html'), 'utf8').slice(0, 20000);
    } catch {
      /* unreadable: not recognised */
    }
    if (/marp/i.test(head)) return 'slides folder';
  }
  return undefined;
}

/** The kind of kit folder `dir` is, or undefined when it is not one (or does not exist). */
export function kitFolderKind(dir: string): FolderKind | undefined {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return undefined;
  const list = readJsonIfValid<any>(path.join(dir, OWNED_LIST));
  if (isKind(list?.kind)) return list.kind;
  return kindFromFiles(dir, list && typeof list.files === 'object' ? Object.keys(list.files) : undefined);
}

/** The toy model folder whose checkpoints hold `dir` (a few levels up), or undefined. */
function owningModel(dir: string): string | undefined {
  let child = path.resolve(dir);
  for (let up = 0; up < 3; up++) {
    const parent = path.dirname(child);
    if (parent === child) return undefined;
    const rel = path.relative(parent, path.resolve(dir)).split(path.sep);
    if (rel[0] === CHECKPOINTS && kitFolderKind(parent) === 'model folder') return parent;
    child = parent;
  }
  return undefined;
}

/**
 * Refuses, in one sentence naming both kinds, to write a folder of kind `kind` where a kit folder of another kind
 * is, or inside a toy model's checkpoints (a checkpoint is part of its model). --force does not change this (the
 * sentence says so when the command has `hasForce`).
 */
export function refuseOtherKind(dir: string, kind: FolderKind, flag = '--out', hasForce = true): void {
  const force = hasForce ? ', even with --force' : '';
  const model = kind === 'model folder' ? undefined : owningModel(dir);
  if (model) {
    throw new UserError(`${dir} is inside the checkpoints of the toy model folder ${model} (a checkpoint is part of its model), so clip-workshop will not write ${FOLDER_KINDS[kind].replace(/ \(.*\)$/, '')} there${force}; choose another ${flag} folder.`);
  }
  const found = kitFolderKind(dir);
  if (found && found !== kind) {
    throw new UserError(`${dir} is ${FOLDER_KINDS[found]}, so clip-workshop will not turn it into ${FOLDER_KINDS[kind].replace(/ \(.*\)$/, '')}${force}${hasForce ? ' (which only keeps files of yours)' : ''}; choose another ${flag} folder.`);
  }
}
