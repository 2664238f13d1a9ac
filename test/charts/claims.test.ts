import { promptsClaim } from '../../src/charts/claims';
import type { PromptVariantsResult } from '../../src/experiments/promptVariants';
import { similaritySpec } from '../../src/charts/specs';

test('a prompt is called best only when it leads by more than the seed spread and the interval for its images', () => {
  const variant = (label: string, heldoutMean: number) => ({ label, heldoutMean }) as PromptVariantsResult['variants'][number];
  const close = promptsClaim({ variants: [variant('"a {label}"', 0.9233), variant('"This picture shows a {label}."', 0.9367)], spread: 0.03 }, 600);
  expect(close).toMatch(/the same within noise/);
  expect(close).toContain('92.3 %');
  expect(close).toContain('93.7 %');
  expect(close).toContain('3.0 points that training seeds differ by');
  expect(close).not.toMatch(/scores highest/);
  const far = promptsClaim({ variants: [variant('"a {label}"', 0.8), variant('"This picture shows a {label}."', 0.6)], spread: 0.03 }, 600);
  expect(far).toMatch(/"a \{label\}" \(80\.0 %\) scores highest/);
  // The order flips: the other prompt is named.
  const flipped = promptsClaim({ variants: [variant('"a {label}"', 0.6), variant('"This picture shows a {label}."', 0.8)], spread: 0.03 }, 600);
  expect(flipped).toMatch(/"This picture shows a \{label\}." \(80\.0 %\) scores highest/);
  // Few images: the same 20-point lead is within the interval for 10 images.
  expect(promptsClaim({ variants: [variant('"a {label}"', 0.8), variant('"b {label}"', 0.6)], spread: 0.03 }, 10)).toMatch(/the same within noise.*95 % interval for 10 images/);
});

test('the slides\' similarity matrix uses a diverging scale centred on 0 over the whole cosine range', () => {
  const spec = similaritySpec([[0.5, -0.5], [-0.2, 0.9]], ['a red cross', 'a blue square'], ['data:,', 'data:,'], 'after') as any;
  const scale = spec.layer[0].encoding.color.scale;
  expect(scale.domain).toEqual([-1, 1]);
  expect(scale.domainMid).toBe(0);
  expect(scale.scheme).toBe('redblue');
});
