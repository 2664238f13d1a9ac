import * as data from '../data';
import { ImageTextDataset, Split } from '../data/types';
import { EMOJI_STYLES, EmojiStyle } from '../data/emoji-data';
import { UserError } from '../runtime/errors';

/** How the CLI commands pick a dataset: a name (shapes, emoji, …) or an image folder, plus options. */
export interface DatasetChoice {
  /** shapes, emoji, cifar10, cifar100 or a folder of class folders. */
  name: string;
  /** Emoji: the styles to use (default all). */
  styles?: readonly string[];
  /** Emoji: styles kept out of training, forming the 'test' split. */
  testStyles?: readonly string[];
  /** Image side in pixels (default: the dataset's default, 32). */
  size?: number;
  seed?: number;
}

const SPLITS: readonly Split[] = ['train', 'test', 'heldout'];

/** Parses a --split value, naming the allowed ones. */
export function parseSplit(value: string): Split {
  if (!SPLITS.includes(value as Split)) throw new UserError(`Unknown split "${value}": use train, test or heldout.`);
  return value as Split;
}

function emojiStyles(list: readonly string[] | undefined, option: string): EmojiStyle[] | undefined {
  if (!list) return undefined;
  for (const s of list) {
    if (!(EMOJI_STYLES as readonly string[]).includes(s)) throw new UserError(`Unknown emoji style "${s}" in ${option}: use ${EMOJI_STYLES.join(', ')}.`);
  }
  return list as EmojiStyle[];
}

/**
 * Loads a dataset by name for the CLI commands: shapes and emoji directly, anything else through
 * src/data's general `loadDataset` (CIFAR, image folders) when it is there.
 */
export async function openDataset(choice: DatasetChoice): Promise<ImageTextDataset> {
  if (choice.name === 'shapes') return data.loadShapes({ seed: choice.seed, size: choice.size });
  if (choice.name === 'emoji') {
    return data.loadEmoji({ size: choice.size, styles: emojiStyles(choice.styles, '--styles'), testStyles: emojiStyles(choice.testStyles, '--test-styles'), quiet: false });
  }
  const general = (data as unknown as { loadDataset?: (name: string, options: object) => Promise<ImageTextDataset> | ImageTextDataset }).loadDataset;
  if (general) return general(choice.name, { size: choice.size, seed: choice.seed, styles: choice.styles, testStyles: choice.testStyles });
  throw new UserError(`Unknown dataset "${choice.name}": use shapes or emoji.`);
}

/** Indices of the images of a split, with a clear error when there are none. */
export function requireSplit(ds: ImageTextDataset, split: Split): number[] {
  const idx = data.splitIndices(ds, split);
  if (idx.length === 0) {
    const hint = split === 'heldout' ? ' (only shapes has held-out combinations)' : split === 'test' && ds.name === 'emoji' ? ' (choose test styles with --test-styles)' : '';
    throw new UserError(`The dataset "${ds.name}" has no images in the ${split} split${hint}; choose another --split.`);
  }
  return idx;
}
