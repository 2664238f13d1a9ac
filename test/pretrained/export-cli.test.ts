import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { initBackend } from '../../src/runtime';
import { loadShapes } from '../../src/data';
import { modelTemplate, saveModel } from '../../src/models';
import { createToyClip } from '../../src/train';
import { isTransformersFolder } from '../../src/pretrained';
import { cli } from '../helpers/cli';

let tmp: string;
let modelDir: string;

beforeAll(async () => {
  await initBackend();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-export-cli-'));
  modelDir = path.join(tmp, 'toy');
  const clip = createToyClip(loadShapes({ size: 16, perClass: 2, testPerClass: 1, heldoutPerClass: 1 }), { size: 'shapes-vit', seed: 4 });
  saveModel(modelDir, clip);
  clip.dispose();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('export writes a verified transformers.js folder and reports it as JSON', () => {
  const out = path.join(tmp, 'hf');
  const r = cli(['export', '--model', modelDir, '--out', out, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const j = r.json();
  expect(j.out).toBe(out);
  expect(isTransformersFolder(out)).toBe(true);
  expect(Object.keys(j.files).sort()).toEqual(['clip-workshop.json', 'config.json', 'onnx/model.onnx', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json']);
  // The kit's record carries the model's template as the loader decided it (bare labels: this toy records none).
  expect(JSON.parse(fs.readFileSync(path.join(out, 'clip-workshop.json'), 'utf8'))).toEqual({ template: modelTemplate(modelDir) });
  expect(modelTemplate(modelDir)).toBe('{}');
  expect(j.files['onnx/model.onnx']).toBe(fs.statSync(path.join(out, 'onnx', 'model.onnx')).size);
  expect(j.verified.imageEmbedDiff).toBeLessThanOrEqual(1e-4);
  expect(j.verified.textEmbedDiff).toBeLessThanOrEqual(1e-4);
  expect(j.benchmark).toBeNull();
  // Exporting again replaces the folder, leaving no temporary siblings behind.
  expect(cli(['export', '--model', modelDir, '--out', out, '--no-verify', '--json']).status).toBe(0);
  expect(fs.readdirSync(tmp).sort()).toEqual(['hf', 'toy']);
});

test('export refuses bad input with one sentence and no partial output', () => {
  const missing = cli(['export', '--model', path.join(tmp, 'nope'), '--out', path.join(tmp, 'x')]);
  expect(missing.status).toBe(1);
  expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  expect(missing.stderr).toMatch(/does not exist/);
  const ontoModel = cli(['export', '--model', modelDir, '--out', modelDir]);
  expect(ontoModel.status).toBe(1);
  expect(ontoModel.stderr.trim().split('\n')).toHaveLength(1);
  expect(fs.existsSync(path.join(modelDir, 'weights.bin'))).toBe(true);
  expect(fs.existsSync(path.join(tmp, 'x'))).toBe(false);
});

test('export --help describes the command and every option', () => {
  const r = cli(['export', '--help']);
  expect(r.status).toBe(0);
  for (const flag of ['--model', '--out', '--no-verify', '--bench', '--bench-images', '--json']) expect(r.stdout).toContain(flag);
  expect(r.stdout).toMatch(/transformers\.js/);
});
