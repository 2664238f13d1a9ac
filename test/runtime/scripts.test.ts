import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { scriptPath } from '../../src/runtime/scripts';
import { ROOT } from '../helpers/cli';

/** The files `npm pack` would put in the package, relative to the root. */
function packedFiles(): string[] {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`npm pack --dry-run failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
}

/** Every .ts file under a folder. */
function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

const hasShellcheck = spawnSync('sh', ['-c', 'command -v shellcheck']).status === 0;

describe('Python and shell shipped with the package', () => {
  const packed = packedFiles();
  const shipped = packed.filter((f) => /\.(py|sh)$/.test(f));

  it('ships every script the kit runs, each one found by scriptPath', () => {
    const needed = ['src/jupyter/runner.py', 'src/openclip/convert.py', 'src/openclip/open_clip_train_kit.py', 'src/openclip/train-open-clip.sh'];
    expect(shipped).toEqual(expect.arrayContaining(needed));
    for (const f of needed) expect(scriptPath(path.basename(path.dirname(f)), path.basename(f))).toBe(path.join(ROOT, f));
    expect(() => scriptPath('jupyter', 'no-such.py')).toThrow(/missing from the package/);
    // open_clip's install lines are read from these data files at run time.
    expect(packed).toEqual(expect.arrayContaining(['src/openclip/requirements.txt', 'src/openclip/import-requirements.txt']));
  });

  it('every shipped .py compiles and every shipped .sh parses (and passes shellcheck where installed)', () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'py-compile-'));
    try {
      for (const f of shipped) {
        const file = path.join(ROOT, f);
        // py_compile writes bytecode: into a temp folder, never beside the sources.
        const r = f.endsWith('.py')
          ? spawnSync('python3', ['-c', 'import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)', file, path.join(cache, 'x.pyc')], { encoding: 'utf8' })
          : spawnSync('bash', ['-n', file], { encoding: 'utf8' });
        expect({ file: f, status: r.status, stderr: r.stderr }).toEqual({ file: f, status: 0, stderr: '' });
        if (f.endsWith('.sh') && hasShellcheck) {
          const s = spawnSync('shellcheck', [file], { encoding: 'utf8' });
          expect({ file: f, status: s.status, stdout: s.stdout }).toEqual({ file: f, status: 0, stdout: '' });
        }
      }
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });

  it('no TypeScript file carries Python or shell in a string', () => {
    const offenders = tsFiles(path.join(ROOT, 'src')).filter((f) => {
      if (f.endsWith('.py.ts') || f.endsWith('.sh.ts')) return true;
      const text = fs.readFileSync(f, 'utf8');
      return /^#!\/usr\/bin\/env (bash|sh|python)/m.test(text) || /^(def|class) \w+.*:\s*$/m.test(text) || /^\s*import (json|sys|os)\b/m.test(text);
    });
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('a compile error is caught (the check can fail)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-script-'));
    try {
      fs.writeFileSync(path.join(dir, 'bad.py'), 'def f(:\n');
      fs.writeFileSync(path.join(dir, 'bad.sh'), 'if then\n');
      expect(spawnSync('python3', ['-c', 'import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)', path.join(dir, 'bad.py'), path.join(dir, 'x.pyc')]).status).not.toBe(0);
      expect(spawnSync('bash', ['-n', path.join(dir, 'bad.sh')]).status).not.toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
