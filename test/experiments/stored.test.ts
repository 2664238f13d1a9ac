/** What notebooks read: a committed result is checked before it is shown; a damaged one is named, never shown. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resultFile, storedResult } from '../../src/experiments/run';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-stored-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const committed = JSON.parse(fs.readFileSync(resultFile('shapes-zero-shot'), 'utf8'));
const write = (r: unknown) => fs.writeFileSync(path.join(dir, 'shapes-zero-shot.json'), typeof r === 'string' ? r : JSON.stringify(r));

test('the committed result is returned as it is', () => {
  write(committed);
  expect(storedResult('shapes-zero-shot', false, dir)).toEqual(committed);
});

test('a figure out of range is named with its file and field, not shown', () => {
  write({ ...committed, zeroShot: { ...committed.zeroShot, heldout: { ...committed.zeroShot.heldout, top1: 1.7 } } });
  expect(() => storedResult('shapes-zero-shot', false, dir)).toThrow(/shapes-zero-shot\.json has the field zeroShot\.heldout\.top1 = 1\.7, not a number from 0 to 1; run `clip-workshop experiments shapes-zero-shot` again, or restore the file with git\./);
});

test('a truncated file is named too', () => {
  write(JSON.stringify(committed).slice(0, 100));
  expect(() => storedResult('shapes-zero-shot', false, dir)).toThrow(/shapes-zero-shot\.json is not valid JSON/);
});
