import { SHAPES_TEMPLATE } from '../text/templates';
import * as path from 'path';
import { loadDataset } from '../data/load';
import { CACHE_FORMAT, packageVersion } from '../data/cache';
import { EMOJI_CAPTIONS_VERSION, EMOJI_STYLE_SOURCES } from '../data/emoji-data';
import { ImageTextDataset } from '../data/types';
import { DatasetSpec } from './types';

/**
 * Bump when the shapes generator draws different pixels or captions for the same options: models
 * trained on the old images then retrain.
 */
export const SHAPES_GENERATOR_VERSION = 1;

/** The dataset a recipe names, built (or read from the cache) with the recipe's options; building it reports progress unless `quiet`. */
export function loadRecipeDataset(spec: DatasetSpec, options: { quiet?: boolean } = {}): Promise<ImageTextDataset> {
  const { name, ...rest } = spec;
  return loadDataset(name, { ...rest, quiet: options.quiet ?? false });
}

/**
 * What the dataset's images were built from, as a string for cache keys: the generator's version
 * (shapes), the source packages' and renderer's versions and the caption wording (emoji), or the folder's path (whose own
 * cache checks its files).
 */
export function datasetBuildVersion(spec: DatasetSpec): string {
  switch (spec.name) {
    case 'shapes':
      return `shapes-generator-${SHAPES_GENERATOR_VERSION}`;
    case 'emoji':
      return [`cache-${CACHE_FORMAT}`, ...(spec.tags === false ? [] : [`captions-${EMOJI_CAPTIONS_VERSION}`]), `sharp@${packageVersion('sharp')}`, `emojibase-data@${packageVersion('emojibase-data')}`, ...[...new Set(Object.values(EMOJI_STYLE_SOURCES).map((s) => s.pkg))].sort().map((p) => `${p}@${packageVersion(p)}`)].join(' ');
    case 'cifar10':
    case 'cifar100':
      return `${spec.name}-binary cache-${CACHE_FORMAT}`;
    default:
      return `folder ${path.resolve(spec.name)} cache-${CACHE_FORMAT}`;
  }
}

/**
 * The prompt template that matches a dataset's captions: the shapes' captions are sentences about
 * "a {colour} {shape}"; emoji labels, CIFAR and folder captions are the bare class name.
 */
export function datasetTemplate(name: string): string {
  return name === 'shapes' ? SHAPES_TEMPLATE : '{}';
}
