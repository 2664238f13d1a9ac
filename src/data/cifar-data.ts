/**
 * Where the CIFAR binary versions come from and how they are laid out.
 * Source: https://www.cs.toronto.edu/~kriz/cifar.html (Krizhevsky 2009, "Learning Multiple Layers of
 * Features from Tiny Images"); the MD5 sums are the ones published on that page.
 */
export type CifarName = 'cifar10' | 'cifar100';

export interface CifarSource {
  title: string;
  url: string;
  md5: string;
  /** The archive's file name. */
  file: string;
  /** Files of records, by split. */
  train: string[];
  test: string[];
  /** Label bytes per record before the 3,072 pixel bytes (CIFAR-100: coarse, then fine). */
  labelBytes: 1 | 2;
  /** The file of class names, one a line, in label order. */
  namesFile: string;
  /** CIFAR-100's superclass names. */
  coarseNamesFile?: string;
  classes: number;
}

export const CIFAR_SOURCES: Record<CifarName, CifarSource> = {
  cifar10: {
    title: 'CIFAR-10',
    url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
    md5: 'c32a1d4ab5d03f1284b67883e8d87530',
    file: 'cifar-10-binary.tar.gz',
    train: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
    test: ['test_batch.bin'],
    labelBytes: 1,
    namesFile: 'batches.meta.txt',
    classes: 10,
  },
  cifar100: {
    title: 'CIFAR-100',
    url: 'https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz',
    md5: '03b5dce01913d631647c71ecec9e9cb8',
    file: 'cifar-100-binary.tar.gz',
    train: ['train.bin'],
    test: ['test.bin'],
    labelBytes: 2,
    namesFile: 'fine_label_names.txt',
    coarseNamesFile: 'coarse_label_names.txt',
    classes: 100,
  },
};

/** Bytes of one CIFAR image: 3 channel planes of 32×32. */
export const CIFAR_IMAGE_BYTES = 3072;
