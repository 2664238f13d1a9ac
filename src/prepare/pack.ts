import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { CIFAR_SOURCES, CifarName } from '../data/cifar-data';
import { readTarFile, TAR_END, tarHeader, tarPadding } from '../data/tar';
import { UserError } from '../runtime/errors';
import { refuseCompressedPack } from './packFormat';
import { cacheDir } from '../runtime/paths';
import { isTemporary } from './status';
import { executedExtras, isExtraEntry, npmCacheExtras, PackExtra } from './packExtras';

/** The first entry of every pack: who made it and the checksum of every file. */
export const PACK_MANIFEST = 'clip-workshop-pack.json';
const PACK_FORMAT = 1;
/** Pack entries live under this folder, so that nothing else in the archive can be mistaken for cache files. */
const PREFIX = 'cache/';

export interface PackManifest {
  format: number;
  kit: 'clip-workshop';
  version: string;
  created: string;
  files: Array<{ path: string; bytes: number; sha256: string }>;
  /** Entries outside the cache (npm's tarballs, executed notebooks), by tar name: checked, never installed into the cache. */
  extras?: Array<{ path: string; bytes: number; sha256: string }>;
}

export interface PackReport {
  file: string;
  files: number;
  bytes: number;
  /** Entries outside the cache the pack carries (npm's tarballs, executed notebooks). */
  extras?: number;
  /** Packages this platform installs whose tarball npm's cache lacked: `npm ci --offline` from the pack needs them. */
  npmMissing?: string[];
}

/** What a pack carries besides the cache. */
export interface PackOptions {
  /** npm's tarballs for the lockfile, so that a machine without network runs `npm ci --offline --cache npm-cache`. */
  npmCache?: boolean;
  /** The executed notebooks (notebooks/executed/**.html), for a student whose setup fails. */
  executed?: boolean;
}

/** The kit's version: a pack is installed only by the version that made it. */
export function kitVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../package.json').version;
}

/** Where `prepare-class --pack` writes when no file is given: under the cache, like every other cache. */
export function defaultPackPath(): string {
  return cacheDir('packs', `clip-workshop-${kitVersion()}.tar`);
}

const sha256File = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * The cache files a pack carries, relative to the cache folder with "/" separators: everything but packs,
 * half-written files, and CIFAR's decoded copies when their archive is there (it rebuilds them in seconds).
 */
export function packableFiles(root: string = cacheDir()): string[] {
  const skip = new Set(['packs']);
  for (const which of Object.keys(CIFAR_SOURCES) as CifarName[]) {
    if (fs.existsSync(path.join(root, 'downloads', CIFAR_SOURCES[which].file))) skip.add(which);
  }
  const out: string[] = [];
  const walk = (rel: string) => {
    const full = path.join(root, rel);
    for (const name of fs.readdirSync(full).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (isTemporary(name) || (!rel && skip.has(name))) continue;
      if (fs.statSync(path.join(full, name)).isDirectory()) walk(r);
      else out.push(r);
    }
  };
  if (fs.existsSync(root)) walk('');
  return out;
}

/** Writes every cache file into one tar archive with a manifest of checksums; through a temp file, renamed when whole. */
export function writePack(file: string = defaultPackPath(), options: PackOptions = {}): PackReport {
  const root = cacheDir();
  const target = path.resolve(file);
  if (target.startsWith(path.resolve(root) + path.sep) && !target.startsWith(path.resolve(root, 'packs') + path.sep)) {
    throw new UserError(`Write the pack outside the cache folder ${root} (or under its packs/ folder), not to ${file}.`);
  }
  const files = packableFiles(root);
  if (files.length === 0) throw new UserError(`The cache ${root} is empty: run \`clip-workshop prepare-class\` first, then pack it.`);
  const npm = options.npmCache ? npmCacheExtras() : { extras: [] as PackExtra[], missing: [] as string[] };
  const extras = [...npm.extras, ...(options.executed ? executedExtras() : [])];
  const manifest: PackManifest = {
    format: PACK_FORMAT,
    kit: 'clip-workshop',
    version: kitVersion(),
    created: new Date().toISOString(),
    files: files.map((f) => {
      const p = path.join(root, f);
      return { path: f, bytes: fs.statSync(p).size, sha256: sha256File(p) };
    }),
    ...(extras.length ? { extras: extras.map((e) => ({ path: e.name, bytes: fs.statSync(e.file).size, sha256: sha256File(e.file) })) } : {}),
  };
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    const put = (name: string, data: Buffer) => {
      fs.writeSync(fd, tarHeader(name, data.length));
      fs.writeSync(fd, data);
      fs.writeSync(fd, tarPadding(data.length));
    };
    put(PACK_MANIFEST, Buffer.from(JSON.stringify(manifest, null, 2)));
    for (const f of files) put(PREFIX + f, fs.readFileSync(path.join(root, f)));
    for (const e of extras) put(e.name, fs.readFileSync(e.file));
    fs.writeSync(fd, TAR_END);
    fs.closeSync(fd);
    fs.renameSync(tmp, target);
  } catch (err) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return { file: target, files: files.length, bytes: fs.statSync(target).size, ...(extras.length ? { extras: extras.length } : {}), ...(options.npmCache ? { npmMissing: npm.missing } : {}) };
}

