import * as fs from 'fs';
import * as path from 'path';
import { ImageTextDataset } from '../data/types';
import { ToyClassifier } from '../models/classifier';
import { ToyClip } from '../models/clip';
import { loadModel, MODEL_FORMAT_VERSION, MODEL_MARKER, readManifest, readTrainingMetadata, saveModel } from '../models/io';
import { TrainResult } from '../train/loop';
import { cacheDir } from '../runtime/paths';
import { kernelDisplayWriter } from '../runtime/kernelDisplay';
import { createProgress } from '../runtime/progress';
import { datasetBuildVersion, loadRecipeDataset } from './dataset';
import { contentHash } from './hash';
import { recipeHash, trainRecipe } from './load';
import { TrainHooks, trainFromRecipe } from './train';
import { TrainRecipe } from './types';

/** What a cached model's folder name hashes: the recipe, how its data was built, the model format. */
export function workshopModelKey(r: TrainRecipe): { recipe: string; data: string; format: number } {
  return { recipe: recipeHash(r), data: datasetBuildVersion(r.dataset), format: MODEL_FORMAT_VERSION };
}

/** The cache folder of a recipe's model: a changed recipe, data build or format gives another folder. */
export function workshopModelDir(r: TrainRecipe): string {
  return cacheDir('models', `${r.name}-${contentHash(workshopModelKey(r))}`);
}

/** What the cache keeps about a run besides the weights (training.json of the model folder). */
export interface WorkshopRun {
  recipe: TrainRecipe;
  hash: string;
  steps: number;
  epochs: number;
  batchSize: number;
  seconds: number;
  finalLoss: number;
  stoppedBy: TrainResult['stoppedBy'];
  history: TrainResult['history'];
}

function runRecord(r: TrainRecipe, run: TrainResult): WorkshopRun {
  return { recipe: r, hash: recipeHash(r), steps: run.steps, epochs: run.epochs, batchSize: run.batchSize, seconds: run.seconds, finalLoss: run.finalLoss, stoppedBy: run.stoppedBy, history: run.history };
}

/** True when the cache holds a finished model for this recipe. */
export function hasWorkshopModel(r: TrainRecipe): boolean {
  const dir = workshopModelDir(r);
  if (!fs.existsSync(path.join(dir, MODEL_MARKER))) return false;
  try {
    return readManifest(dir).recipe?.hash === recipeHash(r);
  } catch {
    return false;
  }
}

export interface WorkshopModelOptions {
  /** Callbacks while training (progress, live charts); they do not change the numbers. */
  hooks?: TrainHooks;
  /** The recipe's dataset when the caller has it loaded already. */
  data?: ImageTextDataset;
  /** Where "trained … in N s" goes (default stderr, as stdout may carry --json; stdout in a notebook). */
  log?: (line: string) => void;
}

/** "trained … in N s": a routine note, so stdout in a notebook (stderr shows as an error there), stderr elsewhere (stdout may carry --json). */
const defaultLog = (line: string) => (kernelDisplayWriter() ? process.stdout : process.stderr).write(line + '\n');

type Named = string | TrainRecipe;
const resolve = (nameOrRecipe: Named, overrides: Partial<TrainRecipe>) => trainRecipe(nameOrRecipe, overrides);

/**
 * Trains a recipe's model now (the live lesson of a notebook) and keeps it in the cache, so that every
 * later `workshopModel` of the same recipe loads exactly this model. The caller disposes the model.
 */
export async function trainWorkshopModel(nameOrRecipe: Named, overrides: Partial<TrainRecipe> = {}, options: WorkshopModelOptions = {}): Promise<{ model: ToyClip | ToyClassifier; run: WorkshopRun; dataset: ImageTextDataset }> {
  const r = resolve(nameOrRecipe, overrides);
  // Every training reports progress, cached or not: a bar on a terminal, lines in a log, one display in a notebook;
  // so does building its dataset (rendering the emoji takes minutes on an empty cache).
  // After the images are rendered, assembling the dataset can take seconds: a line says so in a log or terminal
  // (a notebook shows its running cell).
  const preparing = createProgress(`preparing ${r.name}'s data`, 0, { silent: options.hooks?.silent || kernelDisplayWriter() !== null || undefined });
  const data = options.data ?? (await loadRecipeDataset(r.dataset, { quiet: options.hooks?.silent ?? false }));
  preparing.done('data ready');
  const { model, run, dataset } = await trainFromRecipe(r, { progressLabel: `training ${r.name}`, ...options.hooks }, data);
  const record = runRecord(r, run);
  saveModel(workshopModelDir(r), model, { ...record, dataset: dataset.name }, { template: r.template, recipe: { name: r.name, hash: record.hash } });
  return { model, run: record, dataset };
}

/**
 * The model of a workshop recipe: loaded from the cache when it was trained before with exactly this
 * recipe (and data build and model format), else trained now and cached. The caller disposes it.
 */
export async function workshopModel(name: `${string}-classifier` | (TrainRecipe & { kind: 'classifier' }), overrides?: Partial<TrainRecipe>, options?: WorkshopModelOptions): Promise<ToyClassifier>;
export async function workshopModel(name: Named, overrides?: Partial<TrainRecipe>, options?: WorkshopModelOptions): Promise<ToyClip>;
export async function workshopModel(nameOrRecipe: Named, overrides: Partial<TrainRecipe> = {}, options: WorkshopModelOptions = {}): Promise<ToyClip | ToyClassifier> {
  const r = resolve(nameOrRecipe, overrides);
  if (hasWorkshopModel(r)) {
    try {
      return loadModel(workshopModelDir(r));
    } catch {
      // A damaged cache entry is trained again.
    }
  }
  const start = Date.now();
  const { model } = await trainWorkshopModel(r, {}, options);
  (options.log ?? defaultLog)(`trained ${r.name} (recipe ${recipeHash(r).slice(0, 8)}) in ${((Date.now() - start) / 1000).toFixed(0)} s`);
  return model;
}

/** The training record (recipe, history, final loss) of a recipe's cached model, training it first if needed. */
export async function workshopRun(nameOrRecipe: Named, overrides: Partial<TrainRecipe> = {}, options: WorkshopModelOptions = {}): Promise<WorkshopRun> {
  const r = resolve(nameOrRecipe, overrides);
  if (!hasWorkshopModel(r)) (await workshopModel(r, {}, options)).dispose();
  return readTrainingMetadata(workshopModelDir(r)) as unknown as WorkshopRun;
}
