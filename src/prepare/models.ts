import { readRecipeFile, recipeNames, trainRecipe } from '../recipes/load';
import { loadRecipeDataset } from '../recipes/dataset';
import { hasWorkshopModel, workshopModel, workshopModelDir } from '../recipes/cache';

/** A model the class uses: `ensure` loads it from the cache or trains it there, and returns its folder. */
export interface WorkshopModel {
  name: string;
  /** True when the cache already holds it (nothing to train). */
  cached(): boolean;
  ensure(): Promise<string>;
}

/** The recipes the notebooks and slides train: every clip or classifier recipe but the benchmark's own. */
export function workshopRecipeNames(): string[] {
  return recipeNames().filter((name) => {
    if (name.endsWith('-bench') || name === 'reference') return false;
    const kind = readRecipeFile(name).kind;
    return kind === 'clip' || kind === 'classifier';
  });
}

/**
 * Every model of the workshop's recipes (quick recipes under CLIP_WORKSHOP_QUICK): the one list
 * `prepare-class` trains into the cache before class. `log` gets "trained … in N s" lines.
 */
export function workshopModels(log: (line: string) => void = () => {}): WorkshopModel[] {
  return workshopRecipeNames().map((name) => ({
    name,
    cached: () => hasWorkshopModel(trainRecipe(name)),
    ensure: async () => {
      const r = trainRecipe(name);
      const data = await loadRecipeDataset(r.dataset, { quiet: true });
      (await workshopModel(r, {}, { data, log })).dispose();
      return workshopModelDir(r);
    },
  }));
}
