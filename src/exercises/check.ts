import { UserError } from '../runtime/errors';
import { EXERCISES } from './data';
import type { Exercise } from './types';

export type CheckOutcome = 'correct' | 'not yet' | 'wrong';

/** True for a starter's placeholder: nothing, NaN, an empty list, a list of zeros or NaNs, a plain object with such a field. */
export function isUnfilled(answer: unknown): boolean {
  if (answer === undefined || answer === null || answer === '') return true;
  if (typeof answer === 'number') return Number.isNaN(answer);
  if (Array.isArray(answer)) return answer.length === 0 || answer.every((x) => (typeof x === 'number' ? x === 0 || Number.isNaN(x) : isUnfilled(x)));
  if (answer instanceof Map || answer instanceof Set) return answer.size === 0;
  if (typeof answer === 'object') {
    // A model, a tensor or a probe is an answer in itself: only plain objects have parts to fill in.
    const proto = Object.getPrototypeOf(answer);
    if (proto !== Object.prototype && proto !== null) return false;
    const values = Object.values(answer as object);
    // An answer with a part still missing is not yet an answer.
    return values.length === 0 || values.some(isUnfilled);
  }
  return false;
}

/** The exercise with this id, or a UserError listing the ids. */
export function exercise(id: string): Exercise {
  const ex = EXERCISES.find((e) => e.id === id);
  if (!ex) throw new UserError(`There is no exercise "${id}"; the exercises are ${EXERCISES.map((e) => e.id).join(', ')}.`);
  return ex;
}

/**
 * Checks a student's answer to exercise `id` and prints one line: ✓, "not yet" for the starter's placeholder,
 * or a hint — never the answer. Returns the outcome (for tests; notebooks use {@link check}). In a solutions
 * hand-out run (CLIP_WORKSHOP_VARIANT=solutions) a wrong answer throws, so that a broken solution fails the run.
 */
export async function checkOutcome(id: string, answer: unknown, context: unknown = {}, print: (line: string) => void = console.log): Promise<CheckOutcome> {
  const ex = exercise(id);
  let outcome: CheckOutcome;
  if (isUnfilled(answer)) outcome = 'not yet';
  else {
    try {
      outcome = (await ex.check(answer, context)) ? 'correct' : 'wrong';
    } catch {
      // An answer of the wrong shape (a number for a list …) is a wrong answer, not a crash.
      outcome = 'wrong';
    }
  }
  if (outcome === 'correct') print(`✓ Exercise ${id}: correct.`);
  else if (outcome === 'not yet') print(`Exercise ${id}: not yet answered — fill in ${ex.answer}.`);
  else print(`✗ Exercise ${id}: not yet right. Hint: ${ex.hint}`);
  if (outcome === 'wrong' && process.env.CLIP_WORKSHOP_VARIANT === 'solutions') throw new Error(`The solution of exercise ${id} fails its check.`);
  return outcome;
}

/**
 * The notebooks' self-check: prints the verdict of {@link checkOutcome} once and returns nothing, so that a
 * cell ending in `await cw.check(…)` shows no second verdict as its value. `context` is what the cell worked
 * on (the model, the data); see each exercise's starter cell.
 */
export async function check(id: string, answer: unknown, context: unknown = {}, print: (line: string) => void = console.log): Promise<void> {
  await checkOutcome(id, answer, context, print);
}
