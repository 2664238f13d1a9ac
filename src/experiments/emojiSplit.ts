import { labelledIndices, splitIndices } from '../data/batch';
import { ImageTextDataset } from '../data/types';
import { UserError } from '../runtime/errors';
import { TrainRecipe } from '../recipes/types';

/** The honest unseen-style split of the emoji recipes: one set of never-trained concepts, drawn two ways. */
export interface UnseenStyleSplit {
  /** The style no model trained on. */
  heldoutStyle: string;
  /** Labelled training images (what the classifier and the probe learn from, and the zero-shot members come from). */
  train: number[];
  /** Concepts no model trained on, drawn in the training styles. */
  seenStyle: number[];
  /** The same concepts drawn in the held-out style. */
  unseenStyle: number[];
  concepts: number;
}

/**
 * Splits an emoji recipe's data so that every method is scored on the same images: the test concepts
 * (never in training, in any style) in the training styles and in the one held-out style.
 */
export function unseenStyleSplit(ds: ImageTextDataset, r: TrainRecipe): UnseenStyleSplit {
  const held = r.dataset.testStyles?.[0];
  if (!held || r.dataset.testStyles!.length !== 1 || !(r.dataset.testFraction! > 0)) {
    throw new UserError(`The recipe "${r.name}" needs exactly one test style and a test fraction of concepts for the unseen-style split.`);
  }
  const test = labelledIndices(ds, splitIndices(ds, 'test'));
  const seenStyle = test.filter((i) => ds.meta[i].style !== held);
  const concepts = new Set(seenStyle.map((i) => ds.meta[i].concept));
  const unseenStyle = test.filter((i) => ds.meta[i].style === held && concepts.has(ds.meta[i].concept));
  return { heldoutStyle: held, train: labelledIndices(ds, splitIndices(ds, 'train')), seenStyle, unseenStyle, concepts: concepts.size };
}
