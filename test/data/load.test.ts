import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { loadDataset } from '../../src/data/load';
import { sampleGrid } from '../../src/data/sample';
import { loadShapes } from '../../src/data/shapes-cache';
import { cli } from '../helpers/cli';

let tmp: string;
const saved = process.env.CLIP_WORKSHOP_CACHE;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-load-'));
  process.env.CLIP_WORKSHOP_CACHE = path.join(tmp, 'cache');
  for (const [cls, colour] of [['red_things', '#ff0000'], ['blue_things', '#0000ff']]) {
    fs.mkdirSync(path.join(tmp, 'pics', cls), { recursive: true });
    for (const k of [1, 2]) await sharp({ create: { width: 12, height: 12, channels: 3, background: colour } }).png().toFile(path.join(tmp, 'pics', cls, `${k}.png`));
  }
});
afterAll(() => {
  if (saved === undefined) delete process.env.CLIP_WORKSHOP_CACHE;
  else process.env.CLIP_WORKSHOP_CACHE = saved;
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('loadDataset', () => {
  it('dispatches built-in names and folder paths', async () => {
    const shapes = await loadDataset('shapes', { perClass: 2, testPerClass: 1, heldoutPerClass: 1, size: 16 });
    expect(shapes.name).toBe('shapes');
    expect(shapes.size).toBe(16);
    const folder = await loadDataset(path.join(tmp, 'pics'), { size: 8, quiet: true });
    expect(folder.classNames).toEqual(['blue things', 'red things']);
  });

  it('names an unknown dataset and a wrong CIFAR size', async () => {
    await expect(loadDataset('shapez')).rejects.toThrow(/Unknown dataset "shapez": use shapes, emoji, cifar10, cifar100/);
    await expect(loadDataset('cifar10', { size: 64 })).rejects.toThrow(/CIFAR images are 32×32/);
  });
});

describe('sampleGrid', () => {
  it('returns seeded items with distinct concepts first and one of their captions', () => {
    const ds = loadShapes({ perClass: 3, testPerClass: 1, heldoutPerClass: 1 });
    const a = sampleGrid(ds, 40, 3);
    expect(a.map((x) => x.index)).toEqual(sampleGrid(ds, 40, 3).map((x) => x.index));
    expect(a.map((x) => x.index)).not.toEqual(sampleGrid(ds, 40, 4).map((x) => x.index));
    expect(new Set(a.slice(0, 36).map((x) => x.concept)).size).toBe(36);
    for (const it of a) {
      expect(ds.captions[it.index]).toContain(it.caption);
      expect(it.pixels).toHaveLength(32 * 32 * 3);
    }
    expect(sampleGrid(ds, 5, 1, 'heldout').every((x) => x.split === 'heldout')).toBe(true);
  });
});

describe('clip-workshop data', () => {
  it('reports the shapes set as JSON', () => {
    const r = cli(['data', 'shapes', '--json', '--seed', '5']);
    expect(r.status).toBe(0);
    const j = r.json();
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['dataset', 'pairs', 'images', 'concepts', 'classes', 'styles', 'splits', 'size', 'cachePath', 'seconds']));
    expect(j).toMatchObject({ dataset: 'shapes', images: 6900, concepts: 36, classes: 36, styles: ['synthetic'], size: 32 });
    expect(j.splits).toEqual({ train: 6000, test: 600, heldout: 300 });
    expect(j.pairs).toBeGreaterThan(j.images);
  });

  it('reads an image folder given as a path', () => {
    const r = cli(['data', path.join(tmp, 'pics'), '--size', '8', '--json'], { CLIP_WORKSHOP_CACHE: path.join(tmp, 'cache2') });
    expect(r.status).toBe(0);
    expect(r.json()).toMatchObject({ images: 4, classes: 2, concepts: 2, size: 8 });
    expect(r.json().cachePath).toContain(path.join(tmp, 'cache2'));
  });

  it('fails in one sentence naming a missing folder, with no cache left', () => {
    const cache = path.join(tmp, 'cache3');
    const r = cli(['data', path.join(tmp, 'no_such_dir')], { CLIP_WORKSHOP_CACHE: cache });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no_such_dir does not exist/);
    expect(fs.existsSync(cache)).toBe(false);
  });
});
