import * as tf from '@tensorflow/tfjs-core';
import { imageBatch, loadShapes, splitIndices } from '../../src/data';
import { classificationReport, fitLinearProbe, labelProbabilities, zeroShotEvaluate } from '../../src/eval';
import { EXERCISES, check, isUnfilled } from '../../src/exercises';
import { initBackend } from '../../src/runtime/backend';
import { splitWords } from '../../src/text/tokenizer';
import { clipLoss } from '../../src/train/loss';
import { createToyClassifier, createToyClip } from '../../src/train';

jest.setTimeout(300_000);

/** Runs a check and collects what it prints. */
async function run(id: string, answer: unknown, context: unknown = {}) {
  const lines: string[] = [];
  const outcome = await check(id, answer, context, (l) => lines.push(l));
  return { outcome, text: lines.join('\n') };
}

const savedVariant = process.env.CLIP_WORKSHOP_VARIANT;
beforeAll(async () => {
  delete process.env.CLIP_WORKSHOP_VARIANT;
  await initBackend();
});
afterAll(() => {
  if (savedVariant !== undefined) process.env.CLIP_WORKSHOP_VARIANT = savedVariant;
});

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
  afterAll(() => {
    // Every exercise was run through its check below.
    expect(Object.keys(outcomes).sort()).toEqual(EXERCISES.map((e) => e.id).sort());
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
    const report = { n: testIdx.length, confusion: [[testIdx.length]] };
    await expectSolution('1.2', { steps: 10, report }, { steps: 100, report }, { fullSteps: 40, testCount: testIdx.length });
    await expectSolution('1.3', { strangers: meanTop, test: meanTop }, { strangers: meanTop + 0.1, test: meanTop }, { classifier, emoji: ds, strangerIdx: testIdx, testIdx: testIdx });
    classifier.dispose();
  });

  test('2.1 and 2.2', async () => {
    const concepts = new Map<string, Set<string>>();
    ds.captions.forEach((caps, i) => caps.flatMap((t) => splitWords(t)).forEach((w) => (concepts.get(w) ?? concepts.set(w, new Set()).get(w)!).add(ds.meta[i].concept)));
    const vaguest = [...concepts].sort((a, b) => b[1].size - a[1].size).slice(0, 15).map(([w, s]): [string, number] => [w, s.size]);
    const off = vaguest.map(([w, n], i): [string, number] => [w, i === 0 ? n + 1 : n]);
    await expectSolution('2.1', vaguest, off, { emoji: ds });
    const locales = ['de', 'fr'];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wordsIn = (locs: string[]) => new Set(locs.flatMap((loc) => (require(`emojibase-data/${loc}/data.json`) as { label: string }[]).flatMap((e) => splitWords(e.label))));
    const vocabulary = { english: wordsIn(['en']).size, all: wordsIn(['en', ...locales]).size };
    await expectSolution('2.2', vocabulary, { ...vocabulary, all: vocabulary.english }, { locales });
  });

  test('3.1 and 3.2', async () => {
    const imageEmb = tf.tidy(() => tf.randomNormal([6, 8], 0, 1, 'float32', 1).div(3) as tf.Tensor2D);
    const textEmb = tf.tidy(() => tf.randomNormal([6, 8], 0, 1, 'float32', 2).div(3) as tf.Tensor2D);
    const scales = [1, 5, 20, 100];
    const losses = scales.map((s) => tf.tidy(() => clipLoss(tf.mul(tf.matMul(imageEmb, textEmb, false, true), s) as tf.Tensor2D).dataSync()[0]));
    await expectSolution('3.1', losses, losses.map((l) => l * 1.1), { imageEmb, textEmb, scales }, scales.map(() => NaN));
    tf.dispose([imageEmb, textEmb]);
    const h = { n: heldout.length, top1: 0.5 };
    const c32 = { heldoutCount: heldout.length, maxSteps: 600 };
    await expectSolution('3.2', { batchSize: 8, steps: 300, heldout: h }, { batchSize: 64, steps: 300, heldout: h }, c32, { batchSize: 8, steps: 0, heldout: undefined });
    // More steps than the bound is not the exercise (it would run past its minute).
    expect((await run('3.2', { batchSize: 8, steps: 601, heldout: h }, c32)).outcome).toBe('wrong');
  });

  test('4.1 and 4.2 on a toy CLIP', async () => {
    const model = createToyClip(ds, { size: 'shapes', seed: 3 });
    const photo = imageBatch(ds, [testIdx[0]]);
    const labels = ['a red circle', 'a blue square', 'a green star'];
    const p = await labelProbabilities(model, photo, labels);
    const probs = Array.from(await p.data());
    p.dispose();
    await expectSolution('4.1', { labels, probs }, { labels, probs: [...probs].reverse() }, { model, photo }, { labels: [], probs: [] });
    const template = 'a picture of a {}';
    const mine = (await zeroShotEvaluate(model, ds, { indices: heldout, templates: [template] })).top1;
    const base = (await zeroShotEvaluate(model, ds, { indices: heldout, templates: ['a {}'] })).top1;
    const context = { model, ds, indices: heldout, baselineTemplate: 'a {}', spread: 0.02, shown: ['{}', 'a {}'] };
    const beyond = Math.abs(mine - base) > 0.02;
    const answer = { template, heldout: mine, baseline: base, beyondSpread: beyond };
    await expectSolution('4.2', answer, { ...answer, beyondSpread: !beyond }, context, { template: '', heldout: NaN, baseline: NaN, beyondSpread: false });
    // No win is demanded: the same measurement is right whichever way the difference goes, once read against the spread.
    const wide = { ...context, spread: Math.abs(mine - base) + 0.5 };
    expect((await run('4.2', { ...answer, beyondSpread: false }, wide)).outcome).toBe('correct');
    expect((await run('4.2', { ...answer, beyondSpread: true }, wide)).outcome).toBe('wrong');
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
    tf.dispose([xTrain, xUnseen]);
    const perClass = [{ name: 'a', n: 4, zeroShot: 0.5, probe: 0.75 }, { name: 'b', n: 0, zeroShot: NaN, probe: NaN }, { name: 'c', n: 2, zeroShot: 1, probe: 0.5 }];
    const items = perClass.filter((c) => c.n > 0).flatMap((c) => [{ group: c.name, series: 'zero-shot', value: c.zeroShot }, { group: c.name, series: 'linear probe', value: c.probe }]);
    await expectSolution('5.2', items, items.slice(1), { perClass: perClass }, []);
  });
});
