import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import type { Browser, Page } from 'puppeteer-core';
import { imagePixels, splitIndices } from '../../src/data';
import { loadShapes } from '../../src/data/shapes-cache';
import { loadToyClip, saveModel } from '../../src/models';
import { recipeTrainOptions, trainFromRecipe, trainRecipe } from '../../src/recipes';
import { initBackend } from '../../src/runtime';
import { childSeed, seededRandom } from '../../src/runtime/seed';
import { clipTrainingTask, createToyClip } from '../../src/train/clipTask';
import { serveStatic, StaticServer } from '../../src/web';
import { chromium, launchChromium } from '../helpers/browser';
import { cli, ROOT } from '../helpers/cli';

// One built page, one browser, one page training the full shapes-clip recipe in headless Chromium (one thread: the
// test server sends no COOP/COEP headers); every test below reads that one run. Minutes under load.
jest.setTimeout(1_200_000);

// Chromium is installed by .ci/run; on a machine without it the browser tests skip, never in CI.
const browserTest = chromium || process.env.CI ? test : test.skip;

const TOLERANCE = 1e-4;
const PARITY_STEPS = 20;
let tmp: string;
let out: string;
let server: StaticServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
let built: { toyPageBytes: number; viewBytes: Record<string, number> };
const started = Date.now();

interface TrainViewState {
  steps: number[];
  firstBatch: { size: number; pixels: number[]; captions: string[] } | null;
  runtime: { backend: string; threads: number; isolated: boolean; kernels: string } | null;
  trainSeconds: number;
  pageSeconds: number;
  heldoutTop1: number;
  savedTar?: number[];
}

const viewState = (): Promise<TrainViewState> => page.evaluate(() => (window as unknown as { trainView: TrainViewState }).trainView);
const progress = () => page.$eval('#train-progress', (p) => ({ ...(p as HTMLElement).dataset }));

/** Waits for the one training run to end (status done or error) and returns the progress element's data. */
let finished: Promise<Record<string, string | undefined>> | undefined;
function trainingDone(): Promise<Record<string, string | undefined>> {
  finished ??= page
    .waitForFunction(() => ['done', 'error'].includes((document.getElementById('train-progress') as HTMLElement | null)?.dataset.trainStatus ?? ''), { timeout: 1_100_000, polling: 1000 })
    .then(progress);
  return finished;
}

