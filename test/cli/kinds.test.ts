import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from '../helpers/cli';
import { snapshot } from '../helpers/faults';
import { findTorchPython } from '../../src/openclip/python';

/**
 * Every kind of folder the kit writes, written into every other kind through the real CLI (with --force where the
 * command takes it): each is refused in one sentence naming both kinds, and the folder is left byte-identical.
 */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-kinds-'));
const at = (...p: string[]) => path.join(tmp, ...p);
const env = { CLIP_WORKSHOP_CACHE: at('cache') };
const MODEL = at('model');

/** The phrase each kind is called by in the refusal. */
const KINDS = {
  model: 'a toy model folder',
  export: 'an export folder',
  import: 'an imported open_clip model',
  handout: 'a hand-out folder',
  charts: 'a charts folder',
  slides: 'a slides folder',
  playground: 'a playground folder',
  shards: 'an open_clip data export',
} as const;
type Kind = keyof typeof KINDS;

/** The command that writes a folder of each kind into `out`. */
const WRITERS: Record<Kind, (out: string) => string[]> = {
  model: (out) => ['train', '--dataset', 'shapes', '--steps', '2', '--out', out, '--force'],
  export: (out) => ['export', '--model', MODEL, '--out', out, '--no-verify', '--force'],
  import: (out) => ['import', '--open-clip', at('ck.pt'), '--config', at('shards', 'clip-workshop-shapes-clip.json'), '--out', out],
  handout: (out) => ['handout', '--out', out, '--force'],
  charts: (out) => ['charts', '--out', out, '--force'],
  slides: (out) => ['slides', '--out', out, '--force'],
  playground: (out) => ['web', '--model', MODEL, '--out', out, '--force'],
  shards: (out) => ['export-data', '--dataset', 'shapes', '--out', out],
};

/** sha256 of every path and byte under `dir`. */
const treeHash = (dir: string) => crypto.createHash('sha256').update(JSON.stringify(Object.entries(snapshot(dir)).sort())).digest('hex');

const made: Partial<Record<Kind, string>> = {};
let importSkip: string | undefined;

function run(args: string[], extra: NodeJS.ProcessEnv = {}): void {
  const r = cli(args, { ...env, ...extra });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
}

beforeAll(() => {
  run(['train', '--dataset', 'shapes', '--steps', '3', '--out', MODEL]);
  // The model other commands read is not the one they are refused to write into (export refuses its own --model first).
  made.model = at('model-copy');
  fs.cpSync(MODEL, made.model, { recursive: true });
  for (const kind of ['export', 'handout', 'charts', 'slides', 'playground', 'shards'] as const) {
    made[kind] = at(kind);
    run(WRITERS[kind](made[kind]!).filter((a) => a !== '--force'));
  }
  // An import needs open_clip: a freshly initialised model of the exported config, saved as a bare state dict.
  const python = findTorchPython();
  if (!python) {
    if (process.env.CI) throw new Error('CI must import an open_clip model: no python with torch and open_clip (CLIP_WORKSHOP_TORCH_PYTHON)');
    importSkip = 'no python with torch and open_clip (set CLIP_WORKSHOP_TORCH_PYTHON)';
    return;
  }
  const torchEnv = { CLIP_WORKSHOP_TORCH_PYTHON: python };
  const py = spawnSync(python, ['-c', 'import sys, torch, open_clip\nopen_clip.add_model_config(sys.argv[1])\ntorch.save(open_clip.create_model("clip-workshop-shapes-clip").state_dict(), sys.argv[2])', at('shards', 'clip-workshop-shapes-clip.json'), at('ck.pt')], { encoding: 'utf8' });
  if (py.status !== 0) throw new Error(py.stderr);
  made.import = at('import');
  run(WRITERS.import(made.import), torchEnv);
}, 600000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('each kit command records the kind of folder it wrote', () => {
  for (const [kind, dir] of Object.entries(made)) {
    if (kind === 'shards' || kind === 'import') continue; // recognised by their own manifest and marker files
    expect({ kind, recorded: JSON.parse(fs.readFileSync(path.join(dir!, '.clip-workshop-files.json'), 'utf8')).kind }).toEqual({ kind, recorded: `${kind === 'model' ? 'model' : kind === 'handout' ? 'hand-out' : kind} folder` });
  }
});

const pairs = (Object.keys(KINDS) as Kind[]).flatMap((writer) => (Object.keys(KINDS) as Kind[]).filter((target) => target !== writer).map((target) => [writer, target] as const));

test.each(pairs)('%s written into %s is refused, and the folder stays byte-identical', (writer, target) => {
  const dir = made[target];
  if (!dir) {
    console.warn(`skipped ${writer} → ${target}: ${importSkip}`);
    return;
  }
  const before = treeHash(dir);
  const r = cli(WRITERS[writer](dir), env);
  expect(r.status).toBe(1);
  const sentence = r.stderr.split('\n').filter((l) => l.startsWith('clip-workshop:'));
  expect(sentence).toHaveLength(1);
  expect(sentence[0]).toContain(`is ${KINDS[target]}`);
  expect(sentence[0]).toContain(`into ${KINDS[writer]}`);
  // Only a command that takes --force mentions it.
  if (WRITERS[writer](dir).includes('--force')) expect(sentence[0]).toContain('even with --force');
  else expect(sentence[0]).not.toContain('--force');
  expect(treeHash(dir)).toBe(before);
  expect(fs.readdirSync(tmp).filter((f) => /\.(tmp|old)-|^\.clip-workshop-probe/.test(f))).toEqual([]);
});

test('a model\'s checkpoints are part of it: another kind is refused there too, and the model is left as it was', () => {
  const cp = at('with-cp');
  run(['train', '--dataset', 'shapes', '--epochs', '1', '--checkpoint-every', '1', '--seconds', '60', '--out', cp]);
  const before = treeHash(cp);
  for (const out of [path.join(cp, 'checkpoints'), path.join(cp, 'checkpoints', 'epoch-1')]) {
    const r = cli(['handout', '--out', out, '--force'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/checkpoints|is a toy model folder/);
    expect(r.stderr).toContain('even with --force');
  }
  const r = cli(['export', '--model', MODEL, '--out', path.join(cp, 'checkpoints', 'epoch-1'), '--no-verify', '--force'], env);
  expect(r.stderr).toMatch(/inside the checkpoints of the toy model folder .*with-cp \(a checkpoint is part of its model\)/);
  expect(treeHash(cp)).toBe(before);
});
