import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { spawnSync } from 'child_process';
import * as zlib from 'zlib';
import { cli, CliRun, ROOT } from '../helpers/cli';
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
/** A tiny disk filled to the last byte: even the pre-flight probe fails. */
const FILLED = at('filled-mount');
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
// kernel --user writes the kernelspec itself (no Python): a Jupyter data folder it cannot make is named in one sentence.
add({ name: 'kernel --user with JUPYTER_DATA_DIR below a file', setup: () => { fs.writeFileSync(at('jupyter-file'), 'x'); return ['kernel', '--user']; }, env: () => ({ JUPYTER_DATA_DIR: path.join(at('jupyter-file'), 'data') }), status: 1, says: /\(ENOTDIR\): .*jupyter-file\/data\/kernels\/clip-workshop cannot be written: part of that path is a file/ });
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

// ---- every write through one path: a read-only and a full disk named by the path the user gave ----
/** The sentence of a read-only disk, naming `p`. */
const readOnly = (p: string) => new RegExp(`\\(EROFS\\): ${p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is on a read-only file system`);
/** The sentence of a full disk, naming `p`. */
const full = (p: string) => new RegExp(`\\(ENOSPC\\): the disk holding ${p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is full`);
const emptyDisk = (dir: string) => () => expect(fs.readdirSync(dir).filter((f) => f !== 'lost+found')).toEqual([]);
const diskCases: [string, (out: string) => string[], string][] = [
  ['export-data', (out) => ['export-data', '--dataset', 'shapes', '--out', out], 'shards'],
  ['handout', (out) => ['handout', '--out', out], 'handout'],
  ['web', (out) => ['web', '--model', GOOD, '--out', out], 'play'],
  ['charts', (out) => ['charts', '--out', out], 'charts'],
  ['slides', (out) => ['slides', '--out', out], 'slides'],
];
for (const [command, args, name] of diskCases) {
  add({ name: `${command} --out on a read-only file system`, mount: true, setup: () => args(path.join(RO, name)), status: 1, says: readOnly(path.join(RO, name)), disk: emptyDisk(RO) });
  add({ name: `${command} --out on a full disk`, mount: true, setup: () => args(path.join(FULL, name)), status: 1, says: full(path.join(FULL, name)), disk: emptyDisk(FULL) });
}
add({ name: 'quiz export --markdown on a read-only file system', mount: true, setup: () => ['quiz', 'export', '--markdown', path.join(RO, 'quiz.md')], status: 1, says: readOnly(path.join(RO, 'quiz.md')), disk: emptyDisk(RO) });
add({ name: 'quiz export --kahoot on a full disk', mount: true, setup: () => ['quiz', 'export', '--kahoot', path.join(FILLED, 'quiz.xlsx')], status: 1, says: full(path.join(FILLED, 'quiz.xlsx')) });
add({ name: 'prepare-class --pack on a read-only file system fails before any preparation', mount: true, setup: () => ['prepare-class', '--no-downloads', '--pack', path.join(RO, 'class.tar')], status: 1, says: readOnly(path.join(RO, 'class.tar')), prints: /^$/, disk: emptyDisk(RO), timeoutMs: 30000 });
add({ name: 'prepare-class --pack on a full disk fails before any preparation', mount: true, setup: () => ['prepare-class', '--no-downloads', '--pack', path.join(FILLED, 'class.tar')], status: 1, says: full(path.join(FILLED, 'class.tar')), prints: /^$/, timeoutMs: 30000 });
add({ name: 'prepare-class --pack a folder fails before any preparation', setup: () => (fs.mkdirSync(at('pack-dir'), { recursive: true }), ['prepare-class', '--no-downloads', '--pack', at('pack-dir')]), status: 1, says: /--pack .*pack-dir is a folder; give the path of a file/, prints: /^$/, timeoutMs: 30000 });
add({ name: 'quiz export --markdown a folder', setup: () => (fs.mkdirSync(at('md-dir'), { recursive: true }), ['quiz', 'export', '--markdown', at('md-dir')]), status: 1, says: /--markdown .*md-dir is a folder/ });

