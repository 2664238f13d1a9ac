import { spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { cli, ROOT } from '../helpers/cli';
import { mountTmpfs, snapshot, startServer, unmount, writeHugePngHeader } from '../helpers/faults';
import { initBackend } from '../../src/runtime/backend';
import { isUserError } from '../../src/runtime/errors';
import { checkModelOutput, loadModel, loadToyClip } from '../../src/models/io';
import { writeOwnedFolder } from '../../src/runtime/ownedFolder';
import { writeHandouts } from '../../src/jupyter/handout';
import { layerNormForward } from '../../src/kernels/layerNormKernels';
import { attentionForward } from '../../src/kernels/attentionKernels';
import { embeddingBagForward } from '../../src/kernels/embeddingKernels';
import { adamUpdate } from '../../src/kernels/adamKernel';
import { runTraining, DIVERGENCE } from '../../src/train/loop';
import { downloadVerified } from '../../src/data/download';
import { fetchBounded } from '../../src/runtime/fetch';
import { decodeImage } from '../../src/data/image';
import { labelProbabilities } from '../../src/eval/zeroshot';
import { loadFolder } from '../../src/data/folder';
import { writeCache } from '../../src/data/cache';
import { seedOption } from '../../src/cli/output';
import { checkQuizText } from '../../src/quiz/load';
import { trainSettings } from '../../src/recipes';

/** One test (or a few) per numbered problem of the user-safety review, reproducing it and checking the fix. */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-safety-'));
const at = (...p: string[]) => path.join(tmp, ...p);
const GOOD = at('good');
const image = at('red.png');

async function expectUserError(p: Promise<unknown> | (() => unknown), message: RegExp): Promise<void> {
  let err: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    err = e;
  }
  expect(isUserError(err)).toBe(true);
  expect((err as Error).message).toMatch(message);
}

/** Captures what `fn` writes to stderr. */
async function stderrOf(fn: () => unknown): Promise<string> {
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await fn();
    return spy.mock.calls.map((c) => String(c[0])).join('');
  } finally {
    spy.mockRestore();
  }
}

beforeAll(async () => {
  await initBackend('wasm');
  const r = cli(['train', '--dataset', 'shapes', '--epochs', '1', '--checkpoint-every', '1', '--out', GOOD, '--json']);
  if (r.status !== 0) throw new Error(r.stderr);
  await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 220, g: 20, b: 20 } } }).png().toFile(image);
}, 180000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('1. the user\'s files are never deleted', () => {
  test('train into a copy of a model holding NOTES.md and results/: refused, then with --force kept beside the new model', () => {
    const m2 = at('M2');
    fs.cpSync(GOOD, m2, { recursive: true });
    fs.writeFileSync(path.join(m2, 'NOTES.md'), 'notes\n');
    fs.mkdirSync(path.join(m2, 'results'));
    const before = snapshot(m2);
    const refused = cli(['train', '--dataset', 'shapes', '--out', m2, '--seconds', '3']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/holds files clip-workshop did not write \(.*NOTES\.md, .*results\/\); .*--force/);
    expect(snapshot(m2)).toEqual(before);
    const forced = cli(['train', '--dataset', 'shapes', '--out', m2, '--seconds', '3', '--seed', '7', '--force']);
    expect(forced.status).toBe(0);
    expect(fs.readFileSync(path.join(m2, 'NOTES.md'), 'utf8')).toBe('notes\n');
    expect(fs.statSync(path.join(m2, 'results')).isDirectory()).toBe(true);
    // The kit's files were replaced (another seed, other weights); its checkpoints stay.
    expect(fs.readFileSync(path.join(m2, 'weights.bin')).equals(fs.readFileSync(path.join(GOOD, 'weights.bin')))).toBe(false);
    expect(fs.existsSync(path.join(m2, 'checkpoints', 'epoch-1', 'clip-workshop.json'))).toBe(true);
    expect(fs.readdirSync(tmp).filter((f) => /\.(tmp|old)-/.test(f))).toEqual([]);
  }, 120000);

  test('an export folder keeps the user\'s README.md with --force', () => {
    const out = at('export-readme');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'README.md'), '# mine\n');
    expect(cli(['export', '--model', GOOD, '--out', out, '--no-verify']).status).toBe(1);
    const r = cli(['export', '--model', GOOD, '--out', out, '--no-verify', '--force']);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(out, 'README.md'), 'utf8')).toBe('# mine\n');
    expect(fs.existsSync(path.join(out, 'onnx', 'model.onnx'))).toBe(true);
    // Every later export names the README again: writing beside the user's files stays a choice.
    const again = cli(['export', '--model', GOOD, '--out', out, '--no-verify']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/README\.md/);
    expect(cli(['export', '--model', GOOD, '--out', out, '--no-verify', '--force']).status).toBe(0);
    expect(fs.readFileSync(path.join(out, 'README.md'), 'utf8')).toBe('# mine\n');
  }, 120000);

  test('handout never overwrites an edited notebook without --force, and never removes other files', () => {
    const out = at('handout');
    const files = writeHandouts(out);
    expect(writeHandouts(out)).toEqual(files); // unchanged hand-outs are the kit's to rewrite
    const edited = files[0];
    fs.appendFileSync(edited, '\n');
    const mine = path.join(out, 'workshop', 'my-notes.md');
    fs.writeFileSync(mine, 'mine');
    expect(() => writeHandouts(out)).toThrow(/changed since clip-workshop wrote it; .*--force to overwrite/);
    expect(fs.readFileSync(edited, 'utf8').endsWith('\n\n')).toBe(true);
    writeHandouts(out, { force: true });
    expect(fs.readFileSync(edited, 'utf8').endsWith('\n\n')).toBe(false);
    expect(fs.readFileSync(mine, 'utf8')).toBe('mine');
  });

  test('a file of the user\'s with a name the kit needs is refused even with --force', () => {
    const dir = at('clash');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'weights.bin'), 'mine');
    const spec = { what: 'model folder', flag: '--out' };
    expect(() => writeOwnedFolder(dir, { 'weights.bin': 'kit' }, spec, true)).toThrow(/weights\.bin, which clip-workshop did not write but needs to/);
    expect(fs.readFileSync(path.join(dir, 'weights.bin'), 'utf8')).toBe('mine');
  });
});

