import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from './errors';
import { FOLDER_KINDS, FolderKind, OWNED_LIST, refuseOtherKind } from './folderKinds';
import { withFsErrors } from './fsErrors';

/**
 * Folders the kit writes (model, export, hand-out) hold a list of the files it wrote, with their sha256.
 * Rewriting such a folder replaces only those files; anything else in it belongs to the user and is kept
 * (or the write is refused, naming those files, unless the user passes --force).
 */
export { OWNED_LIST };

/** What kind of folder is written, for messages and for recognising folders written before the list existed. */
export interface OwnedFolderSpec {
  /** "model folder", "export folder" … */
  what: string;
  /** How a folder of this kind is called when refusing one that is not ("a clip-workshop model folder"). */
  kind?: string;
  /** The option that names the folder ("--out"). */
  flag: string;
  /** Files the kit wrote into `dir` before it kept a list (older versions), or [] when `dir` is not recognised. */
  legacyOwned?: (dir: string) => string[];
  /** Top-level subfolders the kit writes on its own (checkpoints): neither replaced nor counted as the user's. */
  keep?: string[];
}

interface OwnedList {
  writer: 'clip-workshop';
  /** What the folder is (a toy model, an export …): another kind is never written into it. */
  kind?: FolderKind;
  files: Record<string, string>;
}

/** The spec's folder kind, when it is one of the kit's kinds (tests use others). */
const kindOf = (spec: OwnedFolderSpec): FolderKind | undefined => (spec.what in FOLDER_KINDS ? (spec.what as FolderKind) : undefined);

/** Refuses a folder of another kind (or a model's checkpoints) whatever `force` says. */
function refuseKind(dir: string, spec: OwnedFolderSpec): void {
  const kind = kindOf(spec);
  if (kind) refuseOtherKind(dir, kind, spec.flag);
}

const sha256 = (data: Uint8Array | string) => crypto.createHash('sha256').update(data).digest('hex');

/** Every file, link and empty folder under `dir`, as relative paths with '/' (folders end in '/'); links are not followed. */
function leaves(dir: string, rel = ''): string[] {
  const out: string[] = [];
  const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  if (entries.length === 0 && rel) return [rel + '/'];
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...leaves(dir, r));
    else out.push(r);
  }
  return out;
}

function readOwnedList(dir: string): OwnedList | undefined {
  try {
    const list = JSON.parse(fs.readFileSync(path.join(dir, OWNED_LIST), 'utf8')) as OwnedList;
    return list && typeof list.files === 'object' ? list : undefined;
  } catch {
    return undefined;
  }
}

/** How an existing folder's contents relate to a write of `newFiles` into it. */
interface Survey {
  /** Files the kit wrote and the user has not changed: replaced or removed by the write. */
  owned: string[];
  /** Files the kit wrote that changed since (edited notebooks): replaced only with --force. */
  edited: string[];
  /** Everything else: kept. */
  foreign: string[];
  /** Whether the folder was written by the kit (it has a list of its files, or the files of an older version). */
  recognised: boolean;
}

function survey(dir: string, spec: OwnedFolderSpec, newFiles: Record<string, string | Uint8Array | undefined>): Survey {
  const list = readOwnedList(dir);
  const known: Record<string, string | undefined> = list ? list.files : Object.fromEntries((spec.legacyOwned?.(dir) ?? []).map((f) => [f, undefined]));
  const s: Survey = { owned: [], edited: [], foreign: [], recognised: list !== undefined || Object.keys(known).length > 0 };
  for (const rel of leaves(dir)) {
    if (rel === OWNED_LIST) s.owned.push(rel);
    else if (spec.keep?.some((k) => rel === k + '/' || rel.startsWith(k + '/'))) continue;
    else if (rel in known) {
      const sum = known[rel];
      if (sum === undefined || sha256(fs.readFileSync(path.join(dir, rel))) === sum) s.owned.push(rel);
      else s.edited.push(rel);
    } else if (newFiles[rel] !== undefined && fs.lstatSync(path.join(dir, rel)).isFile() && sha256(fs.readFileSync(path.join(dir, rel))) === sha256(newFiles[rel]!)) {
      // The very content the kit is about to write: nothing of the user's is lost.
      s.owned.push(rel);
    } else s.foreign.push(rel);
  }
  return s;
}

