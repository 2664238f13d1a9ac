import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadShapes, splitIndices } from '../../src/data';
import { readTar, writeTar } from '../../src/data/tar';
import { sha256 } from '../../src/data/cache';
import { MODEL_SIZES } from '../../src/models/configs';
import { clipRecipe, clipRecipeNames, exportData, MANIFEST_FILE, openClipConfig, sampleKey, trainArgs, trainCommand } from '../../src/openclip';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'export-data-'));
const small = () => loadShapes({ perClass: 4, testPerClass: 2, heldoutPerClass: 2, seed: 3 });
const base = { recipe: clipRecipe('shapes-clip'), seed: 5, shardSize: 50, silent: true } as const;

describe('tar writer', () => {
  it('writes archives readTar reads back, byte for byte and in order', () => {
    const entries = [
      { name: '000001.png', data: Buffer.from([1, 2, 3]) },
      { name: '000001.txt', data: Buffer.from('a red circle') },
      { name: '000002.json', data: Buffer.alloc(1500, 7) },
      { name: 'empty.txt', data: Buffer.alloc(0) },
    ];
    const tar = writeTar(entries);
    expect(tar.length % 512).toBe(0);
    expect(readTar(tar, 'test.tar')).toEqual(entries);
    expect(writeTar(entries).equals(tar)).toBe(true);
  });
});

