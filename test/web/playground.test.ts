import * as fs from 'fs';
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

  browserTest('keyboard only: a gallery image chosen with Tab and Enter is classified', async () => {
    const target = await page.$$eval('#gallery button', (bs) => (bs[1] as HTMLElement).dataset.file!);
    await page.focus('#gallery button');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction((f) => new URL(location.href).searchParams.get('image') === f, {}, target);
    expectSame(await finalBars(page), classify(path.join(out, target), [...labels, 'yellow circle']));
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
  // Every file of the page's own but the transformers.js adapter; the model's folder; nothing from vendor/.
  const own = fs.readdirSync(out).filter((f) => fs.statSync(path.join(out, f)).isFile() && /\.(html|js|css)$/.test(f) && f !== 'transformers-model.js');
  expect(load.pageBytes).toBe(own.reduce((s, f) => s + fs.statSync(path.join(out, f)).size, 0));
  expect(load.vendorBytes).toBe(0);
  expect(load.modelBytes).toBeGreaterThan(fs.statSync(path.join(out, 'models', 'toy', 'onnx', 'model.onnx')).size);
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
