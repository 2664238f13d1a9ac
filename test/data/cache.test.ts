import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readCache, writeCache } from '../../src/data/cache';

let dir: string;
beforeEach(() => {
  dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cw-cache-')), 'entry');
});
afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

describe('dataset cache', () => {
  const key = { dataset: 'x', size: 32, versions: { a: '1.0.0' } };

  it('loads what it wrote when the key matches, whatever the key order', () => {
    writeCache(dir, key, { 'a.u8': Uint8Array.from([1, 2, 3]), 'b.json': '{"n":1}' }, { images: 3 });
    const hit = readCache(dir, { versions: { a: '1.0.0' }, size: 32, dataset: 'x' });
    expect(hit).toBeDefined();
    expect(Array.from(hit!.files['a.u8'])).toEqual([1, 2, 3]);
    expect(hit!.manifest.counts).toEqual({ images: 3 });
    expect(Object.keys(hit!.manifest.files).sort()).toEqual(['a.u8', 'b.json']);
  });

  it('loads what it wrote when the key has an unset option (the manifest, as JSON, drops it)', () => {
    const withUnset = { ...key, styles: undefined };
    writeCache(dir, withUnset, { 'a.u8': Uint8Array.from([1]) }, {});
    expect(readCache(dir, withUnset)).toBeDefined();
  });

  it('misses when the key differs (another size or package version)', () => {
    writeCache(dir, key, { 'a.u8': Uint8Array.from([1]) }, {});
    expect(readCache(dir, { ...key, size: 64 })).toBeUndefined();
    expect(readCache(dir, { ...key, versions: { a: '2.0.0' } })).toBeUndefined();
  });

  it('never loads an interrupted build: no manifest, a missing file or a changed file', () => {
    writeCache(dir, key, { 'a.u8': Uint8Array.from([1, 2]), 'b.u8': Uint8Array.from([3]) }, {});
    fs.writeFileSync(path.join(dir, 'a.u8'), Uint8Array.from([9, 9])); // a rebuild that stopped half-way
    expect(readCache(dir, key)).toBeUndefined();
    writeCache(dir, key, { 'a.u8': Uint8Array.from([1, 2]), 'b.u8': Uint8Array.from([3]) }, {});
    fs.rmSync(path.join(dir, 'b.u8'));
    expect(readCache(dir, key)).toBeUndefined();
    fs.rmSync(path.join(dir, 'manifest.json'));
    expect(readCache(dir, key)).toBeUndefined();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
