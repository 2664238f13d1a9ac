import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { datasetThumbnails, heatmap, imageGrid, lineChart, pngDataUrl, probabilityBars, renderPng, renderSvg, textWidth, writeChart } from '../../src/viz';
import type { ImageTextDataset } from '../../src/data/types';
import { gradientPixels, svgSize, svgTexts } from './helpers';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'viz-test-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Decodes a PNG data URL back to raw RGB pixels. */
async function decodeDataUrl(url: string): Promise<{ data: Buffer; width: number; height: number }> {
  expect(url.startsWith('data:image/png;base64,')).toBe(true);
  const { data, info } = await sharp(Buffer.from(url.split(',')[1], 'base64')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe('pngDataUrl', () => {
  it('round-trips RGB pixels exactly (PNG is lossless)', async () => {
    const px = gradientPixels(6, 4);
    const { data, width, height } = await decodeDataUrl(await pngDataUrl(px, 6, 4));
    expect([width, height]).toEqual([6, 4]);
    expect(Array.from(data)).toEqual(Array.from(px));
  });

  it('scales up with nearest neighbour so each pixel becomes a block', async () => {
    const px = gradientPixels(2, 2);
    const { data, width } = await decodeDataUrl(await pngDataUrl(px, 2, 2, { scale: 3 }));
    expect(width).toBe(6);
    // Pixel (5, 5) of the big image comes from pixel (1, 1) of the small one.
    expect(Array.from(data.subarray((5 * 6 + 5) * 3, (5 * 6 + 5) * 3 + 3))).toEqual(Array.from(px.subarray(9, 12)));
  });

  it('refuses a byte count that does not match the size', async () => {
    await expect(pngDataUrl(new Uint8Array(10), 2, 2)).rejects.toThrow(/10 bytes for a 2×2×3 image \(12 expected\)/);
  });
});

describe('datasetThumbnails', () => {
  const size = 4;
  const ds: ImageTextDataset = {
    name: 'tiny',
    size,
    pixels: new Uint8Array([...gradientPixels(size, size), ...new Uint8Array(size * size * 3).fill(77)]),
    captions: [['a gradient'], ['a grey square']],
    labels: Int32Array.from([0, 1]),
    classNames: ['gradient', 'grey'],
    meta: [
      { concept: 'gradient', style: 'synthetic', split: 'train' },
      { concept: 'grey', style: 'synthetic', split: 'train' },
    ],
  };

  it('turns the chosen images into captioned PNG tiles of their own pixels', async () => {
    const items = await datasetThumbnails(ds, [1, 0]);
    expect(items.map((it) => it.caption)).toEqual(['a grey square', 'a gradient']);
    const grey = await decodeDataUrl(items[0].image);
    expect(grey.width).toBe(size);
    expect(Array.from(new Set(grey.data))).toEqual([77]);
    expect(Array.from((await decodeDataUrl(items[1].image)).data)).toEqual(Array.from(gradientPixels(size, size)));
  });

  it('uses a custom caption and refuses an index outside the dataset', async () => {
    expect((await datasetThumbnails(ds, [0], (i) => ds.meta[i].concept))[0].caption).toBe('gradient');
    await expect(datasetThumbnails(ds, [2])).rejects.toThrow(/Image 2 is not in dataset "tiny" \(it has 2\)/);
  });
});

describe('textWidth', () => {
  it('measures per character, scales with the font size, and bold is wider', () => {
    expect(textWidth('iiii', 10)).toBeLessThan(textWidth('mmmm', 10));
    expect(textWidth('a cat', 20)).toBeCloseTo(2 * textWidth('a cat', 10));
    expect(textWidth('Zero-shot', 11, true)).toBeGreaterThan(textWidth('Zero-shot', 11));
    expect(textWidth('', 11)).toBe(0);
    // Emoji and CJK take a whole em each; other letters about 0.6 em.
    expect(textWidth('🐱猫', 10)).toBe(20);
    expect(textWidth('é', 10)).toBeCloseTo(6.2);
  });
});

describe('renderSvg', () => {
  it('lays text out with measured widths: a caption that fits its tile is not cut short', async () => {
    const img = await pngDataUrl(gradientPixels(2, 2), 2, 2);
    // 16 characters at 10 px: about 89 px measured, 128 px by Vega's 0.8 em guess; the tile leaves 94 px.
    expect(textWidth('a small triangle', 10)).toBeLessThan(94);
    const svg = await renderSvg(imageGrid([{ image: img, caption: 'a small triangle' }, { image: img, caption: 'a very much longer caption than fits' }], { tileWidth: 96 }));
    const texts = svgTexts(svg);
    expect(texts).toContain('a small triangle');
    expect(texts.find((t) => t.startsWith('a very'))).toMatch(/…$/);
  });

  it('renders a chart to SVG with its title, axis titles and labels as text', async () => {
    const svg = await renderSvg(probabilityBars(['an oven', 'a cat'], [0.25, 0.75], { title: 'Zero-shot', xTitle: 'p(label)' }));
    expect(svg.startsWith('<svg')).toBe(true);
    const texts = svgTexts(svg);
    for (const t of ['Zero-shot', 'p(label)', 'an oven', 'a cat', '75.0%', '25.0%']) expect(texts).toContain(t);
  });

  it('labels heatmap rows and columns by name and writes the cell values', async () => {
    const svg = await renderSvg(heatmap({ rows: ['cat', 'dog'], cols: ['cat', 'dog'], values: [[5, 1], [2, 7]], title: 'Confusion' }));
    const texts = svgTexts(svg);
    expect(texts.filter((t) => t === 'cat')).toHaveLength(2);
    for (const v of ['5', '1', '2', '7']) expect(texts).toContain(v);
  });

  it('keeps image data URLs in <image> elements (image grid and heatmap thumbnails)', async () => {
    const urls = await Promise.all([0, 1, 2].map((k) => pngDataUrl(gradientPixels(4 + k, 4), 4 + k, 4)));
    const grid = await renderSvg(imageGrid(urls.map((image, i) => ({ image, caption: `tile ${i}` })), { columns: 2 }));
    const images = [...grid.matchAll(/<image[^>]*href="([^"]+)"/g)].map((m) => m[1]);
    expect(images).toEqual(urls);
    expect(svgTexts(grid)).toEqual(expect.arrayContaining(['tile 0', 'tile 1', 'tile 2']));
    // aria labels are off for images: the data URL appears once per image, not twice.
    expect(grid.split(urls[0]).length - 1).toBe(1);

    const hm = await renderSvg(heatmap({ rows: ['a', 'b'], cols: ['x', 'y'], values: [[1, 0], [0, 1]], rowImages: urls.slice(0, 2) }));
    expect([...hm.matchAll(/<image[^>]*href="([^"]+)"/g)].map((m) => m[1])).toEqual(urls.slice(0, 2));
  });
});

describe('renderPng and writeChart', () => {
  const spec = lineChart([{ name: 'loss', points: [{ x: 0, y: 2 }, { x: 1, y: 1 }] }], { title: 'Loss', width: 200, height: 100 });

  it('leaves the spec it renders unchanged', async () => {
    const before = structuredClone(spec);
    await renderSvg(spec);
    expect(spec).toStrictEqual(before);
    expect(Object.getOwnPropertySymbols((spec as any).data.values[0])).toEqual([]);
  });

  it('renders a PNG of the SVG size times the scale', async () => {
    const { width, height } = svgSize(await renderSvg(spec));
    for (const scale of [1, 2]) {
      const meta = await sharp(await renderPng(spec, { scale })).metadata();
      expect(meta.format).toBe('png');
      expect(meta.width).toBe(Math.round(width * scale));
      expect(meta.height).toBe(Math.round(height * scale));
    }
  });

  it('draws the image of the grid into the PNG', async () => {
    const red = await pngDataUrl(new Uint8Array(8 * 8 * 3).map((_, i) => (i % 3 === 0 ? 255 : 0)), 8, 8);
    const png = await renderPng(imageGrid([{ image: red, caption: 'red' }], { imageSize: 40 }), { scale: 1 });
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    let redPixels = 0;
    for (let i = 0; i < data.length; i += 3) if (data[i] > 240 && data[i + 1] < 20 && data[i + 2] < 20) redPixels++;
    // The 40×40 image (1,600 pixels) is there, give or take its edges.
    expect(redPixels).toBeGreaterThan(1400);
    expect(redPixels).toBeLessThan(info.width * info.height);
  });

  it('writes .svg, .png and .json by extension and leaves no temp files', async () => {
    await writeChart(spec, path.join(dir, 'c.svg'));
    await writeChart(spec, path.join(dir, 'c.png'), { scale: 1 });
    await writeChart(spec, path.join(dir, 'sub', 'c.json'));
    expect(fs.readFileSync(path.join(dir, 'c.svg'), 'utf8')).toMatch(/^<svg/);
    expect((await sharp(path.join(dir, 'c.png')).metadata()).width).toBe(svgSize(await renderSvg(spec)).width);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'sub', 'c.json'), 'utf8'))).toEqual(spec);
    expect(fs.readdirSync(dir).sort()).toEqual(['c.png', 'c.svg', 'sub']);
  });

  it('refuses an unknown extension and a spec that does not render, writing nothing', async () => {
    await expect(writeChart(spec, path.join(dir, 'c.gif'))).rejects.toThrow(/use a file name ending in \.svg, \.png or \.json/);
    await expect(writeChart({ mark: 'nonsense' } as any, path.join(dir, 'bad.svg'))).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
