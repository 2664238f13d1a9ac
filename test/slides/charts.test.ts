import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { initBackend, tf } from '../../src/runtime/backend';
import { CHART_FILES, ChartsReport, runCharts } from '../../src/charts/run';
import { OWNED_LIST } from '../../src/runtime/ownedFolder';
import { runExperiment, ShapesZeroShotResult, TrainingCurveResult, UnseenStyleResult } from '../../src/experiments';
import { similarityStats } from '../../src/experiments/similarityMatrix';
import { downsample } from '../../src/charts/specs';
import { buildSlides } from '../../src/slides/build';
import { findPlaceholders, lookup } from '../../src/slides/placeholders';
import { externalResources, imageReferences } from '../../src/slides/references';

jest.setTimeout(600_000);

const SLIDES = path.join(__dirname, '..', '..', 'slides');
const DECK = fs.readFileSync(path.join(SLIDES, 'talk.md'), 'utf8');

/** Everything but wall-clock times, which differ from run to run by nature. */
function withoutTimes(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (k, v) => (k === 'seconds' ? undefined : v)));
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clip-charts-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('pure parts', () => {
  test('similarity stats: a diagonal matrix matches every image, a constant one only by tie-break', () => {
    const eye = [
      [0.9, 0.1, 0.0],
      [0.2, 0.8, 0.1],
      [0.0, 0.3, 0.7],
    ];
    const s = similarityStats(eye);
    expect(s.diagonal).toBeCloseTo(0.8, 6);
    expect(s.offDiagonal).toBeCloseTo((0.1 + 0.2 + 0.1 + 0.3) / 6, 6);
    expect(s.matching).toBe(1);
    const swapped = similarityStats([
      [0.1, 0.9],
      [0.9, 0.1],
    ]);
    expect(swapped.matching).toBe(0);
    expect(swapped.diagonal).toBeLessThan(swapped.offDiagonal);
  });

  test('downsample keeps the range of x and the mean of y', () => {
    const pts = Array.from({ length: 1000 }, (_, i) => ({ x: i + 1, y: i % 2 }));
    const d = downsample(pts, 100);
    expect(d.length).toBeLessThanOrEqual(100);
    expect(d[d.length - 1].x).toBe(1000);
    expect(d.reduce((a, p) => a + p.y, 0) / d.length).toBeCloseTo(0.5, 6);
  });

  test('the deck only uses charts that `clip-workshop charts` writes', () => {
    const charts = imageReferences(DECK).filter((r) => r.startsWith('charts/')).map((r) => r.slice('charts/'.length));
    expect(charts.length).toBeGreaterThan(4);
    for (const c of charts) expect(CHART_FILES as readonly string[]).toContain(c);
  });
});

describe('the charts of a quick run of the experiments', () => {
  let first: ChartsReport;
  const outA = path.join(tmp, 'a');

  beforeAll(async () => {
    await initBackend();
    const before = tf.memory().numTensors;
    first = await runCharts({ quick: true, outDir: outA, silent: true });
    // Every model and embedding is freed.
    expect(tf.memory().numTensors).toBe(before);
  });

  test('writes every chart as a self-contained SVG and results.json with figures in range', async () => {
    // Besides the charts and results.json, only the list of the files the kit wrote (the user's files are kept).
    expect(fs.readdirSync(outA).filter((f) => f !== OWNED_LIST).sort()).toEqual([...CHART_FILES, 'results.json'].sort());
    for (const f of CHART_FILES) {
      const svg = fs.readFileSync(path.join(outA, f), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(externalResources(svg)).toEqual([]);
      const meta = await sharp(Buffer.from(svg)).metadata();
      expect(meta.width).toBeGreaterThan(100);
    }
    const r = JSON.parse(fs.readFileSync(path.join(outA, 'results.json'), 'utf8'));
    expect(r).toEqual(JSON.parse(JSON.stringify(first.results)));
    const fractions = [r.zeroShot.test.top1, r.zeroShot.heldout.top1, r.traditional.test.top1, r.traditional.heldout.top1, r.unseenStyle.zeroShot.top1, r.unseenStyle.traditional.top1];
    for (const f of fractions) expect(f).toBeGreaterThanOrEqual(0), expect(f).toBeLessThanOrEqual(1);
    expect(r.data.heldoutClasses).toBe(6);
    expect(r.chance.heldout).toBeCloseTo(1 / r.data.classes, 4);
    // The traditional classifier was never given a held-out class: it cannot name one.
    expect(r.traditional.heldout.top1).toBe(0);
  });

  test('every figure is an experiment result: the slides train nothing of their own', async () => {
    const curve = await runExperiment<TrainingCurveResult>('training-curve', { quick: true });
    const masked = curve.runs.find((x) => x.maskSameConcept)!;
    expect(first.results.training.steps).toBe(masked.steps);
    expect(first.results.training.lossEnd).toBe(masked.finalLoss);
    const z = await runExperiment<ShapesZeroShotResult>('shapes-zero-shot', { quick: true });
    expect(first.results.zeroShot.heldout).toEqual(z.zeroShot.heldout);
    const u = await runExperiment<UnseenStyleResult>('unseen-style', { quick: true });
    expect(first.results.unseenStyle.traditional).toEqual(u.groups.unseenStyle['traditional classifier']);
  });

  test('the same results give byte-identical charts', async () => {
    const outB = path.join(tmp, 'b');
    const again = await runCharts({ quick: true, outDir: outB, silent: true });
    expect(withoutTimes(again.results)).toEqual(withoutTimes(first.results));
    const differing = CHART_FILES.filter((f) => !fs.readFileSync(path.join(outB, f)).equals(fs.readFileSync(path.join(outA, f))));
    expect(differing).toEqual([]);
  });

  test('the committed deck builds from this run: every placeholder resolves, every chart exists', async () => {
    const deckDir = path.join(tmp, 'deck');
    fs.mkdirSync(deckDir);
    fs.copyFileSync(path.join(SLIDES, 'talk.md'), path.join(deckDir, 'talk.md'));
    fs.cpSync(path.join(SLIDES, 'assets'), path.join(deckDir, 'assets'), { recursive: true });
    fs.cpSync(outA, path.join(deckDir, 'charts'), { recursive: true });
    for (const p of findPlaceholders(DECK)) expect([p.key, lookup(first.results, p.key)]).not.toEqual([p.key, undefined]);
    const report = await buildSlides({ slidesDir: deckDir, outDir: path.join(deckDir, 'dist') });
    const html = fs.readFileSync(report.html, 'utf8');
    expect(html).toContain(`${(first.results.zeroShot.heldout.top1 * 100).toFixed(1)}%`);
  });
});
