import * as path from 'path';
import { writeJsonAtomic } from '../runtime/atomic';
import { packageRoot } from '../runtime/paths';
import { listNotebooks, readNotebook } from './execute';
import { applyVariant, VARIANTS } from './variants';

/** Writes both hand-outs (workshop with TODOs, solutions) as plain .ipynb files; returns the written paths. */
export function writeHandouts(outDir = path.join(packageRoot(), 'notebooks', 'handout')): string[] {
  const written: string[] = [];
  for (const variant of VARIANTS) {
    for (const file of listNotebooks()) {
      const target = path.join(outDir, variant, path.basename(file));
      writeJsonAtomic(target, applyVariant(readNotebook(file), variant));
      written.push(target);
    }
  }
  return written;
}