/**
 * Installs a pack into the cache: every file is extracted to a temp folder beside the cache and checked
 * against the manifest first; only a whole, verified pack of this kit version is moved into place.
 * A corrupt, truncated or foreign pack is one UserError sentence, and nothing is installed.
 */
export function installPack(file: string): PackReport {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UserError(`The pack ${file} does not exist; pass the .tar file that \`clip-workshop prepare-class --pack\` wrote.`);
  refuseCompressedPack(file);
  const root = cacheDir();
  const corrupt = (why: string) => new UserError(`The pack ${file} is corrupt or truncated (${why}): nothing was installed; copy it again from the machine that made it.`);
  fs.mkdirSync(path.dirname(root), { recursive: true });
  const tmp = `${root}.pack-install-${process.pid}-${Date.now()}`;
  fs.mkdirSync(tmp);
  try {
    let manifest: PackManifest | undefined;
    const expected = new Map<string, { bytes: number; sha256: string }>();
    const seen = new Set<string>();
    readTarFile(file, file, (entry) => {
      if (!manifest) {
        if (entry.name !== PACK_MANIFEST) throw new UserError(`${file} is not a clip-workshop pack (it does not start with ${PACK_MANIFEST}): nothing was installed; make one with \`clip-workshop prepare-class --pack\`.`);
        try {
          manifest = JSON.parse(entry.data.toString('utf8')) as PackManifest;
        } catch {
          throw corrupt('its manifest is not valid JSON');
        }
        if (manifest.kit !== 'clip-workshop' || manifest.format !== PACK_FORMAT || !Array.isArray(manifest.files)) throw corrupt('its manifest is not a clip-workshop pack manifest');
        if (manifest.version !== kitVersion()) {
          throw new UserError(`The pack ${file} was made by clip-workshop ${manifest.version}, but this is ${kitVersion()}: nothing was installed; make a new pack with this version (\`clip-workshop prepare-class --pack\`).`);
        }
        for (const f of manifest.files) expected.set(f.path, f);
        return;
      }
      if (isExtraEntry(entry.name)) {
        // Read with tar on a machine without the kit; here only checked against the manifest.
        const want = manifest.extras?.find((x) => x.path === entry.name);
        const sum = crypto.createHash('sha256').update(entry.data).digest('hex');
        if (!want || entry.data.length !== want.bytes || sum !== want.sha256) throw corrupt(`${entry.name} does not match its manifest`);
        return;
      }
      const rel = entry.name.startsWith(PREFIX) ? entry.name.slice(PREFIX.length) : undefined;
      const want = rel === undefined ? undefined : expected.get(rel);
      if (!want || rel === undefined) throw corrupt(`${entry.name} is not in its manifest`);
      const sum = crypto.createHash('sha256').update(entry.data).digest('hex');
      if (entry.data.length !== want.bytes || sum !== want.sha256) throw corrupt(`${rel} does not match its checksum`);
      fs.mkdirSync(path.join(tmp, path.dirname(rel)), { recursive: true });
      fs.writeFileSync(path.join(tmp, rel), entry.data);
      seen.add(rel);
    }, (why) => corrupt(why));
    if (!manifest) throw corrupt('it holds no manifest');
    const missing = manifest.files.filter((f) => !seen.has(f.path));
    if (missing.length) throw corrupt(`${missing.length} file(s) missing, the first ${missing[0].path}`);
    // Everything checked: move each file into place (a rename on the same disk).
    for (const f of manifest.files) {
      const dest = path.join(root, f.path);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.renameSync(path.join(tmp, f.path), dest);
    }
    return { file, files: manifest.files.length, bytes: manifest.files.reduce((a, f) => a + f.bytes, 0) };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
