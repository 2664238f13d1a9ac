import * as path from 'path';
import ExcelJS from 'exceljs';
import { UserError } from '../runtime/errors';
import { writeFileAtomic } from '../runtime/atomic';
import { Quiz, correctAnswers } from './types';

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

/** Builds the Kahoot import workbook for a quiz (already checked). */
export function kahootWorkbook(quiz: Quiz): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'clip-workshop';
  const ws = wb.addWorksheet('Sheet1');
  const { headerRow, firstColumn, firstQuestionRow } = KAHOOT_LAYOUT;
  ws.getCell(2, firstColumn).value = quiz.title;
  ws.getCell(2, firstColumn).font = { bold: true, size: 14 };
  ws.getCell(4, firstColumn).value = "Exported by clip-workshop (quiz export --kahoot). Import this file with Kahoot's spreadsheet import.";
  KAHOOT_HEADER.forEach((h, i) => {
    const cell = ws.getCell(headerRow, firstColumn + i);
    cell.value = h;
    cell.font = { bold: true };
  });
  kahootRows(quiz).forEach((row, r) => {
    ws.getCell(firstQuestionRow + r, 1).value = r + 1;
    row.forEach((v, i) => {
      ws.getCell(firstQuestionRow + r, firstColumn + i).value = v;
    });
  });
  ws.getColumn(1).width = 5;
  ws.getColumn(firstColumn).width = 60;
  for (let i = 1; i <= 4; i++) ws.getColumn(firstColumn + i).width = 36;
  ws.getColumn(firstColumn + 5).width = 14;
  ws.getColumn(firstColumn + 6).width = 14;
  return wb;
}

/** Writes the Kahoot import spreadsheet atomically (temp file + rename); the name must end in .xlsx. */
export async function exportKahoot(quiz: Quiz, file: string): Promise<void> {
  if (path.extname(file).toLowerCase() !== '.xlsx') {
    throw new UserError(`The Kahoot file "${file}" must end in .xlsx, the format Kahoot imports; pass a name such as quiz.xlsx.`);
  }
  const buffer = await kahootWorkbook(quiz).xlsx.writeBuffer();
  writeFileAtomic(file, new Uint8Array(buffer as ArrayBuffer));
}
