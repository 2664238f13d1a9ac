/**
 * The kit's tslab kernel (the kernelspec runs this file): tslab itself, with one change that makes a notebook's
 * kernel start about 0.5 s sooner. tslab type-checks every cell against all of node_modules/@types; the kit's
 * development types (jest's alone pull in some 250 files) are of no use in a notebook, so only @types/node is kept.
 * Not re-exported from the package: it starts a kernel when loaded.
 */
import * as path from 'path';

/** The @types packages a notebook's cells are checked against. */
export const NOTEBOOK_TYPES = ['node'];

/** Makes TypeScript's directory listing of any node_modules/@types show only {@link NOTEBOOK_TYPES}. */
export function keepNotebookTypes(sys: { getDirectories(p: string): string[] }): void {
  const list = sys.getDirectories.bind(sys);
  sys.getDirectories = (p: string) => {
    const dirs = list(p);
    return /[\\/]node_modules[\\/]@types[\\/]?$/.test(p) ? dirs.filter((d) => NOTEBOOK_TYPES.includes(d)) : dirs;
  };
}

if (require.main === module) {
  const tslabDir = path.dirname(require.resolve('tslab/package.json'));
  // tslab's own TypeScript (a fork it pins), the instance its converter uses.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require(require.resolve('@tslab/typescript-for-tslab', { paths: [tslabDir] }));
  keepNotebookTypes(ts.sys);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(tslabDir, 'dist', 'main.js')).main();
}
