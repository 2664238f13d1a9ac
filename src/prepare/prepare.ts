import * as fs from 'fs';
import { CIFAR_SOURCES, CifarName } from '../data/cifar-data';
import { cifarArchivePath, loadCifar } from '../data/cifar';
import { loadRecipeDataset } from '../recipes/dataset';
import { trainRecipe } from '../recipes/load';
import { loadPretrainedClip } from '../pretrained/clip';
import { EXPERIMENTS } from '../experiments/registry';
import { runExperiment, storedResult } from '../experiments/run';
import { initBackend } from '../runtime/backend';
import { isQuick } from '../runtime/quick';
import { UserError } from '../runtime/errors';
import { offlineReason } from '../runtime/offline';
import { workshopModels, workshopRecipeNames } from './models';
import { CLASS_PRETRAINED, pretrainedInCache } from './pretrained';

/** What became of one thing prepare-class looked after. */
export interface PrepareStep {
  what: string;
  /** ready: was in the cache already; prepared: built, trained or downloaded now; skipped: could not be (detail says why). */
  status: 'ready' | 'prepared' | 'skipped';
  detail: string;
  seconds: number;
}

export interface PrepareOptions {
  /** Fetch the real CLIP and CIFAR where a network exists (default true). */
  downloads?: boolean;
  /** No progress bars or lines. */
  silent?: boolean;
  /** Called with each step as it finishes. */
  onStep?: (step: PrepareStep) => void;
}

/** Runs `work`, timing it; a UserError (no network, a bad archive) becomes a skipped step with its sentence. */
async function step(what: string, work: () => Promise<{ status: 'ready' | 'prepared'; detail: string }>, out: PrepareStep[], opts: PrepareOptions): Promise<void> {
  const start = Date.now();
  let result: PrepareStep;
  try {
    const r = await work();
    result = { what, ...r, seconds: (Date.now() - start) / 1000 };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    result = { what, status: 'skipped', detail: err.message, seconds: (Date.now() - start) / 1000 };
  }
  out.push(result);
  opts.onStep?.(result);
}

/** Why nothing may be downloaded now, or undefined when downloads may be tried. */
function noDownloads(opts: PrepareOptions): string | undefined {
  if (opts.downloads === false) return 'downloads were turned off (--no-downloads)';
  return offlineReason();
}

/**
 * Everything the class needs, into the cache: the datasets, every workshop model (trained once), the figures the
 * notebooks show (from results/ when current), and where a network exists the real CLIP (quantised ViT-B/32)
 * and the CIFAR-10/100 archives. What cannot be had offline is skipped with the reason, never an error: the
 * class runs on what the cache holds.
 */
export async function prepareClass(opts: PrepareOptions = {}): Promise<PrepareStep[]> {
  const steps: PrepareStep[] = [];
  await initBackend();

  await step('datasets', async () => {
    // Each distinct dataset of the workshop's recipes, built once into the cache.
    const specs = [...new Map(workshopRecipeNames().map((n) => [JSON.stringify(trainRecipe(n).dataset), trainRecipe(n).dataset])).values()];
    const sizes: string[] = [];
    for (const spec of specs) {
      const ds = await loadRecipeDataset(spec, { quiet: opts.silent });
      sizes.push(`${ds.name} ${ds.labels.length} images`);
    }
    return { status: 'prepared', detail: sizes.join(', ') };
  }, steps, opts);

  for (const model of workshopModels()) {
    await step(`model ${model.name}`, async () => {
      const had = model.cached();
      const dir = await model.ensure();
      return { status: had ? 'ready' : 'prepared', detail: dir };
    }, steps, opts);
  }

  // The figures the notebooks show: the committed results when current (nothing to do), else computed now, so
  // that no notebook trains an experiment's extra model (another seed, no mask) in class.
  for (const e of EXPERIMENTS.filter((x) => x.shownIn.some((w) => w.startsWith('notebook')))) {
    await step(`figures ${e.name}`, async () => {
      if (storedResult(e.name, isQuick())) return { status: 'ready', detail: 'stored' };
      await runExperiment(e.name, { silent: opts.silent });
      return { status: 'prepared', detail: 'computed into the cache' };
    }, steps, opts);
  }

  await step(`real CLIP ${CLASS_PRETRAINED.id} (${CLASS_PRETRAINED.dtype})`, async () => {
    if (pretrainedInCache()) return { status: 'ready', detail: 'in the cache' };
    const why = noDownloads(opts);
    if (why) throw new UserError(`not downloaded: ${why}`);
    const clip = await loadPretrainedClip(CLASS_PRETRAINED.id, { dtype: CLASS_PRETRAINED.dtype, silent: opts.silent });
    clip.dispose();
    return { status: 'prepared', detail: 'downloaded' };
  }, steps, opts);

  for (const which of Object.keys(CIFAR_SOURCES) as CifarName[]) {
    await step(CIFAR_SOURCES[which].title, async () => {
      const had = fs.existsSync(cifarArchivePath(which));
      const why = noDownloads(opts);
      if (!had && why) throw new UserError(`not downloaded: ${why}`);
      const ds = await loadCifar(which, { splits: ['test'], quiet: opts.silent });
      return { status: had ? 'ready' : 'prepared', detail: `${ds.labels.length} test images` };
    }, steps, opts);
  }
  return steps;
}
