import { splitIndices } from '../data/batch';
import { zeroShotEvaluate } from '../eval/zeroshot';
import { loadRecipeDataset, trainRecipe, workshopModel } from '../recipes';
import { PROMPT_VARIANTS } from './prompt-variants-data';
import { TrainRecipe } from '../recipes/types';
import { compareAccuracies } from '../eval/compare';
import { ExperimentMeta, ExperimentOptions, mean, metaOf, quickOf, roundTo } from './common';

/** Training seeds beyond the recipe's: the run-to-run spread a "best" prompt must beat. */
const EXTRA_SEEDS = 2;

export interface PromptVariant {
  key: string;
  label: string;
  templates: string[];
  /** Held-out and seen-test top-1 of each training seed, in `seeds` order, and their means. */
  heldout: number[];
  test: number[];
  heldoutMean: number;
  testMean: number;
}

export interface PromptVariantsResult extends ExperimentMeta {
  seeds: number[];
  variants: PromptVariant[];
  /** The largest range (max − min over seeds) of any variant's held-out top-1: the run-to-run spread. */
  spread: number;
  /** The variant with the best mean held-out top-1, and whether it leads the runner-up beyond noise (the kit's comparison rule). */
  best: { key: string; label: string; heldoutMean: number; lead: number; beyondSpread: boolean };
}

/** The shapes CLIP's recipe and the same with the next training seeds. */
export function promptVariantRecipes(quick: boolean): TrainRecipe[] {
  const base = trainRecipe('shapes-clip', {}, { quick });
  return [base, ...Array.from({ length: EXTRA_SEEDS }, (_, k) => trainRecipe(base, { seed: base.seed + k + 1 }))];
}

/**
 * Zero-shot on the shapes with each prompt variant, for the recipe's model and two more training seeds:
 * a prompt is "best" only when it leads by more than the models differ from run to run.
 */
export async function promptVariants(options: ExperimentOptions = {}): Promise<PromptVariantsResult> {
  const quick = quickOf(options);
  const recipes = promptVariantRecipes(quick);
  const base = recipes[0];
  const seeds = recipes.map((r) => r.seed);
  const ds = await loadRecipeDataset(base.dataset);
  const held = splitIndices(ds, 'heldout');
  const test = splitIndices(ds, 'test');
  const scores = PROMPT_VARIANTS.map(() => ({ heldout: [] as number[], test: [] as number[] }));
  for (const r of recipes) {
    const model = await workshopModel(r, {}, { data: ds });
    try {
      for (const [k, v] of PROMPT_VARIANTS.entries()) {
        scores[k].heldout.push(roundTo((await zeroShotEvaluate(model, ds, { indices: held, templates: v.templates })).top1));
        scores[k].test.push(roundTo((await zeroShotEvaluate(model, ds, { indices: test, templates: v.templates })).top1));
      }
    } finally {
      model.dispose();
    }
  }
  const variants: PromptVariant[] = PROMPT_VARIANTS.map((v, k) => ({
    key: v.key, label: v.label, templates: [...v.templates], ...scores[k], heldoutMean: roundTo(mean(scores[k].heldout)), testMean: roundTo(mean(scores[k].test)),
  }));
  const spread = roundTo(Math.max(...variants.map((v) => Math.max(...v.heldout) - Math.min(...v.heldout))));
  // Ties go to the earlier (simpler) variant.
  const ranked = [...variants].sort((a, b) => b.heldoutMean - a.heldoutMean);
  const top = ranked[0];
  const lead = roundTo(top.heldoutMean - (ranked[1]?.heldoutMean ?? 0));
  const beyondNoise = compareAccuracies({ label: top.label, top1: top.heldoutMean, n: held.length }, { label: 'next', top1: ranked[1]?.heldoutMean ?? 0, n: held.length }, spread).verdict === 'higher';
  return { ...metaOf('prompt-variants', quick, recipes), seeds, variants, spread, best: { key: top.key, label: top.label, heldoutMean: top.heldoutMean, lead, beyondSpread: beyondNoise } };
}
