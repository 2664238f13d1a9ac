import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeFailure, executeNotebook, listNotebooks, readNotebook, RunnerName } from '../../src/jupyter/execute';
import { findJupyterPython } from '../../src/jupyter/python';

/**
 * The node runner (tslab's executor, no Python) and the Jupyter runner (nbclient, the real kernel protocol) run the
 * same notebook to the same experiment outputs: notebook 03 in quick mode, each in an empty cache of its own, so
 * each trains its models itself. Training times (`seconds`) are the one field a run cannot reproduce.
 */
const jupyter = findJupyterPython();
if (!jupyter && process.env.CI) throw new Error('The runner parity test needs a Python with nbclient in CI (.ci/run installs it).');
const maybe = jupyter ? test : test.skip;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-parity-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A deep copy without the keys that measure time. */
function withoutTimes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutTimes);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'seconds').map(([k, x]) => [k, withoutTimes(x)]));
  return v;
}

maybe('notebook 03 shows the same experiment outputs through both runners, every code cell numbered', async () => {
  const file = listNotebooks().find((f) => path.basename(f).startsWith('03_'))!;
  const shown: Partial<Record<RunnerName, unknown[]>> = {};
  for (const runner of ['node', 'jupyter'] as const) {
    const run = await executeNotebook(file, { runner, variant: 'solutions', outDir: path.join(tmp, runner), env: { CLIP_WORKSHOP_QUICK: '1', CLIP_WORKSHOP_OFFLINE: '1', CLIP_WORKSHOP_CACHE: path.join(tmp, `cache-${runner}`) } });
    if (!run.ok) throw new Error(describeFailure(run));
    const cells = readNotebook(run.executed).cells.filter((c) => c.cell_type === 'code');
    expect(cells.map((c) => c.execution_count)).toEqual(cells.map((_, i) => i + 1));
    const outputs = cells.flatMap((c) => (c.outputs ?? []) as Array<Record<string, any>>);
    shown[runner] = outputs.map((o) => o.data?.['application/json']).filter((j) => j && typeof j.experiment === 'string').map(withoutTimes);
    expect(fs.existsSync(run.html!)).toBe(true);
  }
  expect(shown.node!.length).toBeGreaterThan(0);
  expect(shown.node).toEqual(shown.jupyter);
}, 3_000_000);
