/**
 * The house's import rules, checked by dependency-cruiser (`npm run imports`, part of `npm test`).
 * The kit has floors and imports only go down; no file and no folder takes part in a cycle; the models,
 * training and evaluation call the operations table, never the kernels behind it; and the browser page
 * imports nothing that only Node has.
 */

/** The floors of src/, from the ground up: a folder may import its own floor and the floors below, never above. */
const FLOORS = [
  { name: 'foundation', folders: ['runtime', 'ops', 'kernels'] },
  { name: 'data', folders: ['data', 'text', 'viz', 'onnx'] },
  { name: 'models', folders: ['models'] },
  { name: 'training', folders: ['train', 'eval'] },
  { name: 'recipes', folders: ['recipes'] },
  { name: 'experiments', folders: ['experiments', 'exercises', 'bench'] },
  { name: 'applications', folders: ['charts', 'slides', 'web', 'prepare', 'pretrained', 'openclip', 'quiz', 'jupyter'] },
  { name: 'entry points', folders: ['cli', 'index.ts'] },
];

const under = (folders) => `^src/(${folders.map((f) => f.replace('.', '\\.')).join('|')})($|/)`;

const upward = FLOORS.slice(0, -1).map((floor, i) => ({
  name: `no-upward-from-${floor.name.replace(/ /g, '-')}`,
  comment: `src/{${floor.folders.join(',')}} (floor "${floor.name}") imports only its own floor and those below.`,
  severity: 'error',
  from: { path: under(floor.folders) },
  to: { path: under(FLOORS.slice(i + 1).flatMap((f) => f.folders)) },
}));

/** What only Node has: its built-in modules and the packages with native code or Node-only APIs. */
const NODE_ONLY_PACKAGES = ['sharp', 'onnxruntime-node', '@tensorflow/tfjs-node', 'tslab', 'commander', '@marp-team/marp-cli', 'puppeteer-core'];
const NODE_BUILTINS = require('module').builtinModules.filter((m) => !m.startsWith('_'));
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

module.exports = {
  forbidden: [
    {
      name: 'no-file-cycles',
      comment: 'No file imports itself through others (type-only imports count: they tie the files as much).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'No folder imports itself through other folders: each concern stands on the ones below it.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: 'kernels-behind-the-ops-table',
      comment: 'Models, training and evaluation call the operations table (src/ops); the kernels install into it from the runtime.',
      severity: 'error',
      from: { path: under(['models', 'train', 'eval']) },
      to: { path: under(['kernels']) },
    },
    {
      name: 'kernels-installed-only-by-the-runtime',
      comment: 'The kernels have one door per platform, the install call at backend start-up (Node: runtime/backend.ts; the page: runtime/pageKernels.ts): deleting src/kernels and those calls leaves a working kit.',
      severity: 'error',
      from: { pathNot: '^src/(kernels/|runtime/(backend|pageKernels)[.]ts$)' },
      to: { path: under(['kernels']) },
    },
    {
      name: 'page-imports-no-node-builtins',
      comment: 'The browser page (src/web/page, and the Train view in src/web/train) runs in a browser: no Node built-in module, directly or through what it imports.',
      severity: 'error',
      from: { path: '^src/web/(page|train)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'page-reaches-nothing-node-only',
      comment: 'Nothing the page imports, at any depth, is a Node built-in or a Node-only package.',
      severity: 'error',
      from: { path: '^src/web/(page|train)/' },
      to: { path: `^(node:)?(${NODE_BUILTINS.map(escape).join('|')})$|(^|/)node_modules/(${NODE_ONLY_PACKAGES.map(escape).join('|')})/`, reachable: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every relative import names a file that exists (the page\'s vendor/ folder is copied in when the page is built).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, path: '^[.]', pathNot: '^[.]/vendor/' },
    },
  ],
  options: {
    // Type-only imports are dependencies too (a cycle through a type is still a knot).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/|^src/web/page/vendor/' },
    moduleSystems: ['cjs', 'es6'],
    // `node:fs` and `fs` alike are built-ins.
    builtInModules: { add: [] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
