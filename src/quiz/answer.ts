import { QuizQuestion, correctAnswers } from './types';

/**
 * Parses a typed answer such as "2", "1,3" or "1 3" into sorted 1-based answer numbers.
 * Returns a sentence saying what is wrong when the text is not a valid choice.
 */
export function parseChoice(text: string, answerCount: number): number[] | string {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.length === 0) return `Type the number of an answer, 1 to ${answerCount}.`;
  const chosen = new Set<number>();
  for (const p of parts) {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1 || n > answerCount) return `"${p}" is not an answer number; type 1 to ${answerCount}.`;
    chosen.add(n);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** True when the chosen answers are exactly the right ones. */
export function isRight(q: QuizQuestion, chosen: number[]): boolean {
  const right = correctAnswers(q);
  return chosen.length === right.length && right.every((n, i) => chosen[i] === n);
}
