import { labelledIndices, splitIndices } from '../data/batch';
import { EmojiStyle } from '../data/emoji-data';
import type { EmojiDataset } from '../data/emoji';
import { ImageTextDataset } from '../data/types';
import { zeroShotEvaluate } from '../eval/zeroshot';
import { evaluateClassifier } from '../eval/classifier';
import { linearProbeEvaluate } from '../eval/probe';
import { classMembers } from '../eval/members';
import { EMOJI_CONCEPT_TEMPLATES, EMOJI_MEMBER_TEMPLATES, fillTemplate } from '../text/templates';
import { loadRecipeDataset, probeRecipe, recipeHash, stableJson, trainRecipe, workshopModel, workshopRun } from '../recipes';
import { UserError } from '../runtime/errors';

/**
 * The same images labelled by concept instead of subgroup: every concept is a class, named by its
 * English label (for zero-shot over all ~1,570 concepts).
 */
export function conceptView(ds: ImageTextDataset): ImageTextDataset {
  const names = [...new Set(ds.meta.map((m) => m.concept))];
  const index = new Map(names.map((n, i) => [n, i]));
  return { ...ds, classNames: names, labels: Int32Array.from(ds.meta, (m) => index.get(m.concept)!) };
}

/** What the benchmark's zero-shot classifiers put into their prompts. */
export interface EmojiPrompts {
  /** Templates of the all-concept classifier (filled with each concept's English label). */
  conceptTemplates: readonly string[];
  /** Per class of the 10, its members: the concepts of its subgroup among the training images. */
  members: string[][];
  /** Templates filled with every member, averaged per class. */
  memberTemplates: readonly string[];
  /** Template of the class-name prompts ("a mammal"), kept for the lesson that members beat abstract names. */
  nameTemplate: string;
}

/**
 * The prompts of the emoji comparison, from the training images only (`trainIndices`): the held-out
 * styles' labels never reach a prompt.
 */
export function emojiPrompts(ds: ImageTextDataset, trainIndices: readonly number[], nameTemplate = 'a {}'): EmojiPrompts {
  return { conceptTemplates: EMOJI_CONCEPT_TEMPLATES, members: classMembers(ds, trainIndices), memberTemplates: EMOJI_MEMBER_TEMPLATES, nameTemplate };
}

export interface EmojiStyleResult {
  style: string;
  images: number;
  conceptTop1: number;
  conceptTop5: number;
  concepts: number;
  /** Zero-shot over the 10 classes, each prompted by its members (the training concepts of its subgroup). */
  tenClassZeroShotTop1: number;
  /** The same with the abstract class names ("a mammal"). */
  tenClassZeroShotNamesTop1: number;
  tenClassClassifierTop1: number;
  tenClassProbeTop1: number;
  tenClassN: number;
}

export interface EmojiComparison {
  experiment: 'emoji-benchmark';
  recipes: Record<string, string>;
  trainStyles: string[];
  heldoutStyles: string[];
  clip: { seconds: number; steps: number; msPerStep: number; batchSize: number; weightDecay: number };
  classifier: { seconds: number; steps: number };
  /** Template of the class-name prompts. */
  template: string;
  /**
   * Templates of the concept and member prompts, how many members each class has, and the words of the
   * class-name prompts the CLIP never read in training (they all read as one unknown token).
   */
  prompts: { conceptTemplates: readonly string[]; memberTemplates: readonly string[]; membersPerClass: number[]; unknownClassNameWords: string[] };
  perStyle: EmojiStyleResult[];
}

/**
 * The benchmark's emoji comparison from its recipes (emoji-clip-bench, emoji-classifier-bench, linear-probe):
 * on each held-out style, zero-shot over all concepts, zero-shot over the 10 classes (prompts naming each
 * class's members, and its bare name), the classifier and the linear probe. Models come from the cache when
 * the same recipes trained them before.
 */
export async function emojiComparison(options: { quick?: boolean; silent?: boolean } = {}): Promise<EmojiComparison> {
  const quick = options.quick;
  const rc = trainRecipe('emoji-clip-bench', {}, { quick });
  const rk = trainRecipe('emoji-classifier-bench', {}, { quick });
  const rp = probeRecipe('linear-probe', {}, { quick });
  if (stableJson(rc.dataset) !== stableJson(rk.dataset)) throw new UserError('The recipes emoji-clip-bench and emoji-classifier-bench must train on the same dataset.');
  const ds = await loadRecipeDataset(rc.dataset, { quiet: options.silent ?? true });
  const heldoutStyles = (rc.dataset.testStyles ?? []) as EmojiStyle[];
  const train = splitIndices(ds, 'train');
  const prompts = emojiPrompts(ds, train);
  const template = prompts.nameTemplate;
  const hooks = { silent: options.silent ?? true };
  const runC = await workshopRun(rc, {}, { data: ds, hooks });
  const runK = await workshopRun(rk, {}, { data: ds, hooks });
  const clip = await workshopModel(rc, {}, { data: ds });
  const classifier = await workshopModel(rk as typeof rk & { kind: 'classifier' }, {}, { data: ds });
  try {
    const concepts = conceptView(ds);
    const perStyle: EmojiStyleResult[] = [];
    for (const style of heldoutStyles) {
      const idx = ds.meta.map((m, i) => (m.style === style ? i : -1)).filter((i) => i >= 0);
      const labelled = labelledIndices(ds, idx);
      const all = await zeroShotEvaluate(clip, concepts, { indices: idx, templates: prompts.conceptTemplates });
      const ten = await zeroShotEvaluate(clip, ds, { indices: labelled, templates: prompts.memberTemplates, promptNames: prompts.members });
      const names = await zeroShotEvaluate(clip, ds, { indices: labelled, templates: [template] });
      const cls = evaluateClassifier(classifier, ds, labelled);
      const probe = await linearProbeEvaluate(clip, ds, labelledIndices(ds, train), labelled, { steps: rp.steps, learningRate: rp.learningRate, l2: rp.l2, seed: rp.seed });
      perStyle.push({
        style,
        images: idx.length,
        conceptTop1: all.top1,
        conceptTop5: all.top5,
        concepts: all.classes,
        tenClassZeroShotTop1: ten.top1,
        tenClassZeroShotNamesTop1: names.top1,
        tenClassClassifierTop1: cls.top1,
        tenClassProbeTop1: probe.top1,
        tenClassN: ten.n,
      });
    }
    return {
      experiment: 'emoji-benchmark',
      recipes: { [rc.name]: recipeHash(rc), [rk.name]: recipeHash(rk), [rp.name]: recipeHash(rp) },
      trainStyles: (ds as EmojiDataset).styles.filter((s) => !heldoutStyles.includes(s)),
      heldoutStyles: [...heldoutStyles],
      clip: { seconds: runC.seconds, steps: runC.steps, msPerStep: runC.steps ? (runC.seconds * 1000) / runC.steps : NaN, batchSize: runC.batchSize, weightDecay: rc.weightDecay },
      classifier: { seconds: runK.seconds, steps: runK.steps },
      template,
      prompts: {
        conceptTemplates: prompts.conceptTemplates,
        memberTemplates: prompts.memberTemplates,
        membersPerClass: prompts.members.map((m) => m.length),
        unknownClassNameWords: [...new Set(ds.classNames.flatMap((n) => clip.unknownWords(fillTemplate(template, n))))],
      },
      perStyle,
    };
  } finally {
    clip.dispose();
    classifier.dispose();
  }
}