describe('2. checkpoints never pass for finished models', () => {
  test('Ctrl-C after the first checkpoint leaves the finished model as it was; the checkpoint loads only on request', async () => {
    const out = at('G2');
    fs.cpSync(GOOD, out, { recursive: true });
    fs.rmSync(path.join(out, 'checkpoints'), { recursive: true });
    const manifest = fs.readFileSync(path.join(out, 'clip-workshop.json'));
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'clip-workshop.js'), 'train', '--dataset', 'shapes', '--out', out, '--epochs', '50', '--checkpoint-every', '1'], { env: { ...process.env, CLIP_WORKSHOP_SILENT: '1' }, stdio: 'ignore' });
    const cp = path.join(out, 'checkpoints', 'epoch-1');
    const deadline = Date.now() + 150000;
    while (!fs.existsSync(path.join(cp, 'clip-workshop.json')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
    expect(fs.readFileSync(path.join(out, 'clip-workshop.json')).equals(manifest)).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(cp, 'clip-workshop.json'), 'utf8'))).toEqual(expect.objectContaining({ complete: false, checkpoint: { epoch: 1, step: expect.any(Number) } }));
    await expectUserError(() => loadToyClip(cp), /training checkpoint saved after epoch 1, not a finished model; pass --allow-checkpoint/);
    const r = cli(['classify', '--model', cp, '--image', image, '--labels', 'a red circle', 'a blue square']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--allow-checkpoint/);
    expect(cli(['classify', '--model', cp, '--allow-checkpoint', '--image', image, '--labels', 'a red circle', 'a blue square']).status).toBe(0);
    expect(cli(['classify', '--model', out, '--image', image, '--labels', 'a red circle', 'a blue square']).status).toBe(0);
  }, 240000);
});

