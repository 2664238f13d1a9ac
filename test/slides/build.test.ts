import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { buildSlides } from '../../src/slides/build';
import { findPlaceholders, FILTERS, lookup } from '../../src/slides/placeholders';
import { externalResources, imageReferences, resourceReferences } from '../../src/slides/references';
import { findChromium, screenshot } from '../../src/slides/chromium';

jest.setTimeout(120_000);

const SLIDES = path.join(__dirname, '..', '..', 'slides');
const DECK = fs.readFileSync(path.join(SLIDES, 'talk.md'), 'utf8');

/** Sets obj[a][b][c] = value for the dotted key "a.b.c". */
function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
  cur[parts[parts.length - 1]] = value;
}

/**
 * A results object with one distinct value per placeholder of the real deck: fractions for percentage
 * filters, other numbers for numeric filters, text otherwise. Derived from the deck, so it follows its edits.
 */
function resultsForDeck(markdown: string): Record<string, unknown> {
  const results: Record<string, unknown> = {};
  let i = 0;
  for (const p of findPlaceholders(markdown)) {
    if (lookup(results, p.key) !== undefined) continue;
    i++;
    const value = p.filter?.startsWith('pct') ? 0.1 + i / 137 : p.filter && p.filter !== 'text' ? 1000 + i * 7.25 : `word${i}x`;
    setKey(results, p.key, value);
  }
  return results;
}

/** A temp copy of the deck and its assets, with results.json and a small SVG for every chart the deck shows. */
function makeDeckFolder(results: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clip-slides-'));
  fs.copyFileSync(path.join(SLIDES, 'talk.md'), path.join(dir, 'talk.md'));
  fs.cpSync(path.join(SLIDES, 'assets'), path.join(dir, 'assets'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'charts'));
  fs.writeFileSync(path.join(dir, 'charts', 'results.json'), JSON.stringify(results));
  for (const ref of imageReferences(DECK).filter((r) => r.startsWith('charts/'))) {
    fs.writeFileSync(
      path.join(dir, ref),
      '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="#4682b4"/></svg>',
    );
  }
  return dir;
}

const folders: string[] = [];
afterAll(() => folders.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('placeholders and references', () => {
  test('filters format fractions as percentages and numbers with fixed decimals', () => {
    expect(FILTERS.pct(0.9342)).toBe('93.4%');
    expect(FILTERS.pct0(0.9342)).toBe('93%');
    expect(FILTERS.fixed2(1.23456)).toBe('1.23');
    expect(FILTERS.int(12345.6)).toBe('12,346');
    expect(() => FILTERS.pct('0.5')).toThrow(/finite number/);
  });

  test('external resources are found in attributes, CSS and escaped URLs, but links are not resources', () => {
    const html = [
      '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Lato">',
      '<style>@import url("https://cdn.example.com/x.css"); section { background: url(&quot;//img.example.com/a.png&quot;) }</style>',
      '<img src="charts/local.svg"><script src="http://cdn.example.com/a.js"></script>',
      '<a href="https://proceedings.mlr.press/v139/radford21a.html">paper</a>',
    ].join('\n');
    expect(externalResources(html).sort()).toEqual(
      ['//img.example.com/a.png', 'http://cdn.example.com/a.js', 'https://cdn.example.com/x.css', 'https://fonts.googleapis.com/css?family=Lato'].sort(),
    );
    expect(resourceReferences(html)).toContain('charts/local.svg');
  });

  test('every image the committed deck uses outside charts/ is committed in slides/', () => {
    const refs = imageReferences(DECK);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs.filter((r) => !r.startsWith('charts/'))) {
      expect(fs.existsSync(path.join(SLIDES, ref))).toBe(true);
    }
  });
});