const names = (files: string[], dir: string) => {
  const shown = files.slice(0, 5).map((f) => path.join(dir, f));
  return shown.join(', ') + (files.length > 5 ? ` and ${files.length - 5} more` : '');
};

/** Refuses, in one sentence, a write that would replace or mix with the user's files. */
function refuseIfUnsafe(dir: string, spec: OwnedFolderSpec, s: Survey, newNames: string[], force: boolean): void {
  const clash = s.foreign.filter((f) => newNames.includes(f));
  if (clash.length) {
    throw new UserError(`${dir} holds ${names(clash, dir)}, which clip-workshop did not write but needs to (same name${clash.length > 1 ? 's' : ''}); move ${clash.length > 1 ? 'them' : 'it'} away or choose another ${spec.flag} folder.`);
  }
  if (force) return;
  if (s.edited.length) {
    throw new UserError(`${dir} holds ${names(s.edited, dir)}, changed since clip-workshop wrote ${s.edited.length > 1 ? 'them' : 'it'}; save your changes elsewhere, choose another ${spec.flag} folder, or pass --force to overwrite.`);
  }
  if (s.foreign.length && !s.recognised && spec.kind) {
    throw new UserError(`${dir} is not ${spec.kind} and holds files clip-workshop did not write (${names(s.foreign, dir)}); choose another ${spec.flag} folder, or pass --force to write the ${spec.what} beside them (they are kept).`);
  }
  if (s.foreign.length) {
    throw new UserError(`${dir} is not empty and holds files clip-workshop did not write (${names(s.foreign, dir)}); choose another ${spec.flag} folder, or pass --force to write the ${spec.what} beside them (they are kept).`);
  }
}

/** The nearest folder that exists at or above `p`, refusing a file in the way. */
function existingAncestor(p: string, spec: OwnedFolderSpec): string {
  let dir = p;
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  if (!fs.statSync(dir).isDirectory()) {
    throw new UserError(`${spec.flag} ${p} cannot be created: ${dir} is a file, not a folder; choose another path.`);
  }
  return dir;
}

/** Tries to create and remove a folder in `dir`: a read-only, full or forbidden place fails now, before long work. */
function probeWritable(dir: string, target: string, spec: OwnedFolderSpec): void {
  const probe = path.join(dir, `.clip-workshop-probe-${process.pid}-${Date.now()}`);
  withFsErrors(target, `the ${spec.what}`, () => {
    fs.mkdirSync(probe);
    fs.writeFileSync(path.join(probe, 'probe'), 'probe');
    fs.rmSync(probe, { recursive: true, force: true });
  });
}

/**
 * Checks, before any long work, that the folder `dir` can be written as `spec` with `newNames` in it:
 * not a file, writable, and holding nothing of the user's that the write would touch (unless `force`).
 */
export function checkOutputFolder(dir: string, spec: OwnedFolderSpec, newNames: string[] = [], force = false): void {
  const target = path.resolve(dir);
  refuseKind(dir, spec);
  if (fs.existsSync(target)) {
    if (!fs.statSync(target).isDirectory()) throw new UserError(`${spec.flag} ${dir} is a file, not a folder; give the path of a folder for the ${spec.what}.`);
    refuseIfUnsafe(dir, spec, survey(target, spec, {}), newNames, force);
    probeWritable(target, dir, spec);
    probeWritable(path.dirname(target), dir, spec);
  } else probeWritable(existingAncestor(target, spec), dir, spec);
}

/** Moves `from` to `to`, creating `to`'s folder. */
function move(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.renameSync(from, to);
}

/** Removes empty folders under and including `dir`, bottom-up; returns whether `dir` is gone. */
function pruneEmpty(dir: string): boolean {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) pruneEmpty(path.join(dir, e.name));
  if (fs.readdirSync(dir).length > 0) return false;
  fs.rmdirSync(dir);
  return true;
}

