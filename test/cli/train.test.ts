import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from '../helpers/cli';
import { readTrainingMetadata } from '../../src/models/io';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-train-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('clip-workshop train', () => {
  test('--json carries steps, seconds, backend, finalLoss and out, and the weight decay it trained with', () => {
    const out = path.join(tmp, 'wd');
    const r = cli(['train', '--dataset', 'shapes', '--epochs', '1', '--weight-decay', '0.1', '--out', out, '--json']);
    expect(r.status).toBe(0);
    const j = r.json();
    expect(j).toEqual(expect.objectContaining({ backend: expect.any(String), out, weightDecay: 0.1, modelSize: 'shapes' }));
    expect(j.steps).toBeGreaterThan(0);
    expect(Number.isFinite(j.finalLoss)).toBe(true);
    expect(readTrainingMetadata(out)).toEqual(expect.objectContaining({ weightDecay: 0.1, steps: j.steps }));
  });

  test('a negative weight decay gets one sentence, exit 1, and no model folder', () => {
    const out = path.join(tmp, 'bad');
    const r = cli(['train', '--dataset', 'shapes', '--epochs', '1', '--weight-decay', '-1', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('clip-workshop: --weight-decay must be a number (0 or more), not "-1".');
    expect(fs.existsSync(out)).toBe(false);
  });
});
