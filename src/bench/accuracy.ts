import { loadShapes } from '../data/shapes';
import { splitIndices } from '../data/batch';
import { createToyClip, defaultBatchSize, trainClip } from '../train/clipTrainer';
import { zeroShotEvaluate } from '../eval/zeroshot';
import { SHAPES_TEMPLATE } from '../text/templates';

/** The shapes target of issue 4: held-out colour–shape zero-shot top-1 after a time budget. */
export interface ShapesAccuracy {
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
 * Trains the shapes-size toy CLIP for `seconds` on the shapes set, then classifies the held-out
 * colour–shape combinations (never in training) and the test images zero-shot with "a {}".
 */
export async function shapesAccuracy(options: { seconds?: number; seed?: number; size?: string; silent?: boolean; clock?: 'wall' | 'cpu' } = {}): Promise<ShapesAccuracy> {
  const seed = options.seed ?? 42;
  const size = options.size ?? 'shapes';
  const ds = loadShapes({ seed });
  const model = createToyClip(ds, { size, seed });
  try {
    const batch = defaultBatchSize(size);
    const r = await trainClip(model, ds, { seconds: options.seconds ?? 60, seed, batchSize: batch, silent: options.silent, clock: options.clock, progressLabel: 'bench: train shapes' });
    const held = await zeroShotEvaluate(model, ds, { indices: splitIndices(ds, 'heldout'), templates: [SHAPES_TEMPLATE] });
    const test = await zeroShotEvaluate(model, ds, { indices: splitIndices(ds, 'test'), templates: [SHAPES_TEMPLATE] });
    return {
      modelSize: size,
      seed,
      seconds: r.seconds,
      clock: options.clock ?? 'wall',
      steps: r.steps,
      msPerStep: r.msPerStep,
      batch,
      template: SHAPES_TEMPLATE,
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