// ---- folders know their kind: never replaced by another, whatever --force says ----
add({ name: 'export --force into a model folder', setup: () => { const d = damaged('kind-model', () => undefined); guard(d); return ['export', '--model', GOOD, '--out', d, '--no-verify', '--force']; }, status: 1, says: /kind-model is a toy model folder .*will not turn it into an export folder, even with --force/, disk: kept });
add({ name: 'train --force into an export folder', setup: () => { const d = at('kind-export'); expect(cli(['export', '--model', GOOD, '--out', d, '--no-verify']).status).toBe(0); guard(d); return ['train', '--dataset', 'shapes', '--steps', '2', '--out', d, '--force']; }, status: 1, says: /kind-export is an export folder .*will not turn it into a toy model folder, even with --force/, disk: kept });
add({ name: 'handout --force into a model\'s checkpoints', setup: () => { guard(GOOD); return ['handout', '--out', path.join(GOOD, 'checkpoints'), '--force']; }, status: 1, says: /inside the checkpoints of the toy model folder .*good \(a checkpoint is part of its model\)/, disk: kept });
add({ name: 'export-data into a hand-out folder', setup: () => { const d = at('kind-handout'); expect(cli(['handout', '--out', d]).status).toBe(0); guard(d); return ['export-data', '--dataset', 'shapes', '--out', d]; }, status: 1, says: /kind-handout is a hand-out folder .*will not turn it into an open_clip data export/, disk: kept });
add({ name: 'import into an export folder (refused before any conversion)', setup: () => { const d = at('kind-export-2'); expect(cli(['export', '--model', GOOD, '--out', d, '--no-verify']).status).toBe(0); guard(d); return ['import', '--open-clip', at('no.pt'), '--config', at('no.json'), '--out', d]; }, status: 1, says: /kind-export-2 is an export folder .*will not turn it into an imported open_clip model/, disk: kept });

// ---- bounds before work ----
add({ name: 'train --batch-size 1 (a contrastive batch needs two pairs)', setup: () => ['train', '--recipe', 'shapes-clip', '--batch-size', '1', '--steps', '20', '--out', at('bs1')], status: 1, says: /a contrastive batch needs at least 2 pairs/, disk: () => expect(fs.existsSync(at('bs1'))).toBe(false) });
add({ name: 'train on a two-class folder with --batch-size 1', setup: async () => ['train', '--dataset', await imageFolder('two-class', ['cat', 'dog']), '--batch-size', '1', '--steps', '5', '--out', at('bs1-folder')], status: 1, says: /a contrastive batch needs at least 2 pairs/, disk: () => expect(fs.existsSync(at('bs1-folder'))).toBe(false) });

// ---- advice that works ----
add({ name: 'charts into a folder of the user\'s advises --force, which charts takes', setup: () => { const d = userFolder('charts-user', { 'talk.key': 'k' }); guard(d); return ['charts', '--out', d]; }, status: 1, says: /talk\.key.*pass --force/, disk: kept });
add({ name: 'slides into a folder of the user\'s advises --force, which slides takes', setup: () => { const d = userFolder('slides-user', { 'talk.key': 'k' }); guard(d); return ['slides', '--out', d]; }, status: 1, says: /talk\.key.*pass --force/, disk: kept });

