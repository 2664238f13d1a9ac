import * as path from 'path';
import { Command } from 'commander';
import { UserError } from '../../runtime/errors';
import { checkQuizFile, defaultQuizFile, loadQuiz } from '../../quiz/load';
import { playQuiz } from '../../quiz/play';
import { exportKahoot } from '../../quiz/kahoot';
import { exportMarkdown } from '../../quiz/markdown';
import { QUIZ_ROUNDS, quizRound } from '../../quiz/rounds';
import { emit } from '../output';
import { checkOutputFile, writingTo } from '../../runtime/outputs';

const FILE_HELP = 'the quiz file, YAML or JSON (default: quiz/questions.yaml of the kit)';

/** `clip-workshop quiz play|check|export`: the after-talk quiz in a terminal and for Kahoot. */
export function register(program: Command): void {
  const quiz = program
    .command('quiz')
    .description('the quiz on CLIP: play it in the terminal, check it against Kahoot\'s limits, export it for Kahoot or print');

  quiz
    .command('play')
    .description('play the quiz in the terminal: arrow keys or numbers choose, space ticks, enter confirms; piped stdin gives one answer per line, e.g. "2" or "1,3"')
    .option('--file <file>', FILE_HELP)
    .option('--round <round>', `only one round: ${QUIZ_ROUNDS.join(', ')} (talk: after the talk; workshop: after the notebooks)`)
    .option('--no-timer', 'no time limit per question')
    .option('--json', 'print the score as one JSON object on the last line')
    .action(async (opts: { file?: string; round?: string; timer: boolean; json?: boolean }) => {
      const score = await playQuiz(quizRound(loadQuiz(opts.file ?? defaultQuizFile()), opts.round), { timer: opts.timer });
      if (opts.json) emit(score, true, () => '');
    });

  quiz
    .command('check')
    .description('check the quiz file against quiz/schema.json and Kahoot\'s limits, listing every problem with its question number')
    .option('--file <file>', FILE_HELP)
    .option('--json', 'print the result as one JSON object')
    .action((opts: { file?: string; json?: boolean }) => {
      const result = checkQuizFile(opts.file ?? defaultQuizFile());
      const { quiz: _quiz, ...report } = result;
      emit({ ...report, ok: result.problems.length === 0 }, opts.json, () =>
        result.problems.length === 0
          ? `${result.file}: ${result.questions} questions, no problems.`
          : [`${result.file}: ${result.problems.length} problem(s):`, ...result.problems.map((p) => `  ${p.message}`)].join('\n'),
      );
      if (result.problems.length > 0) {
        throw new UserError(`The quiz has ${result.problems.length} problem(s), listed above; fix them and run \`clip-workshop quiz check\` again.`);
      }
    });

  quiz
    .command('export')
    .description('write the quiz as a Kahoot import spreadsheet and/or a printable Markdown handout with the answers at the end')
    .option('--file <file>', FILE_HELP)
    .option('--kahoot <file.xlsx>', 'write Kahoot\'s spreadsheet import layout (.xlsx)')
    .option('--markdown <file.md>', 'write a printable handout, answers at the end')
    .option('--round <round>', `only one round: ${QUIZ_ROUNDS.join(', ')}`)
    .option('--json', 'print what was written as one JSON object')
    .action(async (opts: { file?: string; kahoot?: string; markdown?: string; round?: string; json?: boolean }) => {
      if (!opts.kahoot && !opts.markdown) throw new UserError('Nothing to export: pass --kahoot FILE.xlsx and/or --markdown FILE.md.');
      if (opts.kahoot) checkOutputFile(opts.kahoot, '--kahoot', 'the Kahoot spreadsheet');
      if (opts.markdown) checkOutputFile(opts.markdown, '--markdown', 'the Markdown handout');
      const file = opts.file ?? defaultQuizFile();
      const quiz = quizRound(loadQuiz(file), opts.round);
      const written: Record<string, string> = {};
      if (opts.kahoot) {
        const kahoot = opts.kahoot;
        await writingTo(kahoot, 'the Kahoot spreadsheet', () => exportKahoot(quiz, kahoot));
        written.kahoot = path.resolve(kahoot);
      }
      if (opts.markdown) {
        const markdown = opts.markdown;
        await writingTo(markdown, 'the Markdown handout', () => exportMarkdown(quiz, markdown));
        written.markdown = path.resolve(markdown);
      }
      emit({ file, questions: quiz.questions.length, ...written }, opts.json, () =>
        Object.entries(written).map(([kind, f]) => `${kind.padEnd(8)} ${f} (${quiz.questions.length} questions)`).join('\n'),
      );
    });
}
