/**
 * @jest-environment ./test/env/onnx-environment.js
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/runtime';
import { loadShapes, splitIndices } from '../../src/data';
import { ToyClip } from '../../src/models';
import { createToyClip, trainClip } from '../../src/train';
import { PretrainedClip, evaluatePretrained, loadPretrainedClip, sampleIndices, writeTransformersFolder } from '../../src/pretrained';
import { trainSettings } from '../../src/recipes';

const ds = loadShapes({ size: 16, perClass: 4, testPerClass: 2, heldoutPerClass: 1 });
let tmp: string;
let clip: ToyClip;
let exported: PretrainedClip;

beforeAll(async () => {
  await initBackend();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-eval-'));
  clip = createToyClip(ds, { size: 'shapes', seed: 11 });
  await trainClip(clip, ds, trainSettings({ maxSteps: 15, batchSize: 16, silent: true, seed: 2 }));
  writeTransformersFolder(clip, path.join(tmp, 'hf'));
  exported = await loadPretrainedClip(path.join(tmp, 'hf'));
});
afterAll(() => {
  clip.dispose();
  exported.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const options = { templateSets: { single: ['a {}'], pair: ['a {}', 'a photo of a {}.'] }, trainLimit: 60, probeOptions: { steps: 60 } };

test('the exported model evaluates like the tfjs model (zero-shot and linear probe)', async () => {
  const before = tf.memory().numTensors;
  const viaOnnx = await evaluatePretrained(exported, ds, options);
  const viaTfjs = await evaluatePretrained(clip, ds, options);
  expect(viaOnnx.testImages).toBe(splitIndices(ds, 'test').length);
  expect(viaOnnx.trainImages).toBe(60);
  expect(viaOnnx.zeroShot.map((r) => r.name)).toEqual(['single', 'pair']);
  viaOnnx.zeroShot.forEach((run, k) => {
    expect(run.report.n).toBe(viaOnnx.testImages);
    expect(run.report.classes).toBe(ds.classNames.length);
    expect(run.report.predictions).toEqual(viaTfjs.zeroShot[k].report.predictions);
  });
  expect(viaOnnx.probe!.predictions).toEqual(viaTfjs.probe!.predictions);
  // The comparison means something only when the predictions vary between images.
  expect(new Set(viaOnnx.zeroShot[0].report.predictions).size).toBeGreaterThan(3);
  expect(new Set(viaOnnx.probe!.predictions).size).toBeGreaterThan(3);
  expect(viaOnnx.reference).toEqual([]); // no published figures for the shapes set
  expect(tf.memory().numTensors).toBe(before);
});

test('limits take a seeded sample and zero-shot-only runs skip the probe', async () => {
  const all = splitIndices(ds, 'test');
  const a = sampleIndices(all, 10, 5);
  expect(a).toEqual(sampleIndices(all, 10, 5));
  expect(a).not.toEqual(sampleIndices(all, 10, 6));
  expect(new Set(a).size).toBe(10);
  expect(a.every((i) => all.includes(i))).toBe(true);
  const before = tf.memory().numTensors;
  const r = await evaluatePretrained(exported, ds, { templateSets: { single: ['a {}'] }, testLimit: 10, probe: false, seed: 5 });
  expect(tf.memory().numTensors).toBe(before);
  expect(r.testImages).toBe(10);
  expect(r.probe).toBeNull();
  expect(r.zeroShot[0].report.n).toBe(10);
});
