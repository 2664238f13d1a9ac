import * as path from 'path';
import { kernelSpec } from '../../src/jupyter/kernelspec';
import { keepNotebookTypes, NOTEBOOK_TYPES } from '../../src/jupyter/kernelMain';

/**
 * What the notebook kernel type-checks every cell against: tslab rebuilds its program for each cell, so every file
 * in it costs time in every cell. Needs `npm run build` (dist/ holds the public types the notebooks import).
 */
// tslab's own TypeScript, the compiler its kernel uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ts = require(require.resolve('@tslab/typescript-for-tslab', { paths: [path.dirname(require.resolve('tslab/package.json'))] }));
const ROOT = path.join(__dirname, '..', '..');
const NOTEBOOKS = path.join(ROOT, 'notebooks');

/** The files of a program like the kernel's after a notebook's first cell, with or without the kit's type filter. */
function kernelProgramFiles(filtered: boolean): string[] {
  const sys = Object.create(ts.sys);
  if (filtered) keepNotebookTypes(sys);
  const cell = path.join(NOTEBOOKS, '__cell__.ts');
  const source = "import * as cw from '../dist';\nimport * as tf from '@tensorflow/tfjs-core';\nexport const x = [cw, tf];\n";
  const options = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], esModuleInterop: true, skipLibCheck: true, noEmit: true };
  const host = ts.createCompilerHost(options);
  host.getCurrentDirectory = () => NOTEBOOKS;
  host.getDirectories = (p: string) => sys.getDirectories(p);
  host.directoryExists = (p: string) => sys.directoryExists(p);
  const read = host.readFile.bind(host);
  host.fileExists = (f: string) => f === cell || ts.sys.fileExists(f);
  host.readFile = (f: string) => (f === cell ? source : read(f));
  return ts.createProgram([cell], options, host).getSourceFiles().map((f: { fileName: string }) => f.fileName);
}

describe('the notebook kernel', () => {
  it('is the kit\'s launcher around tslab', () => {
    const argv = (kernelSpec() as { argv: string[] }).argv;
    expect(argv[1]).toBe(path.join(ROOT, 'dist', 'jupyter', 'kernelMain.js'));
    expect(argv.slice(2)).toEqual(['kernel', '--config-path', '{connection_file}']);
  });

  it('lists only the notebook @types in any node_modules/@types folder, and everything elsewhere', () => {
    const sys = { getDirectories: (p: string) => (/@types\/?$/.test(p) ? ['jest', 'node', 'yargs'] : ['a', 'b']) };
    keepNotebookTypes(sys);
    expect(sys.getDirectories('/x/node_modules/@types')).toEqual(NOTEBOOK_TYPES);
    expect(sys.getDirectories('/x/node_modules/@types/')).toEqual(NOTEBOOK_TYPES);
    expect(sys.getDirectories('/x/node_modules')).toEqual(['a', 'b']);
  });

  it('checks cells against the kit, tfjs-core and Node, without jest\'s or transformers.js\'s types', () => {
    const unfiltered = kernelProgramFiles(false);
    const files = kernelProgramFiles(true);
    const has = (list: string[], part: string) => list.some((f) => f.includes(part));
    // Without the filter, jest's types (and what they pull in) come along: the filter is what removes them.
    expect(has(unfiltered, '/@types/jest/')).toBe(true);
    for (const gone of ['/@types/jest/', '/@sinclair/typebox/', '/@huggingface/']) expect({ gone, present: has(files, gone) }).toEqual({ gone, present: false });
    for (const kept of ['/dist/index.d.ts', '/@tensorflow/tfjs-core/', '/@types/node/']) expect({ kept, present: has(files, kept) }).toEqual({ kept, present: true });
    console.log(`the kernel's program after the imports: ${files.length} files (${unfiltered.length} without the @types filter)`);
  });
});
