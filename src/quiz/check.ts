import { JsonSchema, SchemaError, validateJson } from './schema';
import { Quiz, QuizProblem } from './types';

/**
 * Checks a parsed quiz against quiz/schema.json, which also holds Kahoot's import limits
 * (question ≤ 120 characters, answers ≤ 75, 2–4 answers, allowed time limits, one right answer
 * at least). Returns every problem, each naming its question; empty when the quiz is valid.
 */
export function checkQuiz(value: unknown, schema: JsonSchema): QuizProblem[] {
  return [...validateJson(value, schema).map((e) => toProblem(e, value)), ...duplicates(value)];
}

/** Text compared for duplicates: case, spacing and final punctuation do not make two texts different. */
const normalise = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').replace(/[\s.?!]+$/, '').trim();

/** Questions asked twice, and answers given twice within one question (players could not tell them apart). */
function duplicates(value: unknown): QuizProblem[] {
  const questions = (value as { questions?: unknown } | null)?.questions;
  if (!Array.isArray(questions)) return [];
  const problems: QuizProblem[] = [];
  const first = new Map<string, number>();
  questions.forEach((q, i) => {
    if (!q || typeof q !== 'object') return;
    const { question, answers } = q as { question?: unknown; answers?: unknown };
    if (typeof question === 'string' && question.trim()) {
      const key = normalise(question);
      const earlier = first.get(key);
      if (earlier !== undefined) problems.push({ question: i + 1, path: pointer(['questions', i, 'question']), message: `question ${i + 1} ("${snippet(question)}"): it repeats question ${earlier + 1}; remove one or reword it.` });
      else first.set(key, i);
    }
    if (!Array.isArray(answers)) return;
    const seen = new Map<string, number>();
    answers.forEach((a, j) => {
      const text = (a as { text?: unknown } | null)?.text;
      if (typeof text !== 'string' || !text.trim()) return;
      const key = normalise(text);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        const head = typeof question === 'string' ? ` ("${snippet(question)}")` : '';
        problems.push({ question: i + 1, path: pointer(['questions', i, 'answers', j, 'text']), message: `question ${i + 1}${head}: answer ${j + 1} ("${snippet(text)}") repeats answer ${earlier + 1}; give each answer once.` });
      } else seen.set(key, j);
    });
  });
  return problems;
}

/** Narrows a value that {@link checkQuiz} accepted. */
export function isValidQuiz(value: unknown, schema: JsonSchema): value is Quiz {
  return checkQuiz(value, schema).length === 0;
}

function pointer(path: Array<string | number>): string {
  return '/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** Turns a schema violation into a sentence that says which question and what is wrong. */
function toProblem(e: SchemaError, root: unknown): QuizProblem {
  const path = pointer(e.path);
  if (e.path[0] !== 'questions' || typeof e.path[1] !== 'number') {
    const where = e.path.length === 0 ? 'the quiz' : e.path[0] === 'title' ? 'the title' : e.path[0] === 'questions' ? 'the question list' : `"${e.path.join('.')}"`;
    return { path, message: `${where} ${e.message}.` };
  }
  const index = e.path[1];
  const rest = e.path.slice(2);
  const q = (root as { questions: unknown[] }).questions[index] as Record<string, unknown> | undefined;
  const text = q && typeof q === 'object' && typeof q.question === 'string' ? q.question : undefined;
  const head = `question ${index + 1}${text ? ` ("${snippet(text)}")` : ''}`;
  return { question: index + 1, path, message: `${head}: ${describeViolation(e, rest)}.` };
}

function snippet(text: string): string {
  const chars = Array.from(text.trim());
  return chars.length > 40 ? chars.slice(0, 39).join('') + '…' : chars.join('');
}

/** The part of the sentence after "question N:", friendliest for the limits Kahoot enforces. */
function describeViolation(e: SchemaError, rest: Array<string | number>): string {
  const field = rest[0];
  const answer = field === 'answers' && typeof rest[1] === 'number' ? `answer ${rest[1] + 1}` : undefined;
  const label =
    rest.length === 0 ? 'the question entry'
    : field === 'question' ? 'the question'
    : answer && (rest.length === 2 || rest[2] === 'text') ? answer
    : answer ? `${answer}'s "${rest.slice(2).join('.')}"`
    : field === 'answers' ? 'the answer list'
    : field === 'time' ? 'the time limit'
    : field === 'explanation' ? 'the explanation'
    : `"${rest.join('.')}"`;
  const p = e.params;
  switch (e.keyword) {
    case 'maxLength':
      return `${label} is ${p.actual} characters long; Kahoot allows at most ${p.limit}`;
    case 'minItems':
      return field === 'answers' ? `it has ${p.actual} answer(s); Kahoot needs at least ${p.limit}` : `${label} ${e.message}`;
    case 'maxItems':
      return field === 'answers' ? `it has ${p.actual} answers; Kahoot allows at most ${p.limit}` : `${label} ${e.message}`;
    case 'contains':
      return 'no answer is marked right; mark at least one with "correct: true"';
    case 'enum':
      if (field === 'time') {
        const allowed = (p.allowed as number[]).join(', ').replace(/, (\d+)$/, ' or $1');
        return `the time limit is ${JSON.stringify(p.actual)}; Kahoot allows only ${allowed} seconds`;
      }
      return `${label} ${e.message}`;
    case 'pattern':
      return field === 'explanation' ? 'the explanation must be one line of text' : `${label} is blank`;
    case 'minLength':
      return `${label} is empty`;
    case 'required':
      return rest.length === 0 ? `it has no "${p.field}"` : `${label} has no "${p.field}"`;
    case 'additionalProperties':
      return rest.length === 0 ? `it ${e.message}` : `${label} ${e.message}`;
    default:
      return `${label} ${e.message}`;
  }
}
