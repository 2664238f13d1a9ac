import { splitIndices } from '../data/batch';
import { ToyClip } from '../models/clip';
import { createRecipeModel, loadRecipeDataset, trainRecipe, workshopModel } from '../recipes';
import { seededRandom, shuffled } from '../runtime/seed';
import { fillTemplate } from '../text/templates';
import { similarityMatrix, similarityStats } from './similarityMatrix';
import { ExperimentMeta, ExperimentOptions, metaOf, quickOf, roundTo } from './common';

/** How many images (one per class) the before / after matrix shows. */
const MATRIX_SIZE = 8;

export interface SimilarityResult extends ExperimentMeta {
  /** Dataset indices of the images (rows) and the texts (columns): image i belongs with text i. */
  indices: number[];
  texts: string[];
  before: number[][];
  after: number[][];
  stats: { before: { diagonal: number; offDiagonal: number; matching: number }; after: { diagonal: number; offDiagonal: number; matching: number } };
}

/** One test image of each of eight seen colour–shape combinations against their prompts, before and after training. */
export async function similarityBeforeAfter(options: ExperimentOptions = {}): Promise<SimilarityResult> {
  const r = trainRecipe('shapes-clip', {}, { quick: quickOf(options) });
  const ds = await loadRecipeDataset(r.dataset);
  const test = splitIndices(ds, 'test');
  const seen = [...new Set(test.map((i) => ds.classNames[ds.labels[i]]))];
  const classes = shuffled(seen, seededRandom(r.seed + 2)).slice(0, MATRIX_SIZE);
  const indices = classes.map((c) => test.find((i) => ds.classNames[ds.labels[i]] === c)!);
  const texts = classes.map((c) => fillTemplate(r.template, c));
  // The untrained model is the recipe's own initialisation: same seed, no step taken.
  const fresh = createRecipeModel(r, ds) as ToyClip;
  const before = await similarityMatrix(fresh, ds, indices, texts);
  fresh.dispose();
  const trained = await workshopModel(r, {}, { data: ds });
  const after = await similarityMatrix(trained, ds, indices, texts);
  trained.dispose();
  const round = (m: number[][]) => m.map((row) => row.map((v) => roundTo(v)));
  const stats = (m: number[][]) => {
    const s = similarityStats(m);
    return { diagonal: roundTo(s.diagonal), offDiagonal: roundTo(s.offDiagonal), matching: roundTo(s.matching) };
  };
  return { ...metaOf('similarity', quickOf(options), [r]), indices, texts, before: round(before), after: round(after), stats: { before: stats(before), after: stats(after) } };
}
