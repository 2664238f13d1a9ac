/** One answer alternative of a question. */
export interface QuizAnswer {
  text: string;
  /** true for every right answer; omitted or false otherwise. */
  correct?: boolean;
}

/** The quiz rounds: 'talk' asks only what the talk showed, 'workshop' what the notebooks did, 'extra' is self-study. */
export type QuizRound = 'talk' | 'workshop' | 'extra';

/** One multiple-choice question: 2–4 answers, at least one right, within Kahoot's limits. */
export interface QuizQuestion {
  question: string;
  answers: QuizAnswer[];
  /** One line shown after the question is answered. */
  explanation: string;
  /** Time limit in seconds: 5, 10, 20, 30, 60, 90, 120 or 240. */
  time: number;
  /** A short tag grouping questions, e.g. "zero-shot". */
  topic?: string;
  /** When it is played: after the talk (talk material only), after the notebooks, or self-study (the default). */
  round?: QuizRound;
  /** Where a fact comes from, e.g. a section of the paper. */
  source?: string;
  /** What must hold in the kit's own results for the right answer to be right (checked by `quiz check`). */
  results?: ResultClaim[];
}

/**
 * A comparison in an experiment's result. Accuracies (`{ top1, n }` at `left` and `right`, or a fixed number such as
 * chance) are compared by the kit's noise rule: `op` is the verdict it must reach ('higher', 'lower' or 'same'), with
 * the seed spread at `spread` where one was measured. Other figures (a loss) take an inequality.
 */
export interface ResultClaim {
  experiment: string;
  left: Array<string | number>;
  op: '<' | '<=' | '>' | '>=' | 'higher' | 'lower' | 'same';
  right: number | Array<string | number>;
  spread?: Array<string | number>;
}

/** A quiz as stored in quiz/questions.yaml (validated against quiz/schema.json). */
export interface Quiz {
  title: string;
  questions: QuizQuestion[];
}

/** One problem found in a quiz file; `question` is 1-based, absent for problems of the whole file. */
export interface QuizProblem {
  question?: number;
  /** Where in the file, as a JSON pointer such as /questions/3/answers/1/text. */
  path: string;
  /** One sentence, starting with where the problem is ("question 4: …"). */
  message: string;
}

/** The 1-based numbers of a question's right answers, e.g. [1, 3]. */
export function correctAnswers(q: QuizQuestion): number[] {
  return q.answers.flatMap((a, i) => (a.correct === true ? [i + 1] : []));
}
