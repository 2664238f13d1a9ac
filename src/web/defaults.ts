import { trainRecipe, workshopModel, workshopModelDir } from '../recipes';
import { WebModelSource } from './models';

/** The recipes whose models the playground offers when no --model is given: the workshop's shapes and emoji CLIPs. */
export const DEFAULT_WEB_RECIPES = ['shapes-clip', 'emoji-clip'] as const;

/**
 * The toy CLIPs the page ships by default, named by their recipe: each is the workshop's cached model (trained
 * now, once, when the cache does not have it yet — the notebooks then reuse it). This one function decides.
 */
export async function defaultWebModels(log: (line: string) => void): Promise<WebModelSource[]> {
  const out: WebModelSource[] = [];
  for (const name of DEFAULT_WEB_RECIPES) {
    const recipe = trainRecipe(name);
    (await workshopModel(recipe, {}, { log })).dispose();
    out.push({ source: workshopModelDir(recipe), name });
  }
  return out;
}
