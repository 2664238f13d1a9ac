import type { EmojiStyle } from '../data/emoji-data';

/** Which images a recipe trains and evaluates on: a dataset name (or image folder) and its build options. */
export interface DatasetSpec {
  /** shapes, emoji, cifar10, cifar100, or the path of an image folder. */
  name: string;
  /** Image side in pixels (default: the dataset's). */
  size?: number;
  /** Seed of the dataset's own random choices (shapes' pixels, emoji's concept split). */
  seed?: number;
  /** Shapes: training / test images per seen combination, images per held-out one. */
  perClass?: number;
  testPerClass?: number;
  heldoutPerClass?: number;
  /** Emoji: styles to use, styles never trained on (the test split), fraction of concepts kept out of training. */
  styles?: EmojiStyle[];
  testStyles?: EmojiStyle[];
  testFraction?: number;
  /** Emoji: whether the tag phrase is a caption besides the label. */
  tags?: boolean;
  /** Emoji: only the first N concepts (small builds). */
  limit?: number;
}

/** Augmentation preset of a recipe: none, or the emoji preset (zoom, shift, mirror, grey, outline, line art). */
export type AugmentPreset = 'none' | 'emoji';

/** Everything a training run depends on. One JSON file per model in recipes/; nothing else sets these. */
export interface TrainRecipe {
  name: string;
  description: string;
  /** Where the values come from (measurements), in a sentence. */
  source?: string;
  kind: 'clip' | 'classifier';
  dataset: DatasetSpec;
  /** A named size of MODEL_SIZES. */
  modelSize: string;
  batchSize: number;
  /** The budget: optimisation steps or epochs (one of them); maxSeconds only caps it. */
  steps?: number;
  epochs?: number;
  maxSeconds?: number;
  /** What maxSeconds measures: wall time (default) or this process's CPU time. */
  clock?: 'wall' | 'cpu';
  learningRate: number;
  warmupSteps: number;
  weightDecay: number;
  augment: AugmentPreset;
  /** CLIP: leave same-concept pairs out of each other's negatives (default true). */
  maskSameConcept?: boolean;
  seed: number;
  /** The prompt template the model is meant to be used with ("{}" marks the label). */
  template: string;
}

/** The linear probe's settings (softmax regression on frozen features). */
export interface ProbeRecipe {
  name: string;
  description: string;
  source?: string;
  kind: 'probe';
  steps: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export type Recipe = TrainRecipe | ProbeRecipe;

/** A recipe file: the recipe plus the overrides that make its quick version (`quick`). */
export type RecipeFile = Recipe & { quick?: Partial<Record<string, unknown>> };

/** The trainer defaults (recipes/defaults.json): what a run uses for a field nobody set. */
export interface TrainDefaults {
  batchSize: number;
  learningRate: number;
  warmupSteps: number;
  weightDecay: number;
  epochs: number;
}
