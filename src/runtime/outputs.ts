import * as fs from 'fs';
import * as path from 'path';
import { UserError } from './errors';
import { errorCode, fsUserError, isMachineFsError } from './fsErrors';

/** Codes that only a write can raise: whatever path Node names (a temp file, a source being copied), the cause is the output's disk. */
const WRITE_ONLY = new Set(['ENOSPC', 'EROFS', 'EDQUOT']);

/** True when `p` is `target`, inside it, or one of its temporary siblings (`target.tmp-…`, `target.old-…`, `target.123.tmp`). */
function belongsTo(p: string | undefined, target: string): boolean {
  if (!p) return false;
  const abs = path.resolve(p);
  return abs === target || abs.startsWith(target + path.sep) || abs.startsWith(target + '.');
}

/**
 * Turns a machine file-system error met while writing `target` into one sentence naming `target` (the path the user
 * gave), never a temporary name or a file being copied; other errors pass through unchanged.
 */
export function outputError(err: unknown, target: string, what: string): unknown {
  const code = errorCode(err);
  if (!code) return err;
  const e = err as NodeJS.ErrnoException & { dest?: string };
  const abs = path.resolve(target);
  if (WRITE_ONLY.has(code) || belongsTo(e.path, abs) || belongsTo(e.dest, abs)) {
    const mapped = fsUserError(err, target, what);
    return mapped === err && (code === 'ENOENT' || isMachineFsError(err)) ? new UserError(`Cannot write ${what} at ${target} (${code}); check that its folder exists and can be written, or choose another path.`) : mapped;
  }
  return err;
}

/** Runs `fn` (sync or async), turning machine file-system errors of writing `target` into one sentence naming it. */
export async function writingTo<T>(target: string, what: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw outputError(err, target, what);
  }
}

/** The nearest folder that exists at or above `p`; a file in the way is refused naming `flag`. */
function existingAncestor(p: string, flag: string): string {
  let dir = path.resolve(p);
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  if (!fs.statSync(dir).isDirectory()) throw new UserError(`${flag} ${p} cannot be created: ${dir} is a file, not a folder; choose another path.`);
  return dir;
}

/** Creates and removes a small probe in `dir`: a read-only, full or forbidden place fails now, naming `target`. */
function probe(dir: string, target: string, what: string): void {
  const p = path.join(dir, `.clip-workshop-probe-${process.pid}-${Date.now()}`);
  try {
    fs.mkdirSync(p);
    fs.writeFileSync(path.join(p, 'probe'), 'probe');
  } catch (err) {
    throw fsUserError(err, target, what);
  } finally {
    fs.rmSync(p, { recursive: true, force: true });
  }
}

/**
 * Checks, before any long work, that the file `file` (named by option `flag`) can be written: not a folder, no file
 * in the way of its folder, and that folder writable. Nothing is left behind.
 */
export function checkOutputFile(file: string, flag: string, what: string): void {
  const abs = path.resolve(file);
  if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) throw new UserError(`${flag} ${file} is a folder; give the path of a file for ${what}.`);
  probe(existingAncestor(path.dirname(abs), flag), file, what);
}

/**
 * Checks, before any long work, that the folder `dir` (named by option `flag`) can be created or written: not a
 * file, and the folder (or the nearest one above it) writable. Nothing is left behind.
 */
export function checkOutputDir(dir: string, flag: string, what: string): void {
  const abs = path.resolve(dir);
  if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) throw new UserError(`${flag} ${dir} is a file, not a folder; give the path of a folder for ${what}.`);
  probe(existingAncestor(abs, flag), dir, what);
}
