import * as fs from 'fs';
import * as path from 'path';

/** Writes a file so that readers see either the old content or the whole new one (temp file + rename). */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** JSON variant of {@link writeFileAtomic}, pretty-printed for reviewable files. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

/** Replaces folder `target` by the finished folder `built` in one rename, restoring the old one if that fails. */
export function replaceFolder(built: string, target: string): void {
  const old = `${target}.old-${process.pid}-${Date.now()}`;
  const had = fs.existsSync(target);
  if (had) fs.renameSync(target, old);
  try {
    fs.renameSync(built, target);
  } catch (err) {
    if (had) fs.renameSync(old, target);
    throw err;
  }
  if (had) fs.rmSync(old, { recursive: true, force: true });
}

/**
 * Writes `files` (paths relative to `dir` → content) as the folder `dir`: built beside it, then swapped in,
 * so readers see the old folder or the whole new one and a failure leaves no partial folder.
 */
export function writeFolderAtomic(dir: string, files: Record<string, string | Uint8Array>): void {
  const target = path.resolve(dir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
      fs.writeFileSync(path.join(tmp, name), content);
    }
    replaceFolder(tmp, target);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
