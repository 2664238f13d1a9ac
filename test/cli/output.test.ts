import { spawnSync } from 'child_process';
import * as path from 'path';
import { cli, ROOT } from '../helpers/cli';

describe('command output and options shared by every command', () => {
  test('a reader that closes the pipe early (`… | head`) ends the command quietly, exit 0', () => {
    // The shell closes the reader's stdin at once, so every write of the command meets a closed pipe.
    const bin = path.join(ROOT, 'bin', 'clip-workshop.js');
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" info | (exec 0<&-; true); echo "status=\${PIPESTATUS[0]}"`], { encoding: 'utf8', timeout: 120000 });
    expect(r.stdout.trim()).toBe('status=0');
    expect(r.stderr).not.toMatch(/EPIPE/);
  });

  test('--seed accepts 0 and the same seed gives the same data; a negative seed gets one sentence and exit 1', () => {
    const a = cli(['data', 'shapes', '--seed', '0', '--json']);
    const b = cli(['data', 'shapes', '--seed', '0', '--json']);
    expect(a.status).toBe(0);
    expect(a.json()).toEqual({ ...b.json(), seconds: a.json().seconds });
    const bad = cli(['data', 'shapes', '--seed', '-1']);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('clip-workshop: --seed must be a whole number from 0 to 4294967295, not "-1".');
  });
});
