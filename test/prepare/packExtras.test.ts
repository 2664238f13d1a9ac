import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { contentPath, installPack, npmCacheExtras, writePack } from '../../src/prepare';
import { packageRoot } from '../../src/runtime/paths';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clip-pack-extras-'));
const saved = { cache: process.env.CLIP_WORKSHOP_CACHE, npm: process.env.npm_config_cache };
afterAll(() => {
  for (const [k, v] of [['CLIP_WORKSHOP_CACHE', saved.cache], ['npm_config_cache', saved.npm]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

const lock = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package-lock.json'), 'utf8')) as { packages: Record<string, { integrity?: string; optional?: boolean; version?: string; name?: string }> };
const entries = Object.entries(lock.packages).filter(([k, p]) => k && p.integrity && !p.optional);

/** npm's cache as npm leaves it after an install: content by integrity, an index entry per URL (tarball, registry document). */
function fakeNpmCache(dir: string, where: string, integrity: string, tarball: string) {
  const lockEntry = lock.packages[where] as { version?: string; name?: string };
  const name = lockEntry.name ?? where.replace(/^.*node_modules\//, '');
  const put = (rel: string, data: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), data);
  };
  const index = (url: string, to: string) => {
    const key = `make-fetch-happen:request-cache:${url}`;
    const h = crypto.createHash('sha256').update(key).digest('hex');
    const entry = JSON.stringify({ key, integrity: to });
    put(path.join('_cacache', 'index-v5', h.slice(0, 2), h.slice(2, 4), h.slice(4)), `\n${crypto.createHash('sha1').update(entry).digest('hex')}\t${entry}`);
  };
  put(contentPath(integrity), tarball);
  index(`https://registry.npmjs.org/${name}/-/${name.replace(/^@[^/]+\//, '')}-${lockEntry.version}.tgz`, integrity);
  const doc = JSON.stringify({ name });
  const docIntegrity = `sha512-${crypto.createHash('sha512').update(doc).digest('base64')}`;
  put(contentPath(docIntegrity), doc);
  index(`https://registry.npmjs.org/${name.replace('/', '%2f')}`, docIntegrity);
}
delete process.env.npm_config_registry;

test('cacache keeps an integrity under content-v2/<algo>/<2 hex>/<2 hex>/<rest>', () => {
  const hex = 'ab'.repeat(64);
  expect(contentPath(`sha512-${Buffer.from(hex, 'hex').toString('base64')}`)).toBe(path.join('_cacache', 'content-v2', 'sha512', 'ab', 'ab', 'ab'.repeat(62)));
});

test('the npm extras are the lockfile tarballs found in npm\'s cache; the others this platform needs are named as missing', () => {
  const npm = path.join(tmp, 'npm-a');
  const [name, pkg] = entries[0];
  fakeNpmCache(npm, name, pkg.integrity!, 'tarball');
  const r = npmCacheExtras(packageRoot(), npm);
  expect(r.extras.map((e) => e.name)).toHaveLength(4);
  expect(r.extras[0].name).toBe(`npm-cache/${contentPath(pkg.integrity!).split(path.sep).join('/')}`);
  expect(r.extras.map((e) => e.name).filter((n) => n.includes('/index-v5/'))).toHaveLength(2);
  expect(r.missing).not.toContain(name.replace(/^.*node_modules\//, ''));
  expect(r.missing.length).toBeGreaterThan(0);
});

test('a pack carries npm\'s tarballs as plain tar entries; they are checked on install and never go into the cache', () => {
  const cacheA = path.join(tmp, 'cache-a');
  fs.mkdirSync(cacheA, { recursive: true });
  fs.writeFileSync(path.join(cacheA, 'model.bin'), 'weights');
  const npm = path.join(tmp, 'npm-b');
  const [name, pkg] = entries[1];
  fakeNpmCache(npm, name, pkg.integrity!, 'TARBALL-BYTES-1');
  process.env.CLIP_WORKSHOP_CACHE = cacheA;
  process.env.npm_config_cache = npm;
  const file = path.join(tmp, 'class.tar');
  const report = writePack(file, { npmCache: true });
  expect(report.extras).toBe(4);
  expect(report.npmMissing!.length).toBeGreaterThan(0);

  const cacheB = path.join(tmp, 'cache-b');
  process.env.CLIP_WORKSHOP_CACHE = cacheB;
  expect(installPack(file).files).toBe(1);
  expect(fs.readdirSync(cacheB)).toEqual(['model.bin']);

  // One byte of the npm tarball changed: the whole pack is refused.
  const bad = path.join(tmp, 'bad.tar');
  const buf = fs.readFileSync(file);
  const at = buf.indexOf('TARBALL-BYTES-1');
  expect(at).toBeGreaterThan(0);
  buf.write('2', at + 'TARBALL-BYTES-'.length);
  fs.writeFileSync(bad, buf);
  const cacheC = path.join(tmp, 'cache-c');
  process.env.CLIP_WORKSHOP_CACHE = cacheC;
  expect(() => installPack(bad)).toThrow(/corrupt or truncated \(npm-cache\/.* does not match its manifest\)/);
  expect(fs.existsSync(path.join(cacheC, 'model.bin'))).toBe(false);
});
