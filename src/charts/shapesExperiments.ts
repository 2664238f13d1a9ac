import { splitIndices } from '../data/batch';
import { loadShapes } from '../data/shapes';
import { evaluateClassifier } from '../eval/classifier';
import { ClassificationReport } from '../eval/metrics';
import { zeroShotEvaluate } from '../eval/zeroshot';
import { seededRandom, shuffled } from '../runtime/seed';
import { fillTemplate } from '../text/templates';
import { createToyClassifier, trainClassifier } from '../train/classifierTrainer';
import { createToyClip, defaultBatchSize, trainClip } from '../train/clipTrainer';
import type { ChartSpec } from '../viz/common';
import { imageGrid } from '../viz/imageGrid';
import { datasetThumbnails } from '../viz/thumbnails';
import { MAIN_TEMPLATE, PROMPT_VARIANTS } from './prompts-data';
import { Accuracy, ChartResults } from './results';
import { similarityMatrix, similarityStats } from './similarity';
import { ChartSizes } from './sizes';
import { similaritySpec, trainingSpec } from './specs';

/** The parts of results.json the shapes experiments fill. */
export type ShapesResults = Pick<ChartResults, 'data' | 'training' | 'similarity' | 'traditional' | 'zeroShot' | 'chance' | 'prompts' | 'promptsBest'>;

/** The toy CLIP's named size used for the slides (src/models/configs.ts). */
export const SHAPES_MODEL = 'shapes';

/** Trainers run until the step cap: the same seed then gives the same number of steps on any machine. */
const UNTIL_MAX_STEPS = 1_000_000;

/** Accuracy fields of a report, rounded so that results.json diffs stay readable. */
export function accuracyFields(r: ClassificationReport): Accuracy {
  return { top1: roundTo(r.top1), n: r.n, classes: r.classes };
}

