import { QuizQuestion, correctAnswers } from './types';

/** Internals of playing a quiz, shared by the line and key askers (not exported from the package). */

/** The streams a quiz is played on (a terminal's raw mode is used when present). */
export type QuizInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
export type QuizOutput = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** Text styling: ANSI colours on a terminal, plain text otherwise. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  red(s: string): string;
}

export function makeStyle(color: boolean): Style {
  const wrap = (code: string) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { bold: wrap('1'), dim: wrap('2'), green: wrap('32'), red: wrap('31') };
}

/** What the player chose for one question, before grading. */
export interface Reply {
  chosen: number[];
  timedOut: boolean;
  stopped: boolean;
}

/** What every asker needs: where to write, how to style, whether to time, and the clock. */
export interface Ctx {
  output: QuizOutput;
  style: Style;
  timer: boolean;
  now: () => number;
}

/** Takes one answer per question: typed lines (LineAsker) or keys on a terminal (KeyAsker). */
export interface Asker {
  ask(q: QuizQuestion, n: number, total: number): Promise<Reply>;
  /** Waits until the player is ready for the next question; false when they stopped. */
  pause(): Promise<boolean>;
  close(): void;
}

/** How many answers to pick, shown with each question. */
export function hint(q: QuizQuestion): string {
  const k = correctAnswers(q).length;
  return k === 1 ? 'one answer' : `${k} answers`;
}

