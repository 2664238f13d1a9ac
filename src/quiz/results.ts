import * as fs from 'fs';
import * as path from 'path';
import { compareAccuracies, comparisonSentence, type Scored } from '../eval/compare';
import { Quiz, QuizProblem, ResultClaim } from './types';

type Path = Array<string | number>;

/** The value at `at` in `value`, or undefined. */
function valueAt(value: unknown, at: Path): unknown {
  return at.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string | number, unknown>)[k] : undefined), value);
}
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
function numberAt(value: unknown, at: Path): number | undefined {
  const v = valueAt(value, at);
  return finite(v) ? v : undefined;
}
/** An accuracy `{ top1, n }` at `at`, or a fixed number (chance) that adds no noise of its own. */
function accuracyAt(value: unknown, at: Path): Scored | undefined {
  const v = valueAt(value, at) as { top1?: unknown; n?: unknown } | number | undefined;
  const label = at.join('.');
  if (finite(v)) return { label, top1: v, n: Infinity };
  if (v && typeof v === 'object' && finite(v.top1) && finite(v.n) && v.n > 0) return { label, top1: v.top1, n: v.n };
  return undefined;
}

const HOLDS: Record<'<' | '<=' | '>' | '>=', (a: number, b: number) => boolean> = { '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b };
const VERDICTS = new Set(['higher', 'lower', 'same']);

/** Why a claim does not hold in `result`, in one sentence; undefined when it holds. */
export function claimProblem(c: ResultClaim, result: unknown): string | undefined {
  const show = (p: Path) => p.join('.');
  if (VERDICTS.has(c.op)) {
    const a = accuracyAt(result, c.left);
    const b = typeof c.right === 'number' ? { label: String(c.right), top1: c.right, n: Infinity } : accuracyAt(result, c.right);
    const spread = c.spread ? numberAt(result, c.spread) : 0;
    if (!a || !b) return `${c.experiment} has no accuracy ({ top1, n }) at ${!a ? show(c.left) : show(c.right as Path)}.`;
    if (spread === undefined) return `${c.experiment} has no number at ${show(c.spread!)}.`;
    const verdict = compareAccuracies(a, b, spread).verdict;
    return verdict === c.op ? undefined : `the results no longer support its answer: ${comparisonSentence(a, b, spread)} The question needs "${c.op}"; fix the question or the recipe.`;
  }
  // Accuracies are compared by the noise rule only: an inequality would call a difference within noise a win.
  if (c.left[c.left.length - 1] === 'top1') return `its claim compares accuracies with "${c.op}"; use higher, lower or same, the kit's noise rule.`;
  const a = numberAt(result, c.left);
  const b = typeof c.right === 'number' ? c.right : numberAt(result, c.right);
  if (a === undefined || b === undefined) return `${c.experiment} has no number at ${a === undefined ? show(c.left) : show(c.right as Path)}.`;
  const op = c.op as keyof typeof HOLDS;
  return HOLDS[op](a, b) ? undefined : `the results no longer support its answer — ${c.experiment} ${show(c.left)} = ${a} is not ${op} ${typeof c.right === 'number' ? c.right : `${show(c.right)} = ${b}`}; fix the question or the recipe.`;
}

/**
 * Checks every question's result claims against results/<experiment>.json: a question about the kit's
 * own results may only call an answer right while the committed results say so.
 */
export function checkResultClaims(quiz: Quiz, resultsDir: string): QuizProblem[] {
  const problems: QuizProblem[] = [];
  quiz.questions.forEach((q, k) => {
    for (const c of q.results ?? []) {
      const head = `question ${k + 1} ("${q.question.slice(0, 40)}")`;
      const file = path.join(resultsDir, `${c.experiment}.json`);
      let result: unknown;
      try {
        result = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        problems.push({ question: k + 1, path: `/questions/${k}/results`, message: `${head}: its claim needs ${path.basename(file)}, which results/ does not have; run \`clip-workshop experiments ${c.experiment}\`.` });
        continue;
      }
      const problem = claimProblem(c, result);
      if (problem) problems.push({ question: k + 1, path: `/questions/${k}/results`, message: `${head}: ${problem}` });
    }
  });
  return problems;
}
