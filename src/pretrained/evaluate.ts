import * as tf from '@tensorflow/tfjs-core';
import { labelledIndices, splitIndices } from '../data/batch';
import { ImageTextDataset, Split } from '../data/types';
import { ClipLike } from '../models/clip';
import { imageEmbeddings } from '../eval/embed';
import { ClassificationReport, classificationReport } from '../eval/metrics';
import { LinearProbeOptions, fitLinearProbe } from '../eval/probe';
import { classEmbeddings, zeroShotLogits } from '../eval/zeroshot';
import { UserError } from '../runtime/errors';
import { DEFAULT_SEED, seededRandom, shuffled } from '../runtime/seed';
import { CIFAR_REFERENCE, CIFAR_TEMPLATES, ReferenceFigure, WORKSHOP_SINGLE_TEMPLATES } from './reference';

/** One zero-shot run: the templates used and the report. */
export interface ZeroShotRun {
  /** "a {}", "This is a picture of a {}", or "ensemble (18 templates)". */
  name: string;
  templates: string[];
  report: ClassificationReport;
}

/** Zero-shot runs and the linear probe of one CLIP on one dataset, as plain JSON. */
export interface PretrainedEvaluation {
  model: string;
  dataset: string;
  /** Images evaluated per split (after any limit). */
  testImages: number;
  trainImages: number;
  zeroShot: ZeroShotRun[];
  probe: ClassificationReport | null;
  /** Published / earlier figures for the same dataset, for comparison. */
  reference: ReferenceFigure[];
}

export interface PretrainedEvaluationOptions {
  /** Template sets to compare: name → templates. Default: the workshop's two single prompts and CLIP's CIFAR ensemble. */
  templateSets?: Record<string, readonly string[]>;
  /** Evaluate at most this many test images (seeded sample); CPU inference of ViT-B/32 runs ~10–50 images/s. */
  testLimit?: number;
  /** Fit the probe on at most this many training images (seeded sample). */
  trainLimit?: number;
  /** Skip the linear probe (zero-shot only). */
  probe?: boolean;
  probeOptions?: LinearProbeOptions;
  /** Split names (default 'test' and 'train'). */
  testSplit?: Split;
  trainSplit?: Split;
  seed?: number;
  batchSize?: number;
}

/** The default comparison: the two single prompts of the original workshop and CLIP's 18-template CIFAR ensemble. */
export function defaultTemplateSets(): Record<string, readonly string[]> {
  const sets: Record<string, readonly string[]> = {};
  for (const t of WORKSHOP_SINGLE_TEMPLATES) sets[t] = [t];
  sets[`ensemble (${CIFAR_TEMPLATES.length} templates)`] = CIFAR_TEMPLATES;
  return sets;
}

/** A seeded sample of at most `limit` indices, kept in dataset order. */
export function sampleIndices(indices: readonly number[], limit: number | undefined, seed: number): number[] {
  if (limit === undefined || limit >= indices.length) return [...indices];
  return shuffled(indices, seededRandom(seed)).slice(0, limit).sort((a, b) => a - b);
}

/**
 * Zero-shot classification with several prompt sets and the linear probe on frozen image features, for any CLIP
 * behind {@link ClipLike} (OpenAI's through transformers.js, an exported toy, or the toy itself) on a labelled
 * dataset with train and test splits — CIFAR-10/100 from the official archives, or a fixture in the same shape.
 */
export async function evaluatePretrained(model: ClipLike, ds: ImageTextDataset, options: PretrainedEvaluationOptions = {}): Promise<PretrainedEvaluation> {
  const seed = options.seed ?? DEFAULT_SEED;
  const test = sampleIndices(labelledIndices(ds, splitIndices(ds, options.testSplit ?? 'test')), options.testLimit, seed);
  if (test.length === 0) throw new UserError(`"${ds.name}" has no labelled ${options.testSplit ?? 'test'} images to evaluate.`);
  const labels = (idx: readonly number[]) => Array.from(idx, (i) => ds.labels[i]);
  // Image features once, shared by every prompt set and the probe (the expensive part with a ViT).
  const xTest = await imageEmbeddings(model, ds, test, options.batchSize);
  try {
    const zeroShot: ZeroShotRun[] = [];
    for (const [name, templates] of Object.entries(options.templateSets ?? defaultTemplateSets())) {
      const cls = await classEmbeddings(model, ds.classNames, templates);
      const logits = zeroShotLogits(xTest, cls, 1);
      zeroShot.push({ name, templates: [...templates], report: classificationReport(logits.dataSync(), labels(test), ds.classNames) });
      tf.dispose([cls, logits]);
    }
    let probe: ClassificationReport | null = null;
    let trainImages = 0;
    if (options.probe !== false) {
      const train = sampleIndices(labelledIndices(ds, splitIndices(ds, options.trainSplit ?? 'train')), options.trainLimit, seed + 1);
      trainImages = train.length;
      if (train.length > 0) {
        const xTrain = await imageEmbeddings(model, ds, train, options.batchSize);
        const fitted = fitLinearProbe(xTrain, labels(train), ds.classNames.length, { seed, ...options.probeOptions });
        const scores = fitted.predict(xTest);
        probe = classificationReport(scores.dataSync(), labels(test), ds.classNames);
        tf.dispose([xTrain, scores]);
        fitted.dispose();
      }
    }
    return {
      model: model.description,
      dataset: ds.name,
      testImages: test.length,
      trainImages,
      zeroShot,
      probe,
      reference: CIFAR_REFERENCE.filter((r) => r.dataset === ds.name),
    };
  } finally {
    xTest.dispose();
  }
}
