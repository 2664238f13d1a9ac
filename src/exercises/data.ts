import * as tf from '@tensorflow/tfjs-core';
import { imageBatch } from '../data/batch';
import type { ImageTextDataset } from '../data/types';
import { compareAccuracies } from '../eval/compare';
import { classificationReport } from '../eval/metrics';
import { fitLinearProbe } from '../eval/probe';
import { evaluateClassifier } from '../eval/classifier';
import type { LinearProbe } from '../eval/probe';
import { labelProbabilities, zeroShotEvaluate } from '../eval/zeroshot';
import type { ToyClassifier } from '../models/classifier';
import { ToyClip, type ClipLike } from '../models/clip';
import { loadModel } from '../models/io';
import { hasWorkshopModel, workshopModelDir } from '../recipes/cache';
import { trainRecipe } from '../recipes/load';
import { createRecipeModel } from '../recipes/train';
import type { TrainRecipe } from '../recipes/types';
import type { TrainResult } from '../train/loop';
import { splitWords } from '../text/tokenizer';
import { clipLoss } from '../train/loss';
import { close, inBatches, rowArgmax, rowsOf, sameWeights } from './helpers';
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
    answer: '{ steps, model, report }: the step count of your shorter training, its model, and cw.evaluateClassifier of that model on testIdx',
    // What was done, not what is claimed: the model must be the one the recipe with these steps trained (the
    // cache keeps it under that recipe's hash), and the report must be that model's own on the test images.
    check: (a: { steps: number; model: ToyClassifier; report: { n: number; confusion: number[][] } }, c: { recipe: TrainRecipe; emoji: ImageTextDataset; testIdx: number[] }) => {
      if (!Number.isInteger(a.steps) || a.steps <= 0 || a.steps >= (c.recipe.steps ?? 0)) return false;
      const r = trainRecipe(c.recipe, { steps: a.steps });
      if (!hasWorkshopModel(r)) return false;
      const trained = loadModel(workshopModelDir(r));
      try {
        if (!sameWeights(trained, a.model)) return false;
      } finally {
        trained.dispose();
      }
      const again = evaluateClassifier(a.model, c.emoji, c.testIdx);
      return again.n === a.report.n && close(again.confusion.flat(), a.report.confusion.flat(), 0);
    },
    hint: 'Train with cw.trainWorkshopModel(RECIPE, { steps: shortSteps }, { data: emoji }) and pass its model (before disposing it) with its step count and its own report on testIdx.',
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
    answer: '{ model, run, heldout }: your retrained model, what cw.trainClip returned, and the model\'s zero-shot report on the held-out combinations',
    // The run must be a training with batches of 8 within the step bound, the model a trained one other than
    // the notebook's own, and the report that model's, recomputed here.
    check: async (a: { model: ToyClip; run: TrainResult; heldout: { n: number; top1: number; predictions: number[] } }, c: { recipe: TrainRecipe; ds: ImageTextDataset; indices: number[]; template: string; maxSteps: number; trained: ToyClip }) => {
      if (!(a.model instanceof ToyClip) || a.run.batchSize !== 8 || !(a.run.steps > 0 && a.run.steps <= c.maxSteps) || a.run.history.steps.length !== a.run.steps) return false;
      const again = await zeroShotEvaluate(a.model, c.ds, { indices: c.indices, templates: [c.template] });
      if (again.n !== a.heldout.n || again.top1 !== a.heldout.top1 || !close(again.predictions, a.heldout.predictions, 0)) return false;
      if (sameWeights(a.model, c.trained)) return false;
      const untrained = createRecipeModel(c.recipe, c.ds);
      try {
        return !sameWeights(a.model, untrained);
      } finally {
        untrained.dispose();
      }
    },
    hint: 'Start from the untrained recipe model (cw.createRecipeModel), train it with cw.trainClip and batches of 8 for at most maxSteps steps, then pass that model, the object trainClip returned and cw.zeroShotEvaluate of that model on the held-out indices.',
  },
  {
    id: '4.1',
    answer: '{ labels, probs }: your label list and the probabilities the model gives the photo for each',
    check: async (a: { labels: string[]; probs: number[] }, c: { model: ClipLike; photo: tf.Tensor4D }) => {
      if (!Array.isArray(a.labels) || a.labels.length < 2 || new Set(a.labels).size !== a.labels.length) return false;
      // Labels of words the model never read are all one [UNK] to it: their probabilities say nothing.
      if (a.labels.some((l) => c.model.unknownWords(l).length > 0)) return false;
      const p = await labelProbabilities(c.model, c.photo, a.labels);
      const truth = rowsOf(p)[0];
      return close(a.probs, truth, 1e-4);
    },
    hint: 'Use at least two different labels of words the model knows (model.unknownWords(label) lists the others); cw.labelProbabilities(model, photoTensor, labels) gives a [1, labels] tensor: read its row with .data() and dispose it.',
  },
  {
    id: '4.2',
    answer: '{ template, heldout, baseline, beyondNoise }: your template\'s held-out top-1, that of "a {}", and whether the kit\'s noise rule (cw.compareAccuracies) finds them different',
    check: async (a: { template: string; heldout: number; baseline: number; beyondNoise: boolean }, c: { model: ClipLike; ds: ImageTextDataset; indices: number[]; baselineTemplate: string; spread: number; shown: string[] }) => {
      if (typeof a.template !== 'string' || !a.template.includes('{}') || c.shown.includes(a.template) || typeof a.beyondNoise !== 'boolean') return false;
      const mine = (await zeroShotEvaluate(c.model, c.ds, { indices: c.indices, templates: [a.template] })).top1;
      const base = (await zeroShotEvaluate(c.model, c.ds, { indices: c.indices, templates: [c.baselineTemplate] })).top1;
      // No "win" is demanded: the answer is the measurement and an honest reading of it against the noise.
      // The one rule: beyond the larger of the seed spread and a 95 % interval for these images.
      const n = c.indices.length;
      const beyond = compareAccuracies({ label: a.template, top1: mine, n }, { label: c.baselineTemplate, top1: base, n }, c.spread).verdict !== 'same';
      return Math.abs(mine - a.heldout) < 1e-9 && Math.abs(base - a.baseline) < 1e-9 && a.beyondNoise === beyond;
    },
    hint: 'Evaluate your template and "a {}" with cw.zeroShotEvaluate(shapesClip, shapes, { indices: heldIdx, templates: [t] }); beyondNoise is whether cw.compareAccuracies (n: the held-out images, spread: prompts.spread) finds a difference.',
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
    answer: 'items: cw.GroupedBarItem[] with { group: class, series: "zero-shot" or "linear probe", value: accuracy } for every class with images among seenTestIdx',
    // Recomputed from the model and the probe on the images given: the experiment's per-class figures are for
    // the unseen style, so copying them is not this answer.
    check: async (items: Array<{ group: string; series: string; value: number }>, c: { model: ClipLike; ds: ImageTextDataset; indices: number[]; template: string; probe: LinearProbe; features: tf.Tensor2D }) => {
      const zs = await zeroShotEvaluate(c.model, c.ds, { indices: c.indices, templates: [c.template] });
      const scores = c.probe.predict(c.features);
      const probe = classificationReport(scores.dataSync(), c.indices.map((i) => c.ds.labels[i]), c.ds.classNames);
      scores.dispose();
      // Classes without images here have no accuracy: they are left out.
      const want = zs.perClass.flatMap((z, k) => (z.n > 0 ? [
        { group: z.name, series: 'zero-shot', value: z.accuracy },
        { group: z.name, series: 'linear probe', value: probe.perClass[k].accuracy },
      ] : []));
      return items.length === want.length && want.every((w) => items.some((it) => it.group === w.group && it.series === w.series && Math.abs(it.value - w.value) < 1e-6));
    },
    hint: 'Per class with images among seenTestIdx: the share of its images that zero-shot with the class names gets right (cw.zeroShotEvaluate gives predictions), and the share the probe gets right (probe.predict(xSeen), argmax per row).',
  },
];
