import { TASK1_LABEL_SETS, Task1LabelSet } from '../../src/pretrained/task1-data';
import { task1Provenance, task1Reading } from '../../src/pretrained/task1';

const set = (point: string) => TASK1_LABEL_SETS.find((s) => s.point.startsWith(point))!;
const knows = (vocab: string[]) => (text: string) => text.toLowerCase().split(/\s+/).filter((w) => !vocab.includes(w));

describe('Task 1 sentences come from the bars they are about', () => {
  const rich = set('two labels');

  test('the order of the two compared labels decides the words; a flip flips them', () => {
    const a = task1Reading(rich, { 'a rich cat': 0.9, 'a poor cat': 0.1 }, () => []);
    const b = task1Reading(rich, { 'a rich cat': 0.1, 'a poor cat': 0.9 }, () => []);
    expect(a).toContain('picks "a rich cat" (90.0 %)');
    expect(a).toContain('"a rich cat" 9.0× as likely as "a poor cat"');
    expect(b).toContain('picks "a poor cat"');
    expect(b).toContain('"a poor cat" 9.0× as likely as "a rich cat"');
  });

  test('a tie says so, and names the unread words when they are all that differs', () => {
    const tie = { 'a rich cat': 0.5, 'a poor cat': 0.5 };
    expect(task1Reading(rich, tie, knows(['a', 'cat']))).toMatch(/cannot tell "a rich cat" from "a poor cat" .*never read \(rich, poor\)/);
    expect(task1Reading(rich, tie, () => [])).toMatch(/the same share/);
    const three = set('a statement');
    expect(task1Reading(three, { 'This is a cat.': 0.4, 'This is not a cat.': 0.4, 'Perhaps it is a cat.': 0.2 }, () => [])).toMatch(/^no single pick: .*; gives "This is a cat." and "This is not a cat." the same share/);
  });

  test('recorded figures that leave labels out give no pick, only the bars there are', () => {
    const animal = set('a fourth label');
    const r = task1Reading(animal, animal.recorded, () => []);
    expect(r).not.toMatch(/picks/);
    expect(r).toContain('"a cat" 88.2 %');
    expect(r).toContain('"a cat" 9.4× as likely as "an animal"');
    const none: Task1LabelSet = { labels: ['x', 'y'], recorded: {}, point: 'none' };
    expect(task1Reading(none, {}, () => [])).toBe('no bars for this set');
  });

  test('the provenance sentence says whose picture each bar is for', () => {
    expect(task1Provenance(false, 'a drawing of a cat')).toMatch(/recorded in the original workshop for its own photo.*a drawing of a cat/);
    expect(task1Provenance(true, 'a drawing of a cat')).toMatch(/same picture/);
  });
});
