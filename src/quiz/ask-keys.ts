import * as readline from 'readline';
import { Asker, Ctx, QuizInput, Reply, hint } from './asker';
import { QuizQuestion, correctAnswers } from './types';

interface Key {
  name?: string;
  sequence?: string;
  ctrl?: boolean;
}

/** A terminal: arrow keys or numbers choose, space toggles, enter confirms, a live countdown. */
export class KeyAsker implements Asker {
  private readonly pending: Key[] = [];
  private handler?: (key: Key) => void;
  private readonly onKey = (_s: string | undefined, key: Key | undefined) => this.push(key ?? { sequence: _s, name: _s });
  private readonly onEnd = () => this.push({ name: 'eof' });
  private readonly raw: boolean;

  constructor(private readonly input: QuizInput, private readonly ctx: Ctx) {
    readline.emitKeypressEvents(input);
    this.raw = typeof input.setRawMode === 'function' && Boolean(input.isTTY);
    if (this.raw) input.setRawMode!(true);
    input.on('keypress', this.onKey);
    input.on('end', this.onEnd);
    input.resume();
  }

  /** Keys typed ahead wait here until a question or pause listens. */
  private push(key: Key): void {
    if (this.handler) this.handler(key);
    else this.pending.push(key);
  }

  private listen(handler: (key: Key) => void): void {
    this.handler = handler;
    while (this.handler === handler && this.pending.length > 0) handler(this.pending.shift()!);
  }

  ask(q: QuizQuestion, n: number, total: number): Promise<Reply> {
    const { output, style, timer, now } = this.ctx;
    const multi = correctAnswers(q).length > 1;
    const selected = new Set<number>();
    const deadline = now() + q.time * 1000;
    let cursor = 0;
    let drawn = 0;
    let message = '';

    const draw = (final = false) => {
      const left = Math.max(0, Math.ceil((deadline - now()) / 1000));
      const lines = [
        '',
        `${style.bold(`Question ${n}/${total}`)} (${hint(q)})${timer ? `   ${left} s left` : ''}`,
        q.question,
        ...q.answers.map((a, i) => {
          const mark = multi ? (selected.has(i) ? '[x]' : '[ ]') : cursor === i && !final ? '(•)' : '( )';
          const line = `${!final && cursor === i ? '>' : ' '} ${mark} ${i + 1}. ${a.text}`;
          return !final && cursor === i ? style.bold(line) : line;
        }),
        final ? '' : style.dim(multi ? 'arrows/numbers move, space ticks, enter confirms' : 'arrows + enter, or a number') + (message ? `  ${message}` : ''),
      ];
      if (drawn > 0) output.write(`\x1b[${drawn}A\r\x1b[J`);
      output.write(lines.join('\n') + '\n');
      drawn = lines.reduce((rows, l) => rows + rowsOf(l, output.columns), 0);
    };

    return new Promise<Reply>((resolve) => {
      let tick: NodeJS.Timeout | undefined;
      let shown = -1;
      const finish = (reply: Reply) => {
        if (tick) clearInterval(tick);
        this.handler = undefined;
        if (reply.chosen.length > 0 && !multi) cursor = reply.chosen[0] - 1;
        draw(true);
        resolve(reply);
      };
      if (timer) {
        tick = setInterval(() => {
          const left = Math.ceil((deadline - now()) / 1000);
          if (left <= 0) finish({ chosen: [], timedOut: true, stopped: false });
          else if (left !== shown) {
            shown = left;
            draw();
          }
        }, 200);
      }
      draw();
      this.listen((key) => {
        message = '';
        const digit = key.sequence && /^[1-9]$/.test(key.sequence) ? Number(key.sequence) : 0;
        if (key.name === 'eof' || (key.ctrl && key.name === 'c')) return finish({ chosen: [], timedOut: false, stopped: true });
        if (digit >= 1 && digit <= q.answers.length) {
          cursor = digit - 1;
          if (!multi) return finish({ chosen: [digit], timedOut: false, stopped: false });
          toggle(selected, cursor);
        } else if (key.name === 'up' || key.name === 'k') cursor = (cursor + q.answers.length - 1) % q.answers.length;
        else if (key.name === 'down' || key.name === 'j') cursor = (cursor + 1) % q.answers.length;
        else if (key.name === 'space' && multi) toggle(selected, cursor);
        else if (key.name === 'return' || key.name === 'enter' || key.name === 'space') {
          if (!multi) return finish({ chosen: [cursor + 1], timedOut: false, stopped: false });
          if (selected.size === 0) message = 'tick at least one answer with space';
          else return finish({ chosen: [...selected].map((i) => i + 1).sort((a, b) => a - b), timedOut: false, stopped: false });
        }
        draw();
      });
    });
  }

  pause(): Promise<boolean> {
    this.ctx.output.write(this.ctx.style.dim('Press any key for the next question (Ctrl-C stops).') + '\n');
    return new Promise((resolve) =>
      this.listen((key) => {
        this.handler = undefined;
        resolve(!(key.name === 'eof' || (key.ctrl && key.name === 'c')));
      }),
    );
  }

  close(): void {
    this.handler = undefined;
    this.input.removeListener('keypress', this.onKey);
    this.input.removeListener('end', this.onEnd);
    if (this.raw) this.input.setRawMode!(false);
    this.input.pause();
  }
}

function toggle(set: Set<number>, i: number): void {
  if (set.has(i)) set.delete(i);
  else set.add(i);
}

/** Terminal rows a line takes once wrapped (ANSI codes take no room). */
function rowsOf(line: string, columns: number | undefined): number {
  const width = Array.from(line.replace(/\x1b\[[0-9;]*m/g, '')).length;
  return columns && columns > 0 ? Math.max(1, Math.ceil(width / columns)) : 1;
}
