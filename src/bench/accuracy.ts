import { splitIndices } from '../data/batch';
import { zeroShotEvaluate } from '../eval/zeroshot';
import { loadRecipeDataset, recipeHash, trainRecipe, trainWorkshopModel } from '../recipes';
import { TrainRecipe } from '../recipes/types';
import { ToyClip } from '../models/clip';

/** The shapes target: held-out colour–shape zero-shot top-1 after the shapes-bench recipe's time cap. */
export interface ShapesAccuracy {
  experiment: 'shapes-benchmark';
  recipe: string;
  hash: string;
  modelSize: string;
  seed: number;
  /** Training time: wall seconds, or CPU seconds when clock is 'cpu'. */
  seconds: number;
  clock: 'wall' | 'cpu';
  steps: number;
  msPerStep: number;
  batch: number;
  template: string;
  classes: number;
  chance: number;
  heldoutTop1: number;
  heldoutTop5: number;
  heldoutN: number;
  testTop1: number;
}

/**
 * Trains the shapes-bench recipe now (its time cap is the point, so it is never read from a cache), then
 * classifies the held-out colour–shape combinations (never in training) and the test images zero-shot.
 */
export async function shapesAccuracy(options: { quick?: boolean; overrides?: Partial<TrainRecipe>; silent?: boolean } = {}): Promise<ShapesAccuracy> {
  const r = trainRecipe('shapes-bench', options.overrides ?? {}, { quick: options.quick });
  const ds = await loadRecipeDataset(r.dataset);
  const { model, run } = await trainWorkshopModel(r, {}, { data: ds, hooks: { silent: options.silent ?? true, progressLabel: 'bench: train shapes' } });
  try {
    const held = await zeroShotEvaluate(model as ToyClip, ds, { indices: splitIndices(ds, 'heldout'), templates: [r.template] });
    const test = await zeroShotEvaluate(model as ToyClip, ds, { indices: splitIndices(ds, 'test'), templates: [r.template] });
    return {
      experiment: 'shapes-benchmark',
      recipe: r.name,
      hash: recipeHash(r),
      modelSize: r.modelSize,
      seed: r.seed,
      seconds: run.seconds,
      clock: r.clock ?? 'wall',
      steps: run.steps,
      msPerStep: run.steps ? (run.seconds * 1000) / run.steps : NaN,
      batch: run.batchSize,
      template: r.template,
      classes: held.classes,
      chance: 1 / held.classes,
      heldoutTop1: held.top1,
      heldoutTop5: held.top5,
      heldoutN: held.n,
      testTop1: test.top1,
    };
  } finally {
    model.dispose();
  }
}
