/** The quiz's claims about the kit's own results: accuracies through the noise rule, other figures by inequality. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkQuizFile, defaultQuizFile } from '../../src/quiz/load';
import { checkResultClaims, claimProblem } from '../../src/quiz/results';
import type { Quiz, ResultClaim } from '../../src/quiz/types';

const higher: ResultClaim = { experiment: 'x', left: ['zeroShot'], op: 'higher', right: ['traditional'] };
const acc = (zeroShot: number, traditional: number, n = 300) => ({ zeroShot: { top1: zeroShot, n }, traditional: { top1: traditional, n }, chance: 0.0278, spread: 0.05 });

test('an accuracy claim holds only when the noise rule reaches its verdict', () => {
  expect(claimProblem(higher, acc(0.92, 0.5))).toBeUndefined();
  // The order flips: the claim fails, and the sentence says which is higher.
  expect(claimProblem(higher, acc(0.5, 0.92))).toMatch(/no longer support.*Traditional \(92\.0 %\) scores higher than zeroShot \(50\.0 %\).*needs "higher"/);
  // A tie within the 95 % interval of 300 images: a 3-point lead is no win, and "same" is what holds.
  expect(claimProblem(higher, acc(0.62, 0.59))).toMatch(/the same within noise/);
  expect(claimProblem({ ...higher, op: 'same' }, acc(0.62, 0.59))).toBeUndefined();
  expect(claimProblem({ ...higher, op: 'lower' }, acc(0.5, 0.92))).toBeUndefined();
});

test('the seed spread, where recorded, widens the margin; a fixed number such as chance adds no noise', () => {
  // 9 points apart on 10,000 images is beyond the interval but within a 10-point seed spread.
  const r = { ...acc(0.6, 0.51, 10_000), spread: 0.1 };
  expect(claimProblem(higher, r)).toBeUndefined();
  expect(claimProblem({ ...higher, spread: ['spread'] }, r)).toMatch(/the same within noise.*training seeds/);
  expect(claimProblem({ ...higher, right: ['chance'] }, acc(0.1, 0.5))).toBeUndefined();
  expect(claimProblem({ ...higher, right: ['chance'] }, acc(0.03, 0.5))).toMatch(/same within noise/);
});

test('accuracies compared by an inequality, or paths that lead nowhere, are refused in one sentence', () => {
  const r = acc(0.62, 0.59);
  expect(claimProblem({ experiment: 'x', left: ['zeroShot', 'top1'], op: '>', right: ['traditional', 'top1'] }, r)).toMatch(/use higher, lower or same/);
  expect(claimProblem({ ...higher, left: ['nothing'] }, r)).toMatch(/no accuracy \(\{ top1, n \}\) at nothing/);
  expect(claimProblem({ ...higher, spread: ['nowhere'] }, r)).toMatch(/no number at nowhere/);
  // A loss is no accuracy: an inequality decides.
  const loss: ResultClaim = { experiment: 'x', left: ['runs', 0, 'finalLoss'], op: '<', right: ['runs', 1, 'finalLoss'] };
  expect(claimProblem(loss, { runs: [{ finalLoss: 0.01 }, { finalLoss: 0.6 }] })).toBeUndefined();
  expect(claimProblem(loss, { runs: [{ finalLoss: 0.6 }, { finalLoss: 0.01 }] })).toMatch(/is not < runs\.1\.finalLoss = 0\.01/);
});

test('the shipped quiz holds against the committed results, and a flipped result breaks it', () => {
  expect(checkQuizFile(defaultQuizFile()).problems).toEqual([]);
  const quiz: Quiz = { title: 't', questions: [{ question: 'Who named unseen combinations?', answers: [{ text: 'a', correct: true }, { text: 'b' }], explanation: 'e', time: 20, results: [{ experiment: 'shapes-zero-shot', left: ['zeroShot', 'heldout'], op: 'higher', right: ['traditional', 'heldout'] }] }] };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-claims-'));
  try {
    const real = JSON.parse(fs.readFileSync(path.join(__dirname, '../../results/shapes-zero-shot.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'shapes-zero-shot.json'), JSON.stringify(real));
    expect(checkResultClaims(quiz, dir)).toEqual([]);
    const flipped = { ...real, zeroShot: { ...real.zeroShot, heldout: real.traditional.heldout }, traditional: { ...real.traditional, heldout: real.zeroShot.heldout } };
    fs.writeFileSync(path.join(dir, 'shapes-zero-shot.json'), JSON.stringify(flipped));
    expect(checkResultClaims(quiz, dir).map((p) => p.message)).toEqual([expect.stringMatching(/^question 1 .*no longer support/)]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
