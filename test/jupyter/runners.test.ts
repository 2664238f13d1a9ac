import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findJupyterPython } from '../../src/jupyter/python';
import { cli, ROOT } from '../helpers/cli';

/**
 * Both notebook runners, on small fixtures: Jupyter's kernel protocol (nbclient) and tslab's executor in Node
 * (no Python). Each writes executed copies that look executed (numbered cells, displays updated in place) and an
 * HTML page that wraps long lines and shows routine stderr logs as logs, not errors.
 */
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'notebooks');
const jupyter = findJupyterPython();
if (!jupyter && process.env.CI) throw new Error('The Jupyter runner needs a Python with nbclient in CI (.ci/run installs it).');
const runners = jupyter ? (['node', 'jupyter'] as const) : (['node'] as const);

const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const text = (o: { text?: string | string[] }) => (Array.isArray(o.text) ? o.text.join('') : o.text ?? '');
const plain = (o: { data?: Record<string, string | string[]> }) => [o.data?.['text/plain'] ?? ''].flat().join('');

describe.each(runners)('the %s runner', (runner) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `cw-runner-${runner}-`));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('numbers every code cell, updates a display in place, and writes a page that wraps and keeps logs calm', () => {
    const r = cli(['notebooks', path.join(FIXTURES, 'displays.ipynb'), path.join(FIXTURES, 'ok.ipynb'), '--runner', runner, '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.json()).toMatchObject({ ok: true, runner });
    for (const name of ['displays', 'ok']) {
      const nb = read(path.join(out, `${name}.ipynb`));
      const code = nb.cells.filter((c: { cell_type: string }) => c.cell_type === 'code');
      expect(code.map((c: { execution_count: number }) => c.execution_count)).toEqual(code.map((_: unknown, i: number) => i + 1));
    }
    const cells = read(path.join(out, 'displays.ipynb')).cells;
    // One display, holding its last state: the updates replaced it rather than adding outputs.
    expect(cells[1].outputs.map((o: { output_type: string }) => o.output_type)).toEqual(['display_data']);
    expect(plain(cells[1].outputs[0])).toBe('step 3 of 3, done');
    expect(cells[2].outputs.map((o: { name: string }) => o.name).sort()).toEqual(['stderr', 'stdout']);
    const html = fs.readFileSync(path.join(out, 'displays.html'), 'utf8');
    expect(html).toMatch(/<h1>Displays<\/h1>/);
    expect(html).toMatch(/<em>fixture<\/em>/);
    expect(html).toMatch(/In \[3\]:/);
    expect(html).toMatch(/pre \{[^}]*white-space: pre-wrap/);
    expect(html).toMatch(/<pre class="output stderr log">note: a routine log line on stderr/);
    expect(html).not.toMatch(/stderr error/);
    expect(html.match(/<pre class="output stdout">step \d of 3[^<]*<\/pre>/g)).toEqual(['<pre class="output stdout">step 3 of 3, done</pre>']);
  });

  it('reports the notebook, the cell and the error of a failing cell, and keeps the executed copy', () => {
    const r = cli(['notebooks', path.join(FIXTURES, 'broken.ipynb'), '--runner', runner, '--out', out]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/broken\.ipynb \[solutions\] failed in cell 3 \("throw new Error\('deliberate failure in the fixture'\);"\): Error: deliberate failure in the fixture/);
    const executed = read(path.join(out, 'broken.ipynb'));
    expect(JSON.stringify(executed.cells[1].outputs)).toMatch(/42/);
    expect(executed.cells[2].execution_count).toBe(2);
    expect(executed.cells[3].outputs).toEqual([]);
    expect(fs.readFileSync(path.join(out, 'broken.html'), 'utf8')).toMatch(/<pre class="output stderr error">[^<]*deliberate failure/);
  });

  it('gives each notebook a fresh kernel', () => {
    const r = cli(['notebooks', path.join(FIXTURES, 'leaves-state.ipynb'), path.join(FIXTURES, 'expects-fresh.ipynb'), '--runner', runner, '--out', out]);
    expect(r.status).toBe(0);
    expect(text(read(path.join(out, 'expects-fresh.ipynb')).cells[0].outputs[0])).toMatch(/fresh kernel/);
  });
});

describe('the node runner when the notebook\'s process dies', () => {
  it('names the cell and the exit, and keeps the outputs of the cells before', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-runner-dies-'));
    try {
      const r = cli(['notebooks', path.join(FIXTURES, 'dies.ipynb'), '--runner', 'node', '--out', out]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/dies\.ipynb \[solutions\] failed in cell 2 \("\/\/ The kernel's process ends in the middle of the notebook\."\): ProcessExit: the notebook's Node process ended \(exit 3\)/);
      const executed = read(path.join(out, 'dies.ipynb'));
      expect(text(executed.cells[0].outputs[0])).toBe('before the end\n');
      expect(executed.cells[0].execution_count).toBe(1);
      expect(executed.cells[2].outputs).toEqual([]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('choosing a runner', () => {
  it('refuses an unknown runner in one sentence', () => {
    const r = cli(['notebooks', path.join(FIXTURES, 'ok.ipynb'), '--runner', 'python']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--runner.*python.*(jupyter|node)/);
  });
});
