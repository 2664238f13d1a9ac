import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The import rules (.dependency-cruiser.cjs, run over the whole tree by `npm run imports` in `npm test`) bite:
 * run on a tiny house that breaks each rule once, beside files that keep them, they name every break and
 * nothing else. (So a config whose paths match nothing cannot pass.)
 */

const ROOT = path.join(__dirname, '..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** The files of the tiny house: path → source. */
const HOUSE: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', allowJs: true } }),
  'node_modules/sharp/package.json': JSON.stringify({ name: 'sharp', main: 'index.js' }),
  'node_modules/sharp/index.js': 'module.exports = {};\n',
  // Keeps the rules: a model uses the op table, training uses models, the CLI on top uses a recipe.
  'src/ops/table.ts': 'export const ops = 1;\n',
  'src/models/good.ts': "import { ops } from '../ops/table';\nexport const m = ops;\n",
  'src/train/good.ts': "import { m } from '../models/good';\nexport const t = m;\n",
  'src/recipes/good.ts': "import { t } from '../train/good';\nexport const r = t;\n",
  'src/cli/good.ts': "import { r } from '../recipes/good';\nexport const c = r;\n",
  // A file cycle inside one folder.
  'src/text/a.ts': "import { b } from './b';\nexport const a = b;\n",
  'src/text/b.ts': "import type { a } from './a';\nexport const b = 1 as unknown as typeof a;\n",
  // An upward import (a model reads the command line), closing no folder cycle.
  'src/prepare/flags.ts': 'export const flags = 1;\n',
  'src/models/upward.ts': "import { flags } from '../prepare/flags';\nexport const u = flags;\n",
  // A folder cycle without a file cycle, on one floor: data → viz → data.
  'src/data/x.ts': "import { y } from '../viz/y';\nexport const x = y;\n",
  'src/data/w.ts': 'export const w = 1;\n',
  'src/viz/y.ts': 'export const y = 1;\n',
  'src/viz/z.ts': "import { w } from '../data/w';\nexport const z = w;\n",
  // Training reaching past the op table into the kernels.
  'src/kernels/gemm.ts': 'export const gemm = 1;\n',
  'src/train/fast.ts': "import { gemm } from '../kernels/gemm';\nexport const f = gemm;\n",
  // Anything else reaching into the kernels (only the runtime's install call may), and that call itself.
  'src/bench/peek.ts': "import { gemm } from '../kernels/gemm';\nexport const p = gemm;\n",
  'src/runtime/backend.ts': "import { gemm } from '../kernels/gemm';\nexport const install = gemm;\n",
  // The page: a built-in directly, a Node-only package through a kit module, and a clean import.
  'src/web/page/direct.js': "import * as fs from 'node:fs';\nexport const d = fs;\n",
  'src/web/page/through.js': "import { tok } from '../../text/tok';\nexport const th = tok;\n",
  'src/text/tok.ts': "import * as sharp from 'sharp';\nexport const tok = sharp;\n",
  'src/web/page/clean.js': "import { b } from '../../text/b';\nexport const cl = b;\n",
};

let violations: Violation[];

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imports-'));
  try {
    for (const [file, text] of Object.entries(HOUSE)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    let out: string;
    try {
      out = execFileSync(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
    } catch (err) {
      // depcruise exits non-zero when it finds violations; its report is still on stdout.
      out = (err as { stdout: string }).stdout;
    }
    violations = JSON.parse(out).summary.violations;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60000);

const named = (rule: string) => violations.filter((v) => v.rule.name === rule).map((v) => `${v.from} → ${v.to}`);

test('a file cycle is an error', () => {
  const cycles = named('no-file-cycles');
  expect(cycles.length).toBeGreaterThan(0);
  expect(cycles.every((c) => ['src/text/a.ts → src/text/b.ts', 'src/text/b.ts → src/text/a.ts'].includes(c))).toBe(true);
});

test('a folder cycle is an error even when no file cycle runs through it', () => {
  expect(named('no-folder-cycles').sort()).toEqual(['src/data → src/viz', 'src/viz → src/data']);
});

test('an import from a lower floor to a higher one is an error, named by the lower floor', () => {
  expect(named('no-upward-from-models')).toEqual(['src/models/upward.ts → src/prepare/flags.ts']);
});

test('training, models and evaluation never import the kernels; nothing but the runtime\'s install call does', () => {
  expect(named('kernels-behind-the-ops-table')).toEqual(['src/train/fast.ts → src/kernels/gemm.ts']);
  expect(named('kernels-installed-only-by-the-runtime').sort()).toEqual(['src/bench/peek.ts → src/kernels/gemm.ts', 'src/train/fast.ts → src/kernels/gemm.ts']);
});

test('the page imports no Node built-in, directly or through a kit module, and no Node-only package', () => {
  expect(named('page-imports-no-node-builtins')).toEqual([expect.stringMatching(/^src\/web\/page\/direct\.js → (node:)?fs$/)]);
  const reached = named('page-reaches-nothing-node-only');
  expect(reached.some((v) => v.startsWith('src/web/page/through.js → ') && v.includes('node_modules/sharp/'))).toBe(true);
  expect(reached.some((v) => v.startsWith('src/web/page/clean.js'))).toBe(false);
});

test('files that keep the rules are named by none', () => {
  const flagged = new Set(violations.flatMap((v) => [v.from]));
  for (const f of ['src/runtime/backend.ts', 'src/models/good.ts', 'src/train/good.ts', 'src/recipes/good.ts', 'src/cli/good.ts', 'src/web/page/clean.js', 'src/ops/table.ts']) expect(flagged.has(f)).toBe(false);
  // Every break above, and only those, is reported.
  expect(new Set(violations.map((v) => v.rule.name))).toEqual(new Set(['no-file-cycles', 'no-folder-cycles', 'no-upward-from-models', 'kernels-behind-the-ops-table', 'kernels-installed-only-by-the-runtime', 'page-imports-no-node-builtins', 'page-reaches-nothing-node-only']));
});
