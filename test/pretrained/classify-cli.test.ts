import * as dns from 'dns';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { initBackend } from '../../src/runtime';
import { imagePixels, loadShapes } from '../../src/data';
import { saveModel } from '../../src/models';
import { createToyClip, trainClip } from '../../src/train';
import { exportToyClip } from '../../src/pretrained';
import { cli } from '../helpers/cli';
import { closedPort } from '../helpers/net';
import { trainSettings } from '../../src/recipes';

const LABELS = ['red circle', 'blue square', 'green triangle', 'an oven'];
let tmp: string;
let toyDir: string;
let hfDir: string;
let image: string;

beforeAll(async () => {
  await initBackend();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-classify-'));
  const ds = loadShapes({ size: 16, perClass: 3, testPerClass: 1, heldoutPerClass: 1 });
  const clip = createToyClip(ds, { size: 'shapes', seed: 21 });
  await trainClip(clip, ds, trainSettings({ maxSteps: 10, batchSize: 16, silent: true, seed: 3 }));
  toyDir = path.join(tmp, 'toy');
  hfDir = path.join(tmp, 'hf');
  saveModel(toyDir, clip);
  clip.dispose();
  exportToyClip(toyDir, hfDir);
  image = path.join(tmp, 'shape.png');
  await sharp(Buffer.from(imagePixels(ds, 3)), { raw: { width: 16, height: 16, channels: 3 } }).png().toFile(image);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('classify --model HF_DIR runs the exported model offline and agrees with the toy model folder', () => {
  const env = { CLIP_WORKSHOP_CACHE: path.join(tmp, 'cache') };
  const hf = cli(['classify', '--model', hfDir, '--image', image, '--labels', ...LABELS, '--json'], env);
  expect(hf.stderr).toBe('');
  expect(hf.status).toBe(0);
  const toy = cli(['classify', '--model', toyDir, '--image', image, '--labels', ...LABELS, '--json'], env);
  expect(toy.status).toBe(0);
  const [a, b] = [hf.json(), toy.json()];
  expect(a.labels).toEqual(LABELS);
  expect(a.probs).toHaveLength(LABELS.length);
  a.probs.forEach((p: number, i: number) => expect(Math.abs(p - b.probs[i])).toBeLessThanOrEqual(1e-4));
  expect(a.winner).toBe(b.winner);
});

test('classify with a hub id and no reachable hub fails with one clear sentence within 30 s', async () => {
  const env = { CLIP_WORKSHOP_CACHE: path.join(tmp, 'cache'), HF_ENDPOINT: `http://127.0.0.1:${await closedPort()}/` };
  const start = Date.now();
  const r = cli(['classify', '--model', 'Xenova/clip-vit-base-patch32', '--image', image, '--labels', 'an oven', 'a university', 'a cat'], env, undefined, 60000);
  expect(Date.now() - start).toBeLessThan(30000);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^clip-workshop: Cannot reach the Hugging Face hub .*git clone https:\/\/huggingface\.co\/Xenova\/clip-vit-base-patch32/);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
});

test('without network, the real hub address fails the same way within 30 s (skipped where the network works)', async () => {
  const offline = await new Promise<boolean>((resolve) => dns.lookup('huggingface.co', (e) => resolve(Boolean(e))));
  if (!offline) return; // never start a 600 MB download from a test
  const start = Date.now();
  const r = cli(['classify', '--model', 'Xenova/clip-vit-base-patch32', '--image', image, '--labels', 'a cat', 'a dog'], { CLIP_WORKSHOP_CACHE: path.join(tmp, 'cache') }, undefined, 60000);
  expect(Date.now() - start).toBeLessThan(30000);
  expect(r.status).toBe(1);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^clip-workshop: Cannot reach the Hugging Face hub to download "Xenova\/clip-vit-base-patch32"/);
}, 60000);
