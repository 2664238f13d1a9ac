import * as fs from 'fs';
import * as path from 'path';
import { applyVariant, cellSource, Notebook, OPTIONAL_TAG, VARIANTS } from '../../src/jupyter/variants';

const DIR = path.join(__dirname, '..', '..', 'notebooks');
// Notebook 00 shows one self-check without an exercise list; 01–05 list their exercises.
const notebooks = fs.readdirSync(DIR).filter((f) => /^0[1-9]_.*\.ipynb$/.test(f)).sort();
const read = (f: string): Notebook => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8'));

/** The exercise numbers a hand-out's markdown lists under "## Exercises" (items "1. …"), with their text. */
function listedExercises(nb: Notebook): Map<number, string> {
  const items = new Map<number, string>();
  let inExercises = false;
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'markdown') continue;
    const text = cellSource(cell);
    if (/^## Exercises/m.test(text)) inExercises = true;
    if (!inExercises) continue;
    for (const m of text.matchAll(/^(\d+)\. (.*)$/gm)) items.set(Number(m[1]), m[2]);
  }
  return items;
}

/** The exercise numbers of a hand-out's code cells ("// Exercise 2 …"), with their first line. */
function exerciseCells(nb: Notebook): Map<number, string> {
  const cells = new Map<number, string>();
  for (const cell of nb.cells) {
    const first = cellSource(cell).split('\n')[0];
    const m = cell.cell_type === 'code' ? /^\/\/ Exercise (\d+)/.exec(first) : null;
    if (m) cells.set(Number(m[1]), first);
  }
  return cells;
}

describe.each(notebooks)('%s: the hand-outs list exactly the exercises they hold', (file) => {
  const nb = read(file);

  test.each(VARIANTS)('%s, core only and full: every listed exercise has its cell, and every cell its listing', (variant) => {
    for (const coreOnly of [true, false]) {
      const out = applyVariant(nb, variant, { coreOnly });
      expect({ coreOnly, listed: [...listedExercises(out).keys()].sort() }).toEqual({ coreOnly, listed: [...exerciseCells(out).keys()].sort() });
    }
  });

  test('an optional exercise says "(optional)" in its listing and in its cells; a core one does not', () => {
    const listed = listedExercises(nb);
    for (const cell of nb.cells) {
      const m = cell.cell_type === 'code' ? /^\/\/ Exercise (\d+)/.exec(cellSource(cell)) : null;
      if (!m) continue;
      const optional = (cell.metadata?.tags ?? []).includes(OPTIONAL_TAG);
      const n = Number(m[1]);
      expect({ n, optional, listing: /\(optional\)/.test(listed.get(n) ?? '') }).toEqual({ n, optional, listing: optional });
      // The starter's first line names the exercise; an optional one says so there too.
      if ((cell.metadata?.tags ?? []).includes('workshop')) expect({ n, line: /\(optional\)/.test(cellSource(cell).split('\n')[0]) }).toEqual({ n, line: optional });
    }
  });

  test('a core-only hand-out refers to no table it left out', () => {
    for (const variant of VARIANTS) {
      const out = applyVariant(nb, variant, { coreOnly: true });
      let tables = 0;
      for (const cell of out.cells) {
        const text = cellSource(cell);
        if (cell.cell_type === 'code') tables += (text.match(/console\.table\(/g) ?? []).length;
        if (/the table above/.test(text)) expect({ file, variant, tablesBefore: tables > 0 }).toEqual({ file, variant, tablesBefore: true });
      }
    }
  });
});
