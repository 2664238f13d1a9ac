import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkEnvironment } from '../../src/runtime/env';
import { kitFolderKind, OWNED_LIST, refuseOtherKind } from '../../src/runtime/folderKinds';
import { checkOutputDir, checkOutputFile, outputError } from '../../src/runtime/outputs';
import { verifyFolderChecksums, writeFolderChecksums } from '../../src/runtime/checksums';
import { writeOwnedFolder } from '../../src/runtime/ownedFolder';
import { refuseCompressedPack } from '../../src/prepare/packFormat';
import { checkFigureResults, readCheckedResult } from '../../src/experiments/checkResults';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-reliability-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const at = (...p: string[]) => path.join(tmp, ...p);
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};
const errno = (code: string, extra: Record<string, string> = {}) => Object.assign(new Error(`${code}: something`), { code, ...extra });

describe('folder kinds', () => {
  test('each kind is recognised from its own files, and the recorded kind wins', () => {
    write(at('m', 'clip-workshop.json'), JSON.stringify({ format: 'clip-workshop-toy' }));
    write(at('i', 'clip-workshop.json'), JSON.stringify({ template: '{}', source: { openClip: { model: 'x' } } }));
    write(at('e', 'config.json'), JSON.stringify({ model_type: 'clip', clip_workshop: {} }));
    write(at('p', 'playground.json'), '{}');
    write(at('s', 'manifest.json'), JSON.stringify({ settings: {} }));
    write(at('s', 'train-open-clip.sh'), '');
    write(at('c', 'results.json'), '{}');
    write(at('c', 'training.svg'), '<svg/>');
    write(at('d', 'index.html'), '<html><!-- marp --></html>');
    write(at('u', 'index.html'), '<html>my site</html>');
    expect(['m', 'i', 'e', 'p', 's', 'c', 'd', 'u', 'nothing'].map((d) => kitFolderKind(at(d)))).toEqual(['model folder', 'import folder', 'export folder', 'playground folder', 'shards folder', 'charts folder', 'slides folder', undefined, undefined]);
    writeOwnedFolder(at('h'), { 'workshop/a.ipynb': '{}' }, { what: 'hand-out folder', flag: '--out' });
    expect(JSON.parse(fs.readFileSync(at('h', OWNED_LIST), 'utf8')).kind).toBe('hand-out folder');
    expect(kitFolderKind(at('h'))).toBe('hand-out folder');
  });

  test('another kind is refused naming both; the same kind and plain folders pass; checkpoints belong to their model', () => {
    expect(() => refuseOtherKind(at('m'), 'export folder')).toThrow(/m is a toy model folder .* will not turn it into an export folder, even with --force/);
    expect(() => refuseOtherKind(at('m'), 'model folder')).not.toThrow();
    expect(() => refuseOtherKind(at('u'), 'export folder')).not.toThrow();
    fs.mkdirSync(at('m', 'checkpoints', 'epoch-2'), { recursive: true });
    expect(() => refuseOtherKind(at('m', 'checkpoints', 'epoch-2'), 'hand-out folder')).toThrow(/inside the checkpoints of the toy model folder .*\/m \(a checkpoint is part of its model\)/);
    expect(() => refuseOtherKind(at('m', 'checkpoints', 'epoch-2'), 'model folder')).not.toThrow();
    expect(() => writeOwnedFolder(at('e'), { 'x.txt': '1' }, { what: 'hand-out folder', flag: '--out' }, true)).toThrow(/is an export folder/);
    expect(fs.readdirSync(at('e'))).toEqual(['config.json']);
  });
});

