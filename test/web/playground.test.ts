import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import { initBackend } from '../../src/runtime';
import { loadShapes } from '../../src/data';
import { loadToyClip, saveModel } from '../../src/models';
import { createToyClip, trainClip } from '../../src/train';
import { headlessFlags, findChromium } from '../../src/slides/chromium';
import { serveStatic, StaticServer } from '../../src/web';
import { spawnSync } from 'child_process';
import { cli, ROOT } from '../helpers/cli';
import { axeViolations, seriousViolations } from '../helpers/browser';
import { trainSettings } from '../../src/recipes';

jest.setTimeout(240_000);

// Chromium is installed by .ci/run; on a machine without it the browser tests skip, never in CI.
const chromium = findChromium();
const browserTest = chromium || process.env.CI ? test : test.skip;

const TOLERANCE = 1e-4;
let tmp: string;
let toyDir: string;
let out: string;
let server: StaticServer;
let browser: Browser;
let heldout: string;
/** Uncaught errors of any page: each test ends by checking there were none. */
const pageErrors: string[] = [];
/** Every URL a page asked for, by page. */
const requested = new WeakMap<Page, string[]>();

interface Bar {
  label: string;
  prob: number;
  text: string;
  winner: boolean;
}

/** The bars once final: label and probability from data-label / data-prob, and what a reader sees. */
async function finalBars(page: Page): Promise<Bar[]> {
  await page.waitForSelector('#bars[data-state=final] li[data-prob]', { timeout: 120_000 });
  return page.$$eval('#bars li', (lis) =>
    lis.map((li) => ({ label: (li as HTMLElement).dataset.label!, prob: Number((li as HTMLElement).dataset.prob), text: li.textContent ?? '', winner: li.classList.contains('winner') })),
  );
}

/** `clip-workshop classify` on the same model, image, labels and template. */
function classify(image: string, labels: string[], template?: string): { labels: string[]; probs: number[]; winner: string } {
  const r = cli(['classify', '--model', toyDir, '--image', image, '--labels', ...labels, ...(template ? ['--template', template] : []), '--json']);
  expect(r.status).toBe(0);
  return r.json();
}

function expectSame(bars: Bar[], want: { labels: string[]; probs: number[]; winner: string }): number {
  expect(bars.map((b) => b.label)).toEqual(want.labels);
  const diff = Math.max(...bars.map((b, i) => Math.abs(b.prob - want.probs[i])));
  expect(diff).toBeLessThanOrEqual(TOLERANCE);
  expect(bars.filter((b) => b.winner).map((b) => b.label)).toEqual([want.winner]);
  return diff;
}

/** CPU seconds of a process and its descendants, as the timing tool counts them (Linux /proc; undefined elsewhere). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { treeCpuSeconds } = require(path.join(ROOT, 'tools', 'playground-timing.js')) as { treeCpuSeconds: (root: number | undefined) => number | undefined };

async function open(query: string, site: StaticServer = server): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  page.on('pageerror', (e) => pageErrors.push(String((e as Error).message ?? e)));
  const urls: string[] = [];
  requested.set(page, urls);
  page.on('request', (r) => urls.push(r.url()));
  // Not waiting for the load event (every gallery picture): Chromium's CPU time is read at the first bars.
  await page.goto(`${site.url}index.html${query}`, { waitUntil: 'domcontentloaded' });
  return page;
}

/** The vendor files (transformers.js, ONNX Runtime Web) a page asked for. */
const vendorRequests = (page: Page) => (requested.get(page) ?? []).filter((u) => new URL(u).pathname.includes('/vendor/')).map((u) => path.basename(new URL(u).pathname));

