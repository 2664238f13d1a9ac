import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, ROOT } from '../helpers/cli';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'notebooks');

describe('clip-workshop notebooks: bad input', () => {
  it('names a missing notebook in one sentence, exits non-zero, prints no stack trace', () => {
    const r = cli(['notebooks', 'nope.ipynb']);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/No notebook "nope.ipynb" exists: name one of /);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('says what to install when the Python it is pointed at has no Jupyter, naming the variable', () => {
    // /bin/false stands in for a python that lacks Jupyter.
    const r = cli(['notebooks', path.join(FIXTURES, 'ok.ipynb')], { CLIP_WORKSHOP_PYTHON: '/bin/false' });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/CLIP_WORKSHOP_PYTHON is set to \/bin\/false, which lacks Jupyter .*install it there with `\/bin\/false -m pip install jupyterlab`, or point the variable at another python/);
  });

  it('reports the notebook, the cell and the error when a cell throws', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-nb-'));
    const r = cli(['notebooks', path.join(FIXTURES, 'broken.ipynb'), '--out', out]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/broken\.ipynb \[solutions\] failed in cell 3 \("throw new Error\('deliberate failure in the fixture'\);"\): Error: deliberate failure in the fixture/);
    // The executed copy is kept so the error output can be read; the cell after the failure never ran.
    const executed = JSON.parse(fs.readFileSync(path.join(out, 'broken.ipynb'), 'utf8'));
    expect(JSON.stringify(executed.cells[1].outputs)).toMatch(/42/);
    expect(executed.cells[3].outputs).toEqual([]);
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('runs a passing notebook and reports it as JSON', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-nb-'));
    const r = cli(['notebooks', path.join(FIXTURES, 'ok.ipynb'), '--out', out, '--json']);
    expect(r.status).toBe(0);
    const res = r.json();
    expect(res.ok).toBe(true);
    expect(res.notebooks[0].name).toBe('ok.ipynb');
    const executed = JSON.parse(fs.readFileSync(path.join(out, 'ok.ipynb'), 'utf8'));
    expect(JSON.stringify(executed.cells[0].outputs)).toMatch(/answer 42/);
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('runs several notebooks in order, each in a fresh kernel, and stops at the first failure', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-nb-'));
    const names = ['leaves-state', 'expects-fresh', 'broken', 'ok'];
    const r = cli(['notebooks', ...names.map((n) => path.join(FIXTURES, `${n}.ipynb`)), '--out', out]);
    expect(r.status).not.toBe(0);
    expect([...r.stderr.matchAll(/running (\S+)\.ipynb/g)].map((m) => m[1])).toEqual(['leaves-state', 'expects-fresh', 'broken']);
    expect([...r.stderr.matchAll(/ (ok|FAILED) in /g)].map((m) => m[1])).toEqual(['ok', 'ok', 'FAILED']);
    expect(JSON.stringify(JSON.parse(fs.readFileSync(path.join(out, 'expects-fresh.ipynb'), 'utf8')).cells[0].outputs)).toMatch(/fresh kernel/);
    // The notebook after the failure never ran, though its kernel had been started ahead.
    expect(fs.existsSync(path.join(out, 'ok.ipynb'))).toBe(false);
    fs.rmSync(out, { recursive: true, force: true });
  });
});