describe('building the deck', () => {
  const results = resultsForDeck(DECK);
  let dir: string;
  let out: string;
  let html: string;

  beforeAll(async () => {
    dir = makeDeckFolder(results);
    folders.push(dir);
    out = path.join(dir, 'built');
    await buildSlides({ slidesDir: dir, outDir: out });
    html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
  });

  test('every placeholder is filled with its value from results.json', () => {
    const places = findPlaceholders(DECK);
    expect(places.length).toBeGreaterThan(20);
    expect(html).not.toMatch(/\{\{\s*results\./);
    for (const p of places) {
      const value = lookup(results, p.key);
      const shown = FILTERS[p.filter ?? 'text'](value);
      expect(html).toContain(shown);
    }
  });

  test('every resource of the built page is local and exists in the output folder', () => {
    expect(externalResources(html)).toEqual([]);
    const refs = resourceReferences(html);
    expect(refs.length).toBeGreaterThanOrEqual(imageReferences(DECK).length);
    for (const ref of refs) expect(fs.existsSync(path.join(out, decodeURI(ref)))).toBe(true);
    for (const ref of imageReferences(DECK)) expect(fs.existsSync(path.join(out, ref))).toBe(true);
  });

  test('a changed figure in results.json shows up in the rebuilt deck', async () => {
    const old = FILTERS.pct(lookup(results, 'zeroShot.heldout.top1'));
    const changed = JSON.parse(JSON.stringify(results));
    changed.zeroShot.heldout.top1 = 0.8642;
    const file = path.join(dir, 'changed.json');
    fs.writeFileSync(file, JSON.stringify(changed));
    const out2 = path.join(dir, 'built2');
    await buildSlides({ slidesDir: dir, resultsFile: file, outDir: out2 });
    const html2 = fs.readFileSync(path.join(out2, 'index.html'), 'utf8');
    expect(html).not.toContain('86.4%');
    expect(html2).toContain('86.4%');
    expect(html2).not.toContain(old);
  });

  test('a missing key fails the build naming it, and leaves the previous output untouched', async () => {
    const broken = JSON.parse(JSON.stringify(results));
    delete broken.zeroShot.heldout.top1;
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, JSON.stringify(broken));
    const before = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    await expect(buildSlides({ slidesDir: dir, resultsFile: file, outDir: out })).rejects.toThrow(/results\.zeroShot\.heldout\.top1/);
    expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).toBe(before);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  test('a missing chart fails the build naming the file and the command that makes it', async () => {
    const d = makeDeckFolder(results);
    folders.push(d);
    fs.rmSync(path.join(d, 'charts', 'training.svg'));
    await expect(buildSlides({ slidesDir: d, outDir: path.join(d, 'built') })).rejects.toThrow(/charts\/training\.svg.*clip-workshop charts/);
    expect(fs.existsSync(path.join(d, 'built'))).toBe(false);
  });

  test('the PDF is written where Chromium exists, or skipped with a reason', async () => {
    const out3 = path.join(dir, 'built-pdf');
    const report = await buildSlides({ slidesDir: dir, outDir: out3, pdf: true, chromePath: findChromium() });
    if (findChromium()) {
      expect(report.pdf).not.toBeNull();
      expect(fs.readFileSync(report.pdf!).subarray(0, 5).toString()).toBe('%PDF-');
    } else {
      expect(report.pdf).toBeNull();
      expect(report.pdfSkipped).toMatch(/Chromium/);
    }
    const skipped = await buildSlides({ slidesDir: dir, outDir: out3, pdf: true, chromePath: null });
    expect(skipped.pdf).toBeNull();
    expect(skipped.pdfSkipped).toMatch(/chromium/i);
  });

  test('--png writes one 1280×720 picture per slide, each different, and without Chromium says why', async () => {
    const browser = findChromium();
    const out4 = path.join(dir, 'built-png');
    if (browser || process.env.CI) {
      const report = await buildSlides({ slidesDir: dir, outDir: out4, png: true, chromePath: browser });
      expect(report.pngs).toHaveLength(report.slides);
      expect(report.pngs.map((f) => path.basename(f))).toEqual(Array.from({ length: report.slides }, (_, i) => `slide-${String(i + 1).padStart(2, '0')}.png`));
      const pictures = new Set<string>();
      for (const f of report.pngs) {
        const meta = await sharp(f).metadata();
        expect([meta.width, meta.height]).toEqual([1280, 720]);
        pictures.add((await sharp(f).raw().toBuffer()).toString('base64'));
      }
      // Each picture shows its own slide, not the first one again.
      expect(pictures.size).toBe(report.slides);
    }
    const skipped = await buildSlides({ slidesDir: dir, outDir: out4, png: true, chromePath: null });
    expect(skipped.pngs).toEqual([]);
    expect(skipped.pdfSkipped).toMatch(/chromium/i);
  });

  test('headless Chromium renders the first slides (screenshot is a real, non-blank picture)', async () => {
    const browser = findChromium();
    if (!browser) {
      console.log('Skipped the screenshot test: no Chromium (install the Debian package chromium or set CHROME_PATH).');
      return;
    }
    const shots: Buffer[] = [];
    for (const hash of ['1', '2']) {
      const png = path.join(dir, `slide-${hash}.png`);
      await screenshot(path.join(out, 'index.html'), png, { browser, width: 1280, height: 720, hash });
      const img = sharp(png);
      const meta = await img.metadata();
      expect(meta.width).toBe(1280);
      expect(meta.height).toBe(720);
      const stats = await img.stats();
      // A blank page has one colour everywhere: text and pictures give spread in every channel.
      for (const ch of stats.channels.slice(0, 3)) {
        expect(ch.stdev).toBeGreaterThan(5);
        expect(ch.min).toBeLessThan(128);
      }
      shots.push(await sharp(png).raw().toBuffer());
    }
    // Slide 2 (the emoji) is a different picture from the title slide.
    expect(shots[0].equals(shots[1])).toBe(false);
  });
});
