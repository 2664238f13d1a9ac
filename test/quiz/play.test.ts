import { spawnSync } from 'child_process';
import * as path from 'path';
import { correctAnswers, loadQuiz, parseChoice, playQuiz } from '../../src/quiz';
import { SMALL_QUIZ, streams } from './helpers';

const ROOT = path.join(__dirname, '..', '..');

/** Plays SMALL_QUIZ in line mode with the given stdin text. */
async function playLines(stdin: string, options: { timer?: boolean; now?: () => number } = {}) {
  const s = streams();
  s.input.end(stdin);
  const score = await playQuiz(SMALL_QUIZ, { input: s.input, output: s.output, interactive: false, timer: options.timer ?? false, now: options.now });
  return { score, text: s.text() };
}

describe('parseChoice', () => {
  it('reads numbers separated by commas or spaces, sorted and without repeats', () => {
    expect(parseChoice('2', 4)).toEqual([2]);
    expect(parseChoice(' 3, 1 ', 4)).toEqual([1, 3]);
    expect(parseChoice('3 1 3', 4)).toEqual([1, 3]);
  });
  it('explains what is wrong otherwise', () => {
    expect(parseChoice('', 4)).toMatch(/1 to 4/);
    expect(parseChoice('5', 4)).toMatch(/"5" is not an answer number/);
    expect(parseChoice('b', 2)).toMatch(/"b"/);
  });
});

describe('playQuiz with piped answers', () => {
  it('scores every question right when all answers are right', async () => {
    const { score, text } = await playLines('2\n1,3\n4\n');
    expect(score).toMatchObject({ total: 3, answered: 3, right: 3, percent: 100, stopped: false });
    expect(score.results.map((r) => r.chosen)).toEqual([[2], [1, 3], [4]]);
    // the explanation follows each answer, the score ends the output
    expect(text.indexOf('because b')).toBeGreaterThan(text.indexOf('Q one?'));
    expect(text.indexOf('because b')).toBeLessThan(text.indexOf('Q two?'));
    expect(text.trim().split('\n').pop()).toMatch(/Score: 3 of 3 right \(100%\)/);
  });

  it('counts wrong and partly right answers as wrong', async () => {
    // q2 picks only one of its two right answers; q3 is plainly wrong
    const { score, text } = await playLines('2\n1\n2\n');
    expect(score.right).toBe(1);
    expect(score.results.map((r) => r.right)).toEqual([true, false, false]);
    expect(score.percent).toBe(33);
    expect(text).toContain('The right answers are: 1. a; 3. c.');
    expect(text).toContain('The right answer is: 4. d.');
  });

  it('asks again after an invalid line instead of shifting later answers', async () => {
    const { score, text } = await playLines('7\nfoo\n2\n3,1\n4\n');
    expect(score.right).toBe(3);
    expect(text).toContain('"7" is not an answer number; type 1 to 2.');
  });

  it('stops early when input ends, scoring only what was answered', async () => {
    const { score } = await playLines('2\n');
    expect(score).toMatchObject({ total: 3, answered: 1, right: 1, stopped: true });
    expect(score.results).toHaveLength(1);
  });

  it('counts an answer after the time limit as out of time, and ignores limits with the timer off', async () => {
    let t = 0;
    // each clock reading advances 15 s: an answer takes 15 s, past q1's 10 s, within q2's 20 s
    const clock = () => (t += 15000);
    const timed = await playLines('2\n1,3\n4\n', { timer: true, now: clock });
    expect(timed.score.results.map((r) => r.timedOut)).toEqual([true, false, false]);
    expect(timed.score.right).toBe(2);
    expect(timed.text).toContain("Time's up.");
    t = 0;
    const untimed = await playLines('2\n1,3\n4\n', { timer: false, now: clock });
    expect(untimed.score.right).toBe(3);
  });
});

describe('playQuiz with keys (terminal mode)', () => {
  const UP = '\x1b[A';
  const DOWN = '\x1b[B';

  it('chooses with arrows and enter, ticks with space, and takes numbers directly', async () => {
    const s = streams();
    const play = playQuiz(SMALL_QUIZ, { input: s.input, output: s.output, interactive: true, timer: false });
    // q1: down + enter = answer 2; any key; q2: space on 1, down down, space on 3, enter; any key; q3: "4"
    s.input.write(`${DOWN}\r`);
    s.input.write('x');
    s.input.write(` ${DOWN}${DOWN} \r`);
    s.input.write(' ');
    s.input.write('4');
    const score = await play;
    expect(score.results.map((r) => r.chosen)).toEqual([[2], [1, 3], [4]]);
    expect(score.right).toBe(3);
    expect(s.text()).toContain('[x]');
  });

  it('wraps around with the arrows, insists on a tick for multi-answer questions, and stops on Ctrl-C', async () => {
    const s = streams();
    const play = playQuiz(SMALL_QUIZ, { input: s.input, output: s.output, interactive: true, timer: false });
    // q1: up from answer 1 wraps to answer 2; q2: enter with nothing ticked is refused, then "2" ticks b, enter; then Ctrl-C
    s.input.write(`${UP}\r \r2\r \x03`);
    const score = await play;
    expect(score.results.map((r) => r.chosen)).toEqual([[2], [2]]);
    expect(score).toMatchObject({ right: 1, stopped: true });
    expect(s.text()).toContain('tick at least one answer');
  });

  it('runs out the clock when no key comes', async () => {
    const s = streams();
    let t = 0;
    const quiz = { ...SMALL_QUIZ, questions: SMALL_QUIZ.questions.slice(0, 1) };
    const play = playQuiz(quiz, { input: s.input, output: s.output, interactive: true, timer: true, now: () => t });
    t = 11_000; // past the 10 s limit; the countdown notices at its next tick
    const score = await play;
    expect(score.results[0]).toMatchObject({ timedOut: true, right: false, chosen: [] });
    s.input.end();
  });
});

describe('clip-workshop quiz play (built CLI, piped stdin)', () => {
  const quiz = loadQuiz();
  const run = (answers: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'clip-workshop.js'), 'quiz', 'play', '--no-timer', '--json'], {
      input: answers.join('\n') + '\n',
      encoding: 'utf8',
    });

  it('plays the committed quiz to the end and prints the score object last', () => {
    const right = quiz.questions.map((q) => correctAnswers(q).join(','));
    const all = run(right);
    expect(all.status).toBe(0);
    const score = JSON.parse(all.stdout.trim().split('\n').pop()!);
    expect(score).toMatchObject({ total: quiz.questions.length, right: quiz.questions.length, percent: 100, stopped: false });

    // answer the first three wrongly: a wrong choice is any single answer that is not the right set
    const wrong = quiz.questions.map((q, i) => {
      if (i >= 3) return correctAnswers(q).join(',');
      const bad = q.answers.findIndex((a) => !a.correct) + 1;
      return String(bad);
    });
    const some = JSON.parse(run(wrong).stdout.trim().split('\n').pop()!);
    expect(some.right).toBe(quiz.questions.length - 3);
    expect(some.results.slice(0, 3).map((r: { right: boolean }) => r.right)).toEqual([false, false, false]);
  });
});
