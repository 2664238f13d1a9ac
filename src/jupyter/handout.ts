import * as path from 'path';
import { writeJsonAtomic } from '../runtime/atomic';
import { packageRoot } from '../runtime/paths';
import { listNotebooks, readNotebook } from './execute';
import { applyVariant, cellSource, Notebook, VARIANTS } from './variants';

/** Points a notebook's `'../dist'` imports at the library as seen from `folder` (hand-outs live elsewhere). */
export function retargetLibraryImports(nb: Notebook, folder: string): Notebook {
  let rel = path.relative(folder, path.join(packageRoot(), 'dist')).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = './' + rel;
  const cells = nb.cells.map((c) =>
    c.cell_type === 'code' ? { ...c, source: cellSource(c).replace(/(['"])\.\.\/dist\1/g, `$1${rel}$1`) } : c,
  );
  return { ...nb, cells };
}

/** Writes both hand-outs (workshop with TODOs, solutions) as plain .ipynb files; returns the written paths. `coreOnly` leaves out cells tagged optional. */
export function writeHandouts(outDir = path.join(packageRoot(), 'notebooks', 'handout'), options: { coreOnly?: boolean } = {}): string[] {
  const written: string[] = [];
  for (const variant of VARIANTS) {
    const folder = path.resolve(outDir, variant);
    for (const file of listNotebooks()) {
      const target = path.join(folder, path.basename(file));
      writeJsonAtomic(target, retargetLibraryImports(applyVariant(readNotebook(file), variant, options), folder));
      written.push(target);
    }
  }
  return written;
}
