/**
 * @jest-environment ./test/env/onnx-environment.js
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCifarArchive, cifarArchivePath } from '../../src/data/cifar';
import { TAR_END, tarHeader, tarPadding } from '../../src/data/tar';
import { loadToyClip } from '../../src/models/io';
import { loadPretrainedClip, writeTransformersFolder } from '../../src/pretrained';
import { ONNX_FILES } from '../../src/pretrained/source';
import {
  CLASS_PRETRAINED, PACK_MANIFEST, cacheStatus, hubCacheFolder, installPack, kitVersion, prepareClass, pretrainedInCache, workshopModels, writePack,
} from '../../src/prepare';
import { initBackend, tf } from '../../src/runtime/backend';
import { writeCifar10Fixture } from '../pretrained/cifar-fixture';
import { cli } from '../helpers/cli';
import { describeFailure, executeNotebook } from '../../src/jupyter/execute';
import { packageRoot } from '../../src/runtime/paths';

jest.setTimeout(900_000);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clip-pack-'));
const saved = { cache: process.env.CLIP_WORKSHOP_CACHE, quick: process.env.CLIP_WORKSHOP_QUICK, offline: process.env.CLIP_WORKSHOP_OFFLINE };
const first = path.join(tmp, 'first-cache');
const second = path.join(tmp, 'second-cache');
const packFile = path.join(tmp, 'class.tar');
const useCache = (dir: string) => (process.env.CLIP_WORKSHOP_CACHE = dir);

beforeAll(async () => {
  // Quick models (seconds to train), and no network even where one exists: the classroom case.
  process.env.CLIP_WORKSHOP_QUICK = '1';
  process.env.CLIP_WORKSHOP_OFFLINE = '1';
  await initBackend();
});
afterAll(() => {
  for (const [k, v] of [['CLIP_WORKSHOP_CACHE', saved.cache], ['CLIP_WORKSHOP_QUICK', saved.quick], ['CLIP_WORKSHOP_OFFLINE', saved.offline]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Every file under `dir`, relative, with its bytes. */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(dir, rel))) {
      const r = path.join(rel, name);
      if (fs.statSync(path.join(dir, r)).isDirectory()) walk(r);
      else out.set(r, fs.readFileSync(path.join(dir, r)));
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out;
}

