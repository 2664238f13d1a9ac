import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/runtime/backend';
import { isUserError } from '../../src/runtime/errors';
import { ImageTextDataset } from '../../src/data/types';
import { ClipLike } from '../../src/models/clip';
import { classEmbeddings, labelProbabilities, zeroShotEvaluate } from '../../src/eval/zeroshot';
import { classificationReport, meanClassAccuracy, topK } from '../../src/eval/metrics';
import { retrievalRecall } from '../../src/eval/retrieval';
import { fitLinearProbe, linearProbeEvaluate } from '../../src/eval/probe';
import { classMembers } from '../../src/eval/members';
import { splitIndices } from '../../src/data/batch';

beforeAll(async () => {
  await initBackend();
});

const CLASSES = ['red', 'green', 'blue'];

/** A tiny dataset: 4×4 images filled with one pure colour each, class = colour. */
function colourDataset(): ImageTextDataset {
  const n = 12;
  const pixels = new Uint8Array(n * 4 * 4 * 3);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 3;
    for (let p = 0; p < 16; p++) pixels[i * 48 + p * 3 + (i % 3)] = 255;
  }
  return {
    name: 'colours',
    size: 4,
    pixels,
    captions: Array.from(labels, (l) => [CLASSES[l]]),
    labels,
    classNames: CLASSES,
    meta: Array.from(labels, (l, i) => ({ concept: CLASSES[l], style: 'flat', split: i < 6 ? 'train' : 'test' })),
  };
}

/** A "perfect" CLIP: an image's embedding is its mean colour, a text's is the colour it names. */
const perfect: ClipLike = {
  description: 'perfect',
  imageSize: 4,
  embedImages: (images) => tf.tidy(() => {
    const m = tf.mean(images, [1, 2]) as tf.Tensor2D;
    return tf.div(m, tf.norm(m, 'euclidean', 1, true)) as tf.Tensor2D;
  }),
  embedTexts: (texts) => tf.tidy(() => tf.oneHot(texts.map((t) => CLASSES.findIndex((c) => t.includes(c))), 3).toFloat() as tf.Tensor2D),
  logitScale: () => 100,
  unknownWords: () => [],
  promptTemplate: '{}',
  dispose: () => undefined,
};

