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

describe('contrastive training takes batches larger than the concepts, and the model keeps its prompt', () => {
  test('a batch of 64 over 30 colour–shape combinations trains with 64 images a batch, and `--json` says so', () => {
    const out = path.join(tmp, 'b64');
    const r = cli(['train', '--dataset', 'shapes', '--batch-size', '64', '--epochs', '1', '--out', out, '--json']);
    expect(r.status).toBe(0);
    const j = r.json();
    expect(j.batchSize).toBe(64);
    expect(j.recipe).toBe('shapes-clip');
    expect(j.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(j.template).toBe('a {}');
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'clip-workshop.json'), 'utf8'));
    expect(manifest).toEqual(expect.objectContaining({ version: 3, complete: true, template: 'a {}', recipe: { name: 'shapes-clip', hash: j.hash } }));
  });

  test('zeroshot prompts a label-trained model with bare labels, and scores a folder of one image per class whole', async () => {
    const sharp = (await import('sharp')).default;
    const dir = path.join(tmp, 'folder');
    const colours: Record<string, [number, number, number]> = { 'red thing': [220, 30, 30], 'green thing': [30, 200, 40], 'blue thing': [30, 40, 220] };
    for (const [name, [r, g, b]] of Object.entries(colours)) {
      fs.mkdirSync(path.join(dir, name), { recursive: true });
      await sharp({ create: { width: 32, height: 32, channels: 3, background: { r, g, b } } }).png().toFile(path.join(dir, name, 'one.png'));
    }
    const out = path.join(tmp, 'folder-model');
    const cache = path.join(tmp, 'folder-cache');
    const t = cli(['train', '--dataset', dir, '--epochs', '2', '--batch-size', '3', '--out', out, '--json'], { CLIP_WORKSHOP_CACHE: cache });
    expect(t.stderr).not.toMatch(/Error|at .*js:\d+/);
    expect(t.status).toBe(0);
    expect(t.json().template).toBe('{}');
    const z = cli(['zeroshot', '--model', out, '--dataset', dir, '--json'], { CLIP_WORKSHOP_CACHE: cache });
    expect(z.status).toBe(0);
    const j = z.json();
    expect(j.templates).toEqual(['{}']);
    expect(j.split).toBe('all');
    expect(j.n).toBe(3);
  });

  test('a model folder of an unknown format version is refused with the version it found', () => {
    const out = path.join(tmp, 'v99');
    fs.cpSync(path.join(tmp, 'b64'), out, { recursive: true });
    const file = path.join(out, 'clip-workshop.json');
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), version: 99 }));
    const r = cli(['zeroshot', '--model', out, '--dataset', 'shapes', '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/format version 99; this one reads versions 1 to 3\)/);
  });
});