beforeAll(async () => {
  if (!chromium && !process.env.CI) return;
  await initBackend();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-web-'));
  // A small model trained for a few seconds: enough for probabilities that differ from label to label.
  const ds = loadShapes({ perClass: 4, testPerClass: 1, heldoutPerClass: 1 });
  const clip = createToyClip(ds, { size: 'shapes', seed: 5 });
  await trainClip(clip, ds, trainSettings({ maxSteps: 20, batchSize: 30, silent: true, seed: 5 }));
  toyDir = path.join(tmp, 'toy');
  saveModel(toyDir, clip);
  clip.dispose();
  out = path.join(tmp, 'site');
  const built = cli(['web', '--model', toyDir, '--out', out, '--json']);
  expect(built.stderr).toBe('');
  expect(built.status).toBe(0);
  const gallery: Array<{ file: string; split: string }> = JSON.parse(fs.readFileSync(path.join(out, 'gallery.json'), 'utf8'));
  heldout = gallery.find((g) => g.split === 'heldout')!.file;
  server = await serveStatic(out, 0, '127.0.0.1');
  const profile = fs.mkdtempSync(path.join(tmp, 'profile-'));
  browser = await puppeteer.launch({ executablePath: chromium!, headless: true, args: headlessFlags(profile).filter((f) => f !== '--headless' && !f.startsWith('--user-data-dir')), userDataDir: profile });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('one page, opened from a shared link and then used', () => {
  // One page for the steps below, as a student uses it.
  const labels = ['red triangle', 'blue circle', 'green star', 'an oven'];
  const template = 'a {}';
  let page: Page;
  let cpuBefore: number | undefined;
  beforeAll(async () => {
    cpuBefore = treeCpuSeconds(browser?.process()?.pid);
    if (browser) page = await open(`?model=toy&image=${heldout}&labels=${labels.map(encodeURIComponent).join('|')}&template=${encodeURIComponent(template)}`);
  });
  afterAll(() => page?.close());
  afterEach(() => expect(pageErrors).toEqual([]));

  browserTest('opened with model, image, labels and template in the URL, it shows the bars classify prints, with no action', async () => {
    const bars = await finalBars(page);
    const cpuAfter = treeCpuSeconds(browser.process()?.pid);
    const diff = expectSame(bars, classify(path.join(out, heldout), labels, template));
    // Every bar says its value in text, not by length alone.
    for (const b of bars) expect(b.text).toContain(`${(b.prob * 100).toFixed(1)} %`);
    // Words the toy model never saw are flagged, exactly those its tokenizer reads as [UNK].
    const clip = loadToyClip(toyDir);
    const unknown = labels.map((l) => clip.unknownWords(template.replace('{}', l)));
    clip.dispose();
    expect(unknown.flat()).toContain('oven');
    bars.forEach((b, i) => expect(b.text.includes('unknown to this model')).toBe(unknown[i].length > 0));
    // A toy model runs in the page's own executor: ONNX Runtime Web and transformers.js are never downloaded.
    expect(vendorRequests(page)).toEqual([]);
    const firstMs = await page.evaluate(() => Number(document.body.dataset.firstResultMs));
    expect(firstMs).toBeGreaterThan(0);
    const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? `, Chromium's CPU time to then ${(cpuAfter - cpuBefore).toFixed(1)} s` : '';
    process.stdout.write(`playground: largest |Δp| against classify ${diff.toExponential(1)}; first probabilities ${(firstMs / 1000).toFixed(2)} s after load (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores${cpu})\n`);
  });

  browserTest('typing a label and clearing the template update the bars; the URL keeps the state; the bars still match classify', async () => {
    await page.focus('#labels');
    await page.keyboard.down('Control');
    await page.keyboard.press('End');
    await page.keyboard.up('Control');
    await page.keyboard.type('\nyellow circle');
    await page.waitForFunction(() => document.querySelectorAll('#bars[data-state=final] li[data-prob]').length === 5, { timeout: 60_000 });
    expectSame(await finalBars(page), classify(path.join(out, heldout), [...labels, 'yellow circle'], template));
    expect(new URL(page.url()).searchParams.get('labels')).toBe([...labels, 'yellow circle'].join('|'));
    // No template: labels are used as written, as classify does.
    await page.click('#template', { clickCount: 3 });
    await page.keyboard.press('Backspace');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('template'));
    expectSame(await finalBars(page), classify(path.join(out, heldout), [...labels, 'yellow circle']));
  });

  browserTest('keyboard only: the gallery is one Tab stop, and an arrow key picks the next picture, which is classified', async () => {
    // One picture is the group's Tab stop: the chosen one.
    const stops = await page.$$eval('#gallery [role=radio]', (bs) => bs.filter((b) => (b as HTMLElement).tabIndex === 0).map((b) => (b as HTMLElement).dataset.file));
    expect(stops).toEqual([heldout]);
    const files = await page.$$eval('#gallery [role=radio]', (bs) => bs.map((b) => (b as HTMLElement).dataset.file!));
    const target = files[(files.indexOf(heldout) + 1) % files.length];
    await page.focus('#labels');
    await page.keyboard.press('Tab'); // the template
    await page.keyboard.press('Tab'); // the gallery
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.file)).toBe(heldout);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((f) => new URL(location.href).searchParams.get('image') === f, {}, target);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.file)).toBe(target);
    expect(await page.$eval(`#gallery [data-file="${target}"]`, (b) => b.getAttribute('aria-checked'))).toBe('true');
    expectSame(await finalBars(page), classify(path.join(out, target), [...labels, 'yellow circle']));
    // The next Tab leaves the gallery.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('#gallery') === null)).toBe(true);
  });

  browserTest('the map shows one dot per gallery image and one mark per label', async () => {
    await page.click('#tab-map');
    await page.waitForSelector('#map svg circle', { timeout: 60_000 });
    const gallery = JSON.parse(fs.readFileSync(path.join(out, 'gallery.json'), 'utf8'));
    expect(await page.$$eval('#map svg circle', (c) => c.length)).toBe(gallery.length);
    expect(await page.$$eval('#map svg text', (t) => t.map((x) => x.textContent))).toEqual([...labels, 'yellow circle']);
    // Focusing a dot shows its thumbnail.
    await page.$eval('#map svg circle', (c) => (c as SVGElement).focus());
    expect(await page.$eval('#tip', (t) => (t as HTMLElement).hidden)).toBe(false);
  });
});