describe('export-data', () => {
  it('writes each training image once, with its caption and metadata, and nothing of the held-out split', async () => {
    const ds = small();
    const dir = tmp();
    const r = await exportData(ds, { ...base, out: dir });
    const train = splitIndices(ds, 'train');
    expect(r.samples).toBe(train.length);
    expect(r.shards.map((s) => path.basename(s))).toEqual(['000000.tar', '000001.tar', '000002.tar'].slice(0, Math.ceil(train.length / 50)));
    const keys = new Map<string, Record<string, Buffer>>();
    for (const shard of r.shards) {
      for (const e of readTar(fs.readFileSync(shard), shard)) {
        const [key, ext] = e.name.split('.');
        keys.set(key, { ...(keys.get(key) ?? {}), [ext]: e.data });
      }
    }
    expect([...keys.keys()].sort()).toEqual(train.map(sampleKey).sort());
    for (const i of train) {
      const s = keys.get(sampleKey(i))!;
      expect(Object.keys(s).sort()).toEqual(['json', 'png', 'txt']);
      expect(ds.captions[i]).toContain(s.txt.toString('utf8'));
      const meta = JSON.parse(s.json.toString('utf8'));
      expect(meta).toMatchObject({ concept: ds.meta[i].concept, style: 'synthetic', split: 'train' });
      expect(meta.licence).toMatch(/MIT/);
      expect(s.png.subarray(1, 4).toString('ascii')).toBe('PNG');
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8'));
    expect(manifest.counts.samples).toBe(train.length);
    for (const f of manifest.files) expect(sha256(fs.readFileSync(path.join(dir, f.file)))).toBe(f.sha256);
    expect(JSON.parse(fs.readFileSync(r.config, 'utf8'))).toEqual(openClipConfig(base.recipe, { imageSize: ds.size, contextLength: JSON.parse(fs.readFileSync(r.config, 'utf8')).text_cfg.context_length }));
    expect(path.basename(r.config)).toBe(`${r.model}.json`);
    const args = fs.readFileSync(path.join(dir, 'open_clip_train.args'), 'utf8').split('\n');
    expect(args[args.indexOf('--train-num-samples') + 1]).toBe(String(train.length));
    expect(args[args.indexOf('--train-data') + 1]).toBe(r.shards.length === 1 ? '000000.tar' : `{000000..${path.basename(r.shards[r.shards.length - 1], '.tar')}}.tar`);
    // open_clip's reader counts samples per shard from sizes.json; one Python launcher sits beside the shards.
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'sizes.json'), 'utf8'))).toEqual(Object.fromEntries(manifest.files.map((f: { file: string; samples: number }) => [f.file, f.samples])));
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.py'))).toEqual(['open_clip_train_kit.py']);
    expect(fs.statSync(path.join(dir, 'train-open-clip.sh')).mode & 0o100).toBeTruthy();
    expect(manifest.import).toContain(`--config ${path.basename(r.config)}`);
  });

  it('writes a validation split as shards in val/, with sizes.json, and passes it to open_clip as --val-data', async () => {
    const ds = small();
    const dir = tmp();
    const r = await exportData(ds, { ...base, out: dir, shardSize: 20, valSplit: 'heldout' });
    const held = splitIndices(ds, 'heldout');
    expect(r.valSamples).toBe(held.length);
    const keys = r.valShards!.flatMap((s) => readTar(fs.readFileSync(s), s).filter((e) => e.name.endsWith('.png')).map((e) => e.name.split('.')[0]));
    expect(keys.sort()).toEqual(held.map(sampleKey).sort());
    expect(r.valShards!.every((s) => path.dirname(s) === path.join(dir, 'val'))).toBe(true);
    const sizes = JSON.parse(fs.readFileSync(path.join(dir, 'val', 'sizes.json'), 'utf8'));
    expect(Object.values(sizes).reduce((a: number, b) => a + (b as number), 0)).toBe(held.length);
    const args = fs.readFileSync(path.join(dir, 'open_clip_train.args'), 'utf8').split('\n');
    const last = path.basename(r.valShards![r.valShards!.length - 1], '.tar');
    expect(args[args.indexOf('--val-data') + 1]).toBe(r.valShards!.length === 1 ? 'val/000000.tar' : `val/{000000..${last}}.tar`);
    expect(r.command).toContain('--val-data');
    // The training shards stay one brace range in the folder, with one Python launcher beside them.
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tar'))).toEqual(r.shards.map((s) => path.basename(s)));
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.py'))).toEqual(['open_clip_train_kit.py']);
  });

  it('refuses validation shards for a CSV export or the training split itself, before writing anything', async () => {
    const ds = small();
    const dir = path.join(tmp(), 'out');
    await expect(exportData(ds, { ...base, out: dir, format: 'csv', valSplit: 'heldout' })).rejects.toThrow(/--format webdataset only/);
    await expect(exportData(ds, { ...base, out: dir, valSplit: 'train' })).rejects.toThrow(/must differ from the training split/);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('gives the same bytes for the same seed, and resumes by rewriting only what is missing', async () => {
    const ds = small();
    const a = tmp();
    const b = tmp();
    const ra = await exportData(ds, { ...base, out: a });
    await exportData(ds, { ...base, out: b });
    for (const s of ra.shards) expect(fs.readFileSync(s).equals(fs.readFileSync(path.join(b, path.basename(s))))).toBe(true);
    expect(fs.readFileSync(path.join(a, MANIFEST_FILE), 'utf8')).toBe(fs.readFileSync(path.join(b, MANIFEST_FILE), 'utf8').split(b).join(a));
    const first = fs.readFileSync(ra.shards[0]);
    fs.rmSync(ra.shards[0]);
    const again = await exportData(ds, { ...base, out: a });
    expect(again.resumed).toBe(ra.shards.length - 1);
    expect(fs.readFileSync(ra.shards[0]).equals(first)).toBe(true);
  });

  it('refuses a folder holding other files or an export with other settings', async () => {
    const ds = small();
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    await expect(exportData(ds, { ...base, out: dir })).rejects.toThrow(/not empty and holds no export/);
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    const other = tmp();
    await exportData(ds, { ...base, out: other });
    await expect(exportData(ds, { ...base, out: other, shardSize: 20 })).rejects.toThrow(/other settings/);
  });

  it('refuses images the recipe\'s patches do not tile, before writing anything', async () => {
    const dir = path.join(tmp(), 'out');
    const ds = loadShapes({ size: 30, perClass: 1, testPerClass: 1, heldoutPerClass: 1 });
    await expect(exportData(ds, { ...base, out: dir })).rejects.toThrow(/30 px, not a multiple of the recipe's 8-px patches.*--size 32/);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('writes a tab-separated CSV with one image file per row', async () => {
    const ds = small();
    const dir = tmp();
    const r = await exportData(ds, { ...base, out: dir, format: 'csv', split: 'all' });
    const rows = fs.readFileSync(path.join(dir, 'data.csv'), 'utf8').trim().split('\n');
    expect(rows[0].split('\t').slice(0, 2)).toEqual(['filepath', 'title']);
    expect(rows.length - 1).toBe(ds.meta.length);
    expect(r.samples).toBe(ds.meta.length);
    for (const row of rows.slice(1)) expect(fs.existsSync(path.join(dir, row.split('\t')[0]))).toBe(true);
    const args = fs.readFileSync(path.join(dir, 'open_clip_train.args'), 'utf8').split('\n');
    expect(args[args.indexOf('--dataset-type') + 1]).toBe('csv');
    expect(args[args.indexOf('--csv-separator') + 1]).toBe('\t');
  });
});

describe('open_clip model configs', () => {
  it('follow every kit recipe with whole attention heads and the recipe widths', () => {
    expect(clipRecipeNames()).toEqual(expect.arrayContaining(['shapes-clip', 'emoji-clip', 'reference']));
    for (const name of clipRecipeNames()) {
      const r = clipRecipe(name);
      const c = openClipConfig(r);
      const size = MODEL_SIZES[r.modelSize];
      expect(Number.isInteger(c.vision_cfg.head_width)).toBe(true);
      if (size.imageWidth !== undefined) expect(c.vision_cfg.width).toBe(size.imageWidth);
      if (size.textWidth !== undefined) expect(c.text_cfg.width).toBe(size.textWidth);
      if (size.embedDim !== undefined) expect(c.embed_dim).toBe(size.embedDim);
    }
  });

  it('the training arguments carry the recipe, one brace range over the shards, and the command quotes them for a shell', () => {
    const r = clipRecipe('emoji-clip');
    const input = { format: 'webdataset' as const, files: ['000000.tar', '000001.tar', '000002.tar'], samples: 2500, model: 'm', recipe: r };
    const a = trainArgs(input);
    const value = (flag: string) => a[a.indexOf(flag) + 1];
    expect(value('--train-data')).toBe('{000000..000002}.tar');
    // The recipe's settings; its budget in steps becomes whole epochs of the exported samples.
    expect(value('--batch-size')).toBe(String(r.batchSize));
    expect(value('--lr')).toBe(String(r.learningRate));
    expect(value('--wd')).toBe(String(r.weightDecay));
    expect(value('--epochs')).toBe(String(Math.round((r.steps! * r.batchSize) / 2500)));
    expect(a).not.toContain('--val-data');
    expect(trainCommand(input)).toMatch(/^torchrun --nproc_per_node 1 -- open_clip_train_kit\.py --model m .*--train-data '\{000000\.\.000002\}\.tar'/);
    const withVal = trainArgs({ ...input, val: { folder: 'val', files: ['000000.tar', '000001.tar'], samples: 300 } });
    expect(withVal[withVal.indexOf('--val-data') + 1]).toBe('val/{000000..000001}.tar');
    expect(withVal[withVal.indexOf('--val-num-samples') + 1]).toBe('300');
  });
});
