import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** `npm run build` (tools/tsc.js --if-stale) in a throwaway project: skips the compiler only while nothing changed. */
const ROOT = path.join(__dirname, '..', '..');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-build-'));
  fs.mkdirSync(path.join(dir, 'tools'));
  fs.copyFileSync(path.join(ROOT, 'tools', 'tsc.js'), path.join(dir, 'tools', 'tsc.js'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'a.ts'), 'export const a = 1;\n');
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, types: [] } }));
  fs.writeFileSync(path.join(dir, 'tsconfig.build.json'), JSON.stringify({
    extends: './tsconfig.json',
    compilerOptions: { rootDir: 'src', outDir: 'dist', incremental: true, tsBuildInfoFile: 'dist/.tsbuildinfo' },
    include: ['src'],
  }));
  fs.writeFileSync(path.join(dir, 'package-lock.json'), '{}');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The files tsc wrote in one build. */
function build(): string[] {
  const r = spawnSync(process.execPath, ['tools/tsc.js', '--if-stale', '-p', 'tsconfig.build.json', '--listEmittedFiles'], { cwd: dir, encoding: 'utf8' });
  expect(r.status).toBe(0);
  return [...r.stdout.matchAll(/TSFILE: (.*)/g)].map((m) => path.relative(dir, m[1]));
}

/** Builds once more and expects the compiler not to have run: nothing emitted, the build record untouched. */
function expectSkipped(): void {
  const record = path.join(dir, 'dist', '.tsbuildinfo');
  const before = fs.statSync(record).mtimeMs;
  expect(build()).toEqual([]);
  expect(fs.statSync(record).mtimeMs).toBe(before);
}

/** Changes a file (or only its time) after the last build: the build record is dated back to before the edit. */
function edit(file: string, text?: string): void {
  const earlier = new Date(Date.now() - 10000);
  fs.utimesSync(path.join(dir, 'dist', '.tsbuildinfo'), earlier, earlier);
  if (text !== undefined) fs.writeFileSync(path.join(dir, file), text);
  const now = new Date();
  fs.utimesSync(path.join(dir, file), now, now);
}

it('compiles a fresh project, then skips while nothing changed', () => {
  expect(build()).toContain(path.join('dist', 'a.js'));
  expect(fs.readFileSync(path.join(dir, 'dist', 'a.js'), 'utf8')).toMatch(/exports\.a = 1/);
  expectSkipped();
});

it('rebuilds after a source changes, and after a source is added', () => {
  edit(path.join('src', 'a.ts'), 'export const a = 2;\n');
  build();
  expect(fs.readFileSync(path.join(dir, 'dist', 'a.js'), 'utf8')).toMatch(/exports\.a = 2/);
  fs.writeFileSync(path.join(dir, 'src', 'b.ts'), 'export const b = 3;\n');
  edit('src');
  build();
  expect(fs.existsSync(path.join(dir, 'dist', 'b.js'))).toBe(true);
  expectSkipped();
});

it('rebuilds after the TypeScript settings change', () => {
  edit('tsconfig.json');
  // tsc itself finds nothing to emit, but it ran: its record is newer than the settings again.
  build();
  expect(fs.statSync(path.join(dir, 'dist', '.tsbuildinfo')).mtimeMs).toBeGreaterThanOrEqual(fs.statSync(path.join(dir, 'tsconfig.json')).mtimeMs);
  expectSkipped();
});

it('rebuilds when the build record is missing', () => {
  fs.rmSync(path.join(dir, 'dist', '.tsbuildinfo'));
  fs.rmSync(path.join(dir, 'dist', 'a.js'));
  expect(build()).toContain(path.join('dist', 'a.js'));
});
