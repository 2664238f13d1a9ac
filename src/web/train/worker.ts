// The Train view's Web Worker: the kit's own shapes generator, tokenizer, model, loss, trainer, schedule and recipe
// checks, on tfjs-core with the wasm backend (the kit's wasm kernels where they link), so the page stays responsive.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount, setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { imageBatch, imagePixels, PairBatch, splitIndices } from '../../data/batch';
import { planShapes } from '../../data/shapes';
import { labelProbabilities, zeroShotEvaluate } from '../../eval/zeroshot';
import { ToyClip } from '../../models/clip';
import { modelFolderFiles, packWeights } from '../../models/folderFiles';
import { exportFiles } from '../../pretrained/export/files';
import { recipeTrainOptions } from '../../recipes/trainOptions';
import { mergeRecipe, validateRecipe } from '../../recipes/validate';
import { TrainRecipe } from '../../recipes/types';
import { clipTrainingTask, createToyClip } from '../../train/clipTask';
import { runTraining } from '../../train/loop';
import { installPageKernels } from '../../runtime/pageKernels';
import { childSeed, seededRandom } from '../../runtime/seed';
import { FromWorker, RuntimeInfo, ToWorker, TrainOverrides } from './messages';
import { tarFolder } from './tar';

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/** Cores from which the worker uses tfjs's threaded wasm build when the page is cross-origin isolated. */
const THREADS_FROM_CORES = 4;

/** Pairs of the first batch shown in the similarity matrix (all of a batch of 64 would be unreadable). */
const MATRIX_PAIRS = 8;

let model: ToyClip | undefined;
let trained: { recipe: TrainRecipe; history: unknown } | undefined;

/** The wasm backend from the files served beside the bundle; the kit's kernels where they link to its memory. */
async function startBackend(wasmBase: string): Promise<RuntimeInfo> {
  setWasmPaths(wasmBase);
  const isolated = Boolean((self as unknown as { crossOriginIsolated?: boolean }).crossOriginIsolated);
  // tfjs's threaded build (isolated pages only) shares its memory, which the kit's kernels cannot link to; on two
  // cores one thread with the kernels trained faster (1 epoch: 20.8 s against 28.8 s threaded, load 30), so threads
  // only from 4 cores, all of them (tfjs's default is half).
  const cores = navigator.hardwareConcurrency || 1;
  if (isolated && cores >= THREADS_FROM_CORES) setThreadsCount(cores);
  else tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
  await tf.ready();
  const threads = getThreadsCount();
  const kernels = installPageKernels({ 'tfjs-core': tf.version_core, 'tfjs-backend-wasm': version_wasm });
  return { backend: tf.getBackend(), threads, isolated, kernels };
}

/** The recipe file with the address's overrides, checked as `clip-workshop` checks it (its quick variant is not used). */
function resolveRecipe(file: Record<string, unknown>, overrides: TrainOverrides): TrainRecipe {
  const { quick: _quick, ...recipe } = file;
  return validateRecipe(mergeRecipe(recipe as unknown as TrainRecipe, overrides as Record<string, unknown>));
}

/** Cosine similarity of the first pairs of a batch: images × their captions, row-major. */
function similarity(clip: ToyClip, ds: ReturnType<ReturnType<typeof planShapes>['draw']>, batch: PairBatch): number[] {
  const n = Math.min(MATRIX_PAIRS, batch.indices.length);
  return tf.tidy(() => {
    const img = clip.embedImages(imageBatch(ds, batch.indices.slice(0, n)));
    const txt = clip.embedTexts(batch.captions.slice(0, n));
    return Array.from(tf.matMul(img, txt, false, true).dataSync());
  });
}

