import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { cli, CliRun } from '../helpers/cli';
import { mountTmpfs, snapshot, startServer, unmount, writeHugePngHeader } from '../helpers/faults';

/**
 * Bad input and faults across every command, as a table: each case runs the real CLI and checks the exit code,
 * one sentence naming the thing (no stack trace), and what must remain on disk (the user's files untouched,
 * no partial model, export or hand-out).
 */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-faults-'));
const at = (...p: string[]) => path.join(tmp, ...p);
const GOOD = at('good');
const RO = at('ro-mount');
const FULL = at('full-mount');
let mountSkip: string | undefined;
let silent: { url: string; close: () => void };
let endless: { url: string; close: () => void };

/** Copies the good model to `name` and lets `change` damage it; returns the copy's path. */
function damaged(name: string, change: (dir: string) => void): string {
  const dir = at(name);
  fs.cpSync(GOOD, dir, { recursive: true });
  fs.rmSync(path.join(dir, 'checkpoints'), { recursive: true, force: true });
  change(dir);
  return dir;
}
const readJson = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8'));
const writeJson = (f: string, v: unknown) => fs.writeFileSync(f, JSON.stringify(v, null, 2));

/** Rewrites weights.bin through `edit` and stores the matching checksum, so that only the content is wrong. */
function editWeights(dir: string, edit: (floats: Float32Array) => void): void {
  const bin = new Uint8Array(fs.readFileSync(path.join(dir, 'weights.bin')));
  edit(new Float32Array(bin.buffer));
  fs.writeFileSync(path.join(dir, 'weights.bin'), bin);
  const m = readJson(path.join(dir, 'clip-workshop.json'));
  m.weights.sha256 = crypto.createHash('sha256').update(bin).digest('hex');
  writeJson(path.join(dir, 'clip-workshop.json'), m);
}

async function solidPng(file: string, rgb: [number, number, number]): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toFile(file);
}

/** An image folder with the given class folders, two images each. */
async function imageFolder(name: string, classes: string[]): Promise<string> {
  const dir = at(name);
  for (const [i, c] of classes.entries()) {
    await solidPng(path.join(dir, c, 'a.png'), [40 * i, 0, 0]);
    await solidPng(path.join(dir, c, 'b.png'), [40 * i, 90, 0]);
  }
  return dir;
}

/** A folder of the user's holding a note, returned with a snapshot to compare after the run. */
function userFolder(name: string, files: Record<string, string> = { 'NOTES.md': 'my notes\n' }): string {
  const dir = at(name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, c] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), c);
  }
  return dir;
}

/** No half-written folders beside `dir` (the kit builds new folders as DIR.tmp-… and swaps DIR.old-…). */
function noLeftovers(dir: string): void {
  const parent = path.dirname(dir);
  if (!fs.existsSync(parent)) return;
  expect(fs.readdirSync(parent).filter((f) => f.startsWith(path.basename(dir) + '.tmp-') || f.startsWith(path.basename(dir) + '.old-') || f.startsWith('.clip-workshop-probe'))).toEqual([]);
}

interface Case {
  name: string;
  /** Prepares the files of the case; returns the command's arguments. */
  setup: () => string[] | Promise<string[]>;
  env?: () => NodeJS.ProcessEnv;
  status: number;
  /** What stderr must say (the one sentence). */
  says?: RegExp;
  /** What stdout must say. */
  prints?: RegExp;
  /** What must (not) be on disk afterwards. */
  disk?: () => void;
  /** Skip unless mounts are permitted. */
  mount?: boolean;
  timeoutMs?: number;
}

/** A case's folder, untouched: compared against its snapshot after the run. */
function untouched(dir: string): () => void {
  const before = snapshot(dir);
  return () => {
    expect(snapshot(dir)).toEqual(before);
    noLeftovers(dir);
  };
}

const cases: Case[] = [];
const add = (c: Case) => cases.push(c);
let keep: (() => void) | undefined;
const guard = (dir: string) => {
  keep = untouched(dir);
};
const kept = () => keep!();

