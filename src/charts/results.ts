/**
 * The schema of slides/charts/results.json: every figure the slides show, from one `clip-workshop charts` run.
 * Accuracies are fractions in [0, 1]; `n` is the number of images evaluated.
 */
import type { Accuracy } from '../experiments/common';
import type { SimilarityStats } from '../experiments/similarityMatrix';

export type { SimilarityStats };

export interface ChartResults {
  meta: {
    command: string;
    seed: number;
    quick: boolean;
    /** "quick" or "full", for the slides' footnote. */
    mode: string;
    backend: string;
    version: string;
    seconds: number;
  };
  /** The shapes set the main experiments use. */
  data: {
    dataset: string;
    imageSize: number;
    classes: number;
    seenClasses: number;
    heldoutClasses: number;
    /** The never-seen combinations as one phrase: "red triangle, green star, …". */
    heldoutList: string;
    trainImages: number;
    testImages: number;
    heldoutImages: number;
  };
  /** Contrastive training of the tiny CLIP. */
  training: {
    model: string;
    batchSize: number;
    steps: number;
    epochs: number;
    seconds: number;
    lossStart: number;
    lossEnd: number;
    temperatureStart: number;
    temperatureEnd: number;
  };
  /** One batch of distinct classes, before and after training. */
  similarity: { n: number; before: SimilarityStats; after: SimilarityStats };
  /** The softmax classifier on the seen classes: it cannot answer with a held-out class. */
  traditional: { test: Accuracy; heldout: Accuracy };
  /** Zero-shot with the shapes prompt ("a {colour} {shape}") over all classes. */
  zeroShot: { test: Accuracy; heldout: Accuracy; template: string };
  /** Chance level (1 / classes) of each evaluation. */
  chance: { test: number; heldout: number };
  /** Zero-shot on the held-out combinations, one entry per prompt variant. */
  prompts: Record<string, { label: string; templates: string[]; heldout: number; test: number }>;
  /** The best prompt variant's key and accuracy on held-out combinations. */
  promptsBest: { key: string; label: string; heldout: number; lead: number; spread: number; beyondSpread: boolean };
  /** The slide's sentence about the prompts, computed from the figures above: "best" only beyond the spread. */
  promptsClaim: string;
  /** The slide's sentences about the unseen style, computed from the figures below with the same rule. */
  unseenStyleClaim: string;
  /** A style never seen in training (emoji), when that experiment ran. */
  unseenStyle: {
    dataset: string;
    trainStyles: string[];
    /** The training styles as one phrase, for the slide. */
    trainStyleList: string;
    heldoutStyle: string;
    classes: number;
    /** The class names as one phrase, for the slide. */
    classList: string;
    /** Emoji concepts in the test (never trained on), each drawn in seen styles and in the unseen one. */
    concepts: number;
    /** Member-concept prompts (built from the training labels' member lists). */
    zeroShot: Accuracy;
    zeroShotSeenStyle: Accuracy;
    /** Zero-shot with the class names alone: no training labels. */
    classNames: Accuracy;
    classNamesSeenStyle: Accuracy;
    traditional: Accuracy;
    traditionalSeenStyle: Accuracy;
    /** The linear probe on the same images. */
    probe: Accuracy;
    probeSeenStyle: Accuracy;
    chance: number;
  };
  /** Chart files written next to results.json. */
  charts: string[];
}
