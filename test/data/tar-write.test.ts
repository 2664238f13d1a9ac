/** The one tar writer: what Node and the browser write, the kit's reader and the system's tar read back. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTar, writeTar } from '../../src/data/tar';
import { tarFolder } from '../../src/web/train/tar';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-tar-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const long = `${'deep/'.repeat(25)}name.txt`;

test('writeTar round-trips through readTar, long names included, with no timestamps', () => {
  const entries = [{ name: 'a.txt', data: Buffer.from('hello') }, { name: long, data: Buffer.alloc(513, 7) }];
  const tar = writeTar(entries);
  expect(tar.length % 512).toBe(0);
  expect(readTar(tar, 'x.tar').map((e) => [e.name, e.data.toString('hex')])).toEqual(entries.map((e) => [e.name, e.data.toString('hex')]));
  // The same entries give the same bytes: shards are reproducible.
  expect(writeTar(entries).equals(tar)).toBe(true);
});

test("the browser's model download unpacks with the system tar into one folder", () => {
  const archive = tarFolder('my-model', { 'model.json': '{"a":1}', 'weights.bin': new Uint8Array([1, 2, 3]), [long]: 'x' }, 1_700_000_000);
  const file = path.join(tmp, 'model.tar');
  fs.writeFileSync(file, archive);
  const listing = execFileSync('tar', ['-tvf', file], { encoding: 'utf8' });
  expect(listing).toMatch(/^drwxr-xr-x .* my-model\/$/m);
  expect(listing).toMatch(/-rw-r--r-- .* 2023-11-1\d .*my-model\/model\.json$/m);
  execFileSync('tar', ['-xf', file, '-C', tmp]);
  expect(fs.readFileSync(path.join(tmp, 'my-model', 'model.json'), 'utf8')).toBe('{"a":1}');
  expect([...fs.readFileSync(path.join(tmp, 'my-model', 'weights.bin'))]).toEqual([1, 2, 3]);
  expect(fs.readFileSync(path.join(tmp, 'my-model', long), 'utf8')).toBe('x');
});