// ---- train and baseline: --out is checked before any training ----
add({ name: 'train --out an existing file', setup: () => (fs.writeFileSync(at('a-file'), 'mine'), guard(at('a-file')), ['train', '--dataset', 'shapes', '--epochs', '1', '--out', at('a-file')]), status: 1, says: /--out .*a-file is a file, not a folder/, disk: () => expect(fs.readFileSync(at('a-file'), 'utf8')).toBe('mine') });
add({ name: 'train --out below a file', setup: () => (fs.writeFileSync(at('b-file'), 'mine'), ['train', '--dataset', 'shapes', '--epochs', '1', '--out', at('b-file', 'model')]), status: 1, says: /b-file is a file, not a folder/, disk: () => expect(fs.readFileSync(at('b-file'), 'utf8')).toBe('mine') });
add({ name: 'train --out a folder of the user\'s', setup: () => { const d = userFolder('user-out', { 'NOTES.md': 'n', 'results/r.csv': '1,2' }); guard(d); return ['train', '--dataset', 'shapes', '--seconds', '1', '--out', d]; }, status: 1, says: /holds files clip-workshop did not write \(.*NOTES\.md.*\); .*--force/, disk: kept });
add({ name: 'train --out a model whose kit file the user edited', setup: () => { const d = damaged('edited-model', (d) => fs.appendFileSync(path.join(d, 'training.json'), ' ')); guard(d); return ['train', '--dataset', 'shapes', '--seconds', '1', '--out', d]; }, status: 1, says: /training\.json, changed since clip-workshop wrote it; .*--force to overwrite/, disk: kept });
add({ name: 'train --seed 2^32 (would wrap to seed 0)', setup: () => ['train', '--dataset', 'shapes', '--seed', '4294967296', '--out', at('seed-big')], status: 1, says: /--seed must be a whole number from 0 to 4294967295, not "4294967296"/, disk: () => expect(fs.existsSync(at('seed-big'))).toBe(false) });
add({ name: 'train --seed 1e30', setup: () => ['train', '--dataset', 'shapes', '--seed', '1e30', '--out', at('seed-e30')], status: 1, says: /--seed must be a whole number from 0 to 4294967295, not "1e30"/ });
add({ name: 'train --seed -1', setup: () => ['train', '--dataset', 'shapes', '--seed', '-1', '--out', at('seed-neg')], status: 1, says: /--seed must be a whole number/ });
add({ name: 'train on a one-class folder', setup: async () => ['train', '--dataset', await imageFolder('one-class', ['cat']), '--epochs', '1', '--out', at('one-class-model')], status: 1, says: /only one class folder \(cat\).*at least two/, disk: () => expect(fs.existsSync(at('one-class-model'))).toBe(false) });
add({ name: 'train on a folder with "hot_dog" and "hot dog"', setup: async () => ['train', '--dataset', await imageFolder('dup-class', ['hot_dog', 'hot dog']), '--epochs', '1', '--out', at('dup-model')], status: 1, says: /both name the class "hot dog"/ });
add({ name: 'train on a folder with a class "___"', setup: async () => ['train', '--dataset', await imageFolder('empty-name', ['___', 'cat']), '--epochs', '1', '--out', at('empty-name-model')], status: 1, says: /___ has no name once "_" become spaces/ });
add({ name: 'train on a missing folder', setup: () => ['train', '--dataset', at('no-such-folder'), '--epochs', '1', '--out', at('nf-model')], status: 1, says: /no-such-folder does not exist/, disk: () => expect(fs.existsSync(at('nf-model'))).toBe(false) });
add({ name: 'train --epochs 0', setup: () => ['train', '--dataset', 'shapes', '--epochs', '0', '--out', at('e0')], status: 1, says: /--epochs must be a positive whole number, not "0"/ });
add({ name: 'train --model-size unknown', setup: () => ['train', '--dataset', 'shapes', '--model-size', 'huge', '--epochs', '1', '--out', at('huge')], status: 1, says: /unknown model size "huge"/i, disk: () => expect(fs.existsSync(at('huge'))).toBe(false) });
add({ name: 'train --out on a read-only file system', mount: true, setup: () => ['train', '--dataset', 'shapes', '--epochs', '1', '--out', path.join(RO, 'model')], status: 1, says: /\(EROFS\): .*ro-mount\/model is on a read-only file system/ });
add({ name: 'train --out on a full disk', mount: true, setup: () => ['train', '--dataset', 'shapes', '--seconds', '1', '--out', path.join(FULL, 'model')], status: 1, says: /\(ENOSPC\): the disk holding .*full-mount\/model is full/, disk: () => expect(fs.readdirSync(FULL)).toEqual([]) });
add({ name: 'baseline --out an existing file', setup: () => (fs.writeFileSync(at('c-file'), 'mine'), ['baseline', '--dataset', 'shapes', '--epochs', '1', '--out', at('c-file')]), status: 1, says: /c-file is a file, not a folder/, disk: () => expect(fs.readFileSync(at('c-file'), 'utf8')).toBe('mine') });
add({ name: 'baseline --seed 2^32', setup: () => ['baseline', '--dataset', 'shapes', '--seed', '4294967296', '--out', at('bl')], status: 1, says: /--seed must be a whole number from 0 to 4294967295/ });
add({ name: 'baseline on a one-class folder', setup: async () => ['baseline', '--dataset', await imageFolder('one-class-b', ['dog']), '--epochs', '1', '--out', at('bl2')], status: 1, says: /only one class folder \(dog\)/, disk: () => expect(fs.existsSync(at('bl2'))).toBe(false) });

