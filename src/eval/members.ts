import { ImageTextDataset } from '../data/types';
import { UserError } from '../runtime/errors';

/**
 * Typical members of each class, to name in zero-shot prompts instead of the abstract class name
 * ("dog", "cat", … rather than "mammal"): the distinct concepts of the labelled images at `indices`, per
 * class in dataset order. Only those images are read, so pass the training images and a held-out
 * style's labels stay unseen. Returns one list per class of `ds.classNames`.
 */
export function classMembers(ds: ImageTextDataset, indices: readonly number[]): string[][] {
  const members = ds.classNames.map(() => [] as string[]);
  const seen = ds.classNames.map(() => new Set<string>());
  for (const i of indices) {
    const c = ds.labels[i];
    if (c < 0) continue;
    const concept = ds.meta[i].concept;
    if (seen[c].has(concept)) continue;
    seen[c].add(concept);
    members[c].push(concept);
  }
  const empty = ds.classNames.filter((_, c) => members[c].length === 0);
  if (empty.length > 0) throw new UserError(`No image among those given shows a member of ${empty.map((n) => `"${n}"`).join(', ')}; member prompts need at least one per class.`);
  return members;
}
