import * as path from 'path';
import { packageRoot } from '../runtime/paths';

/** Where a full `clip-workshop experiments` run writes: the committed store of every figure shown. */
export function resultsDir(): string {
  return path.join(packageRoot(), 'results');
}

/** The committed result file of an experiment. */
export function resultFile(name: string): string {
  return path.join(resultsDir(), `${name}.json`);
}
