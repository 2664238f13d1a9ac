import * as readline from 'readline';
import { parseChoice } from './answer';
import { Asker, Ctx, QuizInput, Reply, hint } from './asker';
import { QuizQuestion, correctAnswers } from './types';

/** Piped input: one line per question, e.g. "2" or "1,3"; an invalid line is asked again. */
export class LineAsker implements Asker {
  private readonly rl: readline.Interface;
  private readonly lines: AsyncIterator<string>;

  private readonly echo: boolean;

  constructor(input: QuizInput, private readonly ctx: Ctx) {
    // Piped answers are not echoed by a terminal: repeat them so the transcript reads well.
    this.echo = !input.isTTY;
    this.rl = readline.createInterface({ input, terminal: false });
    // Created at once so that lines arriving before the first question are kept.
    this.lines = this.rl[Symbol.asyncIterator]();
  }

  async ask(q: QuizQuestion, n: number, total: number): Promise<Reply> {
    const { output, style, timer, now } = this.ctx;
    const limit = timer ? `, ${q.time} s` : '';
    output.write(`\n${style.bold(`Question ${n}/${total}`)} (${hint(q)}${limit})\n${q.question}\n`);
    q.answers.forEach((a, i) => output.write(`  ${i + 1}. ${a.text}\n`));
    const start = now();
    for (;;) {
      output.write(`Your answer${correctAnswers(q).length > 1 ? ' (e.g. 1,3)' : ''}: `);
      const next = await this.lines.next();
      if (next.done) {
        output.write('\n');
        return { chosen: [], timedOut: false, stopped: true };
      }
      const choice = parseChoice(next.value, q.answers.length);
      if (this.echo) output.write(next.value.trim());
      if (typeof choice === 'string') {
        output.write(`\n${choice}\n`);
        continue;
      }
      output.write('\n');
      const timedOut = timer && now() - start > q.time * 1000;
      return { chosen: timedOut ? [] : choice, timedOut, stopped: false };
    }
  }

  async pause(): Promise<boolean> {
    return true;
  }

  close(): void {
    this.rl.close();
  }
}

