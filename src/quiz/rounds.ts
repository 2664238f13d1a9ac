import { UserError } from '../runtime/errors';
import type { Quiz, QuizQuestion, QuizRound } from './types';

/** The rounds, in class order: after the talk (talk material only), after the notebooks, and self-study. */
export const QUIZ_ROUNDS: readonly QuizRound[] = ['talk', 'workshop', 'extra'];

/** Seconds a question takes beyond its time limit: reading it out and showing the answer (Kahoot's pace). */
export const SECONDS_BETWEEN_QUESTIONS = 10;

/** A question's round; a question without one is self-study ('extra'). */
export const roundOf = (q: QuizQuestion): QuizRound => q.round ?? 'extra';

/** The quiz with only the questions of one round; an unknown round is refused with the known ones named. */
export function quizRound(quiz: Quiz, round: string | undefined): Quiz {
  if (round === undefined) return quiz;
  if (!QUIZ_ROUNDS.includes(round as QuizRound)) throw new UserError(`There is no quiz round "${round}"; use one of ${QUIZ_ROUNDS.join(', ')}.`);
  const questions = quiz.questions.filter((q) => roundOf(q) === round);
  if (!questions.length) throw new UserError(`The quiz has no question in the round "${round}"; give questions \`round: ${round}\` in the quiz file.`);
  return { ...quiz, title: `${quiz.title} (${round} round)`, questions };
}

/** Seconds a round takes in class: every time limit plus the pause between questions. */
export function roundSeconds(questions: readonly QuizQuestion[]): number {
  return questions.reduce((s, q) => s + q.time + SECONDS_BETWEEN_QUESTIONS, 0);
}
