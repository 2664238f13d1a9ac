import { ToyClassifier } from '../models/classifier';
import { ToyClip } from '../models/clip';
import { loadModel, readTrainingMetadata, saveModel } from '../models/io';
import { cacheDir } from '../runtime/paths';
import { isQuick } from '../runtime/quick';

/**
 * A model trained once per settings: when the cache holds a model saved under `name` with exactly these
 * `settings`, it is loaded; otherwise `train` runs and its model is saved there with them. Quick runs
 * (CLIP_WORKSHOP_QUICK) keep their own, smaller models. The notebooks share models this way.
 */
export async function cachedModel<M extends ToyClip | ToyClassifier>(name: string, settings: object, train: () => Promise<M>, options: { log?: (line: string) => void } = {}): Promise<M> {
  const dir = cacheDir('notebooks', isQuick() ? 'quick' : 'full', name);
  try {
    if (JSON.stringify(readTrainingMetadata(dir).settings) === JSON.stringify(settings)) return loadModel(dir) as M;
  } catch {
    // Missing, unreadable or from an older version of the kit: train again.
  }
  const start = Date.now();
  const model = await train();
  (options.log ?? console.log)(`trained ${name} in ${((Date.now() - start) / 1000).toFixed(0)} s`);
  saveModel(dir, model, { settings });
  return model;
}
