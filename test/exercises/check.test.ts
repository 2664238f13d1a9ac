import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { imageBatch, loadShapes, splitIndices } from '../../src/data';
import { classificationReport, compareAccuracies, interval95, evaluateClassifier, fitLinearProbe, imageEmbeddings, labelProbabilities, zeroShotEvaluate } from '../../src/eval';
import { EXERCISES, check, checkOutcome, isUnfilled } from '../../src/exercises';
import { ToyClassifier } from '../../src/models/classifier';
import { ToyClip } from '../../src/models/clip';
import { createRecipeModel, trainRecipe, trainSettings, trainWorkshopModel } from '../../src/recipes';
import { TrainRecipe } from '../../src/recipes/types';
import { initBackend } from '../../src/runtime/backend';
import { splitWords } from '../../src/text/tokenizer';
import { clipLoss } from '../../src/train/loss';
import { createToyClassifier, createToyClip, trainClip } from '../../src/train';

jest.setTimeout(300_000);

/** Runs a check and collects what it prints. */
async function run(id: string, answer: unknown, context: unknown = {}) {
  const lines: string[] = [];
  const outcome = await checkOutcome(id, answer, context, (l) => lines.push(l));
  return { outcome, text: lines.join('\n') };
}

const savedVariant = process.env.CLIP_WORKSHOP_VARIANT;
const savedCache = process.env.CLIP_WORKSHOP_CACHE;
let cacheRoot: string;
beforeAll(async () => {
  delete process.env.CLIP_WORKSHOP_VARIANT;
  // Exercise 1.2 reads the models a recipe trained from the cache: a fresh one per run.
  cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-exercises-'));
  process.env.CLIP_WORKSHOP_CACHE = cacheRoot;
  await initBackend();
});
afterAll(() => {
  if (savedVariant !== undefined) process.env.CLIP_WORKSHOP_VARIANT = savedVariant;
  if (savedCache === undefined) delete process.env.CLIP_WORKSHOP_CACHE;
  else process.env.CLIP_WORKSHOP_CACHE = savedCache;
  fs.rmSync(cacheRoot, { recursive: true, force: true });
});

/** A small classifier recipe on the shapes with a step budget (exercise 1.2 shortens it). */
function shortRecipe(steps: number): TrainRecipe {
  const { epochs: _epochs, ...rest } = trainRecipe('shapes-classifier', {}, { quick: true });
  return trainRecipe({ ...rest, steps, warmupSteps: 1 } as TrainRecipe);
}

describe('cw.check', () => {
  test('a starter placeholder is "not yet", a right answer ✓, a wrong one a hint without the answer', async () => {
    expect(await run('0.1', [])).toEqual({ outcome: 'not yet', text: expect.stringMatching(/not yet answered/) });
    expect((await run('0.1', [1.5, 3.5, 5.5])).outcome).toBe('correct');
    expect((await run('0.1', [1.5, 3.5, 5.5])).text).toMatch(/^✓/);
    const wrong = await run('0.1', [1, 2, 3]);
    expect(wrong.outcome).toBe('wrong');
    expect(wrong.text).toMatch(/Hint: /);
    expect(wrong.text).not.toMatch(/1\.5|3\.5|5\.5/);
  });

  test('an answer of the wrong shape is a hint, not a crash; an unknown id names the exercises', async () => {
    expect((await run('1.3', 'sure', {})).outcome).toBe('wrong');
    await expect(run('9.9', 1)).rejects.toThrow(/no exercise "9\.9".*0\.1, 1\.1/);
  });

  test('placeholders: nothing, NaN, empty or all-zero lists, objects with a missing part', () => {
    for (const x of [undefined, null, NaN, '', [], [0, 0], [NaN], { a: NaN, b: 1 }, new Map()]) expect(isUnfilled(x)).toBe(true);
    for (const x of [0, [0, 1], { a: 0.5, b: 0 }, 'a {}', [['cat', 3]]]) expect(isUnfilled(x)).toBe(false);
  });

  test('cw.check prints its verdict once and returns nothing (a cell ending in it shows no second verdict)', async () => {
    const lines: string[] = [];
    expect(await check('0.1', [1.5, 3.5, 5.5], {}, (l) => lines.push(l))).toBeUndefined();
    expect(lines).toEqual(['✓ Exercise 0.1: correct.']);
  });

  test('in a solutions run a failing check throws; "not yet" never does', async () => {
    process.env.CLIP_WORKSHOP_VARIANT = 'solutions';
    try {
      await expect(run('0.1', [9, 9, 9])).rejects.toThrow(/exercise 0\.1 fails its check/);
      expect((await run('0.1', [])).outcome).toBe('not yet');
    } finally {
      delete process.env.CLIP_WORKSHOP_VARIANT;
    }
  });

  test('every exercise has an answer description and a hint, and ids are unique', () => {
    expect(new Set(EXERCISES.map((e) => e.id)).size).toBe(EXERCISES.length);
    for (const e of EXERCISES) {
      expect(e.hint.length).toBeGreaterThan(20);
      expect(e.answer.length).toBeGreaterThan(10);
    }
  });
});

