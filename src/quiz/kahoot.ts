import * as path from 'path';
import { UserError } from '../runtime/errors';
import { writeFileAtomic } from '../runtime/atomic';
import { Quiz, correctAnswers } from './types';
import { XlsxCell, xlsxWorkbook } from './xlsx';

/**
 * The header of Kahoot's spreadsheet import template (KahootQuizTemplate.xlsx, from Kahoot's
 * "Import questions from a spreadsheet" help page): row 8, from column B. Note the en dash in
 * the time-limit header, as in the template.
 */
export const KAHOOT_HEADER = [
  'Question - max 120 characters',
  'Answer 1 - max 75 characters',
  'Answer 2 - max 75 characters',
  'Answer 3 - max 75 characters',
  'Answer 4 - max 75 characters',
  'Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs',
  'Correct answer(s) - choose at least one',
] as const;

/** The template's layout: header on row 8 starting at column B, numbered questions from row 9. */
export const KAHOOT_LAYOUT = { headerRow: 8, firstColumn: 2, firstQuestionRow: 9 } as const;

/** One spreadsheet row per question: the question, four answer cells (blank when unused), time, right answers ("1,3"). */
export function kahootRows(quiz: Quiz): Array<Array<string | number | null>> {
  return quiz.questions.map((q) => {
    const answers = [0, 1, 2, 3].map((i) => q.answers[i]?.text ?? null);
    const right = correctAnswers(q);
    // A single right answer stays a number, as typed in the template; several become "1,3".
    return [q.question, ...answers, q.time, right.length === 1 ? right[0] : right.join(',')];
  });
}

/** The cells of the Kahoot import sheet for a quiz (already checked): title, note, header and one numbered row per question. */
export function kahootCells(quiz: Quiz): XlsxCell[] {
  const { headerRow, firstColumn, firstQuestionRow } = KAHOOT_LAYOUT;
  const cells: XlsxCell[] = [
    { row: 2, column: firstColumn, value: quiz.title, bold: true, size: 14 },
    { row: 4, column: firstColumn, value: "Exported by clip-workshop (quiz export --kahoot). Import this file with Kahoot's spreadsheet import." },
    ...KAHOOT_HEADER.map((h, i) => ({ row: headerRow, column: firstColumn + i, value: h, bold: true })),
  ];
  kahootRows(quiz).forEach((row, r) => {
    cells.push({ row: firstQuestionRow + r, column: 1, value: r + 1 });
    row.forEach((v, i) => {
      if (v !== null) cells.push({ row: firstQuestionRow + r, column: firstColumn + i, value: v });
    });
  });
  return cells;
}

/** Column widths of the sheet: the question wide, the answers medium, time and right answers narrow. */
const KAHOOT_WIDTHS: Record<number, number> = { 1: 5, 2: 60, 3: 36, 4: 36, 5: 36, 6: 36, 7: 14, 8: 14 };

/** The Kahoot import workbook (.xlsx bytes) for a quiz (already checked). */
export function kahootWorkbook(quiz: Quiz): Buffer {
  return xlsxWorkbook({ name: 'Sheet1', cells: kahootCells(quiz), widths: KAHOOT_WIDTHS, creator: 'clip-workshop' });
}

/** Writes the Kahoot import spreadsheet atomically (temp file + rename); the name must end in .xlsx. */
export async function exportKahoot(quiz: Quiz, file: string): Promise<void> {
  if (path.extname(file).toLowerCase() !== '.xlsx') {
    throw new UserError(`The Kahoot file "${file}" must end in .xlsx, the format Kahoot imports; pass a name such as quiz.xlsx.`);
  }
  writeFileAtomic(file, kahootWorkbook(quiz));
}