browserTest('a model that is not a kit toy runs in transformers.js and ONNX Runtime Web, loaded only then, with the same bars', async () => {
  // The same build, with its model listed as not a toy: the page takes the path of the real CLIP and imported models.
  const site = path.join(tmp, 'site-ort');
  fs.cpSync(out, site, { recursive: true });
  const models = JSON.parse(fs.readFileSync(path.join(site, 'models.json'), 'utf8'));
  fs.writeFileSync(path.join(site, 'models.json'), JSON.stringify(models.map((m: object) => ({ ...m, toy: false }))));
  const ortServer = await serveStatic(site, 0, '127.0.0.1');
  try {
    const labels = ['red triangle', 'blue circle', 'green star'];
    const page = await open(`?model=toy&image=${heldout}&labels=${labels.map(encodeURIComponent).join('|')}&template=a%20{}`, ortServer);
    expectSame(await finalBars(page), classify(path.join(out, heldout), labels, 'a {}'));
    expect(vendorRequests(page).sort()).toEqual(['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm', 'transformers.min.js']);
    await page.close();
  } finally {
    await ortServer.close();
  }
  expect(pageErrors).toEqual([]);
});

browserTest('tools/playground-timing.js times a cold load and counts what a toy page fetched: its own files, no vendor file', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'tools', 'playground-timing.js'), out, '--runs', '1', '--json'], { encoding: 'utf8', timeout: 180_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const t = JSON.parse(r.stdout);
  expect(t.runs).toBe(1);
  expect(t.firstSecondsMedian).toBeGreaterThan(0);
  const [load] = t.loads;
  // The classify view's files (the page with its router, its style, the view's bundle); the model's folder; nothing from vendor/.
  const own = ['index.html', 'style.css', 'views/classify.js'];
  expect(load.pageBytes).toBe(own.reduce((s, f) => s + fs.statSync(path.join(out, f)).size, 0));
  expect(load.vendorBytes).toBe(0);
  expect(load.modelBytes).toBeGreaterThan(fs.statSync(path.join(out, 'models', 'toy', 'onnx', 'model.onnx')).size);
});