describe('zero-shot classifier', () => {
  test('perfect embeddings score 100 % with one template and with an ensemble', async () => {
    const ds = colourDataset();
    const before = tf.memory().numTensors;
    for (const templates of [['a photo of a {}.'], ['a {} thing', 'this is {}', 'a photo of a {}.']]) {
      const r = await zeroShotEvaluate(perfect, ds, { indices: ds.meta.map((_, i) => i), templates });
      expect(r.top1).toBe(1);
      expect(r.n).toBe(12);
      expect(r.classes).toBe(3);
      expect(r.confusion).toEqual([[4, 0, 0], [0, 4, 0], [0, 0, 4]]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  test('prompt names replace the class names, one per class', async () => {
    const ds = colourDataset();
    const swapped = await zeroShotEvaluate(perfect, ds, { indices: [0, 1, 2], templates: ['{}'], promptNames: ['green', 'red', 'blue'] });
    expect(swapped.predictions).toEqual([1, 0, 2]);
    await expect(zeroShotEvaluate(perfect, ds, { indices: [0], templates: ['{}'], promptNames: ['red'] })).rejects.toThrow(/one label per class/);
  });

  test('ensembled class embeddings are unit length', async () => {
    const e = await classEmbeddings(perfect, CLASSES, ['a {}', 'the {}']);
    for (const n of tf.tidy(() => tf.norm(e, 'euclidean', 1).arraySync() as number[])) expect(n).toBeCloseTo(1, 5);
    e.dispose();
  });

  test('several names of one class are averaged into one unit-length embedding, with no tensor left behind', async () => {
    const before = tf.memory().numTensors;
    const e = await classEmbeddings(perfect, [['red', 'green'], 'blue', ['green', 'green', 'blue']], ['{}', 'a {}']);
    const rows = e.arraySync();
    const r2 = Math.SQRT1_2;
    // Class 2 says green twice and blue once per template: (0, 2, 1)/√5.
    const expected = [[r2, r2, 0], [0, 0, 1], [0, 2 / Math.sqrt(5), 1 / Math.sqrt(5)]];
    expected.forEach((row, c) => row.forEach((v, k) => expect(rows[c][k]).toBeCloseTo(v, 5)));
    e.dispose();
    const ds = colourDataset();
    const r = await zeroShotEvaluate(perfect, ds, { indices: ds.meta.map((_, i) => i), templates: ['{}'], promptNames: [['red', 'red'], ['green'], 'blue'] });
    expect(r.top1).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    await expect(classEmbeddings(perfect, [['red'], []], ['{}'])).rejects.toThrow(/Class 2 of 2 has no name/);
  });

  test('class members come only from the images given (the training split), in dataset order, without repeats', () => {
    const ds = colourDataset();
    // Train images 0–5 show cherry, lime and sea; test images 6–11 show concepts never in training.
    const train = ['cherry', 'lime', 'sea', 'cherry', 'lime', 'sea'];
    const test = ['ruby', 'emerald', 'sapphire', 'ruby', 'emerald', 'sapphire'];
    ds.meta = ds.meta.map((m, i) => ({ ...m, concept: i < 6 ? train[i] : test[i - 6] }));
    ds.labels[5] = -1; // an image outside the label set names no member
    ds.meta[5].concept = 'cloud';
    expect(classMembers(ds, splitIndices(ds, 'train'))).toEqual([['cherry'], ['lime'], ['sea']]);
    expect(classMembers(ds, splitIndices(ds, 'train')).flat()).not.toEqual(expect.arrayContaining(['ruby']));
    expect(() => classMembers(ds, [0, 1])).toThrow(/member of "blue"/);
  });

  test('an empty label list gives a clear error', async () => {
    let err: unknown;
    try {
      await classEmbeddings(perfect, [], ['{}']);
    } catch (e) {
      err = e;
    }
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(/label list is empty/);
  });

  test('label probabilities sum to one and favour the right label', async () => {
    const img = tf.tidy(() => tf.concat([tf.zeros([1, 4, 4, 2]), tf.ones([1, 4, 4, 1])], 3)) as tf.Tensor4D;
    const p = await labelProbabilities(perfect, img, ['red', 'blue', 'green']);
    const probs = Array.from(p.dataSync());
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(probs.indexOf(Math.max(...probs))).toBe(1);
    tf.dispose([img, p]);
  });
});

describe('metrics', () => {
  test('top-k, per-class accuracy and the confusion matrix', () => {
    // 3 images, 3 classes; rows are scores.
    const scores = [0.9, 0.05, 0.05, 0.6, 0.3, 0.1, 0.1, 0.2, 0.7];
    const r = classificationReport(scores, [0, 1, 2], ['a', 'b', 'c']);
    expect(topK(scores, 3, 1, 2)).toEqual([0, 1]);
    expect(r.top1).toBeCloseTo(2 / 3);
    expect(r.top5).toBe(1);
    expect(r.confusion).toEqual([[1, 0, 0], [1, 0, 0], [0, 0, 1]]);
    expect(r.perClass.map((c) => c.accuracy)).toEqual([1, 0, 1]);
    expect(meanClassAccuracy(r)).toBeCloseTo(2 / 3);
  });

  test('rows without a label are skipped', () => {
    const r = classificationReport([1, 0, 0, 1], [0, -1], ['a', 'b']);
    expect(r.n).toBe(1);
    expect(r.top1).toBe(1);
  });
});

describe('retrieval', () => {
  test('identical embeddings give recall 1; reversed pairs rank last (ties count against)', () => {
    const e = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5], 'int32'), 6).toFloat() as tf.Tensor2D);
    const r = retrievalRecall(e, e);
    expect(r.imageToText[1]).toBe(1);
    expect(r.textToImage[10]).toBe(1);
    const rev = tf.reverse(e, 0) as tf.Tensor2D;
    const w = retrievalRecall(e, rev);
    expect(w.imageToText[1]).toBe(0);
    expect(w.textToImage[5]).toBe(0);
    expect(w.textToImage[10]).toBe(1);
    tf.dispose([e, rev]);
  });
});

describe('linear probe', () => {
  test('fits separable features and leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    const labels = Array.from({ length: 60 }, (_, i) => i % 3);
    const x = tf.tidy(() => tf.add(tf.mul(tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat(), 2), tf.randomNormal([60, 3], 0, 0.3, 'float32', 1)) as tf.Tensor2D);
    const probe = fitLinearProbe(x, labels, 3, { steps: 100 });
    const s = probe.predict(x);
    const r = classificationReport(s.dataSync(), labels, ['a', 'b', 'c']);
    expect(r.top1).toBeGreaterThan(0.95);
    tf.dispose([x, s]);
    probe.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('on a dataset: trained on the train split, scored on the test split', async () => {
    const ds = colourDataset();
    const r = await linearProbeEvaluate(perfect, ds, [0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11], { steps: 100 });
    expect(r.n).toBe(6);
    expect(r.top1).toBe(1);
  });
});
