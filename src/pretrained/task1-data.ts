/**
 * The label sets of the original workshop's Task 1 (one photo of a cat, several lists of labels) and the
 * probabilities OpenAI's CLIP ViT-B/32 gave in that workshop, as recorded in its solutions notebook
 * (github gozderamichal/data_literacy, CLIP_workshop_solutions.ipynb). `recorded` holds only the values
 * recorded there; labels without one are left out rather than guessed. The recorded figures are for the
 * original workshop's photo, not for the kit's drawing: compare how the probability is shared, not the values.
 */
export interface Task1LabelSet {
  labels: string[];
  /** ViT-B/32's probabilities in the original workshop, by label (only those recorded). */
  recorded: Record<string, number>;
  /** What the set is there to show. */
  point: string;
  /** The two labels whose comparison is the set's point, when it has one ("a rich cat" against "a poor cat"). */
  compare?: [string, string];
}

export const TASK1_LABEL_SETS: Task1LabelSet[] = [
  { labels: ['an oven', 'a university', 'a cat'], recorded: { 'a cat': 0.987, 'an oven': 0.007, 'a university': 0.006 }, point: 'one label fits, two do not' },
  { labels: ['a horse', 'a dog', 'a cat'], recorded: { 'a cat': 0.973, 'a dog': 0.024, 'a horse': 0.003 }, point: 'three animals' },
  { labels: ['a horse', 'a dog', 'a cat', 'an animal'], recorded: { 'a cat': 0.882, 'an animal': 0.094 }, point: 'a fourth label that is also true of a cat', compare: ['a cat', 'an animal'] },
  { labels: ['a rich cat', 'a poor cat'], recorded: { 'a rich cat': 0.999, 'a poor cat': 0.0008 }, point: 'two labels that differ in one word', compare: ['a rich cat', 'a poor cat'] },
  { labels: ['This is a cat.', 'This is not a cat.', 'Perhaps it is a cat.'], recorded: { 'This is a cat.': 0.647, 'This is not a cat.': 0.31, 'Perhaps it is a cat.': 0.043 }, point: 'a statement, its negation and a hedge', compare: ['This is a cat.', 'This is not a cat.'] },
  { labels: ['A cat with a lot of money.', 'A cat eating caviar.', 'A cat.'], recorded: {}, point: 'sentences about things not in the picture (our wording; no recorded figures)' },
  { labels: ['money', 'a cat', 'a caviar'], recorded: { money: 0.609, 'a caviar': 0.2, 'a cat': 0.191 }, point: 'three single nouns' },
];