describe('prepare, pack, install offline', () => {
  test('offline, prepare-class trains every workshop model, skips the downloads with a reason, and a second run trains nothing', async () => {
    useCache(first);
    const steps = await prepareClass({ silent: true });
    const byWhat = Object.fromEntries(steps.map((s) => [s.what, s]));
    for (const m of workshopModels()) expect(byWhat[`model ${m.name}`].status).toBe('prepared');
    expect(byWhat.datasets.status).toBe('prepared');
    const skipped = steps.filter((s) => s.status === 'skipped');
    expect(skipped.map((s) => s.what).sort()).toEqual(['CIFAR-10', 'CIFAR-100', `real CLIP ${CLASS_PRETRAINED.id} (q8)`].sort());
    for (const s of skipped) expect(s.detail).toMatch(/CLIP_WORKSHOP_OFFLINE/);

    const again = await prepareClass({ silent: true });
    for (const m of workshopModels()) expect(again.find((s) => s.what === `model ${m.name}`)!.status).toBe('ready');
    const cachedNames = cacheStatus().filter((e) => e.kind === 'model').map((e) => e.name);
    for (const m of workshopModels()) expect(cachedNames.some((n) => n.startsWith(`${m.name}-`))).toBe(true);
  });

  test('a pack installed on a second, empty cache gives the models without training, the stand-in CLIP and the CIFAR archive', async () => {
    useCache(first);
    // The kit's own exported emoji CLIP stands in for the quantised ViT-B/32 where transformers.js keeps hub downloads:
    // it reads the workshop's labels ("a cat", "an animal", the emoji classes) as the real CLIP does.
    const emojiDir = await workshopModels().find((m) => m.name === 'emoji-clip')!.ensure();
    const clip = loadToyClip(emojiDir);
    const hub = hubCacheFolder();
    writeTransformersFolder(clip, hub);
    clip.dispose();
    fs.renameSync(path.join(hub, ONNX_FILES.fp32), path.join(hub, ONNX_FILES.q8));
    expect(pretrainedInCache()).toBe(true);
    fs.mkdirSync(path.dirname(cifarArchivePath('cifar10')), { recursive: true });
    writeCifar10Fixture(cifarArchivePath('cifar10'), ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'], 10, 3);

    const packed = writePack(packFile);
    expect(packed.files).toBeGreaterThan(10);
    const before = tree(first);

    useCache(second);
    expect(fs.existsSync(second)).toBe(false);
    const installed = installPack(packFile);
    expect(installed.files).toBe(packed.files);
    const after = tree(second);
    // Every packed file arrives byte for byte; nothing half-written is left beside the cache.
    for (const [rel, bytes] of after) expect(bytes.equals(before.get(rel)!)).toBe(true);
    expect(after.size).toBe(packed.files);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.pack-install-'))).toEqual([]);

    // The notebooks' models load: the training callback never runs.
    const trained: string[] = [];
    for (const m of workshopModels((line) => trained.push(line))) expect(fs.existsSync(await m.ensure())).toBe(true);
    expect(trained).toEqual([]);

    // The "real CLIP" loads by its hub id from the installed cache, without network.
    const numTensors = tf.memory().numTensors;
    const real = await loadPretrainedClip(CLASS_PRETRAINED.id, { dtype: CLASS_PRETRAINED.dtype, localOnly: true, silent: true });
    const emb = await real.embedTexts(['a red circle', 'a blue square']);
    expect(emb.shape[0]).toBe(2);
    emb.dispose();
    real.dispose();
    expect(tf.memory().numTensors).toBe(numTensors);
    expect(loadCifarArchive(cifarArchivePath('cifar10'), 'cifar10', { splits: ['test'], quiet: true }).labels.length).toBe(10);
  });

  test('after --from, notebooks 04 and 05 run offline on the installed cache, load the real CLIP and train nothing', async () => {
    const modelFolders = () => fs.readdirSync(path.join(second, 'models')).sort();
    const before = modelFolders();
    const env = { CLIP_WORKSHOP_CACHE: second, CLIP_WORKSHOP_QUICK: '1', CLIP_WORKSHOP_OFFLINE: '1' };
    for (const name of ['04_zero_shot_prompting', '05_linear_probe']) {
      const run = await executeNotebook(path.join(packageRoot(), 'notebooks', `${name}.ipynb`), { variant: 'solutions', outDir: path.join(tmp, 'executed'), env });
      if (!run.ok) throw new Error(describeFailure(run));
      const outputs = JSON.parse(fs.readFileSync(run.executed, 'utf8')).cells.flatMap((c: { outputs?: object[] }) => c.outputs ?? []);
      const text = outputs.map((o: { text?: string | string[] }) => (Array.isArray(o.text) ? o.text.join('') : o.text ?? '')).join('');
      // A model the cache lacks is trained and announced with "trained <recipe> …": none may be.
      expect(text).not.toMatch(/^trained /m);
      if (name.startsWith('04')) expect(text).toContain(`The real CLIP ${CLASS_PRETRAINED.id} (${CLASS_PRETRAINED.dtype}) loaded from the cache, no download.`);
    }
    expect(modelFolders()).toEqual(before);
  });

  test('a corrupt or truncated pack gives one sentence and installs nothing', () => {
    const bytes = fs.readFileSync(packFile);
    const cases: Array<[string, Buffer]> = [
      ['truncated', bytes.subarray(0, Math.floor(bytes.length / 2))],
      ['one byte flipped', Buffer.from(bytes)],
      ['cut before the end marker', bytes.subarray(0, bytes.length - 1024)],
    ];
    // A byte inside the last file's data, past the manifest.
    cases[1][1][bytes.length - 1024 - 600] ^= 0xff;
    for (const [name, data] of cases) {
      const file = path.join(tmp, `${name.replace(/ /g, '-')}.tar`);
      fs.writeFileSync(file, data);
      const target = path.join(tmp, `cache-${name.replace(/ /g, '-')}`);
      useCache(target);
      let message = '';
      try {
        installPack(file);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/corrupt or truncated .*nothing was installed/);
      expect(message.split(/[.:;] [A-Z]/).length).toBe(1);
      expect(tree(target).size).toBe(0);
      expect(fs.readdirSync(tmp).filter((f) => f.includes('.pack-install-'))).toEqual([]);
    }
  });

  test('a pack made by another kit version is refused, naming both versions', () => {
    const manifest = Buffer.from(JSON.stringify({ format: 1, kit: 'clip-workshop', version: '0.0.1-old', created: '', files: [] }));
    const file = path.join(tmp, 'old.tar');
    fs.writeFileSync(file, Buffer.concat([tarHeader(PACK_MANIFEST, manifest.length), manifest, tarPadding(manifest.length), TAR_END]));
    useCache(path.join(tmp, 'cache-old'));
    expect(() => installPack(file)).toThrow(new RegExp(`made by clip-workshop 0\\.0\\.1-old, but this is ${kitVersion().replace(/\./g, '\\.')}`));
    expect(fs.existsSync(path.join(tmp, 'cache-old'))).toBe(false);
  });

  test('the command: --status lists the cache, --from a corrupt pack exits non-zero with one sentence', () => {
    const status = cli(['prepare-class', '--status', '--json'], { CLIP_WORKSHOP_CACHE: second });
    expect(status.status).toBe(0);
    const kinds = new Set(status.json().entries.map((e: { kind: string }) => e.kind));
    for (const k of ['model', 'pretrained', 'download', 'dataset']) expect(kinds.has(k)).toBe(true);

    const bad = path.join(tmp, 'bad.tar');
    fs.writeFileSync(bad, fs.readFileSync(packFile).subarray(0, 3000));
    const r = cli(['prepare-class', '--from', bad], { CLIP_WORKSHOP_CACHE: path.join(tmp, 'cache-cli') });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/corrupt or truncated/);
    expect(fs.existsSync(path.join(tmp, 'cache-cli'))).toBe(false);
  });
});
