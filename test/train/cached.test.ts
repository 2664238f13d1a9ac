import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/runtime/backend';
import { cachedModel } from '../../src/train/cached';
import { createToyClip, trainClip } from '../../src/train/clipTrainer';
import { loadShapes } from '../../src/data/shapes';
import { ToyClip } from '../../src/models/clip';
import { tempCachePerTest } from '../helpers/tempCache';

const dirs = tempCachePerTest('cw-cached-');

beforeAll(async () => {
  await initBackend();
});

describe('cachedModel', () => {
  test('trains once per settings, then loads the same model; other settings or a damaged cache train again', async () => {
    const shapes = loadShapes({ size: 16 });
    let trainings = 0;
    const train = async () => {
      trainings++;
      const m = createToyClip(shapes, { size: 'shapes', seed: 3 });
      await trainClip(m, shapes, { epochs: Infinity, maxSteps: 3, batchSize: 16, seed: 3, silent: true });
      return m;
    };
    const log = () => undefined;
    const a = await cachedModel('toy', { steps: 3 }, train, { log });
    const b = await cachedModel('toy', { steps: 3 }, train, { log });
    expect(trainings).toBe(1);
    const probe = ['a red circle', 'a blue star'];
    const [ea, eb] = [a.embedTexts(probe), b.embedTexts(probe)];
    expect(Array.from(ea.dataSync())).toEqual(Array.from(eb.dataSync()));
    (await cachedModel('toy', { steps: 4 }, train, { log })).dispose();
    expect(trainings).toBe(2);
    const saved = path.join(dirs.cache, 'notebooks');
    for (const f of fs.readdirSync(saved, { recursive: true }) as string[]) if (f.endsWith('.json')) fs.writeFileSync(path.join(saved, f), '{ broken');
    (await cachedModel('toy', { steps: 4 }, train, { log })).dispose();
    expect(trainings).toBe(3);
    tf.dispose([ea, eb]);
    [a, b].forEach((m: ToyClip) => m.dispose());
  });
});
