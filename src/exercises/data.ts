import * as tf from '@tensorflow/tfjs-core';
import { imageBatch } from '../data/batch';
import type { ImageTextDataset } from '../data/types';
import { classificationReport } from '../eval/metrics';
import { fitLinearProbe } from '../eval/probe';
import { labelProbabilities, zeroShotEvaluate } from '../eval/zeroshot';
import type { ToyClassifier } from '../models/classifier';
import type { ClipLike } from '../models/clip';
import { splitWords } from '../text/tokenizer';
import { clipLoss } from '../train/loss';
import { close, inBatches, rowArgmax, rowsOf } from './helpers';
import type { Exercise } from './types';

/** Mean of the highest class probability over `indices`. */
function meanTopProbability(classifier: ToyClassifier, ds: ImageTextDataset, indices: readonly number[]): number {
  const tops = inBatches(indices, 256, (batch) => {
    const images = imageBatch(ds, batch);
    const rows = rowsOf(classifier.probabilities(images));
    images.dispose();
    return rows.map((r) => Math.max(...r));
  });
  return tops.reduce((a, b) => a + b, 0) / tops.length;
}

/** Distinct words (cw.splitWords) of emojibase's labels in the given locales. */
function vocabularySize(locales: readonly string[]): number {
  const words = new Set<string>();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const loc of locales) for (const e of require(`emojibase-data/${loc}/data.json`) as Array<{ label: string }>) for (const w of splitWords(e.label)) words.add(w);
  return words.size;
}

/**
 * Every exercise of the notebooks, by id. Checks recompute the answer from the context the cell passes and
 * compare; hints point the way without the answer.
 */
