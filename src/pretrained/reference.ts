/**
 * Prompt templates and reference accuracies for CIFAR (data, not logic).
 * Templates: OpenAI CLIP repository, data/prompts.md, "CIFAR10" / "CIFAR100" (the same 18 templates for both).
 * Figures: the CLIP paper (Radford et al. 2021, Table 11 zero-shot with prompt ensembles, ViT-B/32) and the original
 * workshop's own runs of ViT-B/32 (single prompts and the linear probe).
 */
export const CIFAR_TEMPLATES: readonly string[] = [
  'a photo of a {}.',
  'a blurry photo of a {}.',
  'a black and white photo of a {}.',
  'a low contrast photo of a {}.',
  'a high contrast photo of a {}.',
  'a bad photo of a {}.',
  'a good photo of a {}.',
  'a photo of a small {}.',
  'a photo of a big {}.',
  'a photo of the {}.',
  'a blurry photo of the {}.',
  'a black and white photo of the {}.',
  'a low contrast photo of the {}.',
  'a high contrast photo of the {}.',
  'a bad photo of the {}.',
  'a good photo of the {}.',
  'a photo of the small {}.',
  'a photo of the big {}.',
];

/** The two single prompts the original workshop compared. */
export const WORKSHOP_SINGLE_TEMPLATES: readonly string[] = ['a {}', 'This is a picture of a {}'];

/** A published or previously measured accuracy (fraction 0–1) for comparison. */
export interface ReferenceFigure {
  dataset: 'cifar10' | 'cifar100';
  /** 'zero-shot "a {}"', 'zero-shot ensemble', 'linear probe' … */
  method: string;
  model: string;
  top1: number;
  source: string;
}

export const CIFAR_REFERENCE: readonly ReferenceFigure[] = [
  { dataset: 'cifar10', method: 'zero-shot "a {}"', model: 'ViT-B/32', top1: 0.8865, source: 'original workshop' },
  { dataset: 'cifar10', method: 'zero-shot "This is a picture of a {}"', model: 'ViT-B/32', top1: 0.8938, source: 'original workshop' },
  { dataset: 'cifar10', method: 'zero-shot ensemble', model: 'ViT-B/32', top1: 0.913, source: 'CLIP paper, Table 11' },
  { dataset: 'cifar100', method: 'zero-shot ensemble', model: 'ViT-B/32', top1: 0.651, source: 'CLIP paper, Table 11' },
  { dataset: 'cifar10', method: 'linear probe', model: 'ViT-B/32', top1: 0.9438, source: 'original workshop' },
];
