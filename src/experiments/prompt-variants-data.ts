/**
 * Prompt variants compared by the prompt-variants experiment (notebook 4, the slides) (data, not logic). The shapes captions are the source of
 * the toy model's vocabulary: "a {colour} {shape}" and "a picture of a …" use words it has read;
 * "This picture shows a {}." and "a photo of a {}." (CLIP's own templates, Radford et al. 2021 §3.1.4)
 * contain words it never saw, which is part of the lesson.
 */
export const PROMPT_VARIANTS: ReadonlyArray<{ key: string; label: string; templates: readonly string[] }> = [
  { key: 'bare', label: '"{label}"', templates: ['{}'] },
  { key: 'article', label: '"a {label}"', templates: ['a {}'] },
  { key: 'picture', label: '"a picture of a {label}"', templates: ['a picture of a {}'] },
  { key: 'sentence', label: '"This picture shows a {label}."', templates: ['This picture shows a {}.'] },
  { key: 'photo', label: '"a photo of a {label}."', templates: ['a photo of a {}.'] },
  { key: 'ensemble', label: 'ensemble of all five', templates: ['{}', 'a {}', 'a picture of a {}', 'This picture shows a {}.', 'a photo of a {}.'] },
];
