/**
 * @jest-environment ./test/env/onnx-environment.js
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { initBackend } from '../../src/runtime';
import { imageBatch, imagePixels, loadShapes } from '../../src/data';
import { ModelConfig, ToyClip, loadClassifierModel, loadToyClip, saveModel } from '../../src/models';
import { createToyClip, trainClip } from '../../src/train';
import { classifyImage, exportToyClip, writeTransformersFolder, hubSettings, isTransformersFolder, loadPretrainedClip, PretrainedClip } from '../../src/pretrained';
import { applyEndpoint, transformers } from '../../src/pretrained/transformersModule';
import { trainSettings } from '../../src/recipes';

const ds = loadShapes({ size: 16, perClass: 3, testPerClass: 1, heldoutPerClass: 1 });
const LABELS = ['red circle', 'blue square', 'green triangle', 'a yellow star', 'purple'];
const TEXTS = [
  'a red circle',
  'A RED Circle!',
  'big, blue square.',
  'zebra unicorn xyz',
  '[SOS] tricky [pad]',
  'Café naïve 3D-shape',
  '  spaces\tand\nnewlines  ',
  '',
];
/** Longer than the context length (12): the toy keeps [EOS] after cutting words, the graph must too. */
const LONG = 'a small red circle near the top left corner of a noisy grey picture with a blue square';

