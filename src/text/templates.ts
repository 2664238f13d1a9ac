/**
 * Prompt templates: a class name becomes a sentence, "{}" marks where the name goes.
 * Source: the CLIP paper's prompt engineering (Radford et al. 2021, §3.1.4) and the ImageNet
 * template list of OpenAI's notebook "Prompt_Engineering_for_ImageNet.ipynb"; a short selection
 * that reads naturally for toy shapes and emoji too.
 */
export const SINGLE_TEMPLATE = 'a photo of a {}.';

/** Bare labels: the prompt of a model nothing else is known about (the label is the whole text). */
export const BARE_TEMPLATE = '{}';

/** The ensemble: class embeddings are averaged over these and renormalised. */
export const ENSEMBLE_TEMPLATES: readonly string[] = [
  'a photo of a {}.',
  'This picture shows a {}.',
  'a picture of a {}.',
  'a drawing of a {}.',
  'a rendering of a {}.',
  'an image of a {}.',
  'a good photo of a {}.',
  'a close-up photo of a {}.',
  'a bright photo of a {}.',
  'a small {}.',
  'a big {}.',
  'itap of a {}.',
  'a {} in a video game.',
  'art of the {}.',
];

/** The shapes set's own prompt ("a {colour} {shape}"), matching its captions' wording. */
export const SHAPES_TEMPLATE = 'a {}';

/** Puts a class name into a template; a template without "{}" gets the name appended. */
export function fillTemplate(template: string, className: string): string {
  return template.includes('{}') ? template.split('{}').join(className) : `${template} ${className}`;
}

/**
 * Emoji zero-shot templates. Concepts: the bare English label, the wording of the emoji captions
 * (the bench's all-concept protocol). Members: each class is prompted by the labels of its subgroup's
 * training concepts ("dog", "cat face" … for mammal), averaged as in CLIP's prompt ensembling — the bench's
 * calibration found prompts naming typical members beat abstract subgroup names by 8–12 points.
 */
export const EMOJI_CONCEPT_TEMPLATES: readonly string[] = ['{}'];
export const EMOJI_MEMBER_TEMPLATES: readonly string[] = ['{}'];