// ---- classify: labels, damaged models, images, network ----
const image = () => at('img', 'red.png');
const classify = (model: string, ...rest: string[]) => ['classify', '--model', model, '--image', image(), ...rest];
add({ name: 'classify with one label', setup: () => classify(GOOD, '--labels', 'a red circle'), status: 1, says: /at least two labels after --labels \(got 1: "a red circle"\)/ });
add({ name: 'classify with a blank label', setup: () => classify(GOOD, '--labels', 'a', ' '), status: 1, says: /Label 2 after --labels is blank/ });
add({ name: 'classify with a label twice', setup: () => classify(GOOD, '--labels', 'a red circle', 'a red circle'), status: 1, says: /"a red circle" is given twice/ });
add({ name: 'classify a model with NaN weights (checksum matching)', setup: () => classify(damaged('nan', (d) => editWeights(d, (f) => (f[5] = NaN))), '--labels', 'a', 'b', '--json'), status: 1, says: /holds NaN values .*train the model again/ });
add({ name: 'classify a model with Infinity weights', setup: () => classify(damaged('inf', (d) => editWeights(d, (f) => (f[f.length - 1] = Infinity))), '--labels', 'a', 'b'), status: 1, says: /holds Infinity values/ });
add({
  name: 'classify a model whose weights.json changed a shape',
  setup: () =>
    classify(
      damaged('shape', (d) => {
        const w = readJson(path.join(d, 'weights.json'));
        const e = w.find((x: { name: string }) => x.name === 'image.patch.kernel');
        e.shape = [...e.shape].reverse();
        writeJson(path.join(d, 'weights.json'), w);
      }),
      '--labels', 'a', 'b',
    ),
  status: 1,
  says: /Weight "image\.patch\.kernel" .* has shape \[\d+, \d+\], but the model's config needs \[\d+, \d+\]/,
});
add({ name: 'classify a model of format version 99', setup: () => classify(damaged('v99', (d) => { const m = readJson(path.join(d, 'clip-workshop.json')); m.version = 99; writeJson(path.join(d, 'clip-workshop.json'), m); }), '--labels', 'a', 'b'), status: 1, says: /newer clip-workshop \(model format version 99; this one reads versions 1 to 3\); update clip-workshop/ });
add({ name: 'classify a model of an unknown kind', setup: () => classify(damaged('kind', (d) => { const m = readJson(path.join(d, 'clip-workshop.json')); m.kind = 'regressor'; writeJson(path.join(d, 'clip-workshop.json'), m); }), '--labels', 'a', 'b'), status: 1, says: /unknown kind "regressor" \(format version 3\)/ });
add({ name: 'classify a model missing a weight entry', setup: () => classify(damaged('missing-w', (d) => { const w = readJson(path.join(d, 'weights.json')); writeJson(path.join(d, 'weights.json'), w.filter((x: { name: string }) => x.name !== 'text.proj.kernel')); }), '--labels', 'a', 'b'), status: 1, says: /Weight "text\.proj\.kernel" missing from/ });
add({ name: 'classify a model whose weights.bin changed', setup: () => classify(damaged('flip', (d) => { const f = path.join(d, 'weights.bin'); const b = fs.readFileSync(f); b[100] ^= 0xff; fs.writeFileSync(f, b); }), '--labels', 'a', 'b'), status: 1, says: /weights\.bin does not match the checksum/ });
add({ name: 'classify a checkpoint', setup: () => classify(path.join(GOOD, 'checkpoints', 'epoch-1'), '--labels', 'a', 'b'), status: 1, says: /is a training checkpoint saved after epoch 1, not a finished model; pass --allow-checkpoint/ });
add({ name: 'classify a model folder holding only checkpoints (interrupted training)', setup: () => { const d = at('interrupted'); fs.mkdirSync(path.join(d, 'checkpoints'), { recursive: true }); fs.cpSync(path.join(GOOD, 'checkpoints', 'epoch-1'), path.join(d, 'checkpoints', 'epoch-1'), { recursive: true }); return classify(d, '--labels', 'a', 'b'); }, status: 1, says: /holds no finished model, only checkpoints .*--allow-checkpoint/ });
add({ name: 'classify a model marked incomplete', setup: () => classify(damaged('incomplete', (d) => { const m = readJson(path.join(d, 'clip-workshop.json')); m.complete = false; writeJson(path.join(d, 'clip-workshop.json'), m); }), '--labels', 'a', 'b'), status: 1, says: /is not marked complete .*--allow-checkpoint/ });
add({ name: 'classify a missing model', setup: () => classify(at('no-model'), '--labels', 'a', 'b'), status: 1, says: /No model at .*no-model/ });
add({ name: 'classify a missing image file', setup: () => ['classify', '--model', GOOD, '--image', at('nope.png'), '--labels', 'a', 'b'], status: 1, says: /nope\.png does not exist/ });
add({ name: 'classify a 20000×20000 PNG', setup: () => (writeHugePngHeader(at('huge.png'), 20000, 20000), ['classify', '--model', GOOD, '--image', at('huge.png'), '--labels', 'a', 'b']), status: 1, says: /20000×20000 = 400 million pixels, more than the 100 million/ });
add({ name: 'classify an image URL on a server that never answers', setup: () => ['classify', '--model', GOOD, '--image', silent.url, '--labels', 'a', 'b'], env: () => ({ CLIP_WORKSHOP_TIMEOUT: '2' }), status: 1, says: /Could not download the image at .* \(no answer within 2 s\)/, timeoutMs: 20000 });
add({ name: 'classify an image URL streaming endless bytes', setup: () => ['classify', '--model', GOOD, '--image', endless.url, '--labels', 'a', 'b'], status: 1, says: /larger than the limit of 50 MB/, timeoutMs: 60000 });