/**
 * Writes `files` (relative path → content) as the folder `dir` of kind `spec`, with the list of what the kit
 * wrote. The new files are built in a sibling folder and swapped in by rename, so a reader sees the old folder
 * or the whole new one and a failure leaves no partial folder; files of the user's in an existing folder are
 * moved back into the new one and never deleted (refused without `force`); the kit's old files are removed.
 */
export function writeOwnedFolder(dir: string, files: Record<string, string | Uint8Array>, spec: OwnedFolderSpec, force = false): void {
  const target = path.resolve(dir);
  const what = `the ${spec.what}`;
  const exists = fs.existsSync(target);
  if (exists && !fs.statSync(target).isDirectory()) throw new UserError(`${spec.flag} ${dir} is a file, not a folder; give the path of a folder for the ${spec.what}.`);
  refuseKind(dir, spec);
  const s = exists ? survey(target, spec, files) : undefined;
  if (s) refuseIfUnsafe(dir, spec, s, Object.keys(files), force);
  else existingAncestor(target, spec);
  const stamp = `${process.pid}-${Date.now()}`;
  const tmp = `${target}.tmp-${stamp}`;
  const kind = kindOf(spec);
  const list: OwnedList = { writer: 'clip-workshop', ...(kind ? { kind } : {}), files: {} };
  try {
    withFsErrors(target, what, () => {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      for (const [name, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
        fs.writeFileSync(path.join(tmp, name), content);
        list.files[name.split(path.sep).join('/')] = sha256(content);
      }
      fs.writeFileSync(path.join(tmp, OWNED_LIST), JSON.stringify(list, null, 2) + '\n');
      if (!exists) fs.renameSync(tmp, target);
    });
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  if (!exists) return;
  const old = `${target}.old-${stamp}`;
  try {
    withFsErrors(target, what, () => {
      fs.renameSync(target, old);
      try {
        fs.renameSync(tmp, target);
      } catch (err) {
        fs.renameSync(old, target);
        throw err;
      }
    });
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  // Everything that is not the kit's old file goes back: the user's files, kept subfolders (checkpoints).
  const replaced = new Set([...s!.owned, ...s!.edited]);
  for (const k of spec.keep ?? []) if (fs.existsSync(path.join(old, k)) && !fs.existsSync(path.join(target, k))) move(path.join(old, k), path.join(target, k));
  for (const rel of leaves(old)) {
    if (!replaced.has(rel)) move(path.join(old, rel.replace(/\/$/, '')), path.join(target, rel.replace(/\/$/, '')));
  }
  for (const rel of replaced) fs.rmSync(path.join(old, rel), { force: true });
  if (!pruneEmpty(old)) process.stderr.write(`note: some files could not be moved back into ${dir}; they are in ${old}.\n`);
}

/** Reads the list of files the kit wrote into `dir` (relative path → sha256), or undefined for an older folder. */
export function ownedFiles(dir: string): Record<string, string> | undefined {
  return readOwnedList(dir)?.files;
}

/** Every file under `dir` (relative path with '/' → content). */
function readTree(dir: string, rel = '', out: Record<string, Uint8Array> = {}): Record<string, Uint8Array> {
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) readTree(dir, r, out);
    else out[r] = fs.readFileSync(path.join(dir, r));
  }
  return out;
}

/** Moves a folder built at `built` into `dir` as {@link writeOwnedFolder} does (the user's files kept), then removes `built`. */
export function installBuiltFolder(built: string, dir: string, spec: OwnedFolderSpec, force = false): void {
  try {
    writeOwnedFolder(dir, readTree(built), spec, force);
  } finally {
    fs.rmSync(built, { recursive: true, force: true });
  }
}

/** Every file (not folder) under `dir`, relative with '/'. */
export function allFiles(dir: string): string[] {
  return leaves(dir).filter((f) => !f.endsWith('/'));
}
