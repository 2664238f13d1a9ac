import { splitIndices, labelledIndices } from '../data/batch';
import { loadEmoji } from '../data/emoji';
import { evaluateClassifier } from '../eval/classifier';
import { zeroShotEvaluate } from '../eval/zeroshot';
import { createToyClassifier, trainClassifier } from '../train/classifierTrainer';
import { createToyClip, trainClip } from '../train/clipTrainer';
import { ChartResults } from './results';
import { accuracyFields, roundTo } from './shapesExperiments';
import { ChartSizes } from './sizes';

/** The toy CLIP's named size for emoji (src/models/configs.ts). */
export const EMOJI_MODEL = 'emoji';

/** Concepts put in the test split (all their styles): the same unseen concepts are drawn in seen and unseen styles. */
const TEST_FRACTION = 0.3;

/** Prompt of the emoji class names ("mammal", "vehicle" …): the bare name, the wording of the emoji labels. */
const EMOJI_TEMPLATES = ['{}'];

/**
 * The unseen-style experiment: train the tiny CLIP and the traditional classifier on some emoji styles,
 * then classify the 10 subgroup classes on concepts neither model saw, drawn in the training styles and
 * in a style never seen in training. Same concepts in both, so the difference is the style alone.
 */
export async function runUnseenStyleExperiment(sizes: ChartSizes, seed: number, silent = false): Promise<ChartResults['unseenStyle']> {
  const start = Date.now();
  const held = sizes.heldoutStyle;
  const ds = await loadEmoji({ styles: [...sizes.trainStyles, held], testStyles: [held], testFraction: TEST_FRACTION, seed, limit: sizes.emojiLimit, quiet: silent });
  const test = labelledIndices(ds, splitIndices(ds, 'test'));
  const seenStyle = test.filter((i) => ds.meta[i].style !== held);
  const testConcepts = new Set(seenStyle.map((i) => ds.meta[i].concept));
  const unseenStyle = test.filter((i) => ds.meta[i].style === held && testConcepts.has(ds.meta[i].concept));

  // One model at a time: models made from the same seed share variable names in the tf engine.
  const clip = createToyClip(ds, { size: EMOJI_MODEL, seed });
  let zsSeen, zsUnseen;
  try {
    await trainClip(clip, ds, { seed, batchSize: sizes.styleBatchSize, maxSteps: sizes.styleClipSteps, epochs: 1_000_000, silent, progressLabel: 'charts: train tiny CLIP on emoji' });
    zsSeen = await zeroShotEvaluate(clip, ds, { indices: seenStyle, templates: EMOJI_TEMPLATES });
    zsUnseen = await zeroShotEvaluate(clip, ds, { indices: unseenStyle, templates: EMOJI_TEMPLATES });
  } finally {
    clip.dispose();
  }
  const clf = createToyClassifier(ds, { size: EMOJI_MODEL, seed });
  let clfSeen, clfUnseen;
  try {
    await trainClassifier(clf, ds, { seed, batchSize: sizes.styleBatchSize, maxSteps: sizes.styleClassifierSteps, epochs: 1_000_000, silent, progressLabel: 'charts: train emoji classifier' });
    clfSeen = evaluateClassifier(clf, ds, seenStyle);
    clfUnseen = evaluateClassifier(clf, ds, unseenStyle);
  } finally {
    clf.dispose();
  }
  return {
    dataset: ds.name,
    trainStyles: [...sizes.trainStyles],
    trainStyleList: sizes.trainStyles.join(', '),
    heldoutStyle: held,
    classes: ds.classNames.length,
    classList: ds.classNames.join(', '),
    concepts: testConcepts.size,
    zeroShot: accuracyFields(zsUnseen),
    zeroShotSeenStyle: accuracyFields(zsSeen),
    traditional: accuracyFields(clfUnseen),
    traditionalSeenStyle: accuracyFields(clfSeen),
    chance: roundTo(1 / ds.classNames.length),
    seconds: roundTo((Date.now() - start) / 1000, 1),
  };
}
