import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { UserError } from '../runtime/errors';
import { packageRoot } from '../runtime/paths';
import { checkQuiz } from './check';
import { checkResultClaims } from './results';
import { JsonSchema } from './schema';
import { Quiz, QuizProblem } from './types';

/** The committed quiz: quiz/questions.yaml in the package. */
export function defaultQuizFile(): string {
  return path.join(packageRoot(), 'quiz', 'questions.yaml');
}

/** The quiz's JSON Schema, quiz/schema.json in the package (it also holds Kahoot's limits). */
export function loadQuizSchema(): JsonSchema {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'quiz', 'schema.json'), 'utf8')) as JsonSchema;
}

/** The outcome of checking a quiz file: how many questions it has and every problem found. */
export interface QuizCheckResult {
  file: string;
  questions: number;
  problems: QuizProblem[];
  /** The quiz, present only when there are no problems. */
  quiz?: Quiz;
}

/** Parses YAML or JSON quiz text and checks it; a syntax error is one problem with its line. */
export function checkQuizText(text: string, file = 'quiz'): QuizCheckResult {
  let value: unknown;
  try {
    // CORE_SCHEMA: plain YAML scalars only (no dates), so "yes" stays a string and 20 a number.
    value = yaml.load(text, { filename: file, schema: yaml.CORE_SCHEMA });
  } catch (err) {
    const e = err as yaml.YAMLException;
    const where = e.mark ? `line ${e.mark.line + 1}, column ${e.mark.column + 1}` : 'the file';
    return { file, questions: 0, problems: [{ path: '', message: `${where}: ${e.reason ?? e.message}.` }] };
  }
  const problems = checkQuiz(value, loadQuizSchema());
  // A valid quiz's claims about the kit's own results are held against results/.
  if (problems.length === 0) problems.push(...checkResultClaims(value as Quiz, path.join(packageRoot(), 'results')));
  const list = (value as { questions?: unknown } | null)?.questions;
  const questions = Array.isArray(list) ? list.length : 0;
  return { file, questions, problems, quiz: problems.length === 0 ? (value as Quiz) : undefined };
}

/** Reads and checks a quiz file; a missing file is a {@link UserError}. */
export function checkQuizFile(file: string = defaultQuizFile()): QuizCheckResult {
  if (!fs.existsSync(file)) throw new UserError(`The quiz file ${file} does not exist; pass an existing YAML or JSON file with --file.`);
  return checkQuizText(fs.readFileSync(file, 'utf8'), file);
}

/** Reads a quiz file that must be valid; otherwise throws a {@link UserError} listing every problem. */
export function loadQuiz(file: string = defaultQuizFile()): Quiz {
  const result = checkQuizFile(file);
  if (result.quiz) return result.quiz;
  const list = result.problems.map((p) => `  ${p.message}`).join('\n');
  throw new UserError(`${file} has ${result.problems.length} problem(s); fix them (see \`clip-workshop quiz check\`):\n${list}`);
}