async function train(recipeFile: Record<string, unknown>, overrides: TrainOverrides, wasmBase: string): Promise<void> {
  post({ type: 'runtime', info: await startBackend(wasmBase) });
  const r = resolveRecipe(recipeFile, overrides);
  if (r.kind !== 'clip' || r.dataset.name !== 'shapes') throw new Error(`the Train view trains a shapes CLIP recipe, not ${r.kind} on ${r.dataset.name}`);
  const { name: _name, ...shapesOptions } = r.dataset;
  const ds = planShapes(shapesOptions).draw();
  // As createRecipeModel does for a CLIP recipe: its size and seed, its template kept with the model.
  model = createToyClip(ds, { size: r.modelSize, seed: r.seed, template: r.template });
  const options = { ...recipeTrainOptions(r), silent: true };
  const task = clipTrainingTask(model, ds, options);
  // The first batch as runTraining draws it: its first epoch's rng is the first child of the run's seed.
  const first = task.batches(seededRandom(childSeed(seededRandom(r.seed))))[0];
  const trainImages = splitIndices(ds, 'train').length;
  const perEpoch = Math.floor(trainImages / r.batchSize);
  post({ type: 'recipe', recipe: r as unknown as Record<string, unknown>, totalSteps: (r.epochs ?? 0) * perEpoch, trainImages });
  const pixels = new Uint8Array(first.indices.length * ds.size * ds.size * 3);
  first.indices.forEach((i, k) => pixels.set(imagePixels(ds, i), k * ds.size * ds.size * 3));
  post({ type: 'firstBatch', size: ds.size, pixels, captions: first.captions, concepts: first.indices.map((i) => ds.meta[i].concept) });
  post({ type: 'matrix', when: 'before', n: Math.min(MATRIX_PAIRS, first.indices.length), similarity: similarity(model, ds, first) });
  const run = await runTraining(task, { ...options, onStep: (s) => post({ type: 'step', step: s.step, epoch: s.epoch, loss: s.loss, temperature: s.temperature ?? NaN }) });
  post({ type: 'matrix', when: 'after', n: Math.min(MATRIX_PAIRS, first.indices.length), similarity: similarity(model, ds, first) });
  // Held-out zero-shot as notebook 3 measures it: every class's prompt in the recipe's template, the six unseen combinations' images.
  const heldIdx = splitIndices(ds, 'heldout');
  const report = await zeroShotEvaluate(model, ds, { indices: heldIdx, templates: [r.template] });
  const perClass = ds.heldout.map((name) => ({ name, top1: report.perClass[ds.classNames.indexOf(name)].accuracy }));
  const ex = heldIdx[0];
  post({ type: 'heldout', top1: report.top1, classes: ds.heldout, perClass, example: { pixels: imagePixels(ds, ex).slice(), size: ds.size, concept: ds.meta[ex].concept } });
  trained = { recipe: r, history: run.history };
  post({ type: 'done', trainSeconds: run.seconds, finalLoss: run.finalLoss, steps: run.steps });
}

async function classify(m: Extract<ToWorker, { type: 'classify' }>): Promise<void> {
  if (!model) throw new Error('there is no trained model yet');
  const images = tf.tidy(() => tf.div(tf.tensor4d(Int32Array.from(m.pixels), [1, m.size, m.size, 3], 'int32').toFloat(), 255) as tf.Tensor4D);
  const probs = await labelProbabilities(model, images, m.labels, [m.template || '{}']);
  const values = Array.from(probs.dataSync());
  tf.dispose([images, probs]);
  post({ type: 'classified', id: m.id, probs: values });
}

async function save(): Promise<void> {
  if (!model || !trained) throw new Error('there is no trained model yet');
  const packed = packWeights(model.weights);
  const digest = await crypto.subtle.digest('SHA-256', packed.data as Uint8Array<ArrayBuffer>);
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  const files = modelFolderFiles(model, packed, hex, { dataset: 'shapes', trainedIn: 'browser', recipe: trained.recipe, history: trained.history }, { template: trained.recipe.template });
  const name = `${trained.recipe.name}-browser`;
  const tar = tarFolder(name, files);
  post({ type: 'saved', name, tar }, [tar.buffer as ArrayBuffer]);
}

/** The trained model as an export's files (what `clip-workshop export` writes), for the classify view. */
async function exportModel(): Promise<void> {
  if (!model || !trained) throw new Error('there is no trained model yet');
  post({ type: 'exported', files: exportFiles(model).files, imageSize: model.config.imageSize, template: model.promptTemplate });
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  const job = m.type === 'start' ? train(m.recipe, m.overrides, m.wasmBase) : m.type === 'classify' ? classify(m) : m.type === 'export' ? exportModel() : save();
  job.catch((err: Error) => post({ type: 'error', message: err?.message ?? String(err) }));
};
