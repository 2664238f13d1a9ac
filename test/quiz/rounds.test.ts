import { isUserError } from '../../src/runtime/errors';
import { quizRound, roundOf, roundSeconds, SECONDS_BETWEEN_QUESTIONS } from '../../src/quiz/rounds';
import type { Quiz, QuizQuestion } from '../../src/quiz/types';

const q = (question: string, time: number, round?: QuizQuestion['round']): QuizQuestion => ({ question, time, round, explanation: 'x', answers: [{ text: 'a', correct: true }, { text: 'b' }] });
const quiz: Quiz = { title: 'T', questions: [q('one', 20, 'talk'), q('two', 30, 'workshop'), q('three', 20, 'talk'), q('four', 60)] };

test('a round keeps only its questions, in order; a question without a round is self-study', () => {
  expect(quizRound(quiz, 'talk').questions.map((x) => x.question)).toEqual(['one', 'three']);
  expect(quizRound(quiz, 'talk').title).toBe('T (talk round)');
  expect(quizRound(quiz, 'extra').questions.map((x) => x.question)).toEqual(['four']);
  expect(quizRound(quiz, undefined)).toBe(quiz);
  expect(roundOf(quiz.questions[3])).toBe('extra');
});

test('a round\'s time is its time limits plus the pause between questions', () => {
  expect(roundSeconds(quizRound(quiz, 'talk').questions)).toBe(40 + 2 * SECONDS_BETWEEN_QUESTIONS);
  expect(roundSeconds([])).toBe(0);
});

test('an unknown or empty round is one clear sentence', () => {
  for (const [round, words] of [['lunch', /no quiz round "lunch"; use one of talk, workshop, extra/], ['workshop', /no question in the round "workshop"/]] as const) {
    let err: unknown;
    try {
      quizRound(round === 'workshop' ? { ...quiz, questions: [quiz.questions[0]] } : quiz, round);
    } catch (e) {
      err = e;
    }
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(words);
  }
});
