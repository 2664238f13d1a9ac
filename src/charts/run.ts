import * as fs from 'fs';
import * as path from 'path';
import { initBackend } from '../runtime/backend';
import { packageRoot } from '../runtime/paths';
import { isQuick } from '../runtime/quick';
import { DEFAULT_SEED } from '../runtime/seed';
import type { ChartSpec } from '../viz/common';
import { renderSvg } from '../viz/render';
import { ChartResults } from './results';
import { runShapesExperiments } from './shapesExperiments';
import { CHART_SIZES, ChartSizes } from './sizes';
import { comparisonSpec, promptsSpec, unseenStyleSpec } from './specs';
import { runUnseenStyleExperiment } from './unseenStyle';
import { replaceFolder } from '../runtime/atomic';

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

export interface ChartsOptions {
  /** Small sizes (also on with CLIP_WORKSHOP_QUICK=1). */
  quick?: boolean;
  seed?: number;
  /** Output folder, replaced whole; default the package's slides/charts. */
  outDir?: string;
  /** No progress lines on stderr. */
  silent?: boolean;
  /** Overrides of the sizes (tests use tiny ones). */
  sizes?: Partial<ChartSizes>;
}

export interface ChartsReport {
  outDir: string;
  /** File names written, results.json last. */
  files: string[];
  results: ChartResults;
  seconds: number;
}

/** The command line that reproduces a run, for results.json and the slides' footnote. */
function commandLine(quick: boolean, seed: number): string {
  return `clip-workshop charts${quick ? ' --quick' : ''} --seed ${seed}`;
}

/**
 * Vega numbers gradients and clip paths with a counter that runs for the whole process; renumbering
 * them per file makes a chart depend on its data only (same seed, byte-identical SVG).
 */
export function stableSvgIds(svg: string): string {
  const ids = new Map<string, string>();
  return svg.replace(/\b(gradient_|clip)(\d+)\b/g, (m, kind: string) => {
    if (!ids.has(m)) ids.set(m, `${kind}${[...ids.keys()].filter((k) => k.startsWith(kind)).length}`);
    return ids.get(m)!;
  });
}

/**
 * Runs every experiment the slides show and writes slides/charts/*.svg and results.json.
 * Everything is rendered in memory first, then written to a temp folder that replaces the output
 * folder in one rename: a failed run leaves the previous charts as they were.
 */
export async function runCharts(opts: ChartsOptions = {}): Promise<ChartsReport> {
  const start = Date.now();
  const quick = Boolean(opts.quick) || isQuick();
  // The library's own defaults (dataset sizes) follow the same switch.
  if (quick) process.env.CLIP_WORKSHOP_QUICK = '1';
  const seed = opts.seed ?? DEFAULT_SEED;
  const sizes: ChartSizes = { ...CHART_SIZES[quick ? 'quick' : 'full'], ...opts.sizes };
  const outDir = path.resolve(opts.outDir ?? path.join(packageRoot(), 'slides', 'charts'));
  const backend = await initBackend();

  const shapes = await runShapesExperiments(sizes, seed, opts.silent);
  const style = await runUnseenStyleExperiment(sizes, seed, opts.silent);

  const results: ChartResults = {
    meta: {
      command: commandLine(quick, seed),
      seed,
      quick,
      mode: quick ? 'quick' : 'full',
      backend: backend.name,
      version: require('../../package.json').version,
      seconds: 0,
    },
    ...shapes.results,
    unseenStyle: style,
    charts: [...CHART_FILES],
  };
  const specs: Record<string, ChartSpec> = {
    ...shapes.charts,
    'traditional-vs-zeroshot.svg': comparisonSpec(results),
    'prompts.svg': promptsSpec(results),
    'unseen-style.svg': unseenStyleSpec(results),
  };
  const svgs: Record<string, string> = {};
  for (const file of CHART_FILES) {
    if (!specs[file]) throw new Error(`No chart was made for ${file}.`);
    svgs[file] = stableSvgIds(await renderSvg(specs[file]));
  }
  results.meta.seconds = Math.round((Date.now() - start) / 100) / 10;

  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  fs.mkdirSync(tmp);
  try {
    for (const [file, svg] of Object.entries(svgs)) fs.writeFileSync(path.join(tmp, file), svg);
    fs.writeFileSync(path.join(tmp, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    replaceFolder(tmp, outDir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { outDir, files: [...CHART_FILES, 'results.json'], results, seconds: (Date.now() - start) / 1000 };
}
