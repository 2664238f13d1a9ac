import * as fs from 'fs';
import { UserError } from '../runtime/errors';
import { ImageTextDataset } from './types';
import { ShapesOptions } from './shapes';
import { loadShapes } from './shapes-cache';
import { loadEmoji, EmojiOptions } from './emoji';
import { loadCifar, CifarOptions } from './cifar';
import { loadFolder, FolderOptions } from './folder';

/** The built-in dataset names; any other name is read as the path of an image folder. */
export const DATASET_NAMES = ['shapes', 'emoji', 'cifar10', 'cifar100'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Options of {@link loadDataset}: the common ones, plus each source's own (ignored by the others). */
export type LoadDatasetOptions = { size?: number; seed?: number; quiet?: boolean } & Omit<ShapesOptions, 'size' | 'seed'> &
  Omit<EmojiOptions, 'size' | 'seed' | 'quiet'> &
  Omit<CifarOptions, 'quiet'> &
  Omit<FolderOptions, 'size' | 'seed' | 'quiet' | 'testFraction'>;

/** True when `name` is one of the built-in datasets. */
export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name);
}

/**
 * The one entry point for every dataset: 'shapes', 'emoji', 'cifar10', 'cifar100', or the path of a
 * folder `DIR/<class name>/*.png|jpg|jpeg|webp|svg|gif` (accepted wherever a dataset name is).
 */
export async function loadDataset(name: DatasetName | string, options: LoadDatasetOptions = {}): Promise<ImageTextDataset> {
  switch (name) {
    case 'shapes':
      return loadShapes(options);
    case 'emoji':
      return loadEmoji(options);
    case 'cifar10':
    case 'cifar100':
      if (options.size !== undefined && options.size !== 32) throw new UserError(`CIFAR images are 32×32 pixels: leave out the size (not ${options.size}).`);
      return loadCifar(name, options);
  }
  // Anything that looks like a path is a folder; a bare unknown word is most likely a typo.
  if (fs.existsSync(name) || /[\\/.~]/.test(name)) return loadFolder(name, options);
  throw new UserError(`Unknown dataset "${name}": use ${DATASET_NAMES.join(', ')}, or the path of a folder with one subfolder of images per class.`);
}
