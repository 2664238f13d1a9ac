import { loadEmoji } from '../data/emoji';
import { labelledIndices, splitIndices } from '../data/batch';
import { EmojiStyle } from '../data/emoji-data';
import { ImageTextDataset } from '../data/types';
import { createToyClip, defaultBatchSize, trainClip } from '../train/clipTrainer';
import { createToyClassifier, trainClassifier } from '../train/classifierTrainer';
import { zeroShotEvaluate } from '../eval/zeroshot';
import { evaluateClassifier } from '../eval/classifier';
import { linearProbeEvaluate } from '../eval/probe';
import { EMOJI_AUGMENT } from '../train/augment';

/** Issue 4's emoji protocol: two styles held out of training, one in colour and one line art. */
export const EMOJI_HELDOUT_STYLES: readonly EmojiStyle[] = ['openmoji-color', 'openmoji-black'];

/**
 * The same images labelled by concept instead of subgroup: every concept is a class, named by its
 * English label (for zero-shot over all ~1,570 concepts).
 */
export function conceptView(ds: ImageTextDataset): ImageTextDataset {
  const names = [...new Set(ds.meta.map((m) => m.concept))];
  const index = new Map(names.map((n, i) => [n, i]));
  return { ...ds, classNames: names, labels: Int32Array.from(ds.meta, (m) => index.get(m.concept)!) };
}

export interface EmojiStyleResult {
  style: string;
  images: number;
  conceptTop1: number;
  conceptTop5: number;
  concepts: number;
  tenClassZeroShotTop1: number;
  tenClassClassifierTop1: number;
  tenClassProbeTop1: number;
  tenClassN: number;
}

export interface EmojiComparison {
  trainStyles: string[];
  heldoutStyles: string[];
  clip: { seconds: number; steps: number; msPerStep: number; clock: string };
  classifier: { seconds: number; steps: number };
  template: string;
  perStyle: EmojiStyleResult[];
}

/**
 * Trains the toy CLIP and the traditional classifier (both with random zoom, shift, mirror and grey)
 * on four emoji styles and compares, on each
 * held-out style: zero-shot over all concepts, zero-shot over the 10 classes, the classifier and
 * the linear probe.
 */
export async function emojiComparison(options: { seconds?: number; classifierSeconds?: number; seed?: number; clock?: 'wall' | 'cpu'; template?: string } = {}): Promise<EmojiComparison> {
  const seed = options.seed ?? 42;
  const ds = await loadEmoji({ testStyles: EMOJI_HELDOUT_STYLES, testFraction: 0, seed });
  const train = splitIndices(ds, 'train');
  const template = options.template ?? 'a {}';
  const clip = createToyClip(ds, { size: 'emoji', seed });
  const classifier = createToyClassifier(ds, { size: 'emoji', seed });
  try {
    const rc = await trainClip(clip, ds, { seconds: options.seconds ?? 300, seed, batchSize: defaultBatchSize('emoji'), clock: options.clock, augment: EMOJI_AUGMENT, progressLabel: 'bench: train emoji clip' });
    const rk = await trainClassifier(classifier, ds, { seconds: options.classifierSeconds ?? options.seconds ?? 300, seed, batchSize: 64, clock: options.clock, augment: EMOJI_AUGMENT, progressLabel: 'bench: train emoji classifier' });
    const concepts = conceptView(ds);
    const perStyle: EmojiStyleResult[] = [];
    for (const style of EMOJI_HELDOUT_STYLES) {
      const idx = ds.meta.map((m, i) => (m.style === style ? i : -1)).filter((i) => i >= 0);
      const labelled = labelledIndices(ds, idx);
      const all = await zeroShotEvaluate(clip, concepts, { indices: idx, templates: ['{}'] });
      const ten = await zeroShotEvaluate(clip, ds, { indices: labelled, templates: [template] });
      const cls = evaluateClassifier(classifier, ds, labelled);
      const probe = await linearProbeEvaluate(clip, ds, labelledIndices(ds, train), labelled);
      perStyle.push({
        style,
        images: idx.length,
        conceptTop1: all.top1,
        conceptTop5: all.top5,
        concepts: all.classes,
        tenClassZeroShotTop1: ten.top1,
        tenClassClassifierTop1: cls.top1,
        tenClassProbeTop1: probe.top1,
        tenClassN: ten.n,
      });
    }
    return {
      trainStyles: ds.styles.filter((s) => !EMOJI_HELDOUT_STYLES.includes(s)),
      heldoutStyles: [...EMOJI_HELDOUT_STYLES],
      clip: { seconds: rc.seconds, steps: rc.steps, msPerStep: rc.msPerStep, clock: options.clock ?? 'wall' },
      classifier: { seconds: rk.seconds, steps: rk.steps },
      template,
      perStyle,
    };
  } finally {
    clip.dispose();
    classifier.dispose();
  }
}
