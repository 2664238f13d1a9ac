import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { createProgress, formatDuration, progressLine } from '../../src/runtime/progress';
import { findJupyterPython } from '../../src/jupyter/python';
import { cli, ROOT } from '../helpers/cli';

/** A non-terminal stream that keeps what is written, with the time of each write. */
function sink(): { stream: NodeJS.WriteStream; lines: { at: number; text: string }[] } {
  const lines: { at: number; text: string }[] = [];
  const stream = new PassThrough() as unknown as NodeJS.WriteStream;
  stream.write = ((chunk: string) => {
    lines.push({ at: Date.now(), text: String(chunk) });
    return true;
  }) as typeof stream.write;
  return { stream, lines };
}

describe('progress lines', () => {
  it('say the count, the share, the rate and the time left', () => {
    expect(progressLine('training x', 50, 200, 10, 'loss 0.5')).toBe('training x 50/200 (25%) 10s 5.00/s, 30s left · loss 0.5');
    expect(progressLine('rendering', 0, 100, 2, '')).toBe('rendering 0/100 (0%) 2s');
    expect(progressLine('counting', 7, 0, 3.5, '')).toBe('counting 7 4s 2.00/s');
    expect(progressLine('t', 10, 10, 5, '', true)).toMatch(/^t \[#{24}\] 10\/10 \(100%\) 5s 2\.00\/s$/);
    expect([formatDuration(59), formatDuration(65), formatDuration(3725)]).toEqual(['59s', '1m05s', '1h02m']);
  });

  it('outside a terminal: a line at once, then at least one per heartbeat even without ticks, and none after done', async () => {
    const { stream, lines } = sink();
    const p = createProgress('slow work', 4, { stream, silent: false, heartbeatMs: 300 });
    expect(lines.map((l) => l.text)).toEqual(['slow work 0/4 (0%) 0s\n']);
    await new Promise((r) => setTimeout(r, 1100));
    const quiet = lines.length;
    expect(quiet).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < lines.length; i++) expect(lines[i].at - lines[i - 1].at).toBeLessThan(300 + 1100);
    p.tick(4, 'all four');
    p.done();
    const after = lines.length;
    await new Promise((r) => setTimeout(r, 700));
    expect(lines.length).toBe(after);
    expect(lines[lines.length - 1].text).toMatch(/^slow work 4\/4 \(100%\) \d+s [\d.]+\/s · all four\n$/);
  });

  it('silent writes nothing', async () => {
    const { stream, lines } = sink();
    const p = createProgress('quiet', 2, { stream, silent: true, heartbeatMs: 100 });
    p.tick();
    await new Promise((r) => setTimeout(r, 300));
    p.done();
    expect(lines).toEqual([]);
  });
});

/** A training in a notebook shows ONE display updated in place, and writes no progress line to stderr. */
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'notebooks', 'progress.ipynb');
const runners = findJupyterPython() ? ['node', 'jupyter'] : ['node'];
describe.each(runners)('a training in a notebook (%s runner)', (runner) => {
  it('shows one updating display and no stderr progress lines', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-progress-'));
    try {
      // An empty cache, so that the model trains; quick data keeps it short. Progress must not be silenced here.
      const r = cli(['notebooks', FIXTURE, '--runner', runner, '--out', out, '--json'], { CLIP_WORKSHOP_CACHE: path.join(out, 'cache'), CLIP_WORKSHOP_QUICK: '1', CLIP_WORKSHOP_SILENT: '' });
      expect(r.status).toBe(0);
      const cell = JSON.parse(fs.readFileSync(path.join(out, 'progress.ipynb'), 'utf8')).cells[1];
      const outputs = cell.outputs as Array<{ output_type: string; name?: string; text?: string | string[]; data?: Record<string, string | string[]> }>;
      const displays = outputs.filter((o) => o.output_type === 'display_data');
      const text = (v: string | string[] | undefined) => [v ?? ''].flat().join('');
      const training = displays.filter((o) => /^training shapes-clip /.test(text(o.data?.['text/plain'])));
      expect(training).toHaveLength(1);
      // The display holds the final state: every step done.
      expect(text(training[0].data!['text/plain'])).toMatch(/^training shapes-clip (\d+)\/\1 \(100%\)/);
      const stderr = outputs.filter((o) => o.name === 'stderr').map((o) => text(o.text)).join('');
      expect(stderr).not.toMatch(/training shapes-clip|\d+\/\d+ \(\d+%\)/);
      expect(outputs.filter((o) => o.name === 'stdout').map((o) => text(o.text)).join('')).toMatch(/model ready/);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
