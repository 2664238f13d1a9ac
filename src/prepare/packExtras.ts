import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../runtime/paths';

/**
 * What a class pack carries besides the cache, as plain tar entries a classroom machine extracts with `tar`
 * before the kit is installed: npm's tarballs and registry documents for this lockfile (`npm ci --offline --cache npm-cache`) and the
 * executed notebooks as HTML (for a student whose setup fails).
 */
export const NPM_CACHE_PREFIX = 'npm-cache/';
export const EXECUTED_PREFIX = 'executed/';

/** One file the pack carries outside the cache: its tar name and where it is read from. */
export interface PackExtra {
  name: string;
  file: string;
}

/** npm's cache folder on this machine (npm_config_cache, else `npm config get cache`). */
export function npmCacheDir(): string | undefined {
  if (process.env.npm_config_cache) return process.env.npm_config_cache;
  try {
    return execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Where cacache keeps the content of an integrity ("sha512-…"): content-v2/<algo>/<hex[0:2]>/<hex[2:4]>/<rest>. */
export function contentPath(integrity: string): string {
  const [algo, b64] = integrity.split(/\s+/)[0].split(/-(.*)/s);
  const hex = Buffer.from(b64, 'base64').toString('hex');
  return path.join('_cacache', 'content-v2', algo, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
}

/** The registry npm reads package documents from (npm_config_registry, else npm's default). */
const registry = () => (process.env.npm_config_registry || 'https://registry.npmjs.org/').replace(/\/?$/, '/');

/**
 * cacache's index bucket of a key, and the content it points to: npm caches each package's registry document
 * (the packument, keyed by its URL) there; `npm ci` reads it for a lockfile that records no tarball URLs.
 */
export function indexFiles(cache: string, key: string): string[] {
  const h = crypto.createHash('sha256').update(key).digest('hex');
  const bucket = path.join('_cacache', 'index-v5', h.slice(0, 2), h.slice(2, 4), h.slice(4));
  if (!fs.existsSync(path.join(cache, bucket))) return [];
  const contents = fs.readFileSync(path.join(cache, bucket), 'utf8').split('\n').flatMap((line) => {
    try {
      const entry = JSON.parse(line.slice(line.indexOf('\t') + 1)) as { key?: string; integrity?: string };
      return entry.key === key && entry.integrity ? [contentPath(entry.integrity)] : [];
    } catch {
      return [];
    }
  });
  const present = contents.filter((c) => fs.existsSync(path.join(cache, c)));
  return present.length ? [bucket, ...present] : [];
}

/**
 * The lockfile's tarballs and registry documents found in npm's cache, as pack entries; `missing` names the
 * packages this platform installs whose tarball or document is not there (packages only other platforms
 * install are not needed offline).
 */
export function npmCacheExtras(root = packageRoot(), cache = npmCacheDir()): { extras: PackExtra[]; missing: string[] } {
  const lockFile = path.join(root, 'package-lock.json');
  if (!cache || !fs.existsSync(lockFile)) return { extras: [], missing: [] };
  const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { packages: Record<string, { integrity?: string; optional?: boolean; link?: boolean; resolved?: string; name?: string; version?: string }> };
  const extras: PackExtra[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (rel: string) => {
    if (!seen.has(rel)) extras.push({ name: NPM_CACHE_PREFIX + rel.split(path.sep).join('/'), file: path.join(cache, rel) });
    seen.add(rel);
  };
  for (const [where, p] of Object.entries(lock.packages)) {
    if (!where || p.link || !p.integrity) continue;
    // An alias ("string-width-cjs": npm:string-width@…) is fetched under its package's own name.
    const name = p.name ?? where.replace(/^.*node_modules\//, '');
    const key = 'make-fetch-happen:request-cache:';
    // npm reads the tarball through the index entry of its URL, and the URL from the registry document.
    const url = p.resolved ?? `${registry()}${name}/-/${name.replace(/^@[^/]+\//, '')}-${p.version}.tgz`;
    const tarball = indexFiles(cache, key + url);
    const doc = p.resolved ? [] : indexFiles(cache, `${key}${registry()}${name.replace('/', '%2f')}`);
    if (tarball.length && (p.resolved || doc.length)) {
      add(contentPath(p.integrity));
      [...tarball, ...doc].forEach(add);
    } else if (!p.optional || fs.existsSync(path.join(root, where))) missing.push(name);
  }
  return { extras, missing };
}

/** The executed notebooks' HTML pages under notebooks/executed/, as pack entries. */
export function executedExtras(root = packageRoot()): PackExtra[] {
  const dir = path.join(root, 'notebooks', 'executed');
  if (!fs.existsSync(dir)) return [];
  const out: PackExtra[] = [];
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (fs.statSync(path.join(dir, r)).isDirectory()) walk(r);
      else if (name.endsWith('.html')) out.push({ name: EXECUTED_PREFIX + r, file: path.join(dir, r) });
    }
  };
  walk('');
  return out;
}

/** Whether a tar entry is one of the extras (checked against the manifest, never installed into the cache). */
export const isExtraEntry = (name: string) => name.startsWith(NPM_CACHE_PREFIX) || name.startsWith(EXECUTED_PREFIX);