let tmp: string;
beforeAll(async () => {
  await initBackend();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-export-'));
  process.env.CLIP_WORKSHOP_CACHE = path.join(tmp, 'cache');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** The toy model's probabilities [images, labels] for the first `n` test images. */
function toyProbabilities(clip: ToyClip, indices: number[], labels: string[]): Float32Array {
  return tf.tidy(() => {
    const { ids, mask } = clip.tokenize(labels);
    return tf.softmax(clip.logits(imageBatch(ds, indices), ids, mask)).dataSync() as Float32Array;
  });
}

/** Exports `clip` (saved first, as `clip-workshop export` reads it) and loads the folder back through transformers.js. */
async function exportAndLoad(clip: ToyClip, name: string): Promise<{ dir: string; pretrained: PretrainedClip }> {
  const modelDir = path.join(tmp, `${name}-model`);
  const dir = path.join(tmp, `${name}-hf`);
  saveModel(modelDir, clip);
  const result = exportToyClip(modelDir, dir);
  expect(result.out).toBe(path.resolve(dir));
  expect(isTransformersFolder(dir)).toBe(true);
  expect(result.logitScale).toBeCloseTo(clip.logitScale(), 5);
  return { dir, pretrained: await loadPretrainedClip(dir) };
}

const CASES: Array<{ size: string; train: boolean; overrides?: Partial<ModelConfig> }> = [
  { size: 'shapes-vit', train: true }, // transformer image and text towers, attention masks
  { size: 'shapes', train: false }, // per-patch MLP image tower, bag-of-words text
  { size: 'emoji', train: false }, // mixer image tower
  { size: 'shapes', train: false, overrides: { imagePool: 'flatten' } }, // patch features concatenated, not averaged
];

describe.each(CASES)('export of the toy CLIP ($size $overrides)', ({ size, train, overrides }) => {
  let clip: ToyClip;
  let dir: string;
  let pretrained: PretrainedClip;
  const indices = [0, 5, 9, 17, 30, 44];

  beforeAll(async () => {
    clip = createToyClip(ds, { size, seed: 7, overrides });
    if (train) await trainClip(clip, ds, trainSettings({ maxSteps: 3, batchSize: 8, silent: true, seed: 1 }));
    ({ dir, pretrained } = await exportAndLoad(clip, `${size}-${overrides?.imagePool ?? 'default'}`));
  });
  afterAll(() => {
    clip.dispose();
    pretrained.dispose();
  });

  test('CLIPModel gives the tfjs embeddings and logit scale', async () => {
    const before = tf.memory().numTensors;
    const images = imageBatch(ds, indices);
    const toyImg = clip.embedImages(images);
    const onnxImg = await pretrained.embedImages(images);
    expect(onnxImg.shape).toEqual(toyImg.shape);
    expect(maxAbsDiff(onnxImg.dataSync(), toyImg.dataSync())).toBeLessThanOrEqual(1e-4);
    const texts = [...TEXTS, LONG, ...LABELS];
    const toyTxt = clip.embedTexts(texts);
    const onnxTxt = await pretrained.embedTexts(texts);
    expect(maxAbsDiff(onnxTxt.dataSync(), toyTxt.dataSync())).toBeLessThanOrEqual(1e-4);
    expect(pretrained.logitScale()).toBeCloseTo(clip.logitScale(), 3);
    tf.dispose([images, toyImg, onnxImg, toyTxt, onnxTxt]);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('the zero-shot pipeline gives the tfjs probabilities', async () => {
    const t = transformers();
    const classify = await t.pipeline('zero-shot-image-classification', dir);
    const images = indices.map((i) => new t.RawImage(Uint8ClampedArray.from(imagePixels(ds, i)), ds.size, ds.size, 3));
    const out = (await classify(images, LABELS, { hypothesis_template: '{}' })) as Array<Array<{ label: string; score: number }>>;
    const got = new Float32Array(indices.length * LABELS.length);
    out.forEach((scores, r) => scores.forEach(({ label, score }) => (got[r * LABELS.length + LABELS.indexOf(label)] = score)));
    const want = toyProbabilities(clip, indices, LABELS);
    expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(1e-4);
    // Not trivially uniform: the test would pass for any model otherwise.
    expect(Math.max(...want) - Math.min(...want)).toBeGreaterThan(1e-3);
    await classify.dispose();
  });

  test('transformers.js tokenizes like the toy tokenizer', () => {
    for (const text of TEXTS) {
      const e = clip.tokenizer.encode(text);
      const toyIds = e.ids.filter((_, k) => e.mask[k] === 1);
      expect({ text, ids: pretrained.tokenIds(text) }).toEqual({ text, ids: toyIds });
    }
    expect(pretrained.unknownWords('a zebra near a circle')).toEqual(clip.unknownWords('a zebra near a circle'));
  });
});

test('a reloaded toy model exports to the same bytes (deterministic export)', () => {
  const clip = createToyClip(ds, { size: 'shapes', seed: 3 });
  saveModel(path.join(tmp, 'det-model'), clip);
  clip.dispose();
  const a = exportToyClip(path.join(tmp, 'det-model'), path.join(tmp, 'det-a'));
  const b = exportToyClip(path.join(tmp, 'det-model'), path.join(tmp, 'det-b'));
  expect(a.files).toEqual(b.files);
  const bytes = (d: string) => fs.readFileSync(path.join(d, 'onnx', 'model.onnx'));
  expect(bytes(a.out).equals(bytes(b.out))).toBe(true);
  const reloaded = loadToyClip(path.join(tmp, 'det-model'));
  expect(a.parameters).toBe(reloaded.variables().reduce((s, v) => s + v.size, 0));
  reloaded.dispose();
});

test('export refuses to overwrite a folder that is not a transformers.js model', () => {
  const clip = createToyClip(ds, { size: 'shapes', seed: 3 });
  saveModel(path.join(tmp, 'refuse-model'), clip);
  clip.dispose();
  const other = path.join(tmp, 'precious');
  fs.mkdirSync(other);
  fs.writeFileSync(path.join(other, 'notes.txt'), 'keep me');
  expect(() => exportToyClip(path.join(tmp, 'refuse-model'), other)).toThrow(/not a transformers\.js model folder/);
  expect(fs.readdirSync(other)).toEqual(['notes.txt']);
  expect(fs.readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([]);
});

test('every --model loader takes an exported folder, a toy folder, or a hub id (through the registered resolver)', async () => {
  const clip = createToyClip(ds, { size: 'shapes', seed: 9 });
  saveModel(path.join(tmp, 'resolve-model'), clip);
  clip.dispose();
  exportToyClip(path.join(tmp, 'resolve-model'), path.join(tmp, 'resolve-hf'));
  const viaFolder = await loadClassifierModel(path.join(tmp, 'resolve-hf'));
  expect(viaFolder).toBeInstanceOf(PretrainedClip);
  expect(viaFolder.imageSize).toBe(ds.size);
  expect(viaFolder.logitScale()).toBeGreaterThan(0);
  viaFolder.dispose();
  const viaToy = await loadClassifierModel(path.join(tmp, 'resolve-model'));
  expect(viaToy).toBeInstanceOf(ToyClip);
  viaToy.dispose();
  hubSettings.endpoint = 'http://127.0.0.1:1/';
  applyEndpoint();
  await expect(loadClassifierModel('someone/some-clip')).rejects.toThrow(/^Cannot reach the Hugging Face hub at http:\/\/127\.0\.0\.1:1\/ to download "someone\/some-clip"/);
});

test('a config the exporter does not mirror is refused instead of exported wrong', () => {
  const clip = createToyClip(ds, { size: 'shapes', seed: 3 });
  (clip.config as any).imagePool = 'max';
  try {
    expect(() => writeTransformersFolder(clip, path.join(tmp, 'unknown-hf'))).toThrow(/cannot write a model with imagePool "max"/);
    expect(fs.existsSync(path.join(tmp, 'unknown-hf'))).toBe(false);
  } finally {
    clip.dispose();
  }
});

test('classifyImage gives the same probabilities through the exported folder as through the toy model, with a template ensemble', async () => {
  const clip = createToyClip(ds, { size: 'shapes', seed: 13 });
  await trainClip(clip, ds, trainSettings({ maxSteps: 5, batchSize: 8, silent: true, seed: 2 }));
  const dir = path.join(tmp, 'classify-hf');
  writeTransformersFolder(clip, dir);
  const exported = await loadPretrainedClip(dir);
  const png = await sharp(Buffer.from(imagePixels(ds, 12)), { raw: { width: ds.size, height: ds.size, channels: 3 } }).png().toBuffer();
  const templates = ['a {}', 'a photo of a {}.'];
  try {
    const before = tf.memory().numTensors;
    const a = await classifyImage(exported, png, LABELS, templates);
    const b = await classifyImage(clip, png, LABELS, templates);
    expect(tf.memory().numTensors).toBe(before);
    expect(a.labels).toEqual(LABELS);
    expect(maxAbsDiff(a.probs, b.probs)).toBeLessThanOrEqual(1e-4);
    expect(a.probs.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
    expect(a.winner).toBe(b.winner);
    await expect(classifyImage(exported, png, [])).rejects.toThrow(/at least one label/);
  } finally {
    clip.dispose();
    exported.dispose();
  }
});
