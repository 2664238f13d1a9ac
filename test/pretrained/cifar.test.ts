/**
 * @jest-environment ./test/env/onnx-environment.js
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { initBackend } from '../../src/runtime';
import { loadCifarArchive } from '../../src/data';
import { createToyClip, trainClip } from '../../src/train';
import { evaluatePretrained, loadPretrainedClip, writeTransformersFolder } from '../../src/pretrained';
import { writeCifar10Fixture } from './cifar-fixture';
import { trainSettings } from '../../src/recipes';

const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
let tmp: string;

beforeAll(async () => {
  await initBackend();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-cifar-'));
  process.env.CLIP_WORKSHOP_CACHE = path.join(tmp, 'cache');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('zero-shot and linear probe on a CIFAR-10-format archive through an exported CLIP match the tfjs model', async () => {
  const archive = path.join(tmp, 'cifar-10-binary.tar.gz');
  writeCifar10Fixture(archive, CLASSES, 20, 3);
  const ds = loadCifarArchive(archive, 'cifar10', { quiet: true });
  expect(ds.size).toBe(32);
  expect(ds.classNames).toEqual(CLASSES);

  const clip = createToyClip(ds, { size: 'shapes', seed: 5 });
  await trainClip(clip, ds, trainSettings({ maxSteps: 5, batchSize: 10, silent: true, seed: 1 }));
  const dir = path.join(tmp, 'hf');
  writeTransformersFolder(clip, dir);
  const exported = await loadPretrainedClip(dir);
  try {
    const options = { templateSets: { 'a {}': ['a {}'], ensemble: ['a photo of a {}.', 'a {}'] }, probeOptions: { steps: 100 } };
    const viaOnnx = await evaluatePretrained(exported, ds, options);
    const viaTfjs = await evaluatePretrained(clip, ds, options);
    expect(viaOnnx.dataset).toBe('cifar10');
    expect(viaOnnx.testImages).toBe(20);
    expect(viaOnnx.trainImages).toBe(100);
    viaOnnx.zeroShot.forEach((run, k) => expect(run.report.predictions).toEqual(viaTfjs.zeroShot[k].report.predictions));
    expect(viaOnnx.probe!.predictions).toEqual(viaTfjs.probe!.predictions);
    // Each fixture class has its own colour: a probe on any reasonable features separates them.
    expect(viaOnnx.probe!.top1).toBeGreaterThan(0.5);
    expect(viaOnnx.reference.length).toBeGreaterThan(0);
    expect(viaOnnx.reference.every((r) => r.dataset === 'cifar10')).toBe(true);
    expect(viaOnnx.probe!.confusion.length).toBe(10);
  } finally {
    clip.dispose();
    exported.dispose();
  }
});