// ---- inputs checked like weights ----
/** A copy of the kit's results/ with `change` applied to one file. */
function results(name: string, file: string, change: (text: string) => string): string {
  const dir = at(name);
  fs.cpSync(path.join(ROOT, 'results'), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), change(fs.readFileSync(path.join(dir, file), 'utf8')));
  return dir;
}
const README = path.join(ROOT, 'README.md');
const readmeKept = () => { const before = fs.readFileSync(README, 'utf8'); return () => expect(fs.readFileSync(README, 'utf8')).toBe(before); };
let readmeCheck: () => void = () => undefined;
add({ name: 'figures --check on a truncated results file', setup: () => ['figures', '--check', '--results', results('res-trunc', 'shapes-zero-shot.json', (t) => t.slice(0, t.length / 2))], status: 1, says: /shapes-zero-shot\.json is not valid JSON .*truncated or edited/ });
add({ name: 'figures --write refuses a results file whose number became a string', setup: () => { readmeCheck = readmeKept(); return ['figures', '--write', '--results', results('res-string', 'shapes-zero-shot.json', (t) => { const r = JSON.parse(t); r.zeroShot.heldout.top1 = 'high'; return JSON.stringify(r); })]; }, status: 1, says: /shapes-zero-shot\.json has the field zeroShot\.heldout\.top1 = "high", not a number from 0 to 1/, disk: () => readmeCheck() });
add({ name: 'figures on a results file with an overflowing number', setup: () => ['figures', '--results', results('res-inf', 'shapes-benchmark.json', (t) => t.replace(/"steps": *\d+/, '"steps": 1e999'))], status: 1, says: /shapes-benchmark\.json has the field steps out of range/ });
add({ name: 'classify a named pipe as the image (refused without blocking)', setup: () => { spawnSync('mkfifo', [at('pipe.png')]); return ['classify', '--model', GOOD, '--image', at('pipe.png'), '--labels', 'a', 'b']; }, status: 1, says: /pipe\.png is a named pipe, not an image file/, timeoutMs: 30000 });
add({ name: 'classify a 3 GB image file (size checked before reading)', setup: () => { const f = at('three-gb.png'); fs.writeFileSync(f, ''); fs.truncateSync(f, 3 * 1024 ** 3); return ['classify', '--model', GOOD, '--image', f, '--labels', 'a', 'b']; }, status: 1, says: /three-gb\.png is 3221 MB, more than the limit of 50 MB/, disk: () => fs.rmSync(at('three-gb.png')) });
add({ name: 'prepare-class --from a gzipped pack', setup: () => { fs.writeFileSync(at('pack.tar.gz'), zlib.gzipSync(Buffer.alloc(2048))); return ['prepare-class', '--from', at('pack.tar.gz')]; }, env: () => ({ CLIP_WORKSHOP_CACHE: at('gz-cache') }), status: 1, says: /pack\.tar\.gz is gzip-compressed \(\.tar\.gz\), not the plain \.tar .*gunzip it/, disk: () => expect(fs.existsSync(at('gz-cache'))).toBe(false) });
add({ name: 'prepare-class --from a zipped pack', setup: () => { fs.writeFileSync(at('pack.zip'), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)])); return ['prepare-class', '--from', at('pack.zip')]; }, env: () => ({ CLIP_WORKSHOP_CACHE: at('zip-cache') }), status: 1, says: /pack\.zip is a zip archive, not the plain \.tar .*unzip it/ });
add({ name: 'classify a model whose config has a field of the wrong type', setup: () => classify(damaged('cfg-type', (d) => { const m = readJson(path.join(d, 'clip-workshop.json')); m.config.embedDim = '64'; writeJson(path.join(d, 'clip-workshop.json'), m); }), '--labels', 'a', 'b'), status: 1, says: /cfg-type\/clip-workshop\.json has config\.embedDim = "64", not a whole number from 1 to 4096/ });
add({ name: 'classify a model whose config has an infinite field', setup: () => classify(damaged('cfg-inf', (d) => { const f = path.join(d, 'clip-workshop.json'); fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/"mlpRatio": *[\d.]+/, '"mlpRatio": 1e999')); }), '--labels', 'a', 'b'), status: 1, says: /config\.mlpRatio = null, not a number from 0\.01 to 64|config\.mlpRatio = .*not a number/ });
add({ name: 'classify a version-3 model without a weights record', setup: () => classify(damaged('no-record', (d) => { const m = readJson(path.join(d, 'clip-workshop.json')); delete m.weights; writeJson(path.join(d, 'clip-workshop.json'), m); }), '--labels', 'a', 'b'), status: 1, says: /has no weights record \(sha256 and bytes of weights\.bin\), which format version 3 requires/ });
add({ name: 'classify with an export whose model.onnx changed', setup: () => { const d = at('flip-export'); expect(cli(['export', '--model', GOOD, '--out', d, '--no-verify']).status).toBe(0); const f = path.join(d, 'onnx', 'model.onnx'); const b = fs.readFileSync(f); b[b.length - 10] ^= 0xff; fs.writeFileSync(f, b); return ['classify', '--model', d, '--image', image(), '--labels', 'a red circle', 'a blue square']; }, status: 1, says: /onnx\/model\.onnx does not match the checksum recorded when clip-workshop wrote it .*export it again/ });
add({ name: 'classify with CLIP_WORKSHOP_TIMEOUT=soon', setup: () => classify(GOOD, '--labels', 'a', 'b'), env: () => ({ CLIP_WORKSHOP_TIMEOUT: 'soon' }), status: 1, says: /CLIP_WORKSHOP_TIMEOUT is set to "soon", which the kit does not understand; set it to a number of seconds/ });
add({ name: 'data with CLIP_WORKSHOP_QUICK=maybe', setup: () => ['data', 'shapes'], env: () => ({ CLIP_WORKSHOP_QUICK: 'maybe' }), status: 1, says: /CLIP_WORKSHOP_QUICK is set to "maybe"/ });
add({ name: 'web with a checkpoint advises export --allow-checkpoint (web has none)', setup: () => ['web', '--model', path.join(GOOD, 'checkpoints', 'epoch-1'), '--out', at('web-cp')], status: 1, says: /training checkpoint .*`clip-workshop export --model .* --allow-checkpoint --out DIR`/, disk: () => expect(fs.existsSync(at('web-cp'))).toBe(false) });

