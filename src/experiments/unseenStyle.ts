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

/** The methods compared, in chart order. */
export const UNSEEN_STYLE_METHODS = ['traditional classifier', 'linear probe', 'zero-shot: member concepts', 'zero-shot: class names'] as const;
export type UnseenStyleMethod = (typeof UNSEEN_STYLE_METHODS)[number];

export interface UnseenStyleResult extends ExperimentMeta {
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
  /** Per-class top-1 on the unseen style, zero-shot (members) and probe. */
  perClass: { name: string; n: number; zeroShot: number; probe: number }[];
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
      groups[group] = {
        'traditional classifier': accuracyOf(evaluateClassifier(clf, ds, idx)),
        'linear probe': accuracyOf(probeR),
        'zero-shot: member concepts': accuracyOf(members_),
        'zero-shot: class names': accuracyOf(await zeroShotEvaluate(clip, ds, { indices: idx, templates: [rc.template] })),
      };
      if (group === 'unseenStyle') {
        perClass = ds.classNames.map((name, c) => ({ name, n: members_.perClass[c].n, zeroShot: roundTo(members_.perClass[c].accuracy), probe: roundTo(probeR.perClass[c].accuracy) }));
      }
    }
  } finally {
    probe.dispose();
    clf.dispose();
    clip.dispose();
  }
  const styles = rc.dataset.styles ?? [];
  return {
    ...metaOf('unseen-style', quick, [rc, rk, rp]),
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
