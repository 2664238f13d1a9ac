import { shapeClassNames } from '../../src/data/shapes';
import { loadShapes } from '../../src/data/shapes-cache';
import { HELDOUT_COMBOS, SHAPE_COLOURS, SHAPE_KINDS } from '../../src/data/shapes-data';
import { imagePixels, splitIndices } from '../../src/data/batch';

const small = { perClass: 8, testPerClass: 3, heldoutPerClass: 4 };

describe('shapes dataset', () => {
  it('is byte-identical for the same seed and differs for another seed', () => {
    const a = loadShapes({ ...small, seed: 3 });
    const b = loadShapes({ ...small, seed: 3 });
    const c = loadShapes({ ...small, seed: 4 });
    expect(Buffer.from(a.pixels).equals(Buffer.from(b.pixels))).toBe(true);
    expect(a.captions).toEqual(b.captions);
    expect(Buffer.from(a.pixels).equals(Buffer.from(c.pixels))).toBe(false);
  });

  it('has the right counts, sizes, splits and labels', () => {
    const ds = loadShapes({ ...small, size: 24 });
    const seen = 36 - HELDOUT_COMBOS.length;
    expect(ds.classNames).toEqual(shapeClassNames());
    expect(ds.classNames).toHaveLength(SHAPE_COLOURS.length * SHAPE_KINDS.length);
    expect(splitIndices(ds, 'train')).toHaveLength(seen * 8);
    expect(splitIndices(ds, 'test')).toHaveLength(seen * 3);
    expect(splitIndices(ds, 'heldout')).toHaveLength(HELDOUT_COMBOS.length * 4);
    expect(ds.pixels.length).toBe(ds.meta.length * 24 * 24 * 3);
    ds.meta.forEach((m, i) => {
      expect(ds.classNames[ds.labels[i]]).toBe(m.concept);
      expect(ds.captions[i][0]).toBe(m.concept);
      expect(ds.captions[i].length).toBeGreaterThan(3);
    });
  });

  it('never shows or names a held-out combination in training, while every colour and shape still appears', () => {
    const ds = loadShapes(small);
    expect(ds.heldout).toEqual([...HELDOUT_COMBOS]);
    const train = splitIndices(ds, 'train');
    const colours = new Set<string>();
    const shapes = new Set<string>();
    for (const i of train) {
      expect(ds.heldout).not.toContain(ds.meta[i].concept);
      const [colour, shape] = ds.meta[i].concept.split(' ');
      colours.add(colour);
      shapes.add(shape);
      for (const caption of ds.captions[i]) {
        for (const h of ds.heldout) {
          const [hc, hs] = h.split(' ');
          const namesBoth = caption.includes(hc) && caption.includes(hs);
          expect(namesBoth).toBe(false);
        }
      }
    }
    expect(colours.size).toBe(SHAPE_COLOURS.length);
    expect(shapes.size).toBe(SHAPE_KINDS.length);
    for (const i of splitIndices(ds, 'heldout')) expect(ds.heldout).toContain(ds.meta[i].concept);
  });

  it('draws a red shape whose coloured pixels are red', () => {
    const ds = loadShapes({ ...small, noise: 0 });
    const reds = ds.meta.map((m, i) => (m.concept.startsWith('red ') ? i : -1)).filter((i) => i >= 0);
    for (const i of reds) {
      const p = imagePixels(ds, i);
      let coloured = 0, red = 0;
      for (let k = 0; k < p.length; k += 3) {
        const [r, g, b] = [p[k], p[k + 1], p[k + 2]];
        if (Math.max(r, g, b) - Math.min(r, g, b) > 60) {
          coloured++;
          if (r > g + 25 && r > b + 25) red++;
        }
      }
      expect(coloured).toBeGreaterThan(10);
      expect(red / coloured).toBeGreaterThan(0.95);
    }
  });

  it('accepts a total count instead of a per-class count, and rejects a bad one', () => {
    const ds = loadShapes({ count: 100, testPerClass: 0, heldoutPerClass: 0 });
    expect(ds.meta).toHaveLength(30 * 4); // 100 / 30 seen combinations, rounded up
    expect(() => loadShapes({ perClass: -1 })).toThrow(/perClass must be a whole number/);
  });

  it('builds the default set (about 6,900 images) quickly', () => {
    const ds = loadShapes();
    expect(ds.meta.length).toBeGreaterThanOrEqual(6000);
    expect(ds.size).toBe(32);
  });
});
