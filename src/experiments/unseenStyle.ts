import * as tf from '@tensorflow/tfjs-core';
import { evaluateClassifier } from '../eval/classifier';
import { imageEmbeddings } from '../eval/embed';
import { classMembers } from '../eval/members';
import { classificationReport, ClassificationReport } from '../eval/metrics';
import { fitLinearProbe } from '../eval/probe';
import { zeroShotEvaluate } from '../eval/zeroshot';
import { ToyClip } from '../models/clip';
import { loadRecipeDataset, probeRecipe, stableJson, trainRecipe, workshopModel } from '../recipes';
import { ProbeRecipe } from '../recipes/types';
import { fillTemplate } from '../text/templates';
import { UserError } from '../runtime/errors';
import { accuracyOf, Accuracy, ExperimentMeta, ExperimentOptions, metaOf, quickOf, roundTo } from './common';
import { unseenStyleSplit } from './emojiSplit';
import { ImageTextDataset } from '../data/types';

/** The methods compared, in chart order: zero-shot (class names, no labels) beside the prompts built from training labels. */
export const UNSEEN_STYLE_METHODS = ['traditional classifier', 'linear probe', 'zero-shot: class names', 'zero-shot: member concepts'] as const;
export type UnseenStyleMethod = (typeof UNSEEN_STYLE_METHODS)[number];

/**
 * What each method learned from, for legends and sentences: zero-shot proper uses the class names only;
 * member prompts list the concepts of the labelled training images, so they use training labels.
 */
export const UNSEEN_STYLE_METHOD_LABELS: Record<UnseenStyleMethod, string> = {
  'traditional classifier': 'traditional classifier (training labels)',
  'linear probe': 'linear probe (training labels)',
  'zero-shot: class names': 'zero-shot: class names (no labels)',
  'zero-shot: member concepts': 'member concepts (from training labels)',
};

export interface UnseenStyleResult extends ExperimentMeta {
  /** What the two groups of images are and what their comparison measures, in one paragraph. */
  description: string;
  trainStyles: string[];
  heldoutStyle: string;
  classes: number;
  classList: string;
  /** Concepts in the test: never trained on, each drawn in the training styles and in the held-out one. */
  concepts: number;
  template: string;
  /** Words of the class-name prompts the CLIP never read (they all read as one unknown token). */
  unknownClassNameWords: string[];
  /** Top-1 of each method on each group of images; every method sees exactly these images. */
  groups: { seenStyle: Record<UnseenStyleMethod, Accuracy>; unseenStyle: Record<UnseenStyleMethod, Accuracy> };
  /** Per-class top-1 on the unseen style: zero-shot with class names, member-concept prompts, and the probe. */
  perClass: { name: string; n: number; zeroShot: number; memberConcepts: number; probe: number }[];
  chance: number;
}

/** Probe scores of `x` as a report; the probe stays with the caller. */
function probeReport(predict: (x: tf.Tensor2D) => tf.Tensor2D, x: tf.Tensor2D, labels: number[], names: string[]): ClassificationReport {
  const s = predict(x);
  const r = classificationReport(s.dataSync(), labels, names);
  s.dispose();
  return r;
}

/** A linear probe fitted on the frozen embeddings of `train`, with the probe recipe's settings; the caller disposes. */
export async function fitProbeOn(clip: ToyClip, ds: ImageTextDataset, train: number[], p: ProbeRecipe) {
  const x = await imageEmbeddings(clip, ds, train);
  const probe = fitLinearProbe(x, train.map((i) => ds.labels[i]), ds.classNames.length, { steps: p.steps, learningRate: p.learningRate, l2: p.l2, seed: p.seed });
  x.dispose();
  return probe;
}

/**
 * The traditional classifier, the linear probe and zero-shot on the same emoji: concepts none of them
 * trained on, drawn in the training styles and in a style none of them saw.
 */
