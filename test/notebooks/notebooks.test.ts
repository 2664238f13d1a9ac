import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeFailure, executeNotebook, listNotebooks, readNotebook } from '../../src/jupyter/execute';
import { cellSource, VARIANTS } from '../../src/jupyter/variants';
import { KERNEL_NAME, kernelSpec } from '../../src/jupyter/kernelspec';
import { EXERCISES } from '../../src/exercises';

/**
 * Executes every workshop notebook through the real Jupyter + tslab kernel, in both hand-out variants,
 * with CLIP_WORKSHOP_QUICK=1 (smaller sizes; every cell still runs). Needs `npm run build` first (npm test does it).
 */
const notebooks = listNotebooks();
const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-notebooks-'));
afterAll(() => fs.rmSync(outRoot, { recursive: true, force: true }));

describe('committed notebooks', () => {
  it("exist, ask for the kit's kernel as the kit registers it, and carry no outputs", () => {
    expect(notebooks.length).toBeGreaterThan(0);
    const spec = kernelSpec() as { display_name: string; language: string };
    for (const file of notebooks) {
      const nb = readNotebook(file);
      // JupyterLab and VS Code pick the kernel by these fields: they must match what `kernel` writes.
      expect(nb.metadata.kernelspec).toEqual({ name: KERNEL_NAME, display_name: spec.display_name, language: spec.language });
      for (const cell of nb.cells) if (cell.cell_type === 'code') expect({ file, outputs: cell.outputs }).toEqual({ file, outputs: [] });
    }
  });
});

describe('exercises', () => {
  it('every exercise of cw.check has a starter (workshop) and a solution cell, each ending with its check', () => {
    const ends = { workshop: new Set<string>(), solution: new Set<string>() };
    for (const file of notebooks) {
      for (const cell of readNotebook(file).cells) {
        const last = cellSource(cell).trim().split('\n').filter((l) => !l.startsWith('tf.dispose')).pop() ?? '';
        const id = /^await cw\.check\('([\d.]+)'/.exec(last)?.[1];
        for (const tag of ['workshop', 'solution'] as const) if (id && cell.metadata?.tags?.includes(tag)) ends[tag].add(id);
      }
    }
    const all = EXERCISES.map((e) => e.id).sort();
    expect([...ends.workshop].sort()).toEqual(all);
    expect([...ends.solution].sort()).toEqual(all);
  });
});

describe.each(VARIANTS)('every notebook runs end to end (%s variant)', (variant) => {
  it.each(notebooks.map((f) => path.basename(f)))('%s', async (name) => {
    const run = await executeNotebook(path.join(path.dirname(notebooks[0]), name), {
      variant,
      outDir: path.join(outRoot, variant),
      // Offline even where a network exists: 04 would otherwise download ViT-B/32 and CIFAR.
      env: { CLIP_WORKSHOP_QUICK: '1', CLIP_WORKSHOP_OFFLINE: '1' },
    });
    if (!run.ok) throw new Error(describeFailure(run));
    const executed = readNotebook(run.executed);
    const outputs = executed.cells.flatMap((c) => (c.outputs ?? []) as Array<Record<string, any>>);
    // Every chart that JupyterLab renders from the Vega-Lite spec also carries a PNG for nbconvert HTML and GitHub.
    const charts = outputs.filter((o) => o.data?.['application/vnd.vegalite.v5+json']);
    for (const out of charts) expect(Buffer.from(out.data['image/png'], 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(outputs.filter((o) => o.output_type === 'error')).toEqual([]);
    // Every exercise's check ran: each solution is ✓ (a wrong one throws in this variant); each starter says "not yet".
    const checked = new Set(executed.cells.flatMap((c) => [...cellSource(c).matchAll(/await cw\.check\('([\d.]+)'/g)].map((m) => m[1])));
    const text = outputs.map((o) => (Array.isArray(o.text) ? o.text.join('') : o.text ?? '')).join('');
    const said = (pattern: RegExp) => new Set([...text.matchAll(pattern)].map((m) => m[1]));
    const ids = [...checked].sort();
    if (variant === 'solutions') expect([...said(/✓ Exercise ([\d.]+): correct/g)].sort()).toEqual(ids);
    else expect([...said(/Exercise ([\d.]+): not yet answered/g)].sort()).toEqual(ids);
    expect(said(/✗ Exercise ([\d.]+)/g).size).toBe(0);
    if (run.html) {
      const html = fs.readFileSync(run.html, 'utf8');
      expect((html.match(/<img src="data:image\/png;base64,/g) ?? []).length).toBeGreaterThanOrEqual(charts.length);
    }
  }, 900000);
});