beforeAll(async () => {
  if (!chromium && !process.env.CI) return;
  await initBackend();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-train-'));
  // The page is built with --model: the Train view comes with every build, whichever models it offers.
  const toyDir = path.join(tmp, 'toy');
  const small = loadShapes({ perClass: 2, testPerClass: 1, heldoutPerClass: 1 });
  const toy = createToyClip(small, { seed: 3 });
  saveModel(toyDir, toy);
  toy.dispose();
  out = path.join(tmp, 'site');
  const r = cli(['web', '--model', toyDir, '--out', out, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  built = r.json();
  server = await serveStatic(out, 0, '127.0.0.1');
  browser = await launchChromium(tmp);
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(String((e as Error).message ?? e)));
  // Every change of data-train-status, with the held-out top-1 as it stood then.
  await page.evaluateOnNewDocument(() => {
    const log: Array<{ status: string; heldout: string | null; step: string | null }> = [];
    (window as unknown as { statusLog: typeof log }).statusLog = log;
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as HTMLElement;
        log.push({ status: el.dataset.trainStatus ?? '', heldout: (document.querySelector('[data-heldout-top1]') as HTMLElement | null)?.dataset.heldoutTop1 ?? null, step: el.dataset.trainStep ?? null });
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-train-status'] });
  });
  await page.goto(`${server.url}index.html?view=train`, { waitUntil: 'domcontentloaded' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  if (chromium) process.stdout.write(`train view tests: ${((Date.now() - started) / 1000).toFixed(0)} s (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)\n`);
});

afterEach(() => expect(pageErrors).toEqual([]));

browserTest('opening ?view=train trains at once, with no click: the status goes running with steps and losses', async () => {
  await page.waitForFunction(() => Number((document.getElementById('train-progress') as HTMLElement | null)?.dataset.trainStep) >= 5, { timeout: 600_000, polling: 200 });
  const p = await progress();
  expect(p.trainStatus).toBe('running');
  expect(Number(p.trainLoss)).toBeGreaterThan(0);
  expect(Number.isFinite(Number(p.trainLoss))).toBe(true);
  // Without cross-origin isolation the wasm backend runs one thread.
  const { runtime } = await viewState();
  expect(runtime).toMatchObject({ backend: 'wasm', threads: 1, isolated: false });
});

browserTest('the first batch\'s pictures and captions are byte-equal to Node\'s for the same recipe and seed', async () => {
  await page.waitForFunction(() => (window as unknown as { trainView: TrainViewState }).trainView.firstBatch !== null, { timeout: 600_000 });
  const fromPage = (await viewState()).firstBatch!;
  const r = trainRecipe('shapes-clip', {}, { quick: false });
  const { name: _name, ...options } = r.dataset;
  const ds = loadShapes(options);
  const model = createToyClip(ds, { size: r.modelSize, seed: r.seed });
  // The first batch of runTraining's first epoch: the first child seed of the run's seed.
  const first = clipTrainingTask(model, ds, recipeTrainOptions(r)).batches(seededRandom(childSeed(seededRandom(r.seed))))[0];
  model.dispose();
  expect(fromPage.captions).toEqual(first.captions);
  const bytes = ds.size * ds.size * 3;
  const node = new Uint8Array(first.indices.length * bytes);
  first.indices.forEach((i, k) => node.set(imagePixels(ds, i), k * bytes));
  expect(fromPage.pixels.length).toBe(node.length);
  expect(Buffer.from(Uint8Array.from(fromPage.pixels)).equals(Buffer.from(node))).toBe(true);
});

browserTest(`the first ${PARITY_STEPS} step losses agree with Node's run of the same recipe within ${TOLERANCE}`, async () => {
  // Node trains the same recipe through the kit's recipe layer and stops after the first steps.
  const losses: number[] = [];
  const stop = new Error('enough steps');
  await expect(
    trainFromRecipe(trainRecipe('shapes-clip', {}, { quick: false }), {
      silent: true,
      onStep: (s) => {
        losses.push(s.loss);
        if (losses.length === PARITY_STEPS) throw stop;
      },
    }),
  ).rejects.toBe(stop);
  await page.waitForFunction((n) => (window as unknown as { trainView: TrainViewState }).trainView.steps.length >= n, { timeout: 600_000, polling: 500 }, PARITY_STEPS);
  const fromPage = (await viewState()).steps.slice(0, PARITY_STEPS);
  const diff = Math.max(...fromPage.map((l, i) => Math.abs(l - losses[i])));
  process.stdout.write(`train view: first ${PARITY_STEPS} losses, largest |Δ| page vs Node ${diff.toExponential(1)}\n`);
  expect(diff).toBeLessThanOrEqual(TOLERANCE);
});

browserTest('the full recipe reaches held-out zero-shot top-1 ≥ 0.9, shown before the status becomes done', async () => {
  const p = await trainingDone();
  expect(p.trainStatus).toBe('done');
  const state = await viewState();
  const top1 = Number(await page.$eval('[data-heldout-top1]', (e) => (e as HTMLElement).dataset.heldoutTop1));
  expect(top1).toBeGreaterThanOrEqual(0.9);
  expect(top1).toBeLessThanOrEqual(1);
  expect(state.heldoutTop1).toBe(top1);
  // 12 epochs of 93 full batches of 64.
  expect(Number(p.trainStep)).toBe(1116);
  const log: Array<{ status: string; heldout: string | null }> = await page.evaluate(() => (window as unknown as { statusLog: Array<{ status: string; heldout: string | null }> }).statusLog);
  const statuses = log.map((l) => l.status);
  expect(statuses.indexOf('running')).toBeGreaterThanOrEqual(0);
  expect(statuses.indexOf('done')).toBeGreaterThan(statuses.indexOf('running'));
  expect(log.find((l) => l.status === 'done')!.heldout).toBe(String(top1));
  expect(log.find((l) => l.status === 'running')!.heldout).toBeNull();
  // The sentence the page shows is the notebook's wording, from the number.
  expect(await page.$eval('#train-heldout', (e) => e.textContent)).toContain(`Held-out zero-shot top-1 ${(top1 * 100).toFixed(1)} %`);
  process.stdout.write(`train view: held-out top-1 ${top1.toFixed(3)}; ${state.trainSeconds.toFixed(1)} s of training, ${state.pageSeconds.toFixed(1)} s after opening the page\n`);
});

browserTest('the model trained in the page, saved as a folder, gives classify --model the probabilities the page shows', async () => {
  await trainingDone();
  // The page classifies its own example when training ends; that answer comes first, then ours.
  await page.waitForSelector('#train-bars[data-state=final]', { timeout: 60_000 });
  // A held-out picture at the model's input size, as a PNG file.
  const ds = loadShapes({ perClass: 0, testPerClass: 0, heldoutPerClass: 2, seed: 7 });
  const i = splitIndices(ds, 'heldout')[1];
  const png = path.join(tmp, 'picture.png');
  await sharp(Buffer.from(imagePixels(ds, i)), { raw: { width: ds.size, height: ds.size, channels: 3 } }).png().toFile(png);
  const labels = [ds.meta[i].concept, 'blue circle', 'red star', 'green square'];
  const input = await page.$('#train-file');
  await page.$eval('#train-labels', (e, v) => ((e as HTMLTextAreaElement).value = v), labels.join('\n'));
  await page.$eval('#train-template', (e) => ((e as HTMLInputElement).value = 'a {}'));
  await page.$eval('#train-bars', (e) => ((e as HTMLElement).dataset.state = 'stale'));
  await (input as unknown as { uploadFile(f: string): Promise<void> }).uploadFile(png);
  await page.waitForSelector('#train-bars[data-state=final] li[data-prob]', { timeout: 60_000 });
  const bars: Array<{ label: string; prob: number }> = await page.$$eval('#train-bars li', (lis) => lis.map((li) => ({ label: (li as HTMLElement).dataset.label!, prob: Number((li as HTMLElement).dataset.prob) })));
  expect(bars.map((b) => b.label)).toEqual(labels);

  await page.click('#train-save');
  await page.waitForFunction(() => Array.isArray((window as unknown as { trainView: TrainViewState }).trainView.savedTar), { timeout: 60_000 });
  const tar = path.join(tmp, 'saved.tar');
  fs.writeFileSync(tar, Uint8Array.from((await viewState()).savedTar!));
  const unpacked = path.join(tmp, 'unpacked');
  fs.mkdirSync(unpacked);
  const x = spawnSync('tar', ['xf', tar, '-C', unpacked], { encoding: 'utf8' });
  expect(x.stderr).toBe('');
  expect(x.status).toBe(0);
  const folder = path.join(unpacked, 'shapes-clip-browser');
  // The folder is a complete model of the kit's format, with its template and checksum.
  const clip = loadToyClip(folder);
  expect(clip.promptTemplate).toBe('a {}');
  clip.dispose();
  const r = cli(['classify', '--model', folder, '--image', png, '--labels', ...labels, '--template', 'a {}', '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const want: { labels: string[]; probs: number[] } = r.json();
  expect(want.labels).toEqual(labels);
  const diff = Math.max(...bars.map((b, k) => Math.abs(b.prob - want.probs[k])));
  process.stdout.write(`train view: classify --model on the saved folder vs the page, largest |Δp| ${diff.toExponential(1)}\n`);
  expect(diff).toBeLessThanOrEqual(TOLERANCE);
});

browserTest('axe-core finds no serious or critical accessibility violation on the finished Train view', async () => {
  await trainingDone();
  await page.addScriptTag({ path: path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
  const violations: Array<{ id: string; impact: string; nodes: number }> = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe;
    const res = await axe.run();
    return res.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
});

browserTest('served cross-origin isolated (COOP/COEP, as web --serve does), a shorter run from the address trains the same numbers', async () => {
  await trainingDone();
  const isolated = await serveStatic(out, 0, '127.0.0.1', { crossOriginIsolated: true });
  const other = await browser.newPage();
  other.on('pageerror', (e) => pageErrors.push(String((e as Error).message ?? e)));
  try {
    await other.goto(`${isolated.url}index.html?view=train&epochs=1`, { waitUntil: 'domcontentloaded' });
    await other.waitForFunction(() => ['done', 'error'].includes((document.getElementById('train-progress') as HTMLElement | null)?.dataset.trainStatus ?? ''), { timeout: 600_000, polling: 500 });
    const p = await other.$eval('#train-progress', (e) => ({ ...(e as HTMLElement).dataset }));
    expect(p.trainStatus).toBe('done');
    // One epoch of 93 batches: the address's override, shown in the form.
    expect(Number(p.trainStep)).toBe(93);
    expect(await other.$eval('#train-epochs', (e) => (e as HTMLInputElement).value)).toBe('1');
    const short: TrainViewState = await other.evaluate(() => (window as unknown as { trainView: TrainViewState }).trainView);
    expect(short.runtime).toMatchObject({ backend: 'wasm', isolated: true });
    // The same seed and batches: the first steps match the full run's (the schedule differs only in its cosine's length).
    const full = (await viewState()).steps;
    expect(Math.abs(short.steps[0] - full[0])).toBeLessThanOrEqual(TOLERANCE);
  } finally {
    await other.close();
    await isolated.close();
  }
});

browserTest('the classify view still loads under 300 KB without models; the Train view\'s weight is reported beside it', () => {
  expect(built.toyPageBytes).toBeLessThanOrEqual(300_000);
  // The view's files as built into the site (the --json summary gives each view's total, viewBytes).
  const t: Record<string, number> = { 'views/train.js': fs.statSync(path.join(out, 'views', 'train.js')).size };
  for (const f of fs.readdirSync(path.join(out, 'views', 'train'))) t[`views/train/${f}`] = fs.statSync(path.join(out, 'views', 'train', f)).size;
  const wasm = Object.keys(t).filter((f) => f.endsWith('.wasm'));
  // One of the three wasm builds loads (SIMD here, threaded SIMD when cross-origin isolated).
  const loaded = t['views/train.js'] + t['views/train/worker.js'] + t['views/train/shapes-clip.json'] + t['views/train/tfjs-backend-wasm-simd.wasm'];
  expect(wasm.length).toBe(3);
  expect(built.viewBytes.train).toBeGreaterThan(loaded);
  process.stdout.write(`train view: classify view ${(built.toyPageBytes / 1e3).toFixed(0)} KB without models; Train view ${(loaded / 1e3).toFixed(0)} KB more (view ${(t['views/train.js'] / 1e3).toFixed(0)} KB, worker ${(t['views/train/worker.js'] / 1e3).toFixed(0)} KB, SIMD wasm ${(t['views/train/tfjs-backend-wasm-simd.wasm'] / 1e3).toFixed(0)} KB)\n`);
});

browserTest('"Classify with this model" opens the classify view on the model trained in the tab: its bars are classify --model\'s on the saved folder', async () => {
  // After the save test: the panel holds its four labels and template "a {}", and the folder is unpacked.
  const folder = path.join(tmp, 'unpacked', 'shapes-clip-browser');
  const png = path.join(tmp, 'picture.png');
  expect(fs.existsSync(path.join(folder, 'clip-workshop.json'))).toBe(true);
  const labels = (await page.$eval('#train-labels', (e) => (e as HTMLTextAreaElement).value)).split('\n');
  await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('#train-to-classify')]);
  const address = new URL(page.url());
  expect(address.searchParams.get('model')).toBe('trained-in-this-tab');
  expect(address.searchParams.get('view')).toBeNull();
  await page.waitForSelector('#bars[data-state=final] li[data-prob]', { timeout: 120_000 });
  expect(await page.$eval('#model', (e) => (e as HTMLSelectElement).value)).toBe('trained-in-this-tab');
  // The same held-out picture at the model's input size, served beside the page, in the classify view.
  fs.copyFileSync(png, path.join(out, 'picture.png'));
  const withImage = new URL(page.url());
  withImage.searchParams.set('image', 'picture.png');
  await page.goto(withImage.href, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction((n) => document.querySelectorAll('#bars[data-state=final] li[data-prob]').length === n, { timeout: 120_000 }, labels.length);
  expect(await page.$eval('#model', (e) => (e as HTMLSelectElement).value)).toBe('trained-in-this-tab');
  const bars: Array<{ label: string; prob: number }> = await page.$$eval('#bars li', (lis) => lis.map((li) => ({ label: (li as HTMLElement).dataset.label!, prob: Number((li as HTMLElement).dataset.prob) })));
  expect(bars.map((b) => b.label)).toEqual(labels);
  expect(await page.$eval('#template', (e) => (e as HTMLInputElement).value)).toBe('a {}');
  const r = cli(['classify', '--model', folder, '--image', png, '--labels', ...labels, '--template', 'a {}', '--json']);
  expect(r.status).toBe(0);
  const want: { labels: string[]; probs: number[] } = r.json();
  const diff = Math.max(...bars.map((b, k) => Math.abs(b.prob - want.probs[k])));
  process.stdout.write(`train view: the classify view on the model trained in the tab vs classify --model on its saved folder, largest |Δp| ${diff.toExponential(1)}\n`);
  expect(diff).toBeLessThanOrEqual(TOLERANCE);
});
