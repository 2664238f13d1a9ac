import * as path from 'path';
import { OwnedFolderSpec, writeOwnedFolder } from '../runtime/ownedFolder';
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

/** The hand-out folder kind: notebooks edited since they were written are the user's work, kept unless --force. */
export const HANDOUT_FOLDER: OwnedFolderSpec = { what: 'hand-out folder', flag: '--out' };

/**
 * Writes both hand-outs (workshop with TODOs, solutions) as plain .ipynb files in one swap; returns the written
 * paths. `coreOnly` leaves out cells tagged optional. Notebooks edited since the kit wrote them and files of the user's are never overwritten without `force`.
 */
export function writeHandouts(outDir = path.join(packageRoot(), 'notebooks', 'handout'), options: { force?: boolean; coreOnly?: boolean } = {}): string[] {
  const root = path.resolve(outDir);
  const files: Record<string, string> = {};
  for (const variant of VARIANTS) {
    const folder = path.join(root, variant);
    for (const file of listNotebooks()) {
      files[`${variant}/${path.basename(file)}`] = JSON.stringify(retargetLibraryImports(applyVariant(readNotebook(file), variant, options), folder), null, 2) + '\n';
    }
  }
  writeOwnedFolder(root, files, HANDOUT_FOLDER, options.force);
  return Object.keys(files).map((f) => path.join(root, f));
}
