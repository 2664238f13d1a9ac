import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { correctAnswers, defaultQuizFile, exportKahoot, loadQuiz, quizMarkdown } from '../../src/quiz';
import { SMALL_QUIZ } from './helpers';
import { columnLetters } from '../../src/quiz/xlsx';
import { readSheetCells } from '../helpers/xlsx';

const ROOT = path.join(__dirname, '..', '..');

/** Kahoot's import template header, row 8 from column B, as Kahoot's template spells it. */
const EXPECTED_HEADER = [
  'Question - max 120 characters',
  'Answer 1 - max 75 characters',
  'Answer 2 - max 75 characters',
  'Answer 3 - max 75 characters',
  'Answer 4 - max 75 characters',
  'Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs',
  'Correct answer(s) - choose at least one',
];

describe('Kahoot export', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-export-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The first sheet read back by unzipping its XML: getCell(row, column) → value or null. */
  async function readBack(file: string) {
    const cells = readSheetCells(fs.readFileSync(file));
    return { getCell: (row: number, column: number) => ({ value: cells.get(`${columnLetters(column)}${row}`) ?? null }), cells };
  }

  it('writes the header on row 8 from column B and one numbered row per question with the right answers', async () => {
    const file = path.join(dir, 'quiz.xlsx');
    await exportKahoot(SMALL_QUIZ, file);
    const ws = await readBack(file);
    expect(EXPECTED_HEADER.map((_, i) => ws.getCell(8, 2 + i).value)).toEqual(EXPECTED_HEADER);
    const rows = [9, 10, 11].map((r) => [1, 2, 3, 4, 5, 6, 7, 8].map((c) => ws.getCell(r, c).value));
    expect(rows).toEqual([
      [1, 'Q one?', 'a', 'b', null, null, 10, 2],
      [2, 'Q two?', 'a', 'b', 'c', null, 20, '1,3'],
      [3, 'Q three?', 'a', 'b', 'c', 'd', 30, 4],
    ]);
    expect(ws.getCell(12, 2).value).toBeNull();
    expect(fs.readdirSync(dir)).toEqual(['quiz.xlsx']); // no temp file left
  });

  it('exports the committed quiz through the CLI, matching the YAML answer flags', async () => {
    const file = path.join(dir, 'kahoot.xlsx');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'clip-workshop.js'), 'quiz', 'export', '--kahoot', file, '--json'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').pop()!).kahoot).toBe(file);
    // the expected answers come from the YAML read independently of src/quiz
    const raw = yaml.load(fs.readFileSync(defaultQuizFile(), 'utf8')) as { questions: Array<{ question: string; answers: Array<{ correct?: boolean }> }> };
    const ws = await readBack(file);
    expect(EXPECTED_HEADER.map((_, i) => ws.getCell(8, 2 + i).value)).toEqual(EXPECTED_HEADER);
    raw.questions.forEach((q, i) => {
      const row = 9 + i;
      expect(ws.getCell(row, 1).value).toBe(i + 1);
      expect(ws.getCell(row, 2).value).toBe(q.question);
      const right = q.answers.map((a, j) => (a.correct ? j + 1 : 0)).filter((n) => n > 0).join(',');
      expect(String(ws.getCell(row, 8).value)).toBe(right);
    });
    expect(ws.getCell(9 + raw.questions.length, 2).value).toBeNull();
  });

  it('holds exactly the title, the note, the header and the questions; escapes XML; same quiz, same bytes', async () => {
    const quiz = { ...SMALL_QUIZ, title: 'Tom & Jerry <"quiz">' };
    const file = path.join(dir, 'quiz.xlsx');
    await exportKahoot(quiz, file);
    const { cells } = await readBack(file);
    expect(cells.get('B2')).toBe('Tom & Jerry <"quiz">');
    expect(cells.get('B4')).toMatch(/^Exported by clip-workshop/);
    // 2 + 7 header cells + per question: number, question, answers given, time, right answers
    expect(cells.size).toBe(2 + 7 + (1 + 1 + 2 + 1 + 1) + (1 + 1 + 3 + 1 + 1) + (1 + 1 + 4 + 1 + 1));
    const again = path.join(dir, 'again.xlsx');
    await exportKahoot(quiz, again);
    expect(fs.readFileSync(again).equals(fs.readFileSync(file))).toBe(true);
    expect([1, 2, 8, 26, 27, 28, 702, 703].map(columnLetters)).toEqual(['A', 'B', 'H', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });

  it('refuses a name that is not .xlsx and leaves nothing behind', async () => {
    await expect(exportKahoot(SMALL_QUIZ, path.join(dir, 'quiz.xls'))).rejects.toThrow(/must end in \.xlsx/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('Markdown handout', () => {
  it('lists every question with its answers, then the answers with explanations at the end', () => {
    const quiz = loadQuiz();
    const text = quizMarkdown(quiz);
    const answersAt = text.indexOf('## Answers');
    expect(answersAt).toBeGreaterThan(0);
    quiz.questions.forEach((q, i) => {
      const heading = text.indexOf(`## ${i + 1}. `);
      expect(heading).toBeGreaterThan(-1);
      expect(heading).toBeLessThan(answersAt);
    });
    const key = text.slice(answersAt).split('\n').filter((l) => /^\d+\. \*\*/.test(l));
    expect(key).toHaveLength(quiz.questions.length);
    quiz.questions.forEach((q, i) => expect(key[i].startsWith(`${i + 1}. **${correctAnswers(q).join(', ')}**`)).toBe(true));
    // no right answer is revealed before the answer section
    expect(text.slice(0, answersAt)).not.toContain(quiz.questions[0].explanation);
  });

  it('escapes Markdown characters in questions', () => {
    const text = quizMarkdown({ ...SMALL_QUIZ, questions: [{ ...SMALL_QUIZ.questions[0], question: 'Is *this* a_b?' }] });
    expect(text).toContain('Is \\*this\\* a\\_b?');
  });
});