describe('a playground for every hand', () => {
  const query = () => `?model=toy&image=${heldout}&labels=red%20triangle|blue%20circle|green%20star&template=a%20{}`;
  afterEach(() => expect(pageErrors).toEqual([]));

  browserTest('axe-core finds no serious or critical accessibility violation, in either tab', async () => {
    const page = await open(query());
    await finalBars(page);
    const scan = () => axeViolations(page);
    const serious = seriousViolations;
    const bars = await scan();
    await page.click('#tab-map');
    await page.waitForSelector('#map svg circle', { timeout: 60_000 });
    const map = await scan();
    process.stdout.write(`playground: axe-core violations, bars tab ${JSON.stringify(bars.map((v) => `${v.id} (${v.impact})`))}, map tab ${JSON.stringify(map.map((v) => `${v.id} (${v.impact})`))}\n`);
    expect(serious(bars)).toEqual([]);
    expect(serious(map)).toEqual([]);
    await page.close();
  });

  browserTest('from page load, the labels are at most 5 Tab presses away, and every stop on the way shows its focus', async () => {
    const page = await open(query());
    await finalBars(page);
    const stops: Array<{ id: string; outline: string }> = [];
    for (let i = 0; i < 10 && stops.at(-1)?.id !== 'labels'; i++) {
      await page.keyboard.press('Tab');
      stops.push(
        await page.evaluate(() => {
          const e = document.activeElement as HTMLElement;
          const st = getComputedStyle(e);
          return { id: e.id || e.tagName.toLowerCase(), outline: st.outlineStyle === 'none' || parseFloat(st.outlineWidth) === 0 ? 'none' : `${st.outlineWidth} ${st.outlineStyle}` };
        }),
      );
    }
    process.stdout.write(`playground: Tab stops to the labels ${JSON.stringify(stops)}\n`);
    expect(stops.at(-1)?.id).toBe('labels');
    expect(stops.length).toBeLessThanOrEqual(5);
    expect(stops.filter((s) => s.outline === 'none')).toEqual([]);
    // No hidden control takes focus on the way (the file input is reached through the drop area).
    expect(stops.map((s) => s.id)).not.toContain('file');
    // Buttons keep their own roles: no listitem on a button.
    expect(await page.$$eval('button[role=listitem]', (b) => b.length)).toBe(0);
    await page.close();
  });

  browserTest('?view=classify opens the same view, and the address keeps it as the state changes; an unknown view opens the default', async () => {
    for (const view of ['classify', 'no-such-view']) {
      const page = await open(`?view=${view}&model=toy&image=${heldout}&labels=red%20triangle|blue%20circle`);
      await finalBars(page);
      expect(await page.evaluate(() => document.documentElement.dataset.view)).toBe('classify');
      expect(await page.$$eval('main[data-view]', (m) => m.map((e) => (e as HTMLElement).dataset.view))).toEqual(['classify']);
      await page.focus('#labels');
      await page.keyboard.down('Control');
      await page.keyboard.press('End');
      await page.keyboard.up('Control');
      await page.keyboard.type('\ngreen star');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('labels') === 'red triangle|blue circle|green star');
      expect(new URL(page.url()).searchParams.get('view')).toBe(view);
      await page.close();
    }
  });

  browserTest('on a 390×844 phone screen the picture and its bars are on the first screen', async () => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(String((e as Error).message ?? e)));
    await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
    await page.goto(`${server.url}index.html${query()}`, { waitUntil: 'domcontentloaded' });
    await finalBars(page);
    const box = (sel: string) => page.$eval(sel, (e) => { const r = e.getBoundingClientRect(); return { top: r.top + scrollY, bottom: r.bottom + scrollY }; });
    const [picture, bars] = [await box('#preview'), await box('#bars')];
    process.stdout.write(`playground: at 390×844, picture ${picture.top.toFixed(0)}–${picture.bottom.toFixed(0)} px, bars ${bars.top.toFixed(0)}–${bars.bottom.toFixed(0)} px\n`);
    expect(picture.bottom).toBeLessThanOrEqual(844);
    expect(bars.top).toBeLessThanOrEqual(844);
    expect(bars.bottom).toBeLessThanOrEqual(844);
    await page.close();
  });

  browserTest('opened from file:// it says in one sentence how to serve it, instead of loading forever', async () => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(String((e as Error).message ?? e)));
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.goto(`file://${path.join(out, 'index.html')}`, { waitUntil: 'load' });
    const notice = await page.$eval('.notice', (e) => e.textContent ?? '');
    expect(notice).toMatch(/^[^.!?]*clip-workshop web --serve[^]*\.$/);
    expect(notice.split(/[.!?](\s|$)/).filter((s) => s && s.trim()).length).toBe(1);
    expect(await page.$eval('#status', (e) => e.textContent)).toBe(notice);
    // Nothing more is attempted: no module, no model, no failed request.
    expect(failed).toEqual([]);
    // Without JavaScript, a <noscript> sentence says so.
    expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).toMatch(/<noscript>[^<]*<p[^>]*>[^<]*JavaScript[^<]*<\/p>/);
    await page.close();
  });

  browserTest('the served wasm comes compressed, and a link out of the folder is refused', async () => {
    const head = (file: string, headers: Record<string, string>) =>
      new Promise<http.IncomingMessage>((resolve, reject) => http.get(`${server.url}${file}`, { headers }, (res) => (res.resume(), resolve(res))).on('error', reject));
    const wasm = await head('vendor/ort-wasm-simd-threaded.wasm', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(wasm.statusCode).toBe(200);
    expect(wasm.headers['content-encoding']).toBe('br');
    expect(Number(wasm.headers['content-length'])).toBeLessThan(fs.statSync(path.join(out, 'vendor', 'ort-wasm-simd-threaded.wasm')).size / 2);
    expect(wasm.headers['cache-control']).toMatch(/max-age=\d+/);
    process.stdout.write(`playground: ONNX Runtime's wasm served ${(Number(wasm.headers['content-length']) / 1e6).toFixed(2)} MB with brotli (${(fs.statSync(path.join(out, 'vendor', 'ort-wasm-simd-threaded.wasm')).size / 1e6).toFixed(2)} MB on disk)\n`);
    const model = await head('models/toy/onnx/model.onnx', { 'Accept-Encoding': 'gzip' });
    expect(model.headers['content-encoding']).toBe('gzip');
    expect(model.headers['cache-control']).toBeDefined();
    fs.writeFileSync(path.join(tmp, 'outside.txt'), 'not the playground\'s');
    fs.symlinkSync(path.join(tmp, 'outside.txt'), path.join(out, 'gallery', 'escape.png'));
    try {
      expect((await head('gallery/escape.png', {})).statusCode).toBe(403);
    } finally {
      fs.rmSync(path.join(out, 'gallery', 'escape.png'));
    }
  });
});

browserTest('an image of another size is resized as the kit does, within a measured difference', async () => {
  // The same kind of picture at twice the model's input size: the page scales it in a canvas, the kit with Lanczos.
  const big = loadShapes({ size: 64, perClass: 0, testPerClass: 0, heldoutPerClass: 1, seed: 9 });
  await sharp(Buffer.from(big.pixels.subarray(0, 64 * 64 * 3)), { raw: { width: 64, height: 64, channels: 3 } }).png().toFile(path.join(out, 'big.png'));
  const labels = ['red triangle', 'green star', 'blue cross'];
  const page = await open(`?model=toy&image=big.png&labels=${labels.map(encodeURIComponent).join('|')}&template=a%20{}`);
  const bars = await finalBars(page);
  const want = classify(path.join(out, 'big.png'), labels, 'a {}');
  const diff = Math.max(...bars.map((b, i) => Math.abs(b.prob - want.probs[i])));
  process.stdout.write(`playground: 64×64 image on a 32×32 model, largest |Δp| against classify ${diff.toExponential(1)}\n`);
  expect(diff).toBeLessThan(0.02);
  await page.close();
  expect(pageErrors).toEqual([]);
});
