import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir } from '../runtime/paths';
import { writeFileAtomic, writeJsonAtomic } from '../runtime/atomic';
import { errorCode, isMachineFsError } from '../runtime/fsErrors';
import { stableJson } from '../runtime/stableJson';

/** Cache folders already reported as unwritable (one note each per process). */
const unwritable = new Set<string>();

/** Bump when the layout of cached files changes: older caches then rebuild. */
export const CACHE_FORMAT = 1;

/**
 * What a cache was built from and what it holds. `key` must match exactly for the cache to load;
 * `files` maps each file name to its sha256, checked on load.
 */
export interface CacheManifest {
  format: number;
  key: Record<string, unknown>;
  counts: Record<string, number>;
  files: Record<string, string>;
  created: string;
}

/** sha256 of bytes, hex. */
export function sha256(data: Uint8Array | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** The folder of one cache entry under cacheDir(). */
export function cacheEntryDir(name: string): string {
  return cacheDir(name);
}

/** The version of an installed npm package (for cache keys), or "missing". */
export function packageVersion(pkg: string): string {
  try {
    return JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;
  } catch {
    return 'missing';
  }
}

/**
 * Reads a cache entry when its manifest matches `key` and every file's checksum is right;
 * otherwise undefined (the caller rebuilds). Returns the manifest and the files' bytes.
 */
export function readCache(dir: string, key: Record<string, unknown>): { manifest: CacheManifest; files: Record<string, Buffer> } | undefined {
  const mfile = path.join(dir, 'manifest.json');
  let manifest: CacheManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(mfile, 'utf8'));
  } catch {
    return undefined;
  }
  if (manifest.format !== CACHE_FORMAT || stableJson(manifest.key) !== stableJson(key)) return undefined;
  const files: Record<string, Buffer> = {};
  for (const [name, sum] of Object.entries(manifest.files)) {
    try {
      files[name] = fs.readFileSync(path.join(dir, name));
    } catch {
      return undefined;
    }
    if (sha256(files[name]) !== sum) return undefined;
  }
  return { manifest, files };
}

/**
 * Writes a cache entry: every file atomically, the manifest last. A build interrupted before the
 * manifest leaves no loadable cache; one interrupted after some files fails the checksums and rebuilds.
 * A cache that cannot be written (read-only, full, no permission) is not an error: the command goes on
 * without it, says so once on stderr, and undefined is returned.
 */
export function writeCache(dir: string, key: Record<string, unknown>, files: Record<string, Uint8Array | string>, counts: Record<string, number>): CacheManifest | undefined {
  try {
    return writeCacheFiles(dir, key, files, counts);
  } catch (err) {
    // ENOENT: a folder of the cache path cannot be created (e.g. a missing mount).
    if (!isMachineFsError(err) && errorCode(err) !== 'ENOENT') throw err;
    // No half-written entry stays behind: the files of this entry are the kit's own.
    for (const name of ['manifest.json', ...Object.keys(files)]) {
      try {
        fs.rmSync(path.join(dir, name), { force: true });
      } catch {
        // read-only: nothing was written there either
      }
    }
    if (!unwritable.has(dir)) {
      unwritable.add(dir);
      process.stderr.write(`note: the cache ${dir} cannot be written (${whyUnwritable(dir) ?? errorCode(err)}), so this run goes on without caching; set CLIP_WORKSHOP_CACHE to a writable folder to keep the work.\n`);
    }
    return undefined;
  }
}

/** Why the nearest existing folder at or above `dir` cannot be written (EROFS, EACCES), if it cannot. */
function whyUnwritable(dir: string): string | undefined {
  let d = dir;
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  try {
    fs.accessSync(d, fs.constants.W_OK);
    return undefined;
  } catch (err) {
    return errorCode(err);
  }
}

function writeCacheFiles(dir: string, key: Record<string, unknown>, files: Record<string, Uint8Array | string>, counts: Record<string, number>): CacheManifest {
  fs.mkdirSync(dir, { recursive: true });
  // The old manifest goes first, so old checksums never vouch for a half-written new set.
  fs.rmSync(path.join(dir, 'manifest.json'), { force: true });
  const sums: Record<string, string> = {};
  for (const [name, data] of Object.entries(files)) {
    writeFileAtomic(path.join(dir, name), data);
    sums[name] = sha256(data);
  }
  const manifest: CacheManifest = { format: CACHE_FORMAT, key, counts, files: sums, created: new Date().toISOString() };
  writeJsonAtomic(path.join(dir, 'manifest.json'), manifest);
  return manifest;
}
