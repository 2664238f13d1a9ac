import * as path from 'path';
import { writeJsonAtomic } from '../runtime/atomic';
import { cacheDir } from '../runtime/paths';
import { isQuick } from '../runtime/quick';
import { readJsonIfValid } from '../runtime/json';
import { stableJson } from '../recipes/hash';
import { readCheckedResult } from './checkResults';
import { recipeHashes } from './common';
import { resultFile, resultsDir } from './resultPaths';
import { FIGURE_FIELDS } from './resultFields';
import { Experiment, experimentByName, EXPERIMENTS } from './registry';

export { resultsDir, resultFile } from './resultPaths';

/** The cached result of an experiment run outside `clip-workshop experiments` (notebooks, quick runs). */
function cachedResultFile(name: string, quick: boolean): string {
  return cacheDir('experiments', quick ? 'quick' : 'full', `${name}.json`);
}

/** True when a stored result was made by exactly the recipes the experiment would run now. */
export function isCurrent(e: Experiment, stored: Record<string, unknown> | undefined, quick: boolean): boolean {
  return Boolean(stored) && stored!.quick === quick && stableJson(stored!.recipes) === stableJson(recipeHashes(e.recipes(quick)));
}

/**
 * A stored result of an experiment that is still current: the committed one (full runs), else the cached one. The
 * committed file is checked as `figures` checks it (a damaged one is named in one sentence, never shown); a damaged
 * cache entry is only computed again.
 */
export function storedResult(name: string, quick: boolean, committedDir = resultsDir()): Record<string, unknown> | undefined {
  const e = experimentByName(name);
  if (!quick) {
    const committed = readCheckedResult(path.join(committedDir, `${name}.json`), FIGURE_FIELDS[name] ?? []);
    if (isCurrent(e, committed, quick)) return committed;
  }
  const cached = readJsonIfValid<Record<string, unknown>>(cachedResultFile(name, quick));
  return isCurrent(e, cached, quick) ? cached : undefined;
}

export interface RunExperimentOptions {
  /** Quick recipes (default: CLIP_WORKSHOP_QUICK). */
  quick?: boolean;
  /** Use a stored result made by the same recipes instead of running (default true). */
  reuse?: boolean;
  silent?: boolean;
}

/**
 * Runs one experiment, or returns its stored result when the same recipes made it (the committed
 * results/ for full runs). What it computes is cached, never written over results/.
 */
export async function runExperiment<T = Record<string, unknown>>(name: string, options: RunExperimentOptions = {}): Promise<T> {
  const quick = options.quick ?? isQuick();
  const e = experimentByName(name);
  if (options.reuse ?? true) {
    const stored = storedResult(name, quick);
    if (stored) return stored as T;
  }
  const result = (await e.run({ quick, silent: options.silent })) as Record<string, unknown>;
  writeJsonAtomic(cachedResultFile(name, quick), result);
  return result as T;
}

/** Writes a full run's result into results/ (only `clip-workshop experiments` does this). */
export function writeResult(name: string, result: object): string {
  const file = resultFile(name);
  writeJsonAtomic(file, result);
  return file;
}

/** The names of every experiment, in run order. */
export function experimentNames(): string[] {
  return EXPERIMENTS.map((e) => e.name);
}
