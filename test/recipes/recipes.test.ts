import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hasWorkshopModel, loadRecipe, recipeHash, recipeNames, trainRecipe, workshopModel, workshopModelDir, workshopRun } from '../../src/recipes';
import { TrainRecipe } from '../../src/recipes/types';
import { initBackend } from '../../src/runtime/backend';
import { cli } from '../helpers/cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-recipes-'));
const saved = process.env.CLIP_WORKSHOP_CACHE;
beforeAll(async () => {
  process.env.CLIP_WORKSHOP_CACHE = tmp;
  await initBackend();
});
afterAll(() => {
  process.env.CLIP_WORKSHOP_CACHE = saved;
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A changed value of the same type for every field of a training recipe. */
function changed(r: TrainRecipe, key: string): Partial<TrainRecipe> {
  const v = (r as unknown as Record<string, unknown>)[key];
  if (key === 'kind') return { kind: r.kind === 'clip' ? 'classifier' : 'clip' };
  if (key === 'augment') return { augment: r.augment === 'none' ? 'emoji' : 'none' };
  if (key === 'clock') return { clock: r.clock === 'cpu' ? 'wall' : 'cpu' };
  if (key === 'modelSize') return { modelSize: r.modelSize === 'shapes' ? 'shapes-vit' : 'shapes' };
  if (key === 'template') return { template: `the ${r.template}` };
  if (key === 'dataset') return { dataset: { ...r.dataset, seed: (r.dataset.seed ?? 0) + 1 } };
  if (typeof v === 'number') return { [key]: key === 'weightDecay' || key === 'warmupSteps' ? v + 1 : v * 2 } as Partial<TrainRecipe>;
  if (typeof v === 'boolean') return { [key]: !v } as Partial<TrainRecipe>;
  return { [key]: `${v} (changed)` } as Partial<TrainRecipe>;
}

describe('recipes', () => {
  test('every recipe file loads, validates and has a 16-hex-digit content hash', () => {
    expect(recipeNames()).toEqual(expect.arrayContaining(['shapes-clip', 'emoji-clip', 'emoji-classifier', 'shapes-classifier', 'emoji-clip-bench', 'reference', 'linear-probe']));
    for (const n of recipeNames()) {
      for (const quick of [false, true]) expect(recipeHash(loadRecipe(n, {}, { quick }))).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  test('changing any field of a recipe changes its hash and its model folder', () => {
    const base = trainRecipe('shapes-clip', {}, { quick: true });
    const fields = Object.keys(base).concat(['maxSeconds', 'clock']);
    const hashes = new Set([recipeHash(base)]);
    const dirs = new Set([workshopModelDir(base)]);
    for (const key of fields) {
      const other = trainRecipe(base, key === 'maxSeconds' ? { maxSeconds: 99 } : changed(base, key));
      hashes.add(recipeHash(other));
      dirs.add(workshopModelDir(other));
    }
    expect(hashes.size).toBe(fields.length + 1);
    expect(dirs.size).toBe(fields.length + 1);
  });

  test('bad recipe fields get one sentence naming the field', () => {
    expect(() => trainRecipe('shapes-clip', { batchSize: 0 })).toThrow(/batchSize as a positive whole number/);
    expect(() => trainRecipe('shapes-clip', { template: 'no slot' })).toThrow(/template with "\{\}"/);
    expect(() => trainRecipe('shapes-clip', { steps: 10 })).toThrow(/both steps and epochs/);
    expect(() => trainRecipe('no-such-recipe')).toThrow(/Unknown recipe "no-such-recipe"; known: .*shapes-clip/);
    expect(() => trainRecipe('shapes-clip', { colour: 1 } as never)).toThrow(/unknown field\(s\) colour/);
  });

  test('workshopModel trains once, caches under the recipe hash, and a changed recipe retrains', async () => {
    const tiny = trainRecipe('shapes-clip', { epochs: 1 }, { quick: true });
    const log: string[] = [];
    expect(hasWorkshopModel(tiny)).toBe(false);
    const a = await workshopModel(tiny, {}, { log: (l) => log.push(l) });
    expect(log).toHaveLength(1);
    expect(hasWorkshopModel(tiny)).toBe(true);
    const b = await workshopModel(tiny, {}, { log: (l) => log.push(l) });
    expect(log).toHaveLength(1); // loaded, not trained
    expect(b.weights['logit_scale'].dataSync()[0]).toBe(a.weights['logit_scale'].dataSync()[0]);
    expect(b.promptTemplate).toBe(tiny.template);
    const run = await workshopRun(tiny);
    expect(run.hash).toBe(recipeHash(tiny));
    expect(run.recipe).toEqual(tiny);
    const c = await workshopModel(tiny, { learningRate: tiny.learningRate / 2 }, { log: (l) => log.push(l) });
    expect(log).toHaveLength(2); // another recipe: trained again
    [a, b, c].forEach((m) => m.dispose());
  });

  test('`recipes --json` lists every recipe with its hash', () => {
    const r = cli(['recipes', '--json']);
    expect(r.status).toBe(0);
    const j = r.json();
    expect(j.recipes.map((x: { name: string }) => x.name)).toEqual(recipeNames());
    for (const x of j.recipes) expect(x.hash).toBe(recipeHash(loadRecipe(x.name, {}, { quick: j.quick })));
  });
});
