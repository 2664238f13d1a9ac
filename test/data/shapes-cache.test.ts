import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadShapes } from '../../src/data/shapes-cache';

/** The shapes images are drawn once and read back from the dataset cache, bit for bit. */
describe('the shapes cache', () => {
  const small = { perClass: 6, testPerClass: 2, heldoutPerClass: 3, size: 24, seed: 5 };
  let dir: string;
  const saved = process.env.CLIP_WORKSHOP_CACHE;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-shapes-cache-'));
    process.env.CLIP_WORKSHOP_CACHE = dir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.CLIP_WORKSHOP_CACHE;
    else process.env.CLIP_WORKSHOP_CACHE = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a second load reads the entry the first wrote, and equals drawing anew', () => {
    const first = loadShapes(small);
    expect(first.cachePath).toBeDefined();
    expect(first.cachePath!.startsWith(dir)).toBe(true);
    expect(fs.existsSync(path.join(first.cachePath!, 'manifest.json'))).toBe(true);
    // Drawing is not needed the second time: the entry's pixels are what comes back.
    const marker = path.join(first.cachePath!, 'pixels.u8');
    const mtime = fs.statSync(marker).mtimeMs;
    const second = loadShapes(small);
    const drawn = loadShapes({ ...small, cache: false });
    expect(fs.statSync(marker).mtimeMs).toBe(mtime);
    expect(drawn.cachePath).toBeUndefined();
    for (const ds of [second, drawn]) {
      expect(Buffer.from(ds.pixels).equals(Buffer.from(first.pixels))).toBe(true);
      expect(ds.captions).toEqual(first.captions);
      expect(Array.from(ds.labels)).toEqual(Array.from(first.labels));
      expect(ds.meta).toEqual(first.meta);
    }
  });

  test('other options get an entry of their own; a damaged entry is drawn again', () => {
    const a = loadShapes(small);
    const b = loadShapes({ ...small, seed: 6 });
    expect(b.cachePath).not.toBe(a.cachePath);
    expect(Buffer.from(b.pixels).equals(Buffer.from(a.pixels))).toBe(false);
    const file = path.join(a.cachePath!, 'pixels.u8');
    const bytes = fs.readFileSync(file);
    bytes[100] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const again = loadShapes(small);
    expect(Buffer.from(again.pixels).equals(Buffer.from(a.pixels))).toBe(true);
    expect(fs.readFileSync(file).equals(Buffer.from(a.pixels))).toBe(true);
  });
});