export async function unseenStyle(options: ExperimentOptions = {}): Promise<UnseenStyleResult> {
  const quick = quickOf(options);
  const rc = trainRecipe('emoji-clip', {}, { quick });
  const rk = trainRecipe('emoji-classifier', {}, { quick });
  const rp = probeRecipe('linear-probe', {}, { quick });
  if (stableJson(rc.dataset) !== stableJson(rk.dataset)) throw new UserError('The recipes emoji-clip and emoji-classifier must train on the same dataset for a fair comparison.');
  const ds = await loadRecipeDataset(rc.dataset, { quiet: options.silent });
  const split = unseenStyleSplit(ds, rc);
  const members = classMembers(ds, split.train);
  const clip = await workshopModel(rc, {}, { data: ds });
  const clf = await workshopModel(rk as typeof rk & { kind: 'classifier' }, {}, { data: ds });
  const probe = await fitProbeOn(clip, ds, split.train, rp);
  const unknown = [...new Set(ds.classNames.flatMap((n) => clip.unknownWords(fillTemplate(rc.template, n))))];
  const groups = {} as UnseenStyleResult['groups'];
  let perClass: UnseenStyleResult['perClass'] = [];
  try {
    for (const group of ['seenStyle', 'unseenStyle'] as const) {
      const idx = split[group];
      const x = await imageEmbeddings(clip, ds, idx);
      const probeR = probeReport(probe.predict, x, idx.map((i) => ds.labels[i]), ds.classNames);
      x.dispose();
      const members_ = await zeroShotEvaluate(clip, ds, { indices: idx, templates: [rc.template], promptNames: members });
      const names = await zeroShotEvaluate(clip, ds, { indices: idx, templates: [rc.template] });
      groups[group] = {
        'traditional classifier': accuracyOf(evaluateClassifier(clf, ds, idx)),
        'linear probe': accuracyOf(probeR),
        'zero-shot: class names': accuracyOf(names),
        'zero-shot: member concepts': accuracyOf(members_),
      };
      if (group === 'unseenStyle') {
        perClass = ds.classNames.map((name, c) => ({
          name,
          n: names.perClass[c].n,
          zeroShot: roundTo(names.perClass[c].accuracy),
          memberConcepts: roundTo(members_.perClass[c].accuracy),
          probe: roundTo(probeR.perClass[c].accuracy),
        }));
      }
    }
  } finally {
    probe.dispose();
    clf.dispose();
    clip.dispose();
  }
  const styles = rc.dataset.styles ?? [];
  const heldPct = Math.round((rc.dataset.testFraction ?? 0) * 100);
  return {
    ...metaOf('unseen-style', quick, [rc, rk, rp]),
    description:
      `${heldPct} % of the emoji concepts never reach training, in any style; the test images are those of the ${ds.classNames.length} classes, ` +
      `drawn in the training styles (seenStyle, ${groups.seenStyle['traditional classifier'].n} images) and in ${split.heldoutStyle}, a style no model saw ` +
      `(unseenStyle, ${groups.unseenStyle['traditional classifier'].n} images). Same concepts in both groups, so their difference measures the style alone; ` +
      `holding out ${heldPct} % of the concepts gives the unseen style ${groups.unseenStyle['traditional classifier'].n >= 200 ? 'at least 200' : 'only'} images, ` +
      `so the 95 % interval of an accuracy there is at most ±${Math.round(98 / Math.sqrt(groups.unseenStyle['traditional classifier'].n))} points. ` +
      `"zero-shot: class names" prompts with the class names only (no labels); "zero-shot: member concepts" prompts with the concepts of the labelled training images.`,
    trainStyles: styles.filter((s) => s !== split.heldoutStyle),
    heldoutStyle: split.heldoutStyle,
    classes: ds.classNames.length,
    classList: ds.classNames.join(', '),
    concepts: split.concepts,
    template: rc.template,
    unknownClassNameWords: unknown,
    groups,
    perClass,
    chance: roundTo(1 / ds.classNames.length),
  };
}