// ---- zeroshot, probe ----
add({ name: 'zeroshot --labels with one label', setup: () => ['zeroshot', '--model', GOOD, '--dataset', 'shapes', '--labels', 'circle'], status: 1, says: /--labels needs one label per class, at least two \(got 1\)/ });
add({ name: 'zeroshot on a one-class folder', setup: async () => ['zeroshot', '--model', GOOD, '--dataset', await imageFolder('one-class-z', ['cat'])], status: 1, says: /only one class folder \(cat\)/ });
add({ name: 'zeroshot with a checkpoint', setup: () => ['zeroshot', '--model', path.join(GOOD, 'checkpoints', 'epoch-1'), '--dataset', 'shapes'], status: 1, says: /training checkpoint .*--allow-checkpoint/ });
add({ name: 'zeroshot --split unknown', setup: () => ['zeroshot', '--model', GOOD, '--dataset', 'shapes', '--split', 'everything'], status: 1, says: /everything/ });
add({ name: 'probe a model with NaN weights', setup: () => ['probe', '--model', damaged('nan-probe', (d) => editWeights(d, (f) => (f[0] = NaN))), '--dataset', 'shapes'], status: 1, says: /holds NaN values/ });

// ---- export ----
add({ name: 'export into a folder holding the user\'s README', setup: () => { const d = userFolder('export-user', { 'README.md': '# my model\n' }); guard(d); return ['export', '--model', GOOD, '--out', d, '--no-verify']; }, status: 1, says: /not a transformers\.js model folder written by clip-workshop and holds files clip-workshop did not write \(.*README\.md\).*--force/, disk: kept });
add({ name: 'export --out an existing file', setup: () => (fs.writeFileSync(at('d-file'), 'mine'), ['export', '--model', GOOD, '--out', at('d-file'), '--no-verify']), status: 1, says: /d-file is a file, not a folder/, disk: () => expect(fs.readFileSync(at('d-file'), 'utf8')).toBe('mine') });
add({ name: 'export a checkpoint', setup: () => ['export', '--model', path.join(GOOD, 'checkpoints', 'epoch-1'), '--out', at('export-cp'), '--no-verify'], status: 1, says: /training checkpoint .*--allow-checkpoint/, disk: () => expect(fs.existsSync(at('export-cp'))).toBe(false) });
add({ name: 'export --out the model folder itself', setup: () => { guard(GOOD); return ['export', '--model', GOOD, '--out', GOOD, '--no-verify']; }, status: 1, says: /--out must be a different folder from --model/, disk: kept });
add({ name: 'export to a read-only file system', mount: true, setup: () => ['export', '--model', GOOD, '--out', path.join(RO, 'export'), '--no-verify'], status: 1, says: /\(EROFS\): .*read-only file system/ });