describe('write errors name the path the user gave', () => {
  const target = path.join(tmp, 'out');
  test('a full or read-only disk names the output, whatever file Node names', () => {
    const full = outputError(errno('ENOSPC', { path: '/usr/lib/node_modules/x/ort.wasm', dest: `${target}.tmp-1/vendor/ort.wasm` }), target, 'the playground folder') as Error;
    expect(full.message).toBe(`Cannot write the playground folder (ENOSPC): the disk holding ${target} is full; free some space or choose a folder on another disk.`);
    expect((outputError(errno('EROFS', { path: `${target}.tmp-9/solutions` }), target, 'the hand-out folder') as Error).message).toMatch(new RegExp(`\\(EROFS\\): ${target} is on a read-only`));
  });
  test('a permission error on an input elsewhere is left to name its own file', () => {
    const err = errno('EACCES', { path: '/etc/shadow' });
    expect(outputError(err, target, 'x')).toBe(err);
    expect((outputError(errno('EACCES', { path: path.join(target, 'a') }), target, 'x') as Error).message).toMatch(/no permission to write .*out/);
  });
  test('output paths are checked before work: a folder where a file goes, a file where a folder goes, a file in the way', () => {
    fs.mkdirSync(at('a-dir'));
    write(at('a-file'), 'x');
    expect(() => checkOutputFile(at('a-dir'), '--pack', 'the pack')).toThrow(/--pack .*a-dir is a folder/);
    expect(() => checkOutputDir(at('a-file'), '--out', 'the data export')).toThrow(/--out .*a-file is a file, not a folder/);
    expect(() => checkOutputFile(at('a-file', 'p.tar'), '--pack', 'the pack')).toThrow(/a-file is a file, not a folder/);
    expect(() => checkOutputFile(at('new', 'deep', 'p.tar'), '--pack', 'the pack')).not.toThrow();
    expect(fs.existsSync(at('new'))).toBe(false);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('.clip-workshop-probe'))).toEqual([]);
  });
});

describe('inputs', () => {
  test('environment variables the kit reads are checked, not defaulted', () => {
    expect(() => checkEnvironment({ CLIP_WORKSHOP_QUICK: '1', CLIP_WORKSHOP_TIMEOUT: '2', CLIP_WORKSHOP_KERNELS: 'off', CLIP_WORKSHOP_OFFLINE: '' })).not.toThrow();
    expect(() => checkEnvironment({ CLIP_WORKSHOP_TIMEOUT: '-5' })).toThrow(/CLIP_WORKSHOP_TIMEOUT is set to "-5"/);
    expect(() => checkEnvironment({ CLIP_WORKSHOP_SILENT: 'true' })).toThrow(/CLIP_WORKSHOP_SILENT .* 1 or 0/);
    expect(() => checkEnvironment({ CLIP_WORKSHOP_VARIANT: 'teacher' })).toThrow(/workshop or solutions/);
  });

  test('compressed packs are named by their format; a plain tar passes', () => {
    const zlib = require('zlib');
    write(at('p.gz'), '');
    fs.writeFileSync(at('p.gz'), zlib.gzipSync(Buffer.from('x')));
    fs.writeFileSync(at('p.xz'), Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0]));
    fs.writeFileSync(at('p.tar'), Buffer.alloc(1024));
    expect(() => refuseCompressedPack(at('p.gz'))).toThrow(/is gzip-compressed/);
    expect(() => refuseCompressedPack(at('p.xz'))).toThrow(/is xz-compressed/);
    expect(() => refuseCompressedPack(at('p.tar'))).not.toThrow();
  });

  test('results files: JSON, finite numbers, and every field the figures read, named with its path', () => {
    const dir = at('results');
    fs.cpSync(path.join(__dirname, '..', '..', 'results'), dir, { recursive: true });
    expect(() => checkFigureResults(dir)).not.toThrow();
    const bench = JSON.parse(fs.readFileSync(path.join(dir, 'emoji-benchmark.json'), 'utf8'));
    bench.perStyle[bench.perStyle.length - 1].conceptTop5 = 1.5;
    fs.writeFileSync(path.join(dir, 'emoji-benchmark.json'), JSON.stringify(bench));
    expect(() => checkFigureResults(dir)).toThrow(new RegExp(`emoji-benchmark\\.json has the field perStyle\\[${bench.perStyle.length - 1}\\]\\.conceptTop5 = 1\\.5, not a number from 0 to 1`));
    write(at('r.json'), '[1, 2]');
    expect(() => readCheckedResult(at('r.json'))).toThrow(/does not hold a result object/);
    expect(readCheckedResult(at('missing.json'))).toBeUndefined();
  });

  test('a folder with recorded checksums is checked file by file; one without a list is not', () => {
    const d = at('imp');
    write(path.join(d, 'onnx', 'model.onnx'), 'graph');
    write(path.join(d, 'config.json'), '{}');
    writeFolderChecksums(d, 'import folder');
    expect(() => verifyFolderChecksums(d)).not.toThrow();
    fs.writeFileSync(path.join(d, 'onnx', 'model.onnx'), 'grapH');
    expect(() => verifyFolderChecksums(d)).toThrow(/onnx\/model\.onnx does not match the checksum .*the import is damaged — import it again/);
    fs.rmSync(path.join(d, 'onnx', 'model.onnx'));
    expect(() => verifyFolderChecksums(d)).toThrow(/model\.onnx is missing/);
    expect(() => verifyFolderChecksums(at('u'))).not.toThrow();
  });
});