export const EXERCISES: readonly Exercise[] = [
  {
    id: '0.1',
    answer: 'rowMeans: the mean of each row of the 3 × 2 matrix, as a plain number[]',
    check: (answer: number[]) => close(answer, [1.5, 3.5, 5.5], 1e-6),
    hint: 'tf.mean(matrix, 1) averages along axis 1, across each row; .arraySync() turns the tensor into plain numbers.',
  },
  {
    id: '1.1',
    answer: 'answerCounts: how many of the images of no class the classifier gives to each of its classes (number[], one per class)',
    check: (counts: number[], c: { classifier: ToyClassifier; emoji: ImageTextDataset; indices: number[] }) => {
      const truth = c.emoji.classNames.map(() => 0);
      for (const k of inBatches(c.indices, 256, (batch) => {
        const images = imageBatch(c.emoji, batch);
        const rows = rowsOf(c.classifier.logits(images));
        images.dispose();
        return rowArgmax(rows);
      })) truth[k]++;
      return close(counts, truth, 0);
    },
    hint: 'Count one answer per image: the argmax of each row of classifier.logits(images), over all the images of no class; the counts add up to the number of those images.',
  },
  {
    id: '1.2',
    answer: '{ steps, report }: the step count of your shorter training and cw.evaluateClassifier of that model on testIdx',
    check: (a: { steps: number; report: { n: number; confusion: number[][] } }, c: { fullSteps: number; testCount: number }) =>
      a.steps > 0 && a.steps < c.fullSteps && a.report.n === c.testCount && a.report.confusion.flat().reduce((x, y) => x + y, 0) === c.testCount,
    hint: 'Train a new cw.createToyClassifier with maxSteps smaller than the notebook\'s, then evaluate it on the same test images (testIdx) with cw.evaluateClassifier.',
  },
  {
    id: '1.3',
    answer: '{ strangers, test }: the mean top probability on the strangers and on the test images',
    check: (a: { strangers: number; test: number }, c: { classifier: ToyClassifier; emoji: ImageTextDataset; strangerIdx: number[]; testIdx: number[] }) =>
      close([a.strangers, a.test], [meanTopProbability(c.classifier, c.emoji, c.strangerIdx), meanTopProbability(c.classifier, c.emoji, c.testIdx)], 1e-3),
    hint: 'For each image take the largest value of its row of classifier.probabilities(images), then average over the images of each group (the test images in batches).',
  },
  {
    id: '2.1',
    answer: 'vaguest: the 15 words used for the most concepts, as [word, number of concepts] pairs, most first',
    check: (pairs: Array<[string, number]>, c: { emoji: ImageTextDataset }) => {
      const concepts = new Map<string, Set<string>>();
      c.emoji.captions.forEach((caps, i) => caps.flatMap((t) => splitWords(t)).forEach((w) => (concepts.get(w) ?? concepts.set(w, new Set()).get(w)!).add(c.emoji.meta[i].concept)));
      const top = [...concepts.values()].map((s) => s.size).sort((a, b) => b - a).slice(0, 15);
      return pairs.length === 15 && pairs.every(([w, n]) => concepts.get(w)?.size === n) && close(pairs.map(([, n]) => n), top, 0);
    },
    hint: 'Count concepts, not texts: for each word keep a Set of emoji.meta[i].concept over all images whose texts contain it (cw.splitWords), then sort by the Set\'s size.',
  },
  {
    id: '2.2',
    answer: '{ english, all }: distinct words (cw.splitWords) of emojibase\'s labels in English, and in English plus the six languages of the table',
    check: (a: { english: number; all: number }, c: { locales: string[] }) => a.english === vocabularySize(['en']) && a.all === vocabularySize(['en', ...c.locales]),
    hint: 'Put every cw.splitWords(label) of require(`emojibase-data/${locale}/data.json`) into one Set per question; its size is the vocabulary.',
  },
  {
    id: '3.1',
    answer: 'lossAtScale: the contrastive loss of the batch at logit scales 1, 5, 20 and 100 (number[])',
    check: (losses: number[], c: { imageEmb: tf.Tensor2D; textEmb: tf.Tensor2D; scales: number[] }) => {
      const truth = c.scales.map((s) => tf.tidy(() => clipLoss(tf.mul(tf.matMul(c.imageEmb, c.textEmb, false, true), s) as tf.Tensor2D).dataSync()[0]));
      return close(losses, truth, 1e-3);
    },
    hint: 'The loss at a fixed scale is your contrastiveLoss(imageEmb, textEmb, scale) with a plain number for the scale; read each one with .dataSync()[0].',
  },
  {
    id: '3.2',
    answer: '{ batchSize, steps, heldout }: your retraining\'s batch size and steps, and its zero-shot report on the held-out combinations',
    check: (a: { batchSize: number; steps: number; heldout: { n: number; top1: number } }, c: { heldoutCount: number; maxSteps: number }) =>
      a.batchSize === 8 && a.steps > 0 && a.steps <= c.maxSteps && a.heldout.n === c.heldoutCount && a.heldout.top1 >= 0 && a.heldout.top1 <= 1,
    hint: 'Start from the untrained recipe model (cw.createRecipeModel), cw.trainClip it with batchSize 8 and maxSteps at most the steps of the training above, then cw.zeroShotEvaluate it on the held-out indices.',
  },
  {
    id: '4.1',
    answer: '{ labels, probs }: your label list and the probabilities the model gives the photo for each',
    check: async (a: { labels: string[]; probs: number[] }, c: { model: ClipLike; photo: tf.Tensor4D }) => {
      if (!Array.isArray(a.labels) || a.labels.length < 2) return false;
      const p = await labelProbabilities(c.model, c.photo, a.labels);
      const truth = rowsOf(p)[0];
      return close(a.probs, truth, 1e-4);
    },
    hint: 'Use at least two labels of your own; cw.labelProbabilities(model, photoTensor, labels) gives a [1, labels] tensor: read its row with .data() and dispose it.',
  },
  {
    id: '4.2',
    answer: '{ template, heldout, baseline, beyondSpread }: your template\'s held-out top-1, that of "a {}", and whether they differ by more than the seed-to-seed spread',
    check: async (a: { template: string; heldout: number; baseline: number; beyondSpread: boolean }, c: { model: ClipLike; ds: ImageTextDataset; indices: number[]; baselineTemplate: string; spread: number; shown: string[] }) => {
      if (typeof a.template !== 'string' || !a.template.includes('{}') || c.shown.includes(a.template) || typeof a.beyondSpread !== 'boolean') return false;
      const mine = (await zeroShotEvaluate(c.model, c.ds, { indices: c.indices, templates: [a.template] })).top1;
      const base = (await zeroShotEvaluate(c.model, c.ds, { indices: c.indices, templates: [c.baselineTemplate] })).top1;
      // No "win" is demanded: the answer is the measurement and an honest reading of it against the noise.
      return Math.abs(mine - a.heldout) < 1e-9 && Math.abs(base - a.baseline) < 1e-9 && a.beyondSpread === Math.abs(mine - base) > c.spread;
    },
    hint: 'Evaluate your template and "a {}" with cw.zeroShotEvaluate(shapesClip, shapes, { indices: heldIdx, templates: [t] }); beyondSpread compares the size of their difference with prompts.spread.',
  },
  {
    id: '5.1',
    answer: 'l2Accuracy: the unseen-style top-1 of a probe for each L2 strength (number[])',
    check: (acc: number[], c: { xTrain: tf.Tensor2D; yTrain: ArrayLike<number>; xUnseen: tf.Tensor2D; yUnseen: number[]; classNames: string[]; l2Values: number[]; steps: number }) => {
      const truth = c.l2Values.map((l2) => {
        const p = fitLinearProbe(c.xTrain, c.yTrain, c.classNames.length, { l2, steps: c.steps });
        const s = p.predict(c.xUnseen);
        const top1 = classificationReport(s.dataSync(), c.yUnseen, c.classNames).top1;
        s.dispose();
        p.dispose();
        return top1;
      });
      return close(acc, truth, 1e-6);
    },
    hint: 'One cw.fitLinearProbe per L2 value with { l2, steps: PROBE_STEPS }; predict xUnseen and take cw.classificationReport(...).top1; dispose each probe.',
  },
  {
    id: '5.2',
    answer: 'items: cw.GroupedBarItem[] with { group: class, series: "zero-shot" or "linear probe", value: accuracy } for every class with test images',
    check: (items: Array<{ group: string; series: string; value: number }>, c: { perClass: Array<{ name: string; n: number; zeroShot: number; probe: number }> }) => {
      // Classes without test images have no accuracy: they are left out.
      const want = c.perClass.filter((p) => p.n > 0).flatMap((p) => [
        { group: p.name, series: 'zero-shot', value: p.zeroShot },
        { group: p.name, series: 'linear probe', value: p.probe },
      ]);
      return items.length === want.length && want.every((w) => items.some((it) => it.group === w.group && it.series === w.series && Math.abs(it.value - w.value) < 1e-9));
    },
    hint: 'Two items per class that has test images (n > 0): one with series "zero-shot" and one with "linear probe", the class name as group and its accuracy as value.',
  },
];
