import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeFailure, executeNotebook, listNotebooks, readNotebook } from '../../src/jupyter/execute';
import { cli } from '../helpers/cli';

/**
 * One source of truth: the notebooks show their experiments' figures as application/json outputs
 * carrying `"experiment": NAME`. Run in quick mode on an empty cache, every such output must equal what
 * `clip-workshop experiments --quick` computes, on its own, in another empty cache (only the rendered
 * emoji images are copied over: building them again would prove nothing and cost minutes). Training times
 * (`seconds`) are the one field a run cannot reproduce.
 */
const EXPECTED: Record<string, string[]> = {
  '03_contrastive_training.ipynb': ['training-curve', 'retrieval'],
  '04_zero_shot_prompting.ipynb': ['prompt-variants', 'unseen-style'],
  '05_linear_probe.ipynb': ['unseen-style', 'probe-shots'],
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-experiments-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A deep copy without the keys that measure time. */
function withoutTimes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutTimes);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'seconds').map(([k, x]) => [k, withoutTimes(x)]));
  return v;
}

test('the notebooks show exactly the figures `experiments --quick` computes from the same recipes', async () => {
  const nbCache = path.join(tmp, 'notebooks-cache');
  const cliCache = path.join(tmp, 'cli-cache');
  const shown: Record<string, unknown[]> = {};
  const dir = path.dirname(listNotebooks()[0]);
  for (const [name, expected] of Object.entries(EXPECTED)) {
    const run = await executeNotebook(path.join(dir, name), { variant: 'solutions', outDir: path.join(tmp, 'out'), env: { CLIP_WORKSHOP_QUICK: '1', CLIP_WORKSHOP_OFFLINE: '1', CLIP_WORKSHOP_CACHE: nbCache } });
    if (!run.ok) throw new Error(describeFailure(run));
    const outputs = readNotebook(run.executed).cells.flatMap((c) => (c.outputs ?? []) as Array<Record<string, any>>);
    const found = outputs.map((o) => o.data?.['application/json']).filter((j) => j && typeof j.experiment === 'string');
    expect({ name, experiments: found.map((j) => j.experiment) }).toEqual({ name, experiments: expected });
    for (const j of found) (shown[j.experiment] ??= []).push(j);
  }
  fs.mkdirSync(cliCache, { recursive: true });
  for (const entry of fs.readdirSync(nbCache).filter((e) => e.startsWith('emoji-'))) fs.cpSync(path.join(nbCache, entry), path.join(cliCache, entry), { recursive: true });
  const names = Object.keys(shown);
  const r = cli(['experiments', ...names, '--quick', '--json'], { CLIP_WORKSHOP_CACHE: cliCache }, undefined, 1_500_000);
  expect(r.stderr).not.toMatch(/Error|at .*\.js:\d+/);
  expect(r.status).toBe(0);
  const computed = r.json().results;
  for (const name of names) {
    for (const j of shown[name]) expect(withoutTimes(j)).toEqual(withoutTimes(computed[name]));
  }
}, 3_000_000);
