import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { checkQuizFile, checkQuizText, defaultQuizFile, loadQuiz, loadQuizSchema, validateJson, charLength } from '../../src/quiz';

const ROOT = path.join(__dirname, '..', '..');

describe('the committed quiz', () => {
  it('passes the check and has at least 15 questions, each with a right answer', () => {
    const result = checkQuizFile(defaultQuizFile());
    expect(result.problems).toEqual([]);
    expect(result.questions).toBeGreaterThanOrEqual(15);
    for (const q of loadQuiz().questions) expect(q.answers.some((a) => a.correct)).toBe(true);
  });

  it('does not put the right answer in the same place every time', () => {
    const firsts = loadQuiz().questions.map((q) => q.answers.findIndex((a) => a.correct));
    expect(new Set(firsts).size).toBeGreaterThanOrEqual(3);
  });

  it('passes `clip-workshop quiz check` with exit code 0', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'clip-workshop.js'), 'quiz', 'check', '--json'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
  });
});

const BROKEN = `
title: Broken
questions:
  - question: "${'x'.repeat(121)}"
    answers:
      - text: "fine"
        correct: true
      - text: "${'y'.repeat(76)}"
    explanation: "one line"
    time: 25
  - question: "Only one answer, none right"
    answers:
      - text: "a"
    explanation: "x"
    time: 20
  - question: "Fine question"
    answers:
      - text: "a"
        correct: true
      - text: "b"
    explanation: "x"
    time: 20
  - question: "Five answers, misspelt field"
    answers:
      - text: "1"
      - text: "2"
        corect: true
      - text: "3"
      - text: "4"
      - text: "5"
        correct: true
    time: "20"
`;

describe('quiz check on a broken file', () => {
  const result = checkQuizText(BROKEN, 'broken.yaml');

  it('reports one problem per fault, each naming its question', () => {
    const found = result.problems.map((p) => [p.question, p.path]);
    expect(found).toEqual(
      expect.arrayContaining([
        [1, '/questions/0/question'],
        [1, '/questions/0/answers/1/text'],
        [1, '/questions/0/time'],
        [2, '/questions/1/answers'], // too few answers
        [4, '/questions/3'], // no explanation
        [4, '/questions/3/answers'], // too many answers
        [4, '/questions/3/answers/1'], // unknown field "corect"
        [4, '/questions/3/time'], // a string, not a number
      ]),
    );
    // question 2 lacks both a second answer and a right one: two distinct problems on /answers
    expect(result.problems.filter((p) => p.question === 2)).toHaveLength(2);
    // q1: 3, q2: 2, q4: 4 — and nothing for the valid question 3
    expect(result.problems).toHaveLength(9);
    expect(result.problems.some((p) => p.question === 3)).toBe(false);
    for (const p of result.problems) expect(p.message).toMatch(new RegExp(`^question ${p.question}\\b`));
    expect(result.quiz).toBeUndefined();
  });

  it('says what is wrong in words a quiz author understands', () => {
    const messages = result.problems.map((p) => p.message).join('\n');
    expect(messages).toContain('121 characters long; Kahoot allows at most 120');
    expect(messages).toContain('answer 2 is 76 characters long; Kahoot allows at most 75');
    expect(messages).toContain('Kahoot allows only 5, 10, 20, 30, 60, 90, 120 or 240 seconds');
    expect(messages).toContain('no answer is marked right');
    expect(messages).toContain('did you mean "correct"?');
    expect(messages).toContain('it has no "explanation"');
  });

  it('makes `clip-workshop quiz check` list every problem and exit non-zero', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-check-'));
    const file = path.join(dir, 'broken.yaml');
    fs.writeFileSync(file, BROKEN);
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'clip-workshop.js'), 'quiz', 'check', '--file', file], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(run.status).toBe(1);
    const listed = run.stdout.split('\n').filter((l) => /^\s+question \d+/.test(l));
    expect(listed).toHaveLength(result.problems.length);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/at .*\.js/); // no stack trace
  });

  it('reports a YAML syntax error with its line', () => {
    const r = checkQuizText('title: x\nquestions:\n  - question: "a\n', 'bad.yaml');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].message).toMatch(/^line \d+/);
  });

  it('refuses to load a broken quiz, listing the problems', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-load-'));
    const file = path.join(dir, 'broken.yaml');
    fs.writeFileSync(file, BROKEN);
    expect(() => loadQuiz(file)).toThrow(/9 problem\(s\)[\s\S]*question 4/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('the schema validator', () => {
  const schema = loadQuizSchema();

  it('accepts the committed quiz parsed independently and rejects a change that breaks each limit', () => {
    const quiz = yaml.load(fs.readFileSync(defaultQuizFile(), 'utf8')) as { questions: Array<Record<string, unknown>> };
    expect(validateJson(quiz, schema)).toEqual([]);
    const q = quiz.questions[0] as { time: number; answers: Array<{ correct?: boolean }> };
    q.time = 15;
    q.answers.forEach((a) => delete a.correct);
    const kinds = validateJson(quiz, schema).map((e) => e.keyword).sort();
    expect(kinds).toEqual(['contains', 'enum']);
  });

  it('counts characters as code points, so an emoji is one character', () => {
    expect(charLength('🐱'.repeat(75))).toBe(75);
    expect(validateJson('🐱'.repeat(75), { type: 'string', maxLength: 75 })).toEqual([]);
    expect(validateJson('🐱'.repeat(76), { type: 'string', maxLength: 75 })).toHaveLength(1);
  });

  it('refuses keywords it does not implement rather than ignoring them', () => {
    expect(() => validateJson({}, { type: 'object', uniqueItems: true })).toThrow(/uniqueItems/);
  });
});