/** Rounds to 4 decimals (0.1 percentage point is the precision the slides show). */
export function roundTo(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * The shapes experiments of the slides: train the tiny CLIP, the similarity matrix before / after,
 * zero-shot on seen and never-seen colour–shape combinations, prompt variants, and the traditional
 * classifier on the same images. Returns the figures and the chart specs by file name.
 */
export async function runShapesExperiments(sizes: ChartSizes, seed: number, silent = false): Promise<{ results: ShapesResults; charts: Record<string, ChartSpec> }> {
  const ds = loadShapes({ seed, perClass: sizes.perClass, testPerClass: sizes.testPerClass, heldoutPerClass: sizes.heldoutPerClass });
  const train = splitIndices(ds, 'train');
  const test = splitIndices(ds, 'test');
  const heldout = splitIndices(ds, 'heldout');
  const seenClasses = ds.classNames.filter((c) => !ds.heldout.includes(c));
  const charts: Record<string, ChartSpec> = {};

  // A sample of the training pairs, as the talk shows them.
  const sample = shuffled(train, seededRandom(seed + 1)).slice(0, 8);
  charts['shapes-pairs.svg'] = imageGrid(await datasetThumbnails(ds, sample, (i) => twoLines(ds.captions[i][3] ?? ds.captions[i][0])), {
    columns: 4,
    imageSize: 72,
    tileWidth: 230,
    captionLines: 2,
  });

  // One test image for each of N seen classes, with the text of its class.
  const simClasses = shuffled(seenClasses, seededRandom(seed + 2)).slice(0, sizes.similarityN);
  const simIndices = simClasses.map((c) => test.find((i) => ds.classNames[ds.labels[i]] === c)!);
  const simTexts = simClasses.map((c) => fillTemplate(MAIN_TEMPLATE, c));
  const thumbs = (await datasetThumbnails(ds, simIndices)).map((t) => t.image);

  // One model at a time: models made from the same seed share variable names in the tf engine.
  const model = createToyClip(ds, { size: SHAPES_MODEL, seed });
  let clipPart: Omit<ShapesResults, 'traditional'>;
  const batchSize = defaultBatchSize(SHAPES_MODEL);
  try {
    const before = await similarityMatrix(model, ds, simIndices, simTexts);
    const trained = await trainClip(model, ds, { seed, batchSize, maxSteps: sizes.clipSteps, epochs: UNTIL_MAX_STEPS, silent, progressLabel: 'charts: train tiny CLIP' });
    const after = await similarityMatrix(model, ds, simIndices, simTexts);
    charts['training.svg'] = trainingSpec(trained.history.steps);
    charts['similarity-before.svg'] = similaritySpec(before, simTexts, thumbs, 'before training');
    charts['similarity-after.svg'] = similaritySpec(after, simTexts, thumbs, 'after training');

    const zsTest = await zeroShotEvaluate(model, ds, { indices: test, templates: [MAIN_TEMPLATE] });
    const zsHeld = await zeroShotEvaluate(model, ds, { indices: heldout, templates: [MAIN_TEMPLATE] });
    const prompts: ShapesResults['prompts'] = {};
    for (const v of PROMPT_VARIANTS) {
      const t = await zeroShotEvaluate(model, ds, { indices: test, templates: v.templates });
      const h = await zeroShotEvaluate(model, ds, { indices: heldout, templates: v.templates });
      prompts[v.key] = { label: v.label, templates: [...v.templates], heldout: roundTo(h.top1), test: roundTo(t.top1) };
    }
    // Ties go to the earlier (simpler) variant.
    const bestKey = Object.keys(prompts).reduce((a, b) => (prompts[b].heldout > prompts[a].heldout ? b : a));

    const steps = trained.history.steps;
    const first = steps.slice(0, 10);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    clipPart = {
      data: {
        dataset: ds.name,
        imageSize: ds.size,
        classes: ds.classNames.length,
        seenClasses: seenClasses.length,
        heldoutClasses: ds.heldout.length,
        heldoutList: ds.heldout.join(', '),
        trainImages: train.length,
        testImages: test.length,
        heldoutImages: heldout.length,
      },
      training: {
        model: SHAPES_MODEL,
        batchSize,
        steps: trained.steps,
        epochs: trained.epochs,
        seconds: roundTo(trained.seconds, 1),
        // Means of the first and last 10 steps: one step is noisy.
        lossStart: roundTo(mean(first.map((s) => s.loss))),
        lossEnd: roundTo(trained.finalLoss),
        temperatureStart: roundTo(steps[0]?.temperature ?? NaN),
        temperatureEnd: roundTo(steps[steps.length - 1]?.temperature ?? NaN),
      },
      similarity: { n: simIndices.length, before: roundStats(similarityStats(before)), after: roundStats(similarityStats(after)) },
      zeroShot: { test: accuracyFields(zsTest), heldout: accuracyFields(zsHeld), template: MAIN_TEMPLATE },
      chance: { test: roundTo(1 / zsTest.classes), heldout: roundTo(1 / zsHeld.classes) },
      prompts,
      promptsBest: { key: bestKey, label: prompts[bestKey].label, heldout: prompts[bestKey].heldout },
    };
  } finally {
    model.dispose();
  }

  const clf = createToyClassifier(ds, { size: SHAPES_MODEL, seed });
  let traditional: ShapesResults['traditional'];
  try {
    const clfRun = await trainClassifier(clf, ds, { seed, batchSize, maxSteps: sizes.classifierSteps, epochs: UNTIL_MAX_STEPS, silent, progressLabel: 'charts: train traditional classifier' });
    traditional = {
      test: accuracyFields(evaluateClassifier(clf, ds, test)),
      heldout: accuracyFields(evaluateClassifier(clf, ds, heldout)),
      seconds: roundTo(clfRun.seconds, 1),
      epochs: clfRun.epochs,
    };
  } finally {
    clf.dispose();
  }

  return { results: { ...clipPart, traditional }, charts };
}

/** Breaks a caption at the space nearest its middle, for two-line tiles. */
function twoLines(text: string): string {
  const mid = text.length / 2;
  let best = -1;
  for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) if (best < 0 || Math.abs(i - mid) < Math.abs(best - mid)) best = i;
  return best < 0 ? text : `${text.slice(0, best)}\n${text.slice(best + 1)}`;
}

function roundStats(s: { diagonal: number; offDiagonal: number; matching: number }) {
  return { diagonal: roundTo(s.diagonal), offDiagonal: roundTo(s.offDiagonal), matching: roundTo(s.matching) };
}
