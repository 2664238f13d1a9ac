import { englishCaptions, emojiCaptions } from '../../src/data/emoji';
import { categoryWords, COLOUR_WORDS, EMOJI_CLASSES } from '../../src/data/emoji-data';
import { emojiEntries } from '../../src/data/emoji-sources';
import { splitWords } from '../../src/text/tokenizer';

const colourRe = new RegExp(`\\b(${COLOUR_WORDS.join('|')})\\b`, 'i');
const entry = (label: string) => emojiEntries().find((e) => e.label === label)!;

describe('emoji captions read like alt text', () => {
  test('a label, the label with its tags, the label with its category words, and the category words', () => {
    expect(englishCaptions(entry('dog'))).toEqual(['dog', 'dog — animal, animals, dogs, pet', 'dog, an animal, a mammal', 'an animal, a mammal']);
    // Other subgroups are named with emojibase's own subgroup words.
    expect(categoryWords('animal-bird')).toBe('animal, bird');
    // Without tags only the label: the benchmark's label-only recipes.
    expect(englishCaptions(entry('dog'), false)).toEqual(['dog']);
  });

  test('no caption repeats its category when the label already says it', () => {
    expect(englishCaptions(entry('worried face'))).not.toContain('worried face, a worried face');
    expect(englishCaptions(entry('worried face'))).toContain('a worried face');
  });

  test('monochrome captions name no colour, in the label or the tags', () => {
    const black = englishCaptions(entry('red heart'), true, true);
    expect(black[0]).toBe('heart');
    for (const c of black) expect(c).not.toMatch(colourRe);
    expect(emojiCaptions(black, 'openmoji-black')).toEqual(black);
    expect(englishCaptions(entry('red heart'))[0]).toBe('red heart');
  });

  test('every word of every class name is in the captions of every member of the class, in colour and in black', () => {
    const entries = emojiEntries();
    for (const c of EMOJI_CLASSES) {
      const members = entries.filter((e) => e.subgroup === c.subgroup);
      expect(members.length).toBeGreaterThanOrEqual(25);
      for (const e of members) {
        for (const mono of [false, true]) {
          const words = new Set(englishCaptions(e, true, mono).flatMap((t) => splitWords(t)));
          const missing = splitWords(c.name).filter((w) => !words.has(w));
          expect({ concept: e.label, mono, missing }).toEqual({ concept: e.label, mono, missing: [] });
        }
      }
    }
  });

  test('class names are distinct and no class name word is a colour (black styles would lose it)', () => {
    expect(new Set(EMOJI_CLASSES.map((c) => c.name)).size).toBe(EMOJI_CLASSES.length);
    for (const c of EMOJI_CLASSES) expect(c.words).not.toMatch(colourRe);
  });
});
