import { promptsClaim } from '../../src/charts/claims';
import { similaritySpec } from '../../src/charts/specs';

test('a prompt is called best only when it leads by more than the run-to-run spread', () => {
  const close = promptsClaim({ label: '"This picture shows a {label}."', lead: 0.01, beyondSpread: false }, [0.9233, 0.9267, 0.9367], 0.03);
  expect(close).toMatch(/^No prompt is clearly best/);
  expect(close).toContain('92.3%');
  expect(close).toContain('93.7%');
  expect(close).toContain('3.0 points');
  expect(close).not.toMatch(/is best/);
  const far = promptsClaim({ label: '"a {label}"', lead: 0.2, beyondSpread: true }, [0.6, 0.8], 0.03);
  expect(far).toMatch(/^"a \{label\}" is best, 20\.0 points ahead/);
});

test('the slides\' similarity matrix uses a diverging scale centred on 0 over the whole cosine range', () => {
  const spec = similaritySpec([[0.5, -0.5], [-0.2, 0.9]], ['a red cross', 'a blue square'], ['data:,', 'data:,'], 'after') as any;
  const scale = spec.layer[0].encoding.color.scale;
  expect(scale.domain).toEqual([-1, 1]);
  expect(scale.domainMid).toBe(0);
  expect(scale.scheme).toBe('redblue');
});
