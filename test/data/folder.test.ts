import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import sharp from 'sharp';
import { loadFolder } from '../../src/data/folder';
import { tempCachePerTest } from '../helpers/tempCache';

const dirs = tempCachePerTest('cw-folder-');

const solid = (file: string, rgb: [number, number, number]) =>
  sharp({ create: { width: 20, height: 16, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).toFile(file);

/** DIR/hot_dog/{a,b}.png (red), DIR/cat/{c.jpg (blue), d.svg (green)}. */
async function makeFolder(): Promise<string> {
  const dir = path.join(dirs.tmp, 'pics');
  fs.mkdirSync(path.join(dir, 'hot_dog'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'cat'));
  await solid(path.join(dir, 'hot_dog', 'a.png'), [255, 0, 0]);
  await solid(path.join(dir, 'hot_dog', 'b.png'), [250, 0, 0]);
  await solid(path.join(dir, 'cat', 'c.jpg'), [0, 0, 255]);
  fs.writeFileSync(path.join(dir, 'cat', 'd.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#00ff00"/></svg>');
  return dir;
}

const manifests = () => (fs.existsSync(dirs.cache) ? fs.readdirSync(dirs.cache).filter((d) => fs.existsSync(path.join(dirs.cache, d, 'manifest.json'))) : []);

describe('image folders', () => {
  it('turns class folders into labels and captions ("hot_dog" → "hot dog")', async () => {
    const dir = await makeFolder();
    const ds = await loadFolder(dir, { size: 8, quiet: true, testFraction: 0 });
    expect(ds.classNames).toEqual(['cat', 'hot dog']);
    expect(ds.captions).toEqual([['cat'], ['cat'], ['hot dog'], ['hot dog']]);
    expect(Array.from(ds.labels)).toEqual([0, 0, 1, 1]);
    expect(ds.meta.map((m) => m.source)).toEqual(['cat/c.jpg', 'cat/d.svg', 'hot_dog/a.png', 'hot_dog/b.png']);
    // The svg is green, the png red.
    expect(ds.pixels[1 * 192 + 1]).toBeGreaterThan(200);
    expect(ds.pixels[2 * 192]).toBeGreaterThan(200);
    expect(manifests()).toHaveLength(1);
    const again = await loadFolder(dir, { size: 8, quiet: true, testFraction: 0 });
    expect(Buffer.from(again.pixels).equals(Buffer.from(ds.pixels))).toBe(true);
  });

  it('names a missing folder', async () => {
    await expect(loadFolder(path.join(dirs.tmp, 'nothing'))).rejects.toThrow(/nothing does not exist/);
    expect(manifests()).toEqual([]);
  });

  it('names an empty class folder and caches nothing', async () => {
    const dir = await makeFolder();
    fs.mkdirSync(path.join(dir, 'empty_class'));
    await expect(loadFolder(dir, { quiet: true })).rejects.toThrow(/class folder .*empty_class is empty/);
    expect(manifests()).toEqual([]);
  });

  it('refuses an image over the size cap before reading it, and caches nothing', async () => {
    const dir = await makeFolder();
    // A sparse file: 60 MB on paper, nothing on disk.
    const big = path.join(dir, 'cat', 'huge.png');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 60e6);
    await expect(loadFolder(dir, { quiet: true })).rejects.toThrow(/cat\/huge\.png is 60 MB, more than the limit of 50 MB/);
    expect(manifests()).toEqual([]);
  });

  it('skips a named pipe in a class folder, saying what it is, instead of blocking on it', async () => {
    const dir = await makeFolder();
    const pipe = path.join(dir, 'cat', 'pipe.png');
    execFileSync('mkfifo', [pipe]);
    const notes: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => (notes.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const ds = await loadFolder(dir, { size: 8, quiet: true, testFraction: 0 });
      expect(ds.labels.length).toBe(4);
    } finally {
      process.stderr.write = write;
    }
    expect(notes.join('')).toMatch(/pipe\.png \(not a regular file\)/);
  });

  it('names a corrupt image and caches nothing', async () => {
    const dir = await makeFolder();
    fs.writeFileSync(path.join(dir, 'cat', 'broken.png'), Buffer.from('\x89PNG\r\n\x1a\n truncated'));
    await expect(loadFolder(dir, { quiet: true })).rejects.toThrow(/cat\/broken\.png could not be decoded/);
    expect(manifests()).toEqual([]);
  });

  it('names a file of an unsupported format and caches nothing', async () => {
    const dir = await makeFolder();
    fs.writeFileSync(path.join(dir, 'cat', 'notes.txt'), 'hello');
    await expect(loadFolder(dir, { quiet: true })).rejects.toThrow(/notes\.txt has an unsupported format "\.txt"/);
    expect(manifests()).toEqual([]);
  });
});
