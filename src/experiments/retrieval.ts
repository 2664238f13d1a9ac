import * as tf from '@tensorflow/tfjs-core';
import { imageBatch, sampleBatches, splitIndices } from '../data/batch';
import { retrievalRecall } from '../eval/retrieval';
import { loadRecipeDataset, trainRecipe, workshopModel } from '../recipes';
import { seededRandom } from '../runtime/seed';
import { ExperimentMeta, ExperimentOptions, metaOf, quickOf, roundTo } from './common';

export interface RetrievalResult extends ExperimentMeta {
  /** Test pairs in the batch (one per seen colour–shape combination). */
  n: number;
  imageToText: Record<string, number>;
  textToImage: Record<string, number>;
  chanceAt1: number;
}

/** Recall@1 and @5 of the shapes CLIP over one batch of test pairs, one per combination, in both directions. */
export async function retrieval(options: ExperimentOptions = {}): Promise<RetrievalResult> {
  const quick = quickOf(options);
  const r = trainRecipe('shapes-clip', {}, { quick });
  const ds = await loadRecipeDataset(r.dataset);
  const test = splitIndices(ds, 'test');
  const concepts = new Set(test.map((i) => ds.meta[i].concept)).size;
  const pairs = sampleBatches(ds, concepts, seededRandom(r.seed + 5), { indices: test })[0];
  const model = await workshopModel(r, {}, { data: ds });
  try {
    const images = imageBatch(ds, pairs.indices);
    const img = model.embedImages(images);
    const txt = model.embedTexts(pairs.captions);
    const rec = retrievalRecall(img, txt, [1, 5]);
    tf.dispose([images, img, txt]);
    const round = (o: Record<number, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, roundTo(v)]));
    return { ...metaOf('retrieval', quick, [r]), n: rec.n, imageToText: round(rec.imageToText), textToImage: round(rec.textToImage), chanceAt1: roundTo(1 / rec.n) };
  } finally {
    model.dispose();
  }
}
