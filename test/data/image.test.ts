import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { loadImage, normalizePixels, IMAGE_EXTENSIONS } from '../../src/data/image';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-image-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A w×h RGBA PNG whose columns are coloured by `colour(x)`. */
async function png(w: number, h: number, colour: (x: number) => number[]): Promise<Buffer> {
  const raw = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set(colour(x), (y * w + x) * 4);
  return sharp(raw, { raw: { width: w, height: h, channels: 4 } }).png().toBuffer();
}

const mean = (p: Uint8Array, c: number) => {
  let s = 0;
  for (let i = c; i < p.length; i += 3) s += p[i];
  return s / (p.length / 3);
};

describe('image loading', () => {
  it('resizes the shortest side and centre-crops: the middle of a wide image survives', async () => {
    // 200×50: red quarter, green half, blue quarter → the 50×50 centre crop is all green.
    const buf = await png(200, 50, (x) => (x < 50 ? [255, 0, 0, 255] : x < 150 ? [0, 255, 0, 255] : [0, 0, 255, 255]));
    const img = await loadImage(buf, { size: 16 });
    expect(img.size).toBe(16);
    expect(img.pixels).toHaveLength(16 * 16 * 3);
    expect(mean(img.pixels, 1)).toBeGreaterThan(240);
    expect(mean(img.pixels, 0)).toBeLessThan(15);
    expect(mean(img.pixels, 2)).toBeLessThan(15);
  });

  it('flattens transparency on white and reads SVG and JPEG files', async () => {
    const clear = await loadImage(await png(8, 8, () => [0, 0, 0, 0]), { size: 8 });
    expect(Math.min(...clear.pixels)).toBe(255);
    const svg = path.join(tmp, 'dot.svg');
    fs.writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#ff0000"/></svg>');
    const red = await loadImage(svg, { size: 32 });
    expect(mean(red.pixels, 0)).toBeGreaterThan(240);
    expect(mean(red.pixels, 1)).toBeLessThan(15);
    const jpg = path.join(tmp, 'blue.jpg');
    await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 0, g: 0, b: 255 } } }).jpeg().toFile(jpg);
    expect(mean((await loadImage(jpg, { size: 12 })).pixels, 2)).toBeGreaterThan(230);
  });

  it('names a corrupt file, an unsupported format and a missing file', async () => {
    const bad = path.join(tmp, 'broken.png');
    fs.writeFileSync(bad, 'this is not a png');
    await expect(loadImage(bad)).rejects.toThrow(/broken\.png could not be decoded/);
    const bmp = path.join(tmp, 'old.bmp');
    fs.writeFileSync(bmp, 'BM');
    await expect(loadImage(bmp)).rejects.toThrow(new RegExp(`old\\.bmp has an unsupported format ".bmp": use one of ${IMAGE_EXTENSIONS.join(', ').replace(/\./g, '\\.')}`));
    await expect(loadImage(path.join(tmp, 'nope.png'))).rejects.toThrow(/nope\.png does not exist/);
    await expect(loadImage(Buffer.from('garbage'))).rejects.toThrow(/given as bytes could not be decoded/);
  });

  it('loads from a URL, and names a URL that fails', async () => {
    const body = await png(20, 20, () => [0, 128, 0, 255]);
    const server = http.createServer((req, res) => {
      if (req.url === '/green.png') res.writeHead(200, { 'content-type': 'image/png' }).end(body);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const img = await loadImage(`http://127.0.0.1:${port}/green.png`, { size: 4 });
      expect(mean(img.pixels, 1)).toBeGreaterThan(120);
      await expect(loadImage(`http://127.0.0.1:${port}/missing.png`)).rejects.toThrow(/127\.0\.0\.1:\d+\/missing\.png \(HTTP 404/);
    } finally {
      await new Promise((r) => server.close(r));
    }
    // The server is closed now: nothing listens on its port.
    await expect(loadImage(`http://127.0.0.1:${port}/cat.png`)).rejects.toThrow(new RegExp(`Could not download the image at http://127\\.0\\.0\\.1:${port}/cat\\.png \\(ECONNREFUSED\\)`));
  });

  it('normalises pixels per channel', () => {
    const out = normalizePixels(Uint8Array.from([255, 0, 51]), [0.5, 0.5, 0], [0.5, 0.25, 0.2]);
    expect(Array.from(out).map((v) => +v.toFixed(4))).toEqual([1, -2, 1]);
  });
});
