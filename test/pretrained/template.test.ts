/**
 * @jest-environment ./test/env/onnx-environment.js
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { initBackend } from '../../src/runtime';
import { loadShapes } from '../../src/data';
import { BARE_TEMPLATE, loadToyClip, MODEL_MARKER, modelTemplate, saveModel } from '../../src/models';
import { createToyClip } from '../../src/train';
import { exportToyClip, loadPretrainedClip, DEFAULT_PRETRAINED_ID } from '../../src/pretrained';
import { importOpenClip } from '../../src/openclip';
import { SINGLE_TEMPLATE } from '../../src/text/templates';
import { addWebModel } from '../../src/web/models';
import { cli } from '../helpers/cli';

/**
 * One function, modelTemplate, decides a model's prompt template wherever the model comes from (a toy model folder,
 * an export, an open_clip import, a hub id), and the loaders, `zeroshot`, the playground build and `export` all take
 * it from there: each is held against what modelTemplate says, for a folder that records a template and one that
 * does not.
 */

const RECORDED = 'a drawing of a {}';
let tmp: string;
/** Toy model folders: one recording RECORDED, one recording nothing (as model format version 1 wrote them). */
let recorded: string;
let unrecorded: string;

beforeAll(async () => {
  await initBackend();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-template-'));
  const ds = loadShapes({ size: 16, perClass: 2, testPerClass: 1, heldoutPerClass: 1 });
  recorded = path.join(tmp, 'recorded');
  unrecorded = path.join(tmp, 'unrecorded');
  const clip = createToyClip(ds, { size: 'shapes-vit', seed: 4, template: RECORDED });
  expect(clip.promptTemplate).toBe(RECORDED);
  saveModel(recorded, clip);
  saveModel(unrecorded, clip);
  clip.dispose();
  const file = path.join(unrecorded, MODEL_MARKER);
  const { template, ...rest } = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(template).toBe(RECORDED);
  fs.writeFileSync(file, JSON.stringify(rest));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('modelTemplate decides: recorded → a hub model\'s documented default → bare labels', () => {
  test('a toy model folder: its recorded template, else bare labels', () => {
    expect(modelTemplate(recorded)).toBe(RECORDED);
    expect(modelTemplate(unrecorded)).toBe(BARE_TEMPLATE);
  });

  test('a hub id: CLIP\'s documented prompt', () => {
    expect(modelTemplate(DEFAULT_PRETRAINED_ID)).toBe(SINGLE_TEMPLATE);
  });

  test('a folder of another tool, a template without "{}", or an unreadable record: bare labels', () => {
    const other = path.join(tmp, 'other');
    fs.mkdirSync(other);
    expect(modelTemplate(other)).toBe(BARE_TEMPLATE);
    fs.writeFileSync(path.join(other, MODEL_MARKER), JSON.stringify({ template: 'no slot' }));
    expect(modelTemplate(other)).toBe(BARE_TEMPLATE);
    fs.writeFileSync(path.join(other, MODEL_MARKER), 'not json');
    expect(modelTemplate(other)).toBe(BARE_TEMPLATE);
  });

  test('an open_clip import: the template given, else bare labels', () => {
    // A stand-in for the converter's Python: it answers as the real one does and writes no files (the import adds its record).
    const python = path.join(tmp, 'fake-python');
    const reply = { model: 'toy', imageSize: 16, contextLength: 8, logitScale: 10, parameters: 1, torch: 'x', openClip: 'y' };
    fs.writeFileSync(python, `#!/bin/sh\necho '${JSON.stringify(reply)}'\n`, { mode: 0o755 });
    const checkpoint = path.join(tmp, 'epoch_1.pt');
    const config = path.join(tmp, 'toy.json');
    fs.writeFileSync(checkpoint, 'x');
    fs.writeFileSync(config, '{}');
    const withTemplate = importOpenClip({ checkpoint, config, out: path.join(tmp, 'imported'), template: RECORDED, python });
    expect(withTemplate.template).toBe(RECORDED);
    expect(modelTemplate(withTemplate.out)).toBe(RECORDED);
    const without = importOpenClip({ checkpoint, config, out: path.join(tmp, 'imported-bare'), python });
    expect(without.template).toBe(BARE_TEMPLATE);
    expect(modelTemplate(without.out)).toBe(BARE_TEMPLATE);
  });
});

describe('everything that needs a model\'s template takes it from modelTemplate', () => {
  test('the toy loader fixes it at load', () => {
    for (const dir of [recorded, unrecorded]) {
      const clip = loadToyClip(dir);
      expect(clip.promptTemplate).toBe(modelTemplate(dir));
      clip.dispose();
    }
  });

  test('export records it in the transformers.js folder, and loading that folder gives it back', async () => {
    for (const dir of [recorded, unrecorded]) {
      const out = path.join(tmp, `hf-${path.basename(dir)}`);
      exportToyClip(dir, out);
      expect(modelTemplate(out)).toBe(modelTemplate(dir));
      const loaded = await loadPretrainedClip(out, { silent: true });
      expect(loaded.promptTemplate).toBe(modelTemplate(dir));
      loaded.dispose();
    }
  });

  test('the playground build lists it for each model', () => {
    for (const dir of [recorded, unrecorded]) {
      const modelsDir = path.join(tmp, `web-${path.basename(dir)}`);
      expect(addWebModel({ source: dir, name: 'toy' }, modelsDir).template).toBe(modelTemplate(dir));
    }
  });

  test('zeroshot prompts with it, with no fallback of its own', () => {
    for (const dir of [recorded, unrecorded]) {
      const r = cli(['zeroshot', '--model', dir, '--dataset', 'shapes', '--size', '16', '--json']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.json().templates).toEqual([modelTemplate(dir)]);
    }
  });
});
