import * as fs from 'fs';
import * as path from 'path';
import { loadShapes } from '../../src/data';
import { MODEL_SIZES } from '../../src/models';
import { flagSentence, flagText, Flag, sentences } from './wordRule';

const ROOT = path.join(__dirname, '..', '..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

/** Every markdown cell of every notebook, named notebook#cell. */
function notebookMarkdown(): { where: string; text: string }[] {
  const dir = path.join(ROOT, 'notebooks');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort().flatMap((f) => {
    const nb = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { cells: { cell_type: string; source: string[] | string }[] };
    return nb.cells.flatMap((c, i) => (c.cell_type === 'markdown' ? [{ where: `${f}#${i}`, text: Array.isArray(c.source) ? c.source.join('') : c.source }] : []));
  });
}

/** The sentences the rule was written against, as they stood: each must be flagged. */
const QUOTED = [
  'Prompts matter: wording the model knows, and ensembles of templates, change the accuracy.',
  'Zero-shot names combinations and concepts it never saw as classes, and transfers to a new style — while the traditional classifier wins on the ten classes it was trained for.',
  'Labels are taken literally: overlapping labels ("a cat" / "an animal") split the probability, nonsense choices ("a rich cat") still get a confident answer, negations are barely understood.',
  '**zero-shot** — no labels; the member prompts of notebook 4,',
  'With OpenAI\'s CLIP (notebook 4, with network) the same code gives the workshop\'s figures: on CIFAR-10 88.65 % zero-shot and 94.38 % with the linear probe.',
  'Three models, each from its recipe: the shapes CLIP of notebook 3, the traditional emoji classifier of notebook 1 and an emoji CLIP trained on emoji labels in the same five styles, on exactly the same training images.',
  'A traditional classifier cannot say "I don\'t know" and cannot say "guitar": its softmax spreads 100 % over its ten classes, so it picks one of them — often with confidence.',
  'On new emoji of its own classes it does well above chance (10 %), with typical confusions between similar classes.',
  'The text encoder of the kit is a tiny Transformer.',
  'a orange cross in the top left corner',
  'The emoji CLIP and the traditional classifier from their recipes (emoji-clip, emoji-classifier: the same training images).',
];

describe('words about the kit\'s results are generated from the results, or quoted with their source', () => {
  test.each(QUOTED)('the rule flags a quoted sentence: %s', (s) => {
    expect(sentences(s).map(flagSentence).some(Boolean)).toBe(true);
  });

  test('the rule lets explanations, quotations with their source and generated placeholders pass', () => {
    for (const ok of [
      'The loss is the mean of the two cross-entropies.',
      'In the paper, "A photo of a {label}." beat the bare label (paper, §3.1.4).',
      'The original workshop measured 88.65 % with the prompt "a {}" (original workshop).',
      'Zero-shot top-1: {{results.zeroShot.heldout.top1 | pct}}.',
      '{{results.promptsClaim}}',
      'Member-concept prompts (from training labels) sit beside zero-shot with class names.',
      'an image, a one-hot vector, a unit vector, an hour',
    ]) expect([ok, flagText('ok', ok)]).toEqual([ok, []]);
  });

  const show = (flags: Flag[]) => flags.map((f) => `${f.where}: ${f.why}\n    ${f.sentence}`);

  test('every markdown cell of the notebooks', () => {
    expect(show(notebookMarkdown().flatMap((c) => flagText(c.where, c.text)))).toEqual([]);
  });

  test('every slide of the talk', () => {
    expect(show(read('slides/talk.md').split(/\n---\n/).flatMap((s, k) => flagText(`slides/talk.md slide ${k}`, s)))).toEqual([]);
  });

  test('the teacher\'s guide and the README', () => {
    expect(show([...flagText('docs/teaching.md', read('docs/teaching.md')), ...flagText('README.md', read('README.md'))])).toEqual([]);
  });

  test('the captions the slides show, and every caption of the shapes set, are grammatical (a/an)', () => {
    const svg = read('slides/charts/shapes-pairs.svg');
    const shown = [...svg.matchAll(/caption: ([^"]*)"/g)].map((m) => m[1].replace(/&#xA;/g, ' '));
    expect(shown.length).toBeGreaterThan(0);
    const all = [...new Set(loadShapes({ perClass: 2, testPerClass: 1, heldoutPerClass: 1 }).captions.flat())];
    expect(show([...shown, ...all].flatMap((c) => flagText('caption', c)))).toEqual([]);
  });

  test('the two-towers diagram names the kit\'s text encoder as its model config builds it', () => {
    const kinds = new Set([MODEL_SIZES.shapes.textEncoder, MODEL_SIZES.emoji.textEncoder]);
    const svg = read('slides/assets/two-towers.svg');
    const kit = svg.match(/·\s*([^<(]*)\(kit\)/);
    expect(kit).not.toBeNull();
    expect([...kinds].map((k) => ({ bow: 'bag of words', transformer: 'Transformer' } as Record<string, string>)[k ?? 'transformer'])).toEqual([kit![1].trim()]);
  });

  test('setup facts in the notebooks\' markdown are the recipes\' and model configs\' (sizes, patches, widths, classes)', () => {
    const shapes = loadShapes({ perClass: 1, testPerClass: 1, heldoutPerClass: 1 });
    const sizes = [MODEL_SIZES.shapes, MODEL_SIZES.emoji];
    const text = notebookMarkdown().map((c) => c.text).join('\n').replace(/\s+/g, ' ');
    const all = (re: RegExp) => [...text.matchAll(re)].map((m) => Number(m[1]));
    const checks: [string, number[], number[]][] = [
      ['patches', all(/(\d+)×\1 patches/g), sizes.map((c) => c.patchSize ?? 0)],
      ['image size', all(/(\d+)×\1 image\b/g), [shapes.size]],
      ['embedding dimensions', all(/(\d+) dimensions/g), sizes.map((c) => c.embedDim ?? 0)],
      ['all combinations', all(/all (\d+) combinations/g), [shapes.classNames.length]],
      ['combinations in training', all(/(\d+) colour–shape combinations in training/g), [shapes.classNames.length - shapes.heldout.length]],
    ];
    for (const [what, stated, actual] of checks) for (const n of stated) expect({ what, stated: n, ok: actual.includes(n) }).toEqual({ what, stated: n, ok: true });
    expect(checks.reduce((k, [, stated]) => k + stated.length, 0)).toBeGreaterThan(3);
  });
});
