import { ClassificationReport } from '../eval/metrics';
import { isQuick } from '../runtime/quick';
import { recipeHash } from '../recipes/load';
import { Recipe } from '../recipes/types';

/** What every experiment returns besides its figures: its name, mode and the recipes it ran (name → hash). */
export interface ExperimentMeta {
  experiment: string;
  quick: boolean;
  recipes: Record<string, string>;
}

/** Options every experiment takes. */
export interface ExperimentOptions {
  /** The quick recipes (bounded in steps; for tests and a first look). Default: CLIP_WORKSHOP_QUICK. */
  quick?: boolean;
  /** No progress lines. */
  silent?: boolean;
}

/** An accuracy as the results store it: top-1 (and top-5), images and classes. */
export interface Accuracy {
  top1: number;
  top5?: number;
  n: number;
  classes: number;
}

/** Rounds to 4 decimals (0.01 percentage point): results stay readable and diffs small. */
export function roundTo(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The accuracy fields of a report, rounded. */
export function accuracyOf(r: ClassificationReport, withTop5 = false): Accuracy {
  return { top1: roundTo(r.top1), ...(withTop5 ? { top5: roundTo(r.top5) } : {}), n: r.n, classes: r.classes };
}

/** The meta block of an experiment's result. */
export function metaOf(experiment: string, quick: boolean, recipes: Recipe[]): ExperimentMeta {
  return { experiment, quick, recipes: recipeHashes(recipes) };
}

/** Recipe name → content hash; a recipe used again with overrides (another seed) is keyed name#2, name#3 … */
export function recipeHashes(recipes: Recipe[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of recipes) {
    let key = r.name;
    for (let k = 2; key in out; k++) key = `${r.name}#${k}`;
    out[key] = recipeHash(r);
  }
  return out;
}

/** Every `step`-th point of a long series, always keeping the last (charts of ≤ ~200 points). */
export function thin<T>(points: T[], max = 200): T[] {
  if (points.length <= max) return points;
  const step = Math.ceil(points.length / max);
  const out = points.filter((_, i) => i % step === 0);
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1]);
  return out;
}

/** Mean of numbers (NaN for none). */
export const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** Whether an experiment runs its quick recipes: the option, else CLIP_WORKSHOP_QUICK. */
export function quickOf(options: ExperimentOptions): boolean {
  return options.quick ?? isQuick();
}
