import { PassThrough } from 'stream';
import { Quiz } from '../../src/quiz';

/** A small quiz with a single-answer, a multi-answer and a 4-answer question. */
export const SMALL_QUIZ: Quiz = {
  title: 'Small',
  questions: [
    { question: 'Q one?', answers: [{ text: 'a' }, { text: 'b', correct: true }], explanation: 'because b', time: 10 },
    { question: 'Q two?', answers: [{ text: 'a', correct: true }, { text: 'b' }, { text: 'c', correct: true }], explanation: 'a and c', time: 20 },
    { question: 'Q three?', answers: [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd', correct: true }], explanation: 'd', time: 30 },
  ],
};

/** Streams for playQuiz: `input` to write answers into, `text()` what was printed. */
export function streams(): { input: PassThrough; output: PassThrough; text: () => string } {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { input, output, text: () => chunks.join('') };
}
