import * as fs from 'fs';
import * as path from 'path';

/** The README's folder table shows the house as it is: every top-level folder, and every folder of src/. */

const ROOT = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The folder table: from its header row to the first blank line. */
const table = readme.slice(readme.indexOf('| folder | what |')).split('\n\n')[0];
const rows = table.split('\n').slice(2);

/** Folders .gitignore names (build output, caches), as paths from the root: not part of the house. */
const ignored = fs
  .readFileSync(path.join(ROOT, '.gitignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => /^[^*]+\/$/.test(l))
  .map((l) => l.slice(0, -1));

const folders = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

/** A top-level folder the house does not hold: ignored itself, or holding nothing but ignored folders (web/dist). */
const outside = (f: string) => f === '.git' || ignored.includes(f) || fs.readdirSync(path.join(ROOT, f)).every((c) => ignored.includes(`${f}/${c}`));

test('the README has a folder table', () => {
  expect(rows.length).toBeGreaterThan(5);
});

test('every top-level folder is in the first column of the table', () => {
  const listed = new Set(rows.flatMap((r) => [...(r.split('|')[1] ?? '').matchAll(/`([^`]+)\/`/g)].map((m) => m[1])));
  const top = folders(ROOT).filter((f) => !outside(f));
  expect(top).toContain('src');
  expect(top.filter((f) => !listed.has(f))).toEqual([]);
  // And the table lists no folder that is not there.
  expect([...listed].filter((f) => !top.includes(f))).toEqual([]);
});

test('every folder of src/ is named in the src/ row', () => {
  const row = rows.find((r) => r.startsWith('| `src/` |'));
  expect(row).toBeDefined();
  const named = new Set([...row!.matchAll(/`([a-z]+)`/g)].map((m) => m[1]));
  const src = folders(path.join(ROOT, 'src'));
  expect(src.length).toBeGreaterThan(10);
  expect(src.filter((f) => !named.has(f))).toEqual([]);
  expect([...named].filter((f) => !src.includes(f))).toEqual([]);
});
