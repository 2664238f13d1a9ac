import * as fs from 'fs';
import * as path from 'path';
import { loadQuiz } from '../../src/quiz/load';
import { QUIZ_ROUNDS, roundOf, roundSeconds } from '../../src/quiz/rounds';

const ROOT = path.join(__dirname, '..', '..');
const guide = fs.readFileSync(path.join(ROOT, 'docs', 'teaching.md'), 'utf8');

/** The pace the guide states: words per minute, seconds per code cell, minutes per exercise. */
function pace() {
  const m = guide.replace(/\s+/g, ' ').match(/Pace: (\d+) words per minute[^,]*, (\d+) s per core code cell(?: \([^)]*\))?, (\d+) min per core exercise/);
  if (!m) throw new Error('docs/teaching.md states no pace ("Pace: N words per minute …, N s per core code cell …, N min per core exercise")');
  return { wordsPerMinute: Number(m[1]), secondsPerCell: Number(m[2]), minutesPerExercise: Number(m[3]) };
}

/** The plan's rows: minutes from–to and what happens. */
function plan(): { from: number; to: number; what: string }[] {
  return [...guide.matchAll(/^\| (\d+)–(\d+) \| ([^|]+) \|/gm)].map((m) => ({ from: Number(m[1]), to: Number(m[2]), what: m[3].trim() }));
}

interface Cell { cell_type: string; source: string | string[]; metadata?: { tags?: string[] } }

/** A notebook's core: markdown words, code cells and exercise starters of the cells not tagged optional. */
export function coreLoad(file: string) {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: Cell[] };
  const load = { words: 0, codeCells: 0, exercises: 0 };
  for (const c of nb.cells) {
    const tags = c.metadata?.tags ?? [];
    if (tags.includes('optional') || tags.includes('solution')) continue;
    const text = Array.isArray(c.source) ? c.source.join('') : c.source;
    if (c.cell_type === 'markdown') load.words += text.split(/\s+/).filter(Boolean).length;
    else if (tags.includes('workshop')) load.exercises++;
    else if (c.cell_type === 'code') load.codeCells++;
  }
  return load;
}

describe('the class fits its 90 minutes', () => {
  const p = pace();
  const rows = plan();

  test('the plan runs from minute 0 to 90 without gaps', () => {
    expect(rows.length).toBeGreaterThan(3);
    expect(rows[0].from).toBe(0);
    expect(rows[rows.length - 1].to).toBe(90);
    for (let k = 1; k < rows.length; k++) expect([rows[k].what, rows[k].from]).toEqual([rows[k].what, rows[k - 1].to]);
  });

  const notebooks = fs.readdirSync(path.join(ROOT, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();
  test.each(notebooks)('%s: its core load at the stated pace fits its minutes, or it is homework', (file) => {
    const id = file.slice(0, 2);
    const row = rows.find((r) => r.what === `notebook ${id}`);
    const load = coreLoad(path.join(ROOT, 'notebooks', file));
    const minutes = load.words / p.wordsPerMinute + (load.codeCells * p.secondsPerCell) / 60 + load.exercises * p.minutesPerExercise;
    if (!row) {
      // Not in class: the wrap-up must name it as homework.
      expect(rows.find((r) => r.what === 'wrap-up') && guide).toMatch(new RegExp(`notebook ${id}[^|]*homework`));
      return;
    }
    expect({ file, load, minutes: Math.round(minutes * 10) / 10, slot: row.to - row.from, fits: minutes <= row.to - row.from }).toMatchObject({ fits: true });
  });

  test('every quiz question is in a round, and each round played in class fits its slot', () => {
    const quiz = loadQuiz(path.join(ROOT, 'quiz', 'questions.yaml'));
    expect(quiz.questions.filter((q) => q.round === undefined).map((q) => q.question)).toEqual([]);
    for (const round of QUIZ_ROUNDS.filter((r) => r !== 'extra')) {
      const row = rows.find((r) => r.what === `quiz, ${round} round`);
      expect([round, row !== undefined]).toEqual([round, true]);
      const seconds = roundSeconds(quiz.questions.filter((q) => roundOf(q) === round));
      expect({ round, seconds, slot: (row!.to - row!.from) * 60, fits: seconds > 0 && seconds <= (row!.to - row!.from) * 60 }).toMatchObject({ fits: true });
    }
  });

  test('the talk round asks only what the talk showed: no notebook, exercise, mask or probe', () => {
    const quiz = loadQuiz(path.join(ROOT, 'quiz', 'questions.yaml'));
    const talk = quiz.questions.filter((q) => q.round === 'talk');
    const notebookOnly = /notebook|exercise|\bmask|probe|temperature|\bcw\./i;
    expect(talk.filter((q) => notebookOnly.test([q.question, ...q.answers.map((a) => a.text)].join(' '))).map((q) => q.question)).toEqual([]);
  });

  test('the guide has an "if behind, skip this" order and a plan for a failed setup', () => {
    expect(guide).toMatch(/### If behind, skip this\n\n[^#]*\n1\. /);
    expect(guide).toMatch(/### When a student's setup fails\n\n[^#]*executed notebooks, as HTML pages[^#]*pairs up/);
  });
});
