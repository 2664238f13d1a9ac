import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { allFiles, checkOutputFolder, installBuiltFolder, OWNED_LIST, ownedFiles, writeOwnedFolder } from '../../src/runtime/ownedFolder';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-owned-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const spec = { what: 'test folder', flag: '--out', keep: ['checkpoints'] };
const read = (d: string, f: string) => fs.readFileSync(path.join(d, f), 'utf8');

describe('folders the kit writes', () => {
  test('a rewrite replaces the kit\'s files, removes the ones it no longer writes, keeps kept subfolders', () => {
    const d = path.join(tmp, 'a');
    writeOwnedFolder(d, { 'x.txt': '1', 'sub/y.txt': '2', 'old.txt': 'gone soon' }, spec);
    expect(Object.keys(ownedFiles(d)!).sort()).toEqual(['old.txt', 'sub/y.txt', 'x.txt']);
    fs.mkdirSync(path.join(d, 'checkpoints', 'epoch-1'), { recursive: true });
    fs.writeFileSync(path.join(d, 'checkpoints', 'epoch-1', 'w'), 'cp');
    writeOwnedFolder(d, { 'x.txt': '3', 'sub/y.txt': '4' }, spec);
    expect(allFiles(d).sort()).toEqual([OWNED_LIST, 'checkpoints/epoch-1/w', 'sub/y.txt', 'x.txt']);
    expect(read(d, 'x.txt')).toBe('3');
    expect(fs.readdirSync(tmp).filter((f) => /\.(tmp|old)-/.test(f))).toEqual([]);
  });

  test('the user\'s files are refused without force and kept with it; an edited kit file is overwritten only with force', () => {
    const d = path.join(tmp, 'b');
    writeOwnedFolder(d, { 'x.txt': '1' }, spec);
    fs.writeFileSync(path.join(d, 'mine.md'), 'mine');
    fs.mkdirSync(path.join(d, 'empty'));
    expect(() => writeOwnedFolder(d, { 'x.txt': '2' }, spec)).toThrow(/holds files clip-workshop did not write \(.*empty\/, .*mine\.md\)/);
    expect(() => checkOutputFolder(d, spec, ['x.txt'])).toThrow(/mine\.md/);
    writeOwnedFolder(d, { 'x.txt': '2' }, spec, true);
    expect(read(d, 'mine.md')).toBe('mine');
    expect(fs.statSync(path.join(d, 'empty')).isDirectory()).toBe(true);
    fs.writeFileSync(path.join(d, 'x.txt'), 'edited');
    fs.rmSync(path.join(d, 'mine.md'));
    fs.rmdirSync(path.join(d, 'empty'));
    expect(() => writeOwnedFolder(d, { 'x.txt': '3' }, spec)).toThrow(/x\.txt, changed since clip-workshop wrote it/);
    expect(read(d, 'x.txt')).toBe('edited');
    writeOwnedFolder(d, { 'x.txt': '3' }, spec, true);
    expect(read(d, 'x.txt')).toBe('3');
  });

  test('files of an older version are the kit\'s when legacyOwned says so, and a file identical to the new one is no loss', () => {
    const d = path.join(tmp, 'c');
    fs.mkdirSync(d);
    fs.writeFileSync(path.join(d, 'chart.svg'), 'old chart');
    fs.writeFileSync(path.join(d, 'same.txt'), 'same');
    writeOwnedFolder(d, { 'chart.svg': 'new chart', 'same.txt': 'same' }, { ...spec, legacyOwned: () => ['chart.svg'] });
    expect(read(d, 'chart.svg')).toBe('new chart');
  });

  test('a built folder is installed the same way', () => {
    const built = path.join(tmp, 'built');
    fs.mkdirSync(path.join(built, 'img'), { recursive: true });
    fs.writeFileSync(path.join(built, 'index.html'), '<html>');
    fs.writeFileSync(path.join(built, 'img', 'a.png'), 'png');
    const d = path.join(tmp, 'deck');
    fs.mkdirSync(d);
    fs.writeFileSync(path.join(d, 'talk-notes.txt'), 'mine');
    expect(() => installBuiltFolder(built, d, spec)).toThrow(/talk-notes\.txt/);
    expect(fs.existsSync(built)).toBe(false);
    expect(allFiles(d)).toEqual(['talk-notes.txt']);
  });
});