// ---- handout ----
add({ name: 'handout over a notebook the user edited', setup: () => { const d = at('handout-edited'); const r = cli(['handout', '--out', d]); expect(r.status).toBe(0); const nb = path.join(d, 'workshop', fs.readdirSync(path.join(d, 'workshop'))[0]); fs.appendFileSync(nb, ' '); guard(d); return ['handout', '--out', d]; }, status: 1, says: /workshop\/.*\.ipynb, changed since clip-workshop wrote it; .*--force to overwrite/, disk: kept });
add({ name: 'handout into a folder of the user\'s', setup: () => { const d = userFolder('handout-user', { 'plan.txt': 'day 1' }); guard(d); return ['handout', '--out', d]; }, status: 1, says: /plan\.txt.*--force/, disk: kept });
add({ name: 'handout --out an existing file', setup: () => (fs.writeFileSync(at('e-file'), 'mine'), ['handout', '--out', at('e-file')]), status: 1, says: /e-file is a file, not a folder/, disk: () => expect(fs.readFileSync(at('e-file'), 'utf8')).toBe('mine') });

// ---- data, charts, bench: seeds and caches ----
add({ name: 'data --seed 2^32', setup: () => ['data', 'shapes', '--seed', '4294967296'], status: 1, says: /--seed must be a whole number from 0 to 4294967295/ });
add({ name: 'bench --seed 1e30', setup: () => ['bench', '--seed', '1e30'], status: 1, says: /--seed must be a whole number from 0 to 4294967295, not "1e30"/ });
add({ name: 'kernel --user with CLIP_WORKSHOP_PYTHON pointing at nothing', setup: () => ['kernel', '--user'], env: () => ({ CLIP_WORKSHOP_PYTHON: '/nonexistent/python3' }), status: 1, says: /CLIP_WORKSHOP_PYTHON is set to \/nonexistent\/python3, which does not exist/ });
add({ name: 'bench --seed -3', setup: () => ['bench', '--seed', '-3'], status: 1, says: /--seed must be a whole number/ });
add({ name: 'data on a folder with a read-only cache runs uncached and says so', mount: true, setup: async () => ['data', await imageFolder('ro-cache-pics', ['cat', 'dog']), '--json'], env: () => ({ CLIP_WORKSHOP_CACHE: path.join(RO, 'cache') }), status: 0, says: /note: the cache .*ro-mount\/cache.* cannot be written \((EROFS|ENOENT)\), so this run goes on without caching/ });

