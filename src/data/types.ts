/** Which part of a dataset an image belongs to. `heldout`: shapes' unseen colour–shape combinations. */
export type Split = 'train' | 'test' | 'heldout';

/** What is known about one image beyond its pixels. */
export interface ImageMeta {
  /** The thing shown: "red circle", an emoji's English label, a CIFAR class. */
  concept: string;
  /** The visual style: "twemoji", "openmoji-black", "synthetic", "photo", a folder name … */
  style: string;
  split: Split;
  /** Optional source file or id, for error messages and attribution. */
  source?: string;
  /** Optional coarser grouping: the emojibase subgroup of an emoji, the superclass of a CIFAR-100 image. */
  group?: string;
}

/**
 * The one dataset type of the kit: N images of size×size RGB as uint8 HWC, their captions, class labels and meta.
 * Every source (shapes, emoji, CIFAR, image folders) produces it; batching turns it into float tensors.
 */
export interface ImageTextDataset {
  /** "shapes", "emoji", "cifar10", "cifar100", or the folder path. */
  name: string;
  /** Side of the square images in pixels. */
  size: number;
  /** All pixels, [N, size, size, 3] uint8 row-major. */
  pixels: Uint8Array;
  /** Captions per image (at least one each). */
  captions: string[][];
  /** Class index per image into `classNames`; -1 where the image has no class in this label set. */
  labels: Int32Array;
  /** Class names as the dataset defines them (used for zero-shot prompts). */
  classNames: string[];
  meta: ImageMeta[];
  /** Folder of the dataset's cache, when it has one. */
  cachePath?: string;
}

/** Number of images in a dataset. */
export function datasetLength(ds: ImageTextDataset): number {
  return ds.meta.length;
}
