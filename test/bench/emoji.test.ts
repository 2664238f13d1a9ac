import { splitIndices } from '../../src/data/batch';
import { initBackend } from '../../src/runtime/backend';
import { createToyClip } from '../../src/train/clipTrainer';
import { conceptView, emojiPrompts } from '../../src/bench/emoji';
import { loadEmoji, EmojiOptions } from '../../src/data/emoji';
import { trainRecipe } from '../../src/recipes';

/** The benchmark recipe's dataset, on a few concepts. */
const BENCH = trainRecipe('emoji-clip-bench').dataset;
const comparisonData = (o: EmojiOptions) => loadEmoji({ ...BENCH, ...o });
const EMOJI_HELDOUT_STYLES = BENCH.testStyles ?? [];
import { fillTemplate } from '../../src/text/templates';
import { tempCachePerTest } from '../helpers/tempCache';

// Three concepts of each of the 10 classes (emojibase subgroups), plus two outside them.
const CONCEPTS = [
  'police officer', 'student', 'farmer', 'dog', 'cat face', 'horse', 'locomotive', 'bus', 'bicycle', 'sun', 'cloud', 'snowflake',
  't-shirt', 'jeans', 'glasses', 'pizza', 'bread', 'hamburger', 'alarm clock', 'watch', 'hourglass done', 'house', 'stadium', 'castle',
  'worried face', 'confused face', 'crying face', 'soccer ball', 'basketball', 'tennis', 'rocket', 'red apple',
];

tempCachePerTest('cw-bench-emoji-');

beforeAll(async () => {
  await initBackend();
});

describe('emoji comparison prompts', () => {
  test('every word of every evaluation prompt is in the toy CLIP vocabulary', async () => {
    const ds = await comparisonData({ concepts: CONCEPTS, quiet: true });
    const train = splitIndices(ds, 'train');
    const clip = createToyClip(ds, { size: 'emoji', seed: 1 });
    try {
      const p = emojiPrompts(ds, train);
      const prompts = [
        ...p.conceptTemplates.flatMap((t) => conceptView(ds).classNames.map((c) => fillTemplate(t, c))),
        ...p.memberTemplates.flatMap((t) => p.members.flat().map((m) => fillTemplate(t, m))),
      ];
      expect(prompts.length).toBeGreaterThanOrEqual(CONCEPTS.length);
      expect(prompts.filter((t) => clip.unknownWords(t).length > 0)).toEqual([]);
    } finally {
      clip.dispose();
    }
  });

  test('members come only from training images: held-out styles and test concepts never name one', async () => {
    const ds = await comparisonData({ concepts: CONCEPTS, testFraction: 0.2, seed: 3, quiet: true });
    const train = splitIndices(ds, 'train');
    const testOnly = new Set(ds.meta.filter((m) => m.split === 'test').map((m) => m.concept));
    for (const i of train) testOnly.delete(ds.meta[i].concept);
    expect(testOnly.size).toBeGreaterThan(0);
    const { members } = emojiPrompts(ds, train);
    expect(members).toHaveLength(10);
    members.forEach((list, c) => {
      expect(list.length).toBeGreaterThan(0);
      for (const m of list) {
        expect(testOnly.has(m)).toBe(false);
        // Each member is shown, with this class's label, by a training image of a training style.
        expect(train.some((i) => ds.meta[i].concept === m && ds.labels[i] === c && !EMOJI_HELDOUT_STYLES.includes(ds.meta[i].style as never))).toBe(true);
      }
    });
  });
});
