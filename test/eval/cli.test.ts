import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { main } from '../../src/cli/main';
import { initBackend } from '../../src/runtime/backend';
import { Tokenizer } from '../../src/text/tokenizer';
import { ToyClip } from '../../src/models/clip';
import { modelConfig } from '../../src/models/configs';
import { saveModel } from '../../src/models/io';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-cli-'));
const modelDir = path.join(tmp, 'model');
const image = path.join(tmp, 'red.png');

/** Runs the CLI in-process and returns stdout, stderr and the exit code. */
async function run(args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  process.exitCode = 0;
  try {
    await main(args);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, err, code };
}

beforeAll(async () => {
  process.env.CLIP_WORKSHOP_SILENT = '1';
  await initBackend();
  const tok = Tokenizer.fromTexts(['a red circle', 'a blue square', 'an oven'], { maxLength: 8 });
  const model = ToyClip.create(modelConfig('shapes', { imageSize: 32 }), tok, 1);
  saveModel(modelDir, model);
  model.dispose();
  await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 220, g: 30, b: 30 } } }).png().toFile(image);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('clip-workshop classify', () => {
  test('--json gives every label its probability, in the given order, and the winner', async () => {
    const labels = ['an oven', 'a red circle', 'a blue square'];
    const r = await run(['classify', '--model', modelDir, '--image', image, '--labels', ...labels, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out.trim().split('\n').pop()!);
    expect(json.labels).toEqual(labels);
    expect(json.probs).toHaveLength(3);
    expect(json.probs.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);
    expect(json.winner).toBe(labels[json.probs.indexOf(Math.max(...json.probs))]);
  });

  test('the human output lists every label and marks the winner', async () => {
    const r = await run(['classify', '--model', modelDir, '--image', image, '--labels', 'circle', 'square', '--template', 'a red {}']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('→'))).toHaveLength(1);
    expect(r.out).toMatch(/circle.*%/);
  });

  test('a blank label, a missing image or a missing model give one clear sentence and exit 1', async () => {
    for (const [args, message] of [
      [['--image', image, '--labels', ' ', 'a dog'], /Label 1 after --labels is blank/],
      [['--image', image, '--labels', 'a cat'], /at least two labels/],
      [['--image', path.join(tmp, 'nope.png'), '--labels', 'a cat', 'a dog'], /does not exist/],
    ] as Array<[string[], RegExp]>) {
      const r = await run(['classify', '--model', modelDir, ...args]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/at .*\.ts:\d+/);
    }
    const r = await run(['classify', '--model', path.join(tmp, 'none'), '--image', image, '--labels', 'a cat', 'a dog']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/No model at/);
  });
});

describe('clip-workshop zeroshot', () => {
  test('on shapes held-out images, --json carries top1, top5, n and classes', async () => {
    const r = await run(['zeroshot', '--model', modelDir, '--dataset', 'shapes', '--split', 'heldout', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out.trim().split('\n').pop()!);
    expect(json.classes).toBe(36);
    expect(json.n).toBeGreaterThan(0);
    expect(json.top1).toBeGreaterThanOrEqual(0);
    expect(json.top5).toBeGreaterThanOrEqual(json.top1);
  });

  test('a wrong number of --labels and an unknown split are refused clearly', async () => {
    const a = await run(['zeroshot', '--model', modelDir, '--dataset', 'shapes', '--labels', 'cat', 'dog']);
    expect(a.code).toBe(1);
    expect(a.err).toMatch(/one label per class/);
    const b = await run(['zeroshot', '--model', modelDir, '--dataset', 'shapes', '--split', 'validation']);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/Unknown split "validation"/);
  });
});
