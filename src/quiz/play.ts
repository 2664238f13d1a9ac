import { isRight } from './answer';
import { Asker, Ctx, QuizInput, QuizOutput, Style, makeStyle } from './asker';
import { LineAsker } from './ask-lines';
import { KeyAsker } from './ask-keys';
import { Quiz, QuizQuestion, correctAnswers } from './types';

/** Where and how a quiz is played. Defaults: the process's stdin/stdout, timer on. */
export interface PlayOptions {
  input?: QuizInput;
  output?: QuizOutput;
  /** Enforce each question's time limit (default true). */
  timer?: boolean;
  /** Keys (arrows, numbers, space, enter) instead of typed lines; default: both streams are terminals. */
  interactive?: boolean;
  /** ANSI colours; default: output is a terminal and NO_COLOR is unset. */
  color?: boolean;
  /** Clock in milliseconds, replaceable in tests. */
  now?: () => number;
}

/** How one question went. */
export interface QuestionResult {
  /** 1-based question number. */
  number: number;
  /** The answers chosen, 1-based; empty when unanswered or out of time. */
  chosen: number[];
  correct: number[];
  right: boolean;
  timedOut: boolean;
  seconds: number;
}

/** The score: `--json` prints this object. */
export interface QuizScore {
  title: string;
  total: number;
  answered: number;
  right: number;
  /** right / total, in percent, rounded. */
  percent: number;
  /** true when input ended (or Ctrl-C) before the last question. */
  stopped: boolean;
  results: QuestionResult[];
}

/**
 * Plays a quiz: shows each question, takes the answer (keys on a terminal, one line such as
 * "2" or "1,3" per question otherwise), shows whether it was right and the explanation, and
 * ends with the score, which it returns.
 */
export async function playQuiz(quiz: Quiz, options: PlayOptions = {}): Promise<QuizScore> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = options.interactive ?? Boolean(input.isTTY && output.isTTY);
  const color = options.color ?? Boolean(output.isTTY && !process.env.NO_COLOR);
  const ctx: Ctx = { output, style: makeStyle(color), timer: options.timer ?? true, now: options.now ?? Date.now };
  const asker = interactive ? new KeyAsker(input, ctx) : new LineAsker(input, ctx);
  const results: QuestionResult[] = [];
  let stopped = false;
  const total = quiz.questions.length;
  try {
    ctx.output.write(`${ctx.style.bold(quiz.title)}\n${total} questions${ctx.timer ? '' : ', no time limit'}.\n`);
    for (const [i, q] of quiz.questions.entries()) {
      const start = ctx.now();
      const reply = await asker.ask(q, i + 1, total);
      if (reply.stopped) {
        stopped = true;
        break;
      }
      const result: QuestionResult = {
        number: i + 1,
        chosen: reply.chosen,
        correct: correctAnswers(q),
        right: !reply.timedOut && isRight(q, reply.chosen),
        timedOut: reply.timedOut,
        seconds: Math.round((ctx.now() - start) / 100) / 10,
      };
      results.push(result);
      ctx.output.write(feedback(q, result, ctx.style));
      if (i + 1 < total && !(await asker.pause())) {
        stopped = true;
        break;
      }
    }
  } finally {
    asker.close();
  }
  const right = results.filter((r) => r.right).length;
  const score: QuizScore = {
    title: quiz.title,
    total,
    answered: results.filter((r) => !r.timedOut).length,
    right,
    percent: total === 0 ? 0 : Math.round((100 * right) / total),
    stopped,
    results,
  };
  ctx.output.write(`\n${ctx.style.bold(`Score: ${right} of ${total} right (${score.percent}%)`)}${stopped ? ' — stopped early' : ''}\n`);
  return score;
}

function feedback(q: QuizQuestion, r: QuestionResult, s: Style): string {
  const rightText = r.correct.map((n) => `${n}. ${q.answers[n - 1].text}`).join('; ');
  const verdict = r.right ? s.green('Right!') : r.timedOut ? s.red("Time's up.") : s.red('Not quite.');
  const answer = r.right ? '' : ` The right answer${r.correct.length > 1 ? 's are' : ' is'}: ${rightText}.`;
  return `${verdict}${answer}\n${s.dim(q.explanation)}\n`;
}

