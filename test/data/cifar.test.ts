import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import * as zlib from 'zlib';
import { loadCifar, loadCifarArchive, cifarArchivePath } from '../../src/data/cifar';
import { readTar } from '../../src/data/tar';
import { tempCachePerTest } from '../helpers/tempCache';

const dirs = tempCachePerTest('cw-cifar-');

/** One record: label bytes, then the red, green and blue planes; pixel p of plane c is (seed + 7p + 50c) mod 256. */
function record(labels: number[], seed: number): Buffer {
  const px = Buffer.alloc(3072);
  for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) px[c * 1024 + p] = (seed + 7 * p + 50 * c) % 256;
  return Buffer.concat([Buffer.from(labels), px]);
}

/** Writes files under `root/dir` and packs them with the system tar, like the published archives. */
function makeArchive(dir: string, files: Record<string, Buffer | string>): string {
  const root = path.join(dirs.tmp, 'src');
  fs.mkdirSync(path.join(root, dir), { recursive: true });
  for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(root, dir, name), data);
  const archive = path.join(dirs.tmp, `${dir}.tar.gz`);
  execFileSync('tar', ['-czf', archive, '-C', root, dir]);
  return archive;
}

const CIFAR10_NAMES = 'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n';

function tinyCifar10(): string {
  const files: Record<string, Buffer | string> = { 'batches.meta.txt': CIFAR10_NAMES };
  for (let b = 1; b <= 5; b++) files[`data_batch_${b}.bin`] = Buffer.concat([record([b], b), record([(b + 5) % 10], b + 100)]);
  files['test_batch.bin'] = Buffer.concat([record([3], 200), record([9], 201), record([0], 202)]);
  return makeArchive('cifar-10-batches-bin', files);
}

describe('CIFAR binary archives', () => {
  it('loads a tiny CIFAR-10 archive with the right labels, class names and HWC pixels', () => {
    const ds = loadCifarArchive(tinyCifar10(), 'cifar10', { quiet: true });
    expect(ds.classNames).toEqual(['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']);
    expect(ds.meta).toHaveLength(13);
    expect(ds.meta.filter((m) => m.split === 'train')).toHaveLength(10);
    expect(Array.from(ds.labels)).toEqual([1, 6, 2, 7, 3, 8, 4, 9, 5, 0, 3, 9, 0]);
    expect(ds.captions[10]).toEqual(['cat']);
    expect(ds.meta[12]).toMatchObject({ concept: 'airplane', split: 'test' });
    // Image 10 (seed 200): pixel p, channel c sits at HWC offset 3p + c.
    const o = 10 * 3072;
    for (const p of [0, 1, 33, 1023]) for (let c = 0; c < 3; c++) expect(ds.pixels[o + 3 * p + c]).toBe((200 + 7 * p + 50 * c) % 256);
    expect(fs.existsSync(path.join(dirs.cache, 'cifar10', 'manifest.json'))).toBe(true);
    expect(loadCifarArchive(path.join(dirs.tmp, 'cifar-10-batches-bin.tar.gz'), 'cifar10', { splits: ['test'] }).meta).toHaveLength(3);
  });

  it('loads a tiny CIFAR-100 archive with fine labels and coarse superclasses', () => {
    const fine = Array.from({ length: 100 }, (_, i) => (i === 1 ? 'aquarium_fish' : `fine${i}`)).join('\n');
    const coarse = Array.from({ length: 20 }, (_, i) => `coarse${i}`).join('\n');
    const archive = makeArchive('cifar-100-binary', {
      'train.bin': Buffer.concat([record([4, 1], 1), record([19, 99], 2)]),
      'test.bin': record([0, 55], 3),
      'fine_label_names.txt': fine,
      'coarse_label_names.txt': coarse,
    });
    const ds = loadCifarArchive(archive, 'cifar100', { quiet: true });
    expect(Array.from(ds.labels)).toEqual([1, 99, 55]);
    expect(Array.from(ds.coarseLabels!)).toEqual([4, 19, 0]);
    expect(ds.classNames[1]).toBe('aquarium fish');
    expect(ds.coarseClassNames).toHaveLength(20);
    expect(ds.meta.map((m) => m.split)).toEqual(['train', 'train', 'test']);
  });

  it('rejects a truncated archive clearly and caches nothing', () => {
    const good = fs.readFileSync(tinyCifar10());
    const cut = path.join(dirs.tmp, 'cut.tar.gz');
    fs.writeFileSync(cut, good.subarray(0, Math.floor(good.length / 2)));
    expect(() => loadCifarArchive(cut, 'cifar10')).toThrow(/cut\.tar\.gz is corrupt or truncated/);
    expect(fs.existsSync(path.join(dirs.cache, 'cifar10', 'manifest.json'))).toBe(false);
  });

  it('rejects records of the wrong length and names the file, caching nothing', () => {
    const files: Record<string, Buffer | string> = { 'batches.meta.txt': CIFAR10_NAMES, 'test_batch.bin': record([1], 1) };
    for (let b = 1; b <= 5; b++) files[`data_batch_${b}.bin`] = b === 3 ? Buffer.alloc(3000) : record([1], b);
    expect(() => loadCifarArchive(makeArchive('cifar-10-batches-bin', files), 'cifar10')).toThrow(/data_batch_3\.bin .* not a whole number/);
    expect(fs.existsSync(path.join(dirs.cache, 'cifar10', 'manifest.json'))).toBe(false);
  });

  it('rejects an archive entry that escapes with ".."', () => {
    const header = Buffer.alloc(512);
    header.write('../evil.bin', 0);
    header.write('0000644\0', 100);
    header.write('00000000005\0', 124);
    header.write('        ', 148);
    header[156] = 48;
    header.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    const body = Buffer.alloc(512);
    body.write('hello');
    const tar = Buffer.concat([header, body, Buffer.alloc(1024)]);
    expect(() => readTar(tar, 'evil.tar')).toThrow(/unsafe path "\.\.\/evil\.bin"/);
    const archive = path.join(dirs.tmp, 'evil.tar.gz');
    fs.writeFileSync(archive, zlib.gzipSync(tar));
    expect(() => loadCifarArchive(archive, 'cifar10')).toThrow(/unsafe path/);
  });

  it('offline, names the URL and where to put the archive by hand', async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r)); // a port nothing listens on any more
    const url = `http://127.0.0.1:${port}/cifar-10-binary.tar.gz`;
    await expect(loadCifar('cifar10', { url, quiet: true })).rejects.toThrow(new RegExp(`${url.replace(/[.]/g, '\\.')} cannot be fetched \\(ECONNREFUSED\\): download it by hand and put it at ${cifarArchivePath('cifar10').replace(/[.]/g, '\\.')}`));
    expect(fs.existsSync(cifarArchivePath('cifar10'))).toBe(false);
    const downloads = path.dirname(cifarArchivePath('cifar10'));
    if (fs.existsSync(downloads)) expect(fs.readdirSync(downloads).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a hand-placed archive whose MD5 is not the published one', async () => {
    fs.mkdirSync(path.dirname(cifarArchivePath('cifar10')), { recursive: true });
    fs.copyFileSync(tinyCifar10(), cifarArchivePath('cifar10'));
    await expect(loadCifar('cifar10', { quiet: true })).rejects.toThrow(/not the published c32a1d4ab5d03f1284b67883e8d87530/);
    expect(fs.existsSync(path.join(dirs.cache, 'cifar10', 'manifest.json'))).toBe(false);
  });
});
