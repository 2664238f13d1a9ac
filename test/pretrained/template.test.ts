/**
 * @jest-environment ./test/env/onnx-environment.js
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { initBackend } from '../../src/runtime';
import { loadShapes } from '../../src/data';
import { createToyClip } from '../../src/train';
import { KIT_MODEL_FILE, loadPretrainedClip, modelTemplate, writeTransformersFolder } from '../../src/pretrained';

beforeAll(() => initBackend());

test('a transformers.js folder carries the prompt template of the toy it was exported from', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-template-'));
  const clip = createToyClip(loadShapes({ size: 16, perClass: 2, testPerClass: 1, heldoutPerClass: 1 }), { size: 'shapes-vit', seed: 4 });
  clip.promptTemplate = 'a drawing of a {}';
  const out = path.join(tmp, 'hf');
  writeTransformersFolder(clip, out);
  clip.dispose();
  expect(JSON.parse(fs.readFileSync(path.join(out, KIT_MODEL_FILE), 'utf8'))).toEqual({ template: 'a drawing of a {}' });
  expect(modelTemplate(out)).toBe('a drawing of a {}');
  const loaded = await loadPretrainedClip(out, { silent: true });
  expect(loaded.promptTemplate).toBe('a drawing of a {}');
  loaded.dispose();
});

test('folders without the kit file, or with a template lacking "{}", record none', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-template-'));
  expect(modelTemplate(tmp)).toBeUndefined();
  fs.writeFileSync(path.join(tmp, KIT_MODEL_FILE), JSON.stringify({ template: 'no slot' }));
  expect(modelTemplate(tmp)).toBeUndefined();
  fs.writeFileSync(path.join(tmp, KIT_MODEL_FILE), 'not json');
  expect(modelTemplate(tmp)).toBeUndefined();
  expect(modelTemplate('Xenova/clip-vit-base-patch32')).toBeUndefined();
});
