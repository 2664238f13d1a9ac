import { writeFileAtomic } from '../runtime/atomic';
import { Quiz, correctAnswers } from './types';

/** Escapes the characters that Markdown would read as formatting. */
function md(text: string): string {
  return text.replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

/**
 * A printable handout: every question with tick boxes, then (on a new page when printed) the
 * answers with their explanations.
 */
export function quizMarkdown(quiz: Quiz): string {
  const out: string[] = [`# ${md(quiz.title)}`, '', 'Name: ______________________', '',
    'Tick every right answer; some questions have more than one.', ''];
  quiz.questions.forEach((q, i) => {
    const several = correctAnswers(q).length > 1 ? ' *(more than one answer)*' : '';
    out.push(`## ${i + 1}. ${md(q.question)}`, '', `*${q.time} s*${several}`, '');
    q.answers.forEach((a, j) => out.push(`${j + 1}. ☐ ${md(a.text)}`));
    out.push('');
  });
  out.push('<div style="page-break-before: always"></div>', '', '## Answers', '');
  quiz.questions.forEach((q, i) => {
    const right = correctAnswers(q);
    const texts = right.map((n) => md(q.answers[n - 1].text)).join('; ');
    out.push(`${i + 1}. **${right.join(', ')}** (${texts}). ${md(q.explanation)}`);
  });
  return out.join('\n') + '\n';
}

/** Writes the handout atomically (temp file + rename). */
export function exportMarkdown(quiz: Quiz, file: string): void {
  writeFileAtomic(file, quizMarkdown(quiz));
}
