import * as fs from 'fs';
import * as path from 'path';
import { Quiz, QuizProblem, ResultClaim } from './types';

/** The number at `at` in `value`, or undefined. */
function numberAt(value: unknown, at: Array<string | number>): number | undefined {
  const v = at.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string | number, unknown>)[k] : undefined), value);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

const HOLDS: Record<ResultClaim['op'], (a: number, b: number) => boolean> = { '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b };

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
      const a = numberAt(result, c.left);
      const b = typeof c.right === 'number' ? c.right : numberAt(result, c.right);
      const show = (p: Array<string | number>) => p.join('.');
      if (a === undefined || b === undefined) {
        problems.push({ question: k + 1, path: `/questions/${k}/results`, message: `${head}: ${c.experiment} has no number at ${a === undefined ? show(c.left) : show(c.right as Array<string | number>)}.` });
      } else if (!HOLDS[c.op](a, b)) {
        problems.push({ question: k + 1, path: `/questions/${k}/results`, message: `${head}: the results no longer support its answer — ${c.experiment} ${show(c.left)} = ${a} is not ${c.op} ${typeof c.right === 'number' ? c.right : `${show(c.right)} = ${b}`}; fix the question or the recipe.` });
      }
    }
  });
  return problems;
}