// ---- quiz ----
const quizFile = (name: string, questions: unknown[]) => {
  const f = at(name);
  fs.writeFileSync(f, JSON.stringify({ title: 'T', questions }));
  return f;
};
const q = (question: string, answers: string[]) => ({ question, answers: answers.map((text, i) => ({ text, correct: i === 0 })), explanation: 'because', time: 20 });
add({ name: 'quiz check with a repeated question', setup: () => ['quiz', 'check', '--file', quizFile('dup-q.json', [q('What is CLIP?', ['a', 'b']), q('what is  CLIP', ['c', 'd'])])], status: 1, says: /The quiz has 1 problem/, prints: /question 2 \("what is  CLIP"\): it repeats question 1/ });
add({ name: 'quiz check with a repeated answer', setup: () => ['quiz', 'check', '--file', quizFile('dup-a.json', [q('What is CLIP?', ['a model', 'A model.'])])], status: 1, says: /The quiz has 1 problem/, prints: /question 1 \("What is CLIP\?"\): answer 2 \("A model\."\) repeats answer 1/ });
add({ name: 'quiz check on a missing file', setup: () => ['quiz', 'check', '--file', at('no-quiz.yaml')], status: 1, says: /no-quiz\.yaml does not exist/ });

// ---- Jupyter: notebooks, lab, kernel ----
add({ name: 'lab with CLIP_WORKSHOP_PYTHON pointing at nothing', setup: () => ['lab', '--no-browser'], env: () => ({ CLIP_WORKSHOP_PYTHON: '/nonexistent/python3' }), status: 1, says: /CLIP_WORKSHOP_PYTHON is set to \/nonexistent\/python3, which does not exist/ });
add({ name: 'notebooks with CLIP_WORKSHOP_PYTHON pointing at nothing', setup: () => ['notebooks'], env: () => ({ CLIP_WORKSHOP_PYTHON: '/nonexistent/python3' }), status: 1, says: /CLIP_WORKSHOP_PYTHON is set to \/nonexistent\/python3, which does not exist/ });
add({ name: 'lab with CLIP_WORKSHOP_PYTHON pointing at a python without Jupyter', setup: () => { const f = at('nojupyter.sh'); fs.writeFileSync(f, '#!/bin/sh\necho "ModuleNotFoundError: No module named jupyter_client" >&2\nexit 1\n', { mode: 0o755 }); return ['lab', '--no-browser']; }, env: () => ({ CLIP_WORKSHOP_PYTHON: at('nojupyter.sh') }), status: 1, says: /nojupyter\.sh, which lacks Jupyter \(ModuleNotFoundError/ });

/** One line of stderr starting "clip-workshop:" and no stack trace. */
function oneSentence(r: CliRun): string {
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('clip-workshop:'));
  expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  expect(r.stderr).not.toMatch(/CLIP_WORKSHOP_DEBUG/);
  return lines.join('\n');
}

beforeAll(async () => {
  // One finished model with a checkpoint beside it: the base of the damaged copies.
  const r = cli(['train', '--dataset', 'shapes', '--epochs', '1', '--checkpoint-every', '1', '--out', GOOD, '--json']);
  if (r.status !== 0) throw new Error(r.stderr);
  await solidPng(image(), [220, 20, 20]);
  silent = await startServer('silent');
  endless = await startServer('endless');
  mountSkip = mountTmpfs(RO, '1m', { readOnly: true });
  if (!mountSkip) mountSkip = mountTmpfs(FULL, '64k');
  if (mountSkip) console.warn(`fault-injection cases with a mount are skipped: ${mountSkip}`);
}, 180000);

afterAll(() => {
  silent?.close();
  endless?.close();
  unmount(RO);
  unmount(FULL);
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('the table holds at least 40 cases across every command that takes input', () => {
  expect(cases.length).toBeGreaterThanOrEqual(40);
  const commands = new Set(cases.map((c) => c.name.split(' ')[0]));
  for (const c of ['train', 'baseline', 'classify', 'zeroshot', 'probe', 'export', 'handout', 'data', 'bench', 'quiz', 'lab', 'notebooks', 'kernel']) expect(commands).toContain(c);
});

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  test('exits as expected with one sentence naming the problem, and leaves the disk right', async () => {
    if (c.mount && mountSkip) {
      console.warn(`skipped "${c.name}": ${mountSkip}`);
      return;
    }
    keep = undefined;
    const args = await c.setup();
    const r = cli(args, c.env?.() ?? {}, undefined, c.timeoutMs ?? 120000);
    const sentence = oneSentence(r);
    if (c.status !== 0) expect(sentence.split('\n')).toHaveLength(1);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: c.status, stderr: expect.stringMatching(c.says ?? /./) });
    if (c.prints) expect(r.stdout).toMatch(c.prints);
    c.disk?.();
  }, 180000);
});
