import * as tf from '@tensorflow/tfjs-core';
import { imageEmbeddings } from '../eval/embed';
import { classMembers } from '../eval/members';
import { classificationReport } from '../eval/metrics';
import { fitLinearProbe } from '../eval/probe';
import { zeroShotEvaluate } from '../eval/zeroshot';
import { loadRecipeDataset, probeRecipe, trainRecipe, workshopModel } from '../recipes';
import { seededRandom, shuffled } from '../runtime/seed';
import { compareAccuracies } from '../eval/compare';
import { ExperimentMeta, ExperimentOptions, metaOf, quickOf, roundTo } from './common';
import { unseenStyleSplit } from './emojiSplit';

/** Labelled images per class the probes get (the CLIP paper's Figure 6 doubles them the same way). */
export const PROBE_SHOTS = [1, 2, 4, 8, 16, 32, 64];

export interface ProbeShotsResult extends ExperimentMeta {
  heldoutStyle: string;
  n: number;
  classes: number;
  /** Top-1 on the unseen style of a probe fitted on k labelled training images per class. */
  probe: { k: number; top1: number }[];
  /** Zero-shot with the class names (no labels) on the same images. */
  zeroShot: number;
  /** Prompts built from the concepts of the labelled training images (they use training labels), on the same images. */
  memberConcepts: number;
  /** The smallest k from which every probe scores higher than zero-shot with class names beyond noise (the kit's rule), or null. */
  probeBeatsZeroShotFrom: number | null;
}

/** How many labels per class a linear probe needs to beat zero-shot on the unseen style. */
export async function probeShots(options: ExperimentOptions = {}): Promise<ProbeShotsResult> {
  const quick = quickOf(options);
  const rc = trainRecipe('emoji-clip', {}, { quick });
  const rp = probeRecipe('linear-probe', {}, { quick });
  const ds = await loadRecipeDataset(rc.dataset, { quiet: options.silent });
  const split = unseenStyleSplit(ds, rc);
  const clip = await workshopModel(rc, {}, { data: ds });
  try {
    const zs = await zeroShotEvaluate(clip, ds, { indices: split.unseenStyle, templates: [rc.template] });
    const members = await zeroShotEvaluate(clip, ds, { indices: split.unseenStyle, templates: [rc.template], promptNames: classMembers(ds, split.train) });
    const byClass = ds.classNames.map((_, c) => shuffled(split.train.filter((i) => ds.labels[i] === c), seededRandom(rp.seed + c)));
    const xTest = await imageEmbeddings(clip, ds, split.unseenStyle);
    const truth = split.unseenStyle.map((i) => ds.labels[i]);
    const probe: ProbeShotsResult['probe'] = [];
    for (const k of PROBE_SHOTS.filter((k) => k <= Math.max(...byClass.map((l) => l.length)))) {
      const rows = byClass.flatMap((l) => l.slice(0, k));
      const x = await imageEmbeddings(clip, ds, rows);
      const p = fitLinearProbe(x, rows.map((i) => ds.labels[i]), ds.classNames.length, { steps: rp.steps, learningRate: rp.learningRate, l2: rp.l2, seed: rp.seed });
      const s = p.predict(xTest);
      probe.push({ k, top1: roundTo(classificationReport(s.dataSync(), truth, ds.classNames).top1) });
      tf.dispose([x, s]);
      p.dispose();
    }
    xTest.dispose();
    const zeroShot = roundTo(zs.top1);
    const higher = (p: { top1: number }) => compareAccuracies({ label: 'probe', top1: p.top1, n: zs.n }, { label: 'zero-shot', top1: zeroShot, n: zs.n }).verdict === 'higher';
    const from = probe.findIndex((_, j) => probe.slice(j).every(higher));
    return { ...metaOf('probe-shots', quick, [rc, rp]), heldoutStyle: split.heldoutStyle, n: zs.n, classes: zs.classes, probe, zeroShot, memberConcepts: roundTo(members.top1), probeBeatsZeroShotFrom: from >= 0 ? probe[from].k : null };
  } finally {
    clip.dispose();
  }
}