describe('every solution passes its check, a changed answer does not', () => {
  const ds = loadShapes({ perClass: 3, testPerClass: 2, heldoutPerClass: 3 });
  const testIdx = splitIndices(ds, 'test');
  const heldout = splitIndices(ds, 'heldout');
  const outcomes: Record<string, string> = {};
  /** What each exercise's shortcut (an answer that skips the work) got. */
  const shortcuts: Record<string, string> = {};
  afterAll(() => {
    // Every exercise was run through its check below, and every shortcut was submitted and refused.
    expect(Object.keys(outcomes).sort()).toEqual(EXERCISES.map((e) => e.id).sort());
    expect(Object.keys(shortcuts).sort()).toEqual(EXERCISES.map((e) => e.id).sort());
    for (const outcome of Object.values(shortcuts)) expect(outcome).not.toBe('correct');
  });

  /** The non-integer numbers inside an answer, as a hint could print them. */
  const figuresOf = (x: unknown): string[] =>
    typeof x === 'number' ? (Number.isInteger(x) ? [] : [x.toFixed(2), x.toFixed(3)]) : x && typeof x === 'object' ? Object.values(x).flatMap(figuresOf) : [];

  /** The solution is ✓; a wrong answer gets a hint that holds none of the solution's figures; the starter's placeholder is "not yet". */
  async function expectSolution(id: string, answer: unknown, wrong: unknown, context: unknown, placeholder?: unknown): Promise<void> {
    const tensors = tf.memory().numTensors;
    outcomes[id] = (await run(id, answer, context)).outcome;
    expect(outcomes[id]).toBe('correct');
    const hint = await run(id, wrong, context);
    expect(hint.outcome).toBe('wrong');
    expect(hint.text).toMatch(/Hint: /);
    for (const f of figuresOf(answer)) expect(hint.text).not.toContain(f);
    if (placeholder !== undefined) expect((await run(id, placeholder, context)).outcome).toBe('not yet');
    expect(tf.memory().numTensors).toBe(tensors);
  }

  test('0.1', async () => {
    const m = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const rowMeans = tf.tidy(() => tf.mean(m, 1).arraySync() as number[]);
    m.dispose();
    await expectSolution('0.1', rowMeans, [1, 1, 1], {});
    // The shortcut: the mean of the whole matrix for every row.
    shortcuts['0.1'] = (await run('0.1', [3.5, 3.5, 3.5])).outcome;
  });

  test('1.1, 1.2, 1.3 on a toy classifier', async () => {
    const classifier = createToyClassifier(ds, { size: 'shapes', seed: 1 });
    const counts = ds.classNames.map(() => 0);
    const images = imageBatch(ds, testIdx);
    const best = tf.tidy(() => tf.argMax(classifier.logits(images), 1));
    for (const k of best.dataSync()) counts[k]++;
    const probs = classifier.probabilities(images);
    const top = tf.tidy(() => tf.max(probs, 1));
    const meanTop = Array.from(top.dataSync()).reduce((a, b) => a + b, 0) / testIdx.length;
    tf.dispose([images, best, probs, top]);
    const context = { classifier, emoji: ds, indices: testIdx };
    const moved = [...counts];
    moved[0] += 1;
    moved[1] -= 1;
    await expectSolution('1.1', counts, moved, context);
    // The shortcut: every image given to the first class, without running the classifier.
    shortcuts['1.1'] = (await run('1.1', ds.classNames.map((_, k) => (k === 0 ? testIdx.length : 0)), context)).outcome;
    const heldImages = imageBatch(ds, heldout);
    const heldTop = tf.tidy(() => tf.max(classifier.probabilities(heldImages), 1));
    const strangers = Array.from(heldTop.dataSync()).reduce((a, b) => a + b, 0) / heldout.length;
    tf.dispose([heldImages, heldTop]);
    const c13 = { classifier, emoji: ds, strangerIdx: heldout, testIdx: testIdx };
    await expectSolution('1.3', { strangers, test: meanTop }, { strangers: strangers + 0.1, test: meanTop }, c13);
    // The shortcut: the test images' mean, measured once and given for the strangers too.
    shortcuts['1.3'] = (await run('1.3', { strangers: meanTop, test: meanTop }, c13)).outcome;
    classifier.dispose();
  });

  test('1.2: the shorter run of the recipe, its own model and its own report', async () => {
    const RECIPE = shortRecipe(10);
    const full = await trainWorkshopModel(RECIPE, {}, { data: ds });
    const short = await trainWorkshopModel(RECIPE, { steps: 2 }, { data: ds });
    const fullModel = full.model as ToyClassifier;
    const shortModel = short.model as ToyClassifier;
    const report = evaluateClassifier(shortModel, ds, testIdx);
    const fullReport = evaluateClassifier(fullModel, ds, testIdx);
    const context = { recipe: RECIPE, emoji: ds, testIdx };
    // A report that is not the model's own is wrong.
    const otherReport = { ...report, confusion: report.confusion.map((row, r) => row.map((v, c) => (r === 0 && c === 0 ? v + 1 : v))) };
    await expectSolution('1.2', { steps: 2, model: shortModel, report }, { steps: 2, model: shortModel, report: otherReport }, context, { steps: 2, model: undefined, report: undefined });
    // The shortcut: the full model, with its own report, claimed as the short run.
    shortcuts['1.2'] = (await run('1.2', { steps: 2, model: fullModel, report: fullReport }, context)).outcome;
    expect(shortcuts['1.2']).toBe('wrong');
    // A step count the recipe never trained with is not a run either.
    expect((await run('1.2', { steps: 3, model: shortModel, report }, context)).outcome).toBe('wrong');
    fullModel.dispose();
    shortModel.dispose();
  });

  test('2.1 and 2.2', async () => {
    const concepts = new Map<string, Set<string>>();
    ds.captions.forEach((caps, i) => caps.flatMap((t) => splitWords(t)).forEach((w) => (concepts.get(w) ?? concepts.set(w, new Set()).get(w)!).add(ds.meta[i].concept)));
    const vaguest = [...concepts].sort((a, b) => b[1].size - a[1].size).slice(0, 15).map(([w, s]): [string, number] => [w, s.size]);
    const off = vaguest.map(([w, n], i): [string, number] => [w, i === 0 ? n + 1 : n]);
    await expectSolution('2.1', vaguest, off, { emoji: ds });
    // The shortcut: texts counted instead of concepts.
    const texts = new Map<string, number>();
    ds.captions.flat().flatMap((t) => splitWords(t)).forEach((w) => texts.set(w, (texts.get(w) ?? 0) + 1));
    shortcuts['2.1'] = (await run('2.1', [...texts].sort((a, b) => b[1] - a[1]).slice(0, 15), { emoji: ds })).outcome;
    const locales = ['de', 'fr'];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wordsIn = (locs: string[]) => new Set(locs.flatMap((loc) => (require(`emojibase-data/${loc}/data.json`) as { label: string }[]).flatMap((e) => splitWords(e.label))));
    const vocabulary = { english: wordsIn(['en']).size, all: wordsIn(['en', ...locales]).size };
    await expectSolution('2.2', vocabulary, { ...vocabulary, all: vocabulary.english }, { locales });
    // The shortcut: labels counted instead of their distinct words.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const labelsIn = (locs: string[]) => locs.reduce((n, loc) => n + (require(`emojibase-data/${loc}/data.json`) as unknown[]).length, 0);
    shortcuts['2.2'] = (await run('2.2', { english: labelsIn(['en']), all: labelsIn(['en', ...locales]) }, { locales })).outcome;
  });

  test('3.1 and 3.2', async () => {
    const imageEmb = tf.tidy(() => tf.randomNormal([6, 8], 0, 1, 'float32', 1).div(3) as tf.Tensor2D);
    const textEmb = tf.tidy(() => tf.randomNormal([6, 8], 0, 1, 'float32', 2).div(3) as tf.Tensor2D);
    const scales = [1, 5, 20, 100];
    const losses = scales.map((s) => tf.tidy(() => clipLoss(tf.mul(tf.matMul(imageEmb, textEmb, false, true), s) as tf.Tensor2D).dataSync()[0]));
    await expectSolution('3.1', losses, losses.map((l) => l * 1.1), { imageEmb, textEmb, scales }, scales.map(() => NaN));
    // The shortcut: one loss computed and given for every scale.
    shortcuts['3.1'] = (await run('3.1', scales.map(() => losses[0]), { imageEmb, textEmb, scales })).outcome;
    tf.dispose([imageEmb, textEmb]);
  });

  test('3.2: a model trained with batches of 8, its run, and its own held-out report', async () => {
    const base = trainRecipe('shapes-clip', {}, { quick: true });
    const recipe = trainRecipe(base, { batchSize: 8 });
    const trained = createRecipeModel(base, ds) as ToyClip;
    await trainClip(trained, ds, trainSettings({ batchSize: 16, maxSteps: 3, epochs: 100, seed: 1, silent: true }));
    const small = createRecipeModel(recipe, ds) as ToyClip;
    const smallRun = await trainClip(small, ds, trainSettings({ batchSize: 8, maxSteps: 4, epochs: 100, seed: recipe.seed, silent: true }));
    const held = await zeroShotEvaluate(small, ds, { indices: heldout, templates: [recipe.template] });
    const otherHeld = await zeroShotEvaluate(trained, ds, { indices: heldout, templates: [recipe.template] });
    const context = { recipe, ds, indices: heldout, template: recipe.template, maxSteps: 6, trained };
    await expectSolution('3.2', { model: small, run: smallRun, heldout: held }, { model: small, run: { ...smallRun, batchSize: 64 }, heldout: held }, context, { model: undefined, run: undefined, heldout: undefined });
    // The shortcut of a made-up report: batch 8, one step, any report of the right size, and no model.
    shortcuts['3.2'] = (await run('3.2', { batchSize: 8, steps: 1, heldout: { ...held, top1: 0.5 } }, context)).outcome;
    expect(shortcuts['3.2']).not.toBe('correct');
    // The notebook's own trained model passed off as the retraining, with its real report, is not it either.
    expect((await run('3.2', { model: trained, run: smallRun, heldout: otherHeld }, context)).outcome).toBe('wrong');
    // Nor is a report that is not the model's own, nor more steps than the bound.
    expect((await run('3.2', { model: small, run: smallRun, heldout: { ...held, top1: held.top1 === 0.5 ? 0.25 : 0.5 } }, context)).outcome).toBe('wrong');
    expect((await run('3.2', { model: small, run: { ...smallRun, steps: 7 }, heldout: held }, context)).outcome).toBe('wrong');
    small.dispose();
    trained.dispose();
  });

  test('4.1 and 4.2 on a toy CLIP', async () => {
    const model = createToyClip(ds, { size: 'shapes', seed: 3 });
    const photo = imageBatch(ds, [testIdx[0]]);
    const labels = ds.classNames.slice(0, 3).map((n) => `a ${n}`);
    const p = await labelProbabilities(model, photo, labels);
    const probs = Array.from(await p.data());
    p.dispose();
    await expectSolution('4.1', { labels, probs }, { labels, probs: [...probs].reverse() }, { model, photo }, { labels: [], probs: [] });
    // The shortcut: labels of words the model never read are all one [UNK] to it, so an even split is no measurement.
    shortcuts['4.1'] = (await run('4.1', { labels: ['a rich cat', 'a poor cat'], probs: [0.5, 0.5] }, { model, photo })).outcome;
    expect(shortcuts['4.1']).toBe('wrong');
    const template = 'a picture of a {}';
    const mine = (await zeroShotEvaluate(model, ds, { indices: heldout, templates: [template] })).top1;
    const base = (await zeroShotEvaluate(model, ds, { indices: heldout, templates: ['a {}'] })).top1;
    const context = { model, ds, indices: heldout, baselineTemplate: 'a {}', spread: 0.02, shown: ['{}', 'a {}'] };
    // The kit's one noise rule decides, not the spread alone: a 95 % interval for these images can be wider.
    const n = heldout.length;
    const beyond = compareAccuracies({ label: 'mine', top1: mine, n }, { label: 'base', top1: base, n }, 0.02).verdict !== 'same';
    const answer = { template, heldout: mine, baseline: base, beyondNoise: beyond };
    await expectSolution('4.2', answer, { ...answer, beyondNoise: !beyond }, context, { template: '', heldout: NaN, baseline: NaN, beyondNoise: false });
    // A difference beyond the spread but within the interval is no evidence: with a zero spread, the interval decides.
    const noSpread = { ...context, spread: 0 };
    const byInterval = Math.abs(mine - base) > interval95({ label: 'mine', top1: mine, n }, { label: 'base', top1: base, n });
    expect((await run('4.2', { ...answer, beyondNoise: byInterval }, noSpread)).outcome).toBe('correct');
    expect((await run('4.2', { ...answer, beyondNoise: !byInterval }, noSpread)).outcome).toBe('wrong');
    // The shortcut: no measurement, the same made-up figure for both templates and "no difference".
    shortcuts['4.2'] = (await run('4.2', { template, heldout: 0.5, baseline: 0.5, beyondNoise: false }, context)).outcome;
    // No win is demanded: the same measurement is right whichever way the difference goes, once read against the spread.
    const wide = { ...context, spread: Math.abs(mine - base) + 0.5 };
    expect((await run('4.2', { ...answer, beyondNoise: false }, wide)).outcome).toBe('correct');
    expect((await run('4.2', { ...answer, beyondNoise: true }, wide)).outcome).toBe('wrong');
    // A template shown in the notebook, or a wrong accuracy, is not an answer; the hint never holds the figures.
    expect((await run('4.2', { ...answer, template: 'a {}' }, context)).outcome).toBe('wrong');
    const off = await run('4.2', { ...answer, heldout: mine + 0.01 }, context);
    expect(off.outcome).toBe('wrong');
    expect(off.text).not.toContain(mine.toFixed(3));
    photo.dispose();
    model.dispose();
  });

  test('5.1 and 5.2', async () => {
    const xTrain = tf.randomNormal([40, 6], 0, 1, 'float32', 5) as tf.Tensor2D;
    const yTrain = Array.from({ length: 40 }, (_, i) => i % 3);
    const xUnseen = tf.randomNormal([12, 6], 0, 1, 'float32', 6) as tf.Tensor2D;
    const yUnseen = Array.from({ length: 12 }, (_, i) => i % 3);
    const classNames = ['a', 'b', 'c'];
    const l2Values = [0, 1e-2];
    const acc = l2Values.map((l2) => {
      const probe = fitLinearProbe(xTrain, yTrain, 3, { l2, steps: 20 });
      const s = probe.predict(xUnseen);
      const top1 = classificationReport(s.dataSync(), yUnseen, classNames).top1;
      s.dispose();
      probe.dispose();
      return top1;
    });
    await expectSolution('5.1', acc, acc.map((a) => a + 0.25), { xTrain, yTrain, xUnseen, yUnseen, classNames, l2Values, steps: 20 }, l2Values.map(() => NaN));
    // The shortcut: one probe fitted and its accuracy given for every strength (l2 = 0 and 1 differ here).
    const c51 = { xTrain, yTrain, xUnseen, yUnseen, classNames, l2Values: [0, 1], steps: 20 };
    shortcuts['5.1'] = (await run('5.1', [acc[0], acc[0]], c51)).outcome;
    tf.dispose([xTrain, xUnseen]);
  });

  test('5.2: per-class accuracy recomputed from the model and the probe on the images given', async () => {
    const model = createToyClip(ds, { size: 'shapes', seed: 4 });
    const trainIdx = splitIndices(ds, 'train');
    const xTrain = await imageEmbeddings(model, ds, trainIdx);
    const probe = fitLinearProbe(xTrain, trainIdx.map((i) => ds.labels[i]), ds.classNames.length, { steps: 20 });
    const features = await imageEmbeddings(model, ds, testIdx);
    const zs = await zeroShotEvaluate(model, ds, { indices: testIdx, templates: ['a {}'] });
    const scores = probe.predict(features);
    const pr = classificationReport(scores.dataSync(), testIdx.map((i) => ds.labels[i]), ds.classNames);
    scores.dispose();
    const items = zs.perClass.flatMap((z, k) => (z.n > 0 ? [{ group: z.name, series: 'zero-shot', value: z.accuracy }, { group: z.name, series: 'linear probe', value: pr.perClass[k].accuracy }] : []));
    const context = { model, ds, indices: testIdx, template: 'a {}', probe, features };
    await expectSolution('5.2', items, items.slice(1), context, []);
    // The shortcut: per-class figures of another group of images (the experiment's are for the unseen style).
    const hz = await zeroShotEvaluate(model, ds, { indices: heldout, templates: ['a {}'] });
    const elsewhere = hz.perClass.flatMap((z) => [{ group: z.name, series: 'zero-shot', value: z.n ? z.accuracy : 0 }, { group: z.name, series: 'linear probe', value: 1 }]);
    shortcuts['5.2'] = (await run('5.2', elsewhere, context)).outcome;
    expect(shortcuts['5.2']).toBe('wrong');
    tf.dispose([xTrain, features]);
    probe.dispose();
    model.dispose();
  });
});
