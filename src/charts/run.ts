import * as fs from 'fs';
import * as path from 'path';
import { splitIndices } from '../data/batch';
import { initBackend } from '../runtime/backend';
import { packageRoot } from '../runtime/paths';
import { isQuick } from '../runtime/quick';
import { seededRandom, shuffled } from '../runtime/seed';
import { installBuiltFolder, OwnedFolderSpec } from '../runtime/ownedFolder';
import { loadRecipeDataset, trainRecipe } from '../recipes';
import { runExperiment } from '../experiments/run';
import type { ChartSpec } from '../viz/common';
import { imageGrid } from '../viz/imageGrid';
import { datasetThumbnails } from '../viz/thumbnails';
import { renderSvg } from '../viz/render';
import { ChartResults } from './results';
import { chartResultsFrom, SlideExperiments } from './fromResults';
import { SLIDE_FONT_SIZE } from './slide-style';
import { comparisonSpec, promptsSpec, similaritySpec, trainingSpec, unseenStyleSpec } from './specs';

/** The chart files `clip-workshop charts` writes next to results.json; the deck may use any of them. */
export const CHART_FILES = [
  'shapes-pairs.svg',
  'training.svg',
  'similarity-before.svg',
  'similarity-after.svg',
  'traditional-vs-zeroshot.svg',
  'prompts.svg',
  'unseen-style.svg',
] as const;

/** The experiments the slides are drawn from. */
export const SLIDE_EXPERIMENTS: (keyof SlideExperiments)[] = ['training-curve', 'similarity', 'shapes-zero-shot', 'prompt-variants', 'unseen-style'];

export interface ChartsOptions {
  /** The quick recipes' results (also on with CLIP_WORKSHOP_QUICK=1). */
  quick?: boolean;
  /** Output folder, replaced whole; default the package's slides/charts. */
  outDir?: string;
  /** No progress lines on stderr. */
  silent?: boolean;
  /** Write beside files of the user's in the folder (they are kept). */
  force?: boolean;
}

/** The charts folder kind: the kit's chart files are replaced; anything else in the folder is the user's. */
export const CHARTS_FOLDER: OwnedFolderSpec = { what: 'charts folder', flag: '--out', legacyOwned: (d) => [...CHART_FILES, 'results.json'].filter((f) => fs.existsSync(path.join(d, f))) };

export interface ChartsReport {
  outDir: string;
  /** File names written, results.json last. */
  files: string[];
  results: ChartResults;
  seconds: number;
}

/**
 * Vega numbers gradients and clip paths with a counter that runs for the whole process; renumbering
 * them per file makes a chart depend on its data only (same results, byte-identical SVG).
 */
export function stableSvgIds(svg: string): string {
  const ids = new Map<string, string>();
  return svg.replace(/\b(gradient_|clip)(\d+)\b/g, (m, kind: string) => {
    if (!ids.has(m)) ids.set(m, `${kind}${[...ids.keys()].filter((k) => k.startsWith(kind)).length}`);
    return ids.get(m)!;
  });
}

/** Breaks a caption at the space nearest its middle, for two-line tiles. */
function twoLines(text: string): string {
  const mid = text.length / 2;
  let best = -1;
  for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) if (best < 0 || Math.abs(i - mid) < Math.abs(best - mid)) best = i;
  return best < 0 ? text : `${text.slice(0, best)}\n${text.slice(best + 1)}`;
}

/**
 * Draws the slides' charts and results.json from the experiments' results (results/ for a full run,
 * running an experiment only when its stored result is missing or from other recipes). Everything is
 * rendered in memory, written to a temp folder, then swapped in: a failed run leaves the old charts.
 */
export async function runCharts(opts: ChartsOptions = {}): Promise<ChartsReport> {
  const start = Date.now();
  const quick = opts.quick ?? isQuick();
  const outDir = path.resolve(opts.outDir ?? path.join(packageRoot(), 'slides', 'charts'));
  const backend = await initBackend();
  const x = {} as SlideExperiments;
  for (const name of SLIDE_EXPERIMENTS) (x as unknown as Record<string, unknown>)[name] = await runExperiment(name, { quick, silent: opts.silent });

  const r = trainRecipe('shapes-clip', {}, { quick });
  const ds = await loadRecipeDataset(r.dataset);
  const charts: Record<string, ChartSpec> = {};
  // A sample of the training pairs, as the talk shows them.
  const sample = shuffled(splitIndices(ds, 'train'), seededRandom(r.seed + 1)).slice(0, 8);
  charts['shapes-pairs.svg'] = imageGrid(await datasetThumbnails(ds, sample, (i) => twoLines(ds.captions[i][3] ?? ds.captions[i][0])), { columns: 4, imageSize: 72, tileWidth: 260, captionLines: 2, fontSize: SLIDE_FONT_SIZE });
  const run = x['training-curve'].runs.find((c) => c.maskSameConcept)!;
  charts['training.svg'] = trainingSpec(run.curve);
  const thumbs = (await datasetThumbnails(ds, x.similarity.indices)).map((t) => t.image);
  charts['similarity-before.svg'] = similaritySpec(x.similarity.before, x.similarity.texts, thumbs, 'before training');
  charts['similarity-after.svg'] = similaritySpec(x.similarity.after, x.similarity.texts, thumbs, 'after training');

  const results: ChartResults = {
    ...chartResultsFrom(x, {
      command: `clip-workshop charts${quick ? ' --quick' : ''}`,
      seed: r.seed,
      quick,
      mode: quick ? 'quick' : 'full',
      backend: backend.name,
      version: require('../../package.json').version,
      seconds: 0,
    }),
    charts: [...CHART_FILES],
  };
  charts['traditional-vs-zeroshot.svg'] = comparisonSpec(results);
  charts['prompts.svg'] = promptsSpec(results);
  charts['unseen-style.svg'] = unseenStyleSpec(results);
  const svgs: Record<string, string> = {};
  for (const file of CHART_FILES) {
    if (!charts[file]) throw new Error(`No chart was made for ${file}.`);
    svgs[file] = stableSvgIds(await renderSvg(charts[file]));
  }
  results.meta.seconds = Math.round((Date.now() - start) / 100) / 10;

  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  fs.mkdirSync(tmp);
  try {
    for (const [file, svg] of Object.entries(svgs)) fs.writeFileSync(path.join(tmp, file), svg);
    fs.writeFileSync(path.join(tmp, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    // The kit's chart files are replaced; anything else in the folder is the user's and refused or kept.
    installBuiltFolder(tmp, outDir, CHARTS_FOLDER, opts.force);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { outDir, files: [...CHART_FILES, 'results.json'], results, seconds: (Date.now() - start) / 1000 };
}
