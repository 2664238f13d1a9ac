import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/runtime/backend';
import { isUserError } from '../../src/runtime/errors';
import { ShapesDataset } from '../../src/data/shapes';
import { loadShapes } from '../../src/data/shapes-cache';
import { splitIndices } from '../../src/data/batch';
import { loadToyClip } from '../../src/models/io';
import { createToyClip, trainClip } from '../../src/train/clipTrainer';
import { createToyClassifier, trainClassifier } from '../../src/train/classifierTrainer';
import { zeroShotEvaluate } from '../../src/eval/zeroshot';
import { evaluateClassifier } from '../../src/eval/classifier';
import { SHAPES_TEMPLATE } from '../../src/text/templates';
import { trainSettings } from '../../src/recipes';

let ds: ShapesDataset;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-train-'));

beforeAll(async () => {
  await initBackend();
  ds = loadShapes({ perClass: 40, testPerClass: 5, heldoutPerClass: 20 });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('trainClip', () => {
  test('too few training images for one batch: one sentence with the counts, no tensor left behind', async () => {
    const model = createToyClip(ds, { seed: 1 });
    const before = tf.memory().numTensors;
    const few = splitIndices(ds, 'train').slice(0, 5);
    const run = trainClip(model, ds, trainSettings({ maxSteps: 3, batchSize: 8, seed: 1, silent: true, indices: few, unique: 'caption' as const }));
    await expect(run).rejects.toThrow('There is not enough training data for one full batch: 5 training images for batches of 8; use a smaller batch size or more images.');
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  test('a few hundred steps on shapes beat chance on the held-out colour–shape combinations', async () => {
    const model = createToyClip(ds, { seed: 1 });
    const r = await trainClip(model, ds, trainSettings({ maxSteps: 400, batchSize: 30, seed: 1, silent: true }));
    expect(r.steps).toBe(400);
    const first = r.history.steps.slice(0, 10).reduce((s, x) => s + x.loss, 0) / 10;
    expect(r.finalLoss).toBeLessThan(first);
    const report = await zeroShotEvaluate(model, ds, { indices: splitIndices(ds, 'heldout'), templates: [SHAPES_TEMPLATE] });
    expect(report.n).toBe(6 * 20);
    expect(report.top1).toBeGreaterThan(3 / ds.classNames.length);
    model.dispose();
  });

  test('no tensor leak over an epoch, and none left after training', async () => {
    const model = createToyClip(ds, { seed: 2 });
    const before = tf.memory().numTensors;
    const atEpochEnd: number[] = [];
    await trainClip(model, ds, trainSettings({ epochs: 3, batchSize: 30, seed: 2, silent: true, onEpoch: () => void atEpochEnd.push(tf.memory().numTensors) }));
    // Epoch 1 creates Adam's moments; later epochs must not add anything.
    expect(atEpochEnd[2]).toBe(atEpochEnd[1]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  test('the same seed gives the same numbers', async () => {
    const run = async () => {
      const model = createToyClip(ds, { seed: 3 });
      const r = await trainClip(model, ds, trainSettings({ maxSteps: 15, batchSize: 30, seed: 3, silent: true }));
      model.dispose();
      return r.history.steps.map((s) => [s.loss, s.accuracy, s.temperature]);
    };
    const [a, b] = [await run(), await run()];
    expect(b).toEqual(a);
    expect(new Set(a.map((x) => x[0])).size).toBeGreaterThan(1);
  });

  test('the history holds plain numbers per step and per epoch', async () => {
    const model = createToyClip(ds, { seed: 4 });
    const steps: number[] = [];
    const r = await trainClip(model, ds, trainSettings({ epochs: 1, batchSize: 30, seed: 4, silent: true, onStep: (s) => void steps.push(s.step), validate: () => ({ answer: 42 }) }));
    expect(steps).toEqual(Array.from({ length: r.steps }, (_, i) => i + 1));
    expect(r.history.epochs).toHaveLength(1);
    expect(r.history.epochs[0].validation).toEqual({ answer: 42 });
    for (const s of r.history.steps) {
      for (const k of ['loss', 'accuracy', 'learningRate', 'temperature'] as const) expect(Number.isFinite(s[k])).toBe(true);
      expect(s.accuracy).toBeGreaterThanOrEqual(0);
      expect(s.accuracy).toBeLessThanOrEqual(1);
    }
    expect(JSON.parse(JSON.stringify(r.history))).toEqual(r.history);
    model.dispose();
  });

  test('the NaN guard stops training with a UserError naming the step', async () => {
    const model = createToyClip(ds, { seed: 5 });
    model.weights['text.proj.kernel'].assign(tf.fill(model.weights['text.proj.kernel'].shape, NaN));
    const before = tf.memory().numTensors;
    let err: unknown;
    try {
      await trainClip(model, ds, trainSettings({ epochs: 1, batchSize: 30, silent: true }));
    } catch (e) {
      err = e;
    }
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(/loss became NaN at step 1 \(epoch 1\)/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  test('checkpoints are model folders per epoch that load back only when asked for', async () => {
    const model = createToyClip(ds, { seed: 6 });
    const dir = path.join(tmp, 'ckpt');
    await trainClip(model, ds, trainSettings({ epochs: 1, batchSize: 30, seed: 6, silent: true, checkpointDir: dir }));
    const epoch1 = path.join(dir, 'epoch-1');
    expect(() => loadToyClip(epoch1)).toThrow(/is a training checkpoint saved after epoch 1, not a finished model; pass --allow-checkpoint/);
    const back = loadToyClip(epoch1, { allowCheckpoint: true });
    const [a, b] = [model.embedTexts(['a red circle']), back.embedTexts(['a red circle'])];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(JSON.parse(fs.readFileSync(path.join(epoch1, 'training.json'), 'utf8')).epoch).toBe(1);
    tf.dispose([a, b]);
    model.dispose();
    back.dispose();
  });

  test('a time budget stops training', async () => {
    const model = createToyClip(ds, { seed: 7 });
    const r = await trainClip(model, ds, trainSettings({ seconds: 1, batchSize: 30, silent: true }));
    expect(r.stoppedBy).toBe('seconds');
    expect(r.steps).toBeGreaterThan(0);
    model.dispose();
  });
});

describe('trainClassifier', () => {
  test('the traditional classifier learns its seen classes', async () => {
    const model = createToyClassifier(ds, { seed: 1 });
    await trainClassifier(model, ds, trainSettings({ maxSteps: 150, batchSize: 32, seed: 1, silent: true }));
    const report = evaluateClassifier(model, ds, splitIndices(ds, 'test'));
    expect(report.n).toBe(30 * 5);
    expect(report.top1).toBeGreaterThan(5 / 30);
    model.dispose();
  });
});