describe('3. no wrong answer with exit 0', () => {
  const copy = (name: string) => {
    const d = at(name);
    fs.cpSync(GOOD, d, { recursive: true });
    return d;
  };

  test('NaN weights with a matching checksum are refused before any tensor exists', async () => {
    const d = copy('nan');
    const bin = new Uint8Array(fs.readFileSync(path.join(d, 'weights.bin')));
    new Float32Array(bin.buffer)[3] = NaN;
    fs.writeFileSync(path.join(d, 'weights.bin'), bin);
    const m = JSON.parse(fs.readFileSync(path.join(d, 'clip-workshop.json'), 'utf8'));
    m.weights.sha256 = crypto.createHash('sha256').update(bin).digest('hex');
    fs.writeFileSync(path.join(d, 'clip-workshop.json'), JSON.stringify(m));
    const before = tf.memory().numTensors;
    await expectUserError(() => loadModel(d), /holds NaN values/);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a weight whose shape changed is refused on wasm, and the wasm kernels reject wrong shapes themselves', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const d = copy('shape');
    const w = JSON.parse(fs.readFileSync(path.join(d, 'weights.json'), 'utf8'));
    const e = w.find((x: { name: string }) => x.name === 'image.patch.kernel');
    expect(e.shape[0]).not.toBe(e.shape[1]);
    e.shape = [e.shape[1], e.shape[0]];
    fs.writeFileSync(path.join(d, 'weights.json'), JSON.stringify(w));
    await expectUserError(() => loadModel(d), /Weight "image\.patch\.kernel" .* has shape/);
    const x = tf.zeros([4, 8]);
    const [g8, g4] = [tf.ones([8]), tf.ones([4])];
    expect(() => layerNormForward(x, g4, g8, 1e-5)).toThrow(/layer norm: gamma has shape \[4\], expected \[8\]/);
    expect(() => attentionForward(x, x, tf.zeros([4, 4]), undefined, { b: 1, n: 4, heads: 2 })).toThrow(/attention: v has shape \[4, 4\]/);
    expect(() => attentionForward(x, x, x, undefined, { b: 2, n: 4, heads: 2 })).toThrow(/attention: q has shape \[4, 8\], expected \[8, \?\]/);
    expect(() => embeddingBagForward(tf.zeros([2, 3], 'int32'), tf.zeros([3, 2]), tf.zeros([10, 4]))).toThrow(/embedding bag: weights has shape \[3, 2\], expected \[2, 3\]/);
    expect(() => adamUpdate(x, g8, x, x, { beta1: 0.9, beta2: 0.999, step: 1, eps: 1e-8, decay: 0 })).toThrow(/Adam: g has shape \[8\]/);
    tf.dispose([x, g8, g4]);
  });

  test('a model folder of version 99 or of an unknown kind names what it found and what to do', async () => {
    const d = copy('v99');
    const f = path.join(d, 'clip-workshop.json');
    const m = JSON.parse(fs.readFileSync(f, 'utf8'));
    fs.writeFileSync(f, JSON.stringify({ ...m, version: 99 }));
    await expectUserError(() => loadModel(d), /newer clip-workshop \(model format version 99; this one reads versions 1 to 3\); update clip-workshop, or train the model again/);
    fs.writeFileSync(f, JSON.stringify({ ...m, kind: 'llm' }));
    await expectUserError(() => loadModel(d), /unknown kind "llm" \(format version 3\)/);
  });

  test('--lr 1e9 stops with a sentence and saves nothing; a 1-epoch shapes run is never judged diverged', () => {
    const out = at('lr1e9');
    const r = cli(['train', '--dataset', 'shapes', '--epochs', '6', '--lr', '1e9', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^clip-workshop: Training stopped: after \d+ steps \(epoch \d\) the loss is still [\d.]+, no better than guessing \([\d.]+\), so the model learnt nothing and was not saved; lower the learning rate/m);
    expect(fs.existsSync(path.join(out, 'clip-workshop.json'))).toBe(false);
    // The 1-epoch run of beforeAll trained and saved: the thresholds leave it alone.
    const steps = JSON.parse(fs.readFileSync(path.join(GOOD, 'training.json'), 'utf8')).steps;
    expect(steps).toBeLessThan(TRAIN_WARMUP + DIVERGENCE.minSteps);
  }, 180000);

  test('the loop stops a run stuck at chance after warm-up, and only then', async () => {
    const v = tf.variable(tf.scalar(1));
    const chance = Math.log(8);
    const task = { variables: [v], batches: () => Array.from({ length: 100 }, (_, i) => i), forward: () => ({ loss: tf.add(tf.mul(v, 0), chance) as tf.Scalar, accuracy: tf.scalar(0.125) }), chanceLoss: () => chance };
    const before = tf.memory().numTensors;
    await expectUserError(runTraining(task, trainSettings({ epochs: 10, warmupSteps: 10, silent: true })), new RegExp(`after ${10 + DIVERGENCE.minSteps} steps .* no better than guessing`));
    expect(tf.memory().numTensors).toBe(before);
    const ok = await runTraining(task, trainSettings({ epochs: 3, warmupSteps: 10, silent: true }));
    expect(ok.steps).toBe(300);
    v.dispose();
  });
});

const TRAIN_WARMUP = 50;

describe('4. no endless waits', () => {
  let silent: { url: string; close: () => void };
  let endless: { url: string; close: () => void };
  beforeAll(async () => {
    silent = await startServer('silent');
    endless = await startServer('endless');
  });
  afterAll(() => {
    silent.close();
    endless.close();
  });

  test('a dataset download from a server that never answers gives up after three timed-out tries with backoff', async () => {
    process.env.CLIP_WORKSHOP_TIMEOUT = '1';
    try {
      const start = Date.now();
      const dest = at('dl', 'x.tar.gz');
      const notes = await stderrOf(() => expectUserError(downloadVerified({ title: 'Test set', url: silent.url, md5: '0'.repeat(32), dest }), /Test set is not downloaded and .* cannot be fetched \(no answer within 1 s, after 3 tries\)/));
      const took = (Date.now() - start) / 1000;
      expect(took).toBeGreaterThanOrEqual(3 + 1 + 2 - 0.5);
      expect(took).toBeLessThan(20);
      expect(notes).toMatch(/trying again in 1 s[\s\S]*trying again in 2 s/);
      expect(fs.readdirSync(path.dirname(dest))).toEqual([]);
    } finally {
      delete process.env.CLIP_WORKSHOP_TIMEOUT;
    }
  }, 30000);

  test('a body larger than the cap stops at the cap, not at memory exhaustion', async () => {
    await expect(fetchBounded(endless.url, { maxBytes: 2e6 })).rejects.toThrow(/larger than the limit of 2 MB/);
  });
});

describe('5. no internal errors', () => {
  test('one label is a sentence and leaks no tensor', async () => {
    const model = loadToyClip(GOOD);
    const images = tf.zeros([1, 32, 32, 3]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    await expectUserError(labelProbabilities(model, images, ['a red circle']), /at least two labels/);
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
    model.dispose();
  });

  test('a missing weight entry is named', async () => {
    const d = at('missing');
    fs.cpSync(GOOD, d, { recursive: true });
    const w = JSON.parse(fs.readFileSync(path.join(d, 'weights.json'), 'utf8'));
    fs.writeFileSync(path.join(d, 'weights.json'), JSON.stringify(w.filter((x: { name: string }) => x.name !== 'logit_scale')));
    await expectUserError(() => loadModel(d), /Weight "logit_scale" missing from/);
  });

  test('a 20000² PNG is refused for its pixel count, not called corrupt', async () => {
    writeHugePngHeader(at('huge.png'), 20000, 20000);
    await expectUserError(decodeImage(fs.readFileSync(at('huge.png')), 'huge.png', { size: 32 }), /huge\.png is 20000×20000 = 400 million pixels, more than the 100 million the kit decodes: shrink it/);
  });
});

describe('6. system errors name the path, and come before the work', () => {
  const RO = at('ro');
  let skip: string | undefined;
  beforeAll(() => {
    skip = mountTmpfs(RO, '1m', { readOnly: true, fill: (d) => fs.mkdirSync(path.join(d, 'existing')) });
  });
  afterAll(() => unmount(RO));

  test('a read-only --out is refused before training, naming the path', () => {
    if (skip) return console.warn(`skipped: ${skip}`);
    expect(() => checkModelOutput(path.join(RO, 'model'))).toThrow(/Cannot write the model folder \(EROFS\): .*ro\/model is on a read-only file system/);
    expect(() => checkModelOutput(path.join(RO, 'existing'))).toThrow(/\(EROFS\)/);
    fs.writeFileSync(at('plain-file'), 'x');
    expect(() => checkModelOutput(path.join(at('plain-file'), 'model'))).toThrow(/plain-file is a file, not a folder/);
  });

  test('a read-only cache is skipped with a note, not an error', async () => {
    if (skip) return console.warn(`skipped: ${skip}`);
    let result: unknown = 'unset';
    const notes = await stderrOf(() => (result = writeCache(path.join(RO, 'cache', 'x'), { k: 1 }, { 'a.u8': new Uint8Array(4) }, {})));
    expect(result).toBeUndefined();
    expect(notes).toMatch(/note: the cache .*ro\/cache\/x cannot be written \(EROFS\), so this run goes on without caching/);
  });
});

describe('7. image folders lose nothing silently', () => {
  async function png(file: string, r: number): Promise<void> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await sharp({ create: { width: 8, height: 8, channels: 3, background: { r, g: 0, b: 0 } } }).png().toFile(file);
  }

  test('symlinked class folders and images are followed, loops skipped and every skipped entry named', async () => {
    const elsewhere = at('elsewhere');
    await png(path.join(elsewhere, 'dogs', 'd1.png'), 10);
    await png(path.join(elsewhere, 'cat.png'), 200);
    const dir = at('linked');
    fs.mkdirSync(path.join(dir, 'cat'), { recursive: true });
    fs.symlinkSync(path.join(elsewhere, 'cat.png'), path.join(dir, 'cat', 'c1.png'));
    fs.symlinkSync(path.join(elsewhere, 'dogs'), path.join(dir, 'dog'));
    fs.symlinkSync(dir, path.join(dir, 'loop'));
    fs.symlinkSync(path.join(elsewhere, 'gone'), path.join(dir, 'cat', 'broken.png'));
    fs.writeFileSync(path.join(dir, 'README.txt'), 'about');
    process.env.CLIP_WORKSHOP_CACHE = at('cache7');
    let ds: Awaited<ReturnType<typeof loadFolder>> | undefined;
    const notes = await stderrOf(async () => (ds = await loadFolder(dir, { size: 8, quiet: true, testFraction: 0 })));
    expect(ds!.classNames).toEqual(['cat', 'dog']);
    expect(ds!.meta.map((m) => m.source)).toEqual(['cat/c1.png', 'dog/d1.png']);
    expect(notes).toMatch(/skipped 3 entries/);
    for (const name of ['README.txt (not in a class folder)', 'loop (links to', 'broken.png (a broken link)']) expect(notes).toContain(name);
  });

  test('two folders naming one class, or a folder naming none, are refused', async () => {
    const dup = at('dup');
    await png(path.join(dup, 'hot_dog', 'a.png'), 1);
    await png(path.join(dup, 'hot dog', 'b.png'), 2);
    await expectUserError(loadFolder(dup, { quiet: true }), /hot dog and .*hot_dog both name the class "hot dog"/);
    const empty = at('noname');
    await png(path.join(empty, '___', 'a.png'), 1);
    await png(path.join(empty, 'cat', 'b.png'), 2);
    await expectUserError(loadFolder(empty, { quiet: true }), /___ has no name once "_" become spaces/);
  });
});

describe('8. the smaller ones', () => {
  test('seeds outside 0…2³²−1 are refused instead of wrapping around', () => {
    const parse = seedOption('--seed');
    expect(parse('4294967295')).toBe(4294967295);
    expect(parse('0')).toBe(0);
    for (const bad of ['4294967297', '1e30', '-1', '1.5']) expect(() => parse(bad)).toThrow(`--seed must be a whole number from 0 to 4294967295, not "${bad}".`);
  });

  test('quiz check flags repeated questions and repeated answers', () => {
    const q = (question: string, answers: string[]) => ({ question, answers: answers.map((text, i) => ({ text, correct: i === 0 })), explanation: 'x', time: 20 });
    const r = checkQuizText(JSON.stringify({ title: 'T', questions: [q('Why CLIP?', ['a', 'b']), q('why  clip', ['c', 'C.'])] }));
    expect(r.problems.map((p) => p.message)).toEqual(['question 2 ("why  clip"): it repeats question 1; remove one or reword it.', 'question 2 ("why  clip"): answer 2 ("C.") repeats answer 1; give each answer once.']);
    expect(r.quiz).toBeUndefined();
  });

  test('lab passes --allow-root as root and returns Jupyter\'s exit code; a python variable pointing at nothing is named', () => {
    const fake = at('fake-python.sh');
    const argsFile = at('fake-args');
    fs.writeFileSync(fake, `#!/bin/sh\nif [ "$1" = "-c" ]; then echo "$0"; exit 0; fi\necho "$@" > ${argsFile}\nexit 3\n`, { mode: 0o755 });
    const r = cli(['lab', '--no-browser'], { CLIP_WORKSHOP_PYTHON: fake });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/Jupyter exited with code 3/);
    const args = fs.readFileSync(argsFile, 'utf8');
    expect(args).toMatch(/-m jupyterlab .*--no-browser/);
    if (process.getuid?.() === 0) expect(args).toContain('--allow-root');
    const missing = cli(['lab'], { CLIP_WORKSHOP_PYTHON: '/nonexistent' });
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe('clip-workshop: CLIP_WORKSHOP_PYTHON is set to /nonexistent, which does not exist: point it at a python that has Jupyter (e.g. /usr/bin/python3), or unset it to let the kit look for one.');
  });
});
