import { EmojiComparison, emojiComparison } from '../bench/emoji';
import { ShapesAccuracy, shapesAccuracy } from '../bench/accuracy';
import { probeRecipe, trainRecipe } from '../recipes/load';
import { Recipe } from '../recipes/types';
import { ExperimentOptions } from './common';
import { probeShots } from './probeShots';
import { promptVariants, promptVariantRecipes } from './promptVariants';
import { retrieval } from './retrieval';
import { shapesZeroShot } from './shapesZeroShot';
import { similarityBeforeAfter } from './similarity';
import { trainingCurve } from './trainingCurve';
import { unseenStyle } from './unseenStyle';

/** One experiment the workshop shows: what it measures, the recipes it runs, and the function that runs it. */
export interface Experiment {
  name: string;
  description: string;
  /** The recipes it trains or reads, in the order its result lists them. */
  recipes(quick: boolean): Recipe[];
  run(options: ExperimentOptions): Promise<object>;
  /** Where a person sees it. */
  shownIn: string[];
}

const clip = (quick: boolean, name: string, over = {}) => trainRecipe(name, over, { quick });

/** Every experiment, in the order `clip-workshop experiments` runs them (cheap ones first). */
export const EXPERIMENTS: Experiment[] = [
  { name: 'training-curve', description: 'the shapes CLIP trained with and without the same-concept mask: loss curves and held-out zero-shot', recipes: (q) => [clip(q, 'shapes-clip'), clip(q, 'shapes-clip', { maskSameConcept: false })], run: trainingCurve, shownIn: ['notebook 3', 'slides'] },
  { name: 'similarity', description: 'the batch similarity matrix of eight test images and their prompts, before and after training', recipes: (q) => [clip(q, 'shapes-clip')], run: similarityBeforeAfter, shownIn: ['slides'] },
  { name: 'retrieval', description: 'recall@1 and @5 of the shapes CLIP over one batch of test pairs, both directions', recipes: (q) => [clip(q, 'shapes-clip')], run: retrieval, shownIn: ['notebook 3'] },
  { name: 'shapes-zero-shot', description: 'the traditional classifier against zero-shot on seen and held-out colour–shape combinations', recipes: (q) => [clip(q, 'shapes-clip'), clip(q, 'shapes-classifier')], run: shapesZeroShot, shownIn: ['slides', 'quiz'] },
  { name: 'prompt-variants', description: 'zero-shot on the shapes with each prompt variant, over three training seeds', recipes: (q) => promptVariantRecipes(q), run: promptVariants, shownIn: ['notebook 4', 'slides'] },
  { name: 'unseen-style', description: 'classifier, linear probe and zero-shot on the same never-trained emoji concepts, in seen styles and in a style never seen', recipes: (q) => [clip(q, 'emoji-clip'), clip(q, 'emoji-classifier'), probeRecipe('linear-probe', {}, { quick: q })], run: unseenStyle, shownIn: ['notebook 4', 'notebook 5', 'slides', 'quiz'] },
  { name: 'probe-shots', description: 'linear probes on k labelled images per class against zero-shot on the unseen style', recipes: (q) => [clip(q, 'emoji-clip'), probeRecipe('linear-probe', {}, { quick: q })], run: probeShots, shownIn: ['notebook 5'] },
  { name: 'shapes-benchmark', description: 'the shapes CLIP within the step and CPU-time budget of its recipe: held-out zero-shot top-1 (target ≥ 90 %)', recipes: (q) => [clip(q, 'shapes-bench')], run: (o): Promise<ShapesAccuracy> => shapesAccuracy({ quick: o.quick, silent: o.silent ?? false }), shownIn: ['README', 'bench'] },
  { name: 'emoji-benchmark', description: 'the benchmark emoji CLIP over all concepts on two held-out styles, and the 10-class comparison', recipes: (q) => [clip(q, 'emoji-clip-bench'), clip(q, 'emoji-classifier-bench'), probeRecipe('linear-probe', {}, { quick: q })], run: (o): Promise<EmojiComparison> => emojiComparison({ quick: o.quick, silent: o.silent ?? false }), shownIn: ['README', 'bench'] },
];

/** An experiment by name, or one sentence listing the names. */
export function experimentByName(name: string): Experiment {
  const e = EXPERIMENTS.find((x) => x.name === name);
  if (!e) throw new Error(`Unknown experiment "${name}"; known: ${EXPERIMENTS.map((x) => x.name).join(', ')}.`);
  return e;
}
