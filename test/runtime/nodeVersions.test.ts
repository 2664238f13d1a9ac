import * as fs from 'fs';
import * as path from 'path';
// semver ships without types; the kit only needs `satisfies`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const semver: { satisfies(version: string, range: string, options?: { includePrerelease?: boolean }): boolean } = require('semver');

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));

// The Node lines the kit is tested on: 24 and 26 are the current LTS lines, 20.9 the oldest still accepted.
const TESTED = ['20.9.0', '24.0.0', '24.99.0', '26.0.0', '26.99.0'];

/** Every locked package whose `engines.node` rejects `version`: what `npm ci` prints as EBADENGINE. */
function rejecting(version: string): string[] {
  return Object.entries<{ engines?: { node?: string } | string[]; os?: string[]; cpu?: string[] }>(lock.packages)
    // npm skips (and never engine-checks) the optional packages of other platforms.
    .filter(([, p]) => (!p.os || p.os.includes(process.platform)) && (!p.cpu || p.cpu.includes(process.arch)))
    .filter(([, p]) => p.engines && !Array.isArray(p.engines) && typeof p.engines.node === 'string')
    .filter(([, p]) => !semver.satisfies(version, (p.engines as { node: string }).node, { includePrerelease: true }))
    .map(([name]) => name || pkg.name);
}

describe('Node versions', () => {
  test.each(TESTED)('the kit and every locked package accept Node %s (no EBADENGINE at npm ci)', (version) => {
    expect(semver.satisfies(version, pkg.engines.node)).toBe(true);
    expect(rejecting(version)).toEqual([]);
  });

  test('the check sees a package that rejects a version (it would catch an EBADENGINE)', () => {
    expect(rejecting('16.0.0').length).toBeGreaterThan(0);
  });

  test('.nvmrc names a current LTS line the engines accept', () => {
    const major = Number(fs.readFileSync(path.join(ROOT, '.nvmrc'), 'utf8').trim());
    expect([24, 26]).toContain(major);
    expect(semver.satisfies(`${major}.0.0`, pkg.engines.node)).toBe(true);
  });
});

describe('dependencies where they are used', () => {
  /** Every .ts file under src/. */
  function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? sources(p) : /\.(ts|js)$/.test(e.name) ? [p] : [];
    });
  }

  test('onnxruntime-node, which only tests load, is a devDependency (transformers.js brings its own at run time)', () => {
    expect(pkg.dependencies['onnxruntime-node']).toBeUndefined();
    expect(pkg.devDependencies['onnxruntime-node']).toBeDefined();
    const imports = /(?:from\s+|require\(\s*|import\(\s*)['"]onnxruntime-node['"]/;
    const offenders = sources(path.join(ROOT, 'src')).filter((f) => imports.test(fs.readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