/** Fills the disk at `dir` to the last byte. */
function fillDisk(dir: string): void {
  const fd = fs.openSync(path.join(dir, 'filler'), 'w');
  const block = Buffer.alloc(4096, 1);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch {
    /* ENOSPC: full */
  } finally {
    fs.closeSync(fd);
  }
}

const helps = new Map<string, string>();
/** The --help text of a command ("quiz export" for a subcommand). */
function helpOf(command: string): string {
  if (!helps.has(command)) helps.set(command, cli([...command.split(' '), '--help']).stdout);
  return helps.get(command)!;
}

/** The flags a sentence suggests, each with the command it names ("`clip-workshop export … --allow-checkpoint`") or the one that ran. */
function suggestedFlags(sentence: string, args: string[]): [string, string][] {
  const own = args[0] === 'quiz' ? `quiz ${args[1]}` : args[0];
  const out: [string, string][] = [];
  const named = /`clip-workshop ([a-z-]+)([^`]*)`/g;
  for (const m of sentence.matchAll(named)) for (const f of m[2].matchAll(/--[a-z][a-z-]+/g)) out.push([f[0], m[1]]);
  for (const f of sentence.replace(named, '').matchAll(/--[a-z][a-z-]+/g)) out.push([f[0], own]);
  return out;
}

/** One line of stderr starting "clip-workshop:" and no stack trace. */
function oneSentence(r: CliRun): string {
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('clip-workshop:'));
  expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  expect(r.stderr).not.toMatch(/CLIP_WORKSHOP_DEBUG/);
  // Never a temporary name, a raw Node.js file-system error or a tfjs error text.
  expect(r.stderr).not.toMatch(/\.tmp-|\.old-\d|ENOENT: no such file|ENOSPC: no space|EROFS: read-only|Error in \w+: |node_modules\//);
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
  if (!mountSkip) mountSkip = mountTmpfs(FILLED, '64k', { fill: fillDisk });
  if (mountSkip) console.warn(`fault-injection cases with a mount are skipped: ${mountSkip}`);
}, 180000);

afterAll(() => {
  silent?.close();
  endless?.close();
  unmount(RO);
  unmount(FULL);
  unmount(FILLED);
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
    // Advice that works: every --flag the sentence suggests exists on the command it names (or this one).
    for (const [flag, command] of suggestedFlags(sentence, args)) expect({ command, flag, help: helpOf(command).includes(flag) }).toEqual({ command, flag, help: true });
  }, 180000);
});
