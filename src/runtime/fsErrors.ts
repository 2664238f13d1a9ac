import * as fs from 'fs';
import * as path from 'path';
import { UserError } from './errors';

/** The file-system error codes that come from the user's machine (not from a bug), and what to do about each. */
const ADVICE: Record<string, (p: string) => string> = {
  ENOTDIR: (p) => `${p} cannot be written: part of that path is a file, not a folder; choose another path`,
  EISDIR: (p) => `${p} is a folder where a file must go; choose another path`,
  EROFS: (p) => `${p} is on a read-only file system; choose a folder you can write to`,
  EACCES: (p) => `you have no permission to write ${p}; choose a folder you can write to or fix its permissions`,
  EPERM: (p) => `you have no permission to write ${p}; choose a folder you can write to or fix its permissions`,
  ENOSPC: (p) => `the disk holding ${p} is full; free some space or choose a folder on another disk`,
  EDQUOT: (p) => `your disk quota is used up where ${p} goes; free some space or choose another folder`,
  ENAMETOOLONG: (p) => `the path ${p} is too long; choose a shorter one`,
};

/** The error code of a Node.js system error, if it is one. */
export function errorCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when `err` is a file-system error caused by the machine (read-only, full, no permission …). */
export function isMachineFsError(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && code in ADVICE;
}

/**
 * The real cause of an ENOENT met while creating something under `file`: Node's recursive mkdir reports ENOENT on
 * a read-only or forbidden disk. Probes the nearest existing folder above `file`; returns its machine error code.
 */
function probeCause(file: string): string | undefined {
  let dir = path.resolve(file);
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    if (!fs.statSync(dir).isDirectory()) return 'ENOTDIR';
    const probe = path.join(dir, `.clip-workshop-probe-${process.pid}-${Date.now()}`);
    fs.mkdirSync(probe);
    fs.rmdirSync(probe);
    return undefined;
  } catch (err) {
    const code = errorCode(err);
    return code && code in ADVICE ? code : undefined;
  }
}

/**
 * Turns a machine file-system error into one sentence naming `what` and its path; other errors pass through
 * unchanged. `what` is the thing being written, e.g. "the model folder"; `writing` says `file` is being created
 * (an ENOENT then gets its real cause).
 */
export function fsUserError(err: unknown, file: string, what = 'it', writing = true): unknown {
  let code = errorCode(err);
  const syscall = (err as NodeJS.ErrnoException | undefined)?.syscall;
  if (writing && code === 'ENOENT' && (syscall === 'mkdir' || syscall === 'open' || syscall === 'rename')) code = probeCause(file) ?? code;
  if (!code || !(code in ADVICE)) return err;
  return new UserError(`Cannot write ${what} (${code}): ${ADVICE[code](file)}.`);
}

/** Runs `fn`, turning machine file-system errors into a {@link UserError} naming `file`. */
export function withFsErrors<T>(file: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw fsUserError(err, file, what);
  }
}
