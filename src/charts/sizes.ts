import type { EmojiStyle } from '../data/emoji-data';

/**
 * Sizes of the slide experiments (data, not logic). Source: issue 4's calibration on 2 cores —
 * the patch-MLP CLIP at batch 64 runs about 20 ms per step and passed 90 % held-out shapes top-1
 * after about 2,800 steps. Emoji: one step of the emoji size (batch 128) measured 250–1,000 ms here, depending
 * on the load. Steps, not seconds, so that the same seed gives the same numbers.
 */
export interface ChartSizes {
  /** Contrastive training steps of the tiny CLIP. */
  clipSteps: number;
  /** Training steps of the traditional classifier (it learns its fixed labels faster). */
  classifierSteps: number;
  /** Shapes images per seen colour–shape combination (train / test) and per held-out one. */
  perClass: number;
  testPerClass: number;
  heldoutPerClass: number;
  /** Images (one per class) in the before / after similarity matrix. */
  similarityN: number;
  /** Emoji: training steps of each model in the unseen-style experiment. */
  styleClipSteps: number;
  styleClassifierSteps: number;
  /** Emoji batch size: the bag-of-words text tower over a ~2,900-word vocabulary makes big batches slow. */
  styleBatchSize: number;
  /** Emoji styles to train on, and the one never seen in training (fewer styles render faster on a cold cache). */
  trainStyles: readonly EmojiStyle[];
  heldoutStyle: EmojiStyle;
  /** Only the first N emoji concepts (tests: a small, separately cached build); default all. */
  emojiLimit?: number;
}

export const CHART_SIZES: Record<'full' | 'quick', ChartSizes> = {
  full: {
    clipSteps: 2400, classifierSteps: 2400, perClass: 200, testPerClass: 20, heldoutPerClass: 50, similarityN: 8,
    styleClipSteps: 1500, styleClassifierSteps: 1000, styleBatchSize: 64,
    trainStyles: ['twemoji', 'fluent-flat', 'fluent-modern', 'fluent-high-contrast', 'openmoji-black'], heldoutStyle: 'openmoji-color',
  },
  quick: {
    clipSteps: 600, classifierSteps: 600, perClass: 40, testPerClass: 10, heldoutPerClass: 20, similarityN: 8,
    styleClipSteps: 200, styleClassifierSteps: 300, styleBatchSize: 64,
    trainStyles: ['twemoji', 'fluent-flat'], heldoutStyle: 'openmoji-color',
  },
};
