import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEmoji, emojiCaptions } from '../../src/data/emoji';
import { COLOUR_WORDS, EMOJI_STYLES, MONOCHROME_STYLES } from '../../src/data/emoji-data';
import { emojiEntries, emojiFile } from '../../src/data/emoji-sources';
import { imagePixels } from '../../src/data/batch';

const CONCEPTS = ['red heart', 'blue heart', 'green heart', 'grinning face', 'dog', 'cat face', 'grinning cat', 'rocket', 'pizza', 'sun', 'red apple', 'green apple'];
const colourRe = new RegExp(`\\b(${COLOUR_WORDS.join('|')})\\b`, 'i');
let cache: string;
const saved = process.env.CLIP_WORKSHOP_CACHE;

beforeAll(() => {
  cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-emoji-'));
  process.env.CLIP_WORKSHOP_CACHE = cache;
});
afterAll(() => {
  if (saved === undefined) delete process.env.CLIP_WORKSHOP_CACHE;
  else process.env.CLIP_WORKSHOP_CACHE = saved;
  fs.rmSync(cache, { recursive: true, force: true });
});

describe('emoji file mapping', () => {
  it('finds about 1,570 concepts with an image in all six styles', () => {
    const all = emojiEntries().filter((e) => EMOJI_STYLES.every((s) => emojiFile(s, e)));
    expect(all.length).toBeGreaterThanOrEqual(1500);
  });

  it('maps names per source: Twemoji drops zeros and FE0F, OpenMoji keeps the hexcode, Fluent uses slugs and aliases', () => {
    const byLabel = (l: string) => emojiEntries().find((e) => e.label === l)!;
    const keycap = emojiEntries().find((e) => e.hexcode === '0023-FE0F-20E3')!;
    expect(path.basename(emojiFile('twemoji', keycap)!)).toBe('23-20e3.svg');
    expect(path.basename(emojiFile('openmoji-black', keycap)!)).toBe('0023-FE0F-20E3.svg');
    expect(path.basename(emojiFile('fluent-flat', keycap)!)).toBe('keycap-hashtag.svg');
    expect(path.basename(emojiFile('twemoji', byLabel('heart on fire'))!)).toBe('2764-fe0f-200d-1f525.svg');
    expect(path.basename(emojiFile('fluent-flat', byLabel('thumbs up'))!)).toBe('thumbs-up-default.svg');
    expect(path.basename(emojiFile('fluent-modern', byLabel('smiling face with open hands'))!)).toBe('hugging-face.svg');
  });
});

describe('emoji dataset (a dozen concepts)', () => {
  it('renders a red heart that is mostly red in the colour styles', async () => {
    const ds = await loadEmoji({ concepts: CONCEPTS, quiet: true });
    for (const style of ['twemoji', 'openmoji-color', 'fluent-flat', 'fluent-modern']) {
      const i = ds.meta.findIndex((m) => m.concept === 'red heart' && m.style === style);
      expect(i).toBeGreaterThanOrEqual(0);
      const p = imagePixels(ds, i);
      let ink = 0, red = 0;
      for (let k = 0; k < p.length; k += 3) {
        const [r, g, b] = [p[k], p[k + 1], p[k + 2]];
        if (r + g + b < 3 * 235) {
          ink++;
          if (r > g + 60 && r > b + 60) red++;
        }
      }
      expect(ink).toBeGreaterThan(p.length / 3 / 5);
      expect(red / ink).toBeGreaterThan(0.6);
    }
  });

  it('gives every style of a concept the same label, and the class of its subgroup', async () => {
    const ds = await loadEmoji({ concepts: CONCEPTS, quiet: true });
    const labelOf = new Map<string, number>();
    ds.meta.forEach((m, i) => {
      if (!labelOf.has(m.concept)) labelOf.set(m.concept, ds.labels[i]);
      expect(ds.labels[i]).toBe(labelOf.get(m.concept));
    });
    const dogTw = ds.meta.findIndex((m) => m.concept === 'dog' && m.style === 'twemoji');
    const dogFl = ds.meta.findIndex((m) => m.concept === 'dog' && m.style === 'fluent-flat');
    expect(ds.classNames[ds.labels[dogTw]]).toBe('mammal');
    expect(ds.labels[dogFl]).toBe(ds.labels[dogTw]);
    expect(ds.labels[ds.meta.findIndex((m) => m.concept === 'rocket')]).toBe(-1);
  });

  it('carries no colour words in the captions of the black-and-white styles, but keeps them elsewhere', async () => {
    const ds = await loadEmoji({ concepts: CONCEPTS, quiet: true });
    ds.meta.forEach((m, i) => {
      expect(ds.captions[i].length).toBeGreaterThan(0);
      if (MONOCHROME_STYLES.includes(m.style as never)) for (const c of ds.captions[i]) expect(c).not.toMatch(colourRe);
    });
    const tw = ds.meta.findIndex((m) => m.concept === 'red heart' && m.style === 'twemoji');
    expect(ds.captions[tw]).toContain('red heart');
    expect(emojiCaptions(['green apple'], 'openmoji-black')).toEqual(['apple']);
    expect(emojiCaptions(['green apple', 'fruit'], 'fluent-high-contrast')).toEqual(['fruit']);
    // Other languages' labels of a coloured emoji would name the colour too ("grüner Apfel").
    expect(emojiCaptions(['green apple'], 'openmoji-black', ['grüner Apfel'])).toEqual(['apple']);
    expect(emojiCaptions(['green apple'], 'twemoji', ['grüner Apfel'])).toEqual(['green apple', 'grüner Apfel']);
    expect(emojiCaptions(['dog'], 'openmoji-black', ['Hund'])).toEqual(['dog', 'Hund']);
  });

  it('keeps identical images of one style only once', async () => {
    const ds = await loadEmoji({ concepts: CONCEPTS, quiet: true });
    expect(ds.duplicatesDropped).toBeGreaterThan(0); // OpenMoji black draws the coloured hearts alike
    for (const style of ds.styles) {
      const seen = new Set<string>();
      ds.meta.forEach((m, i) => {
        if (m.style !== style) return;
        const key = Buffer.from(imagePixels(ds, i)).toString('base64');
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      });
    }
    const blackHearts = ds.meta.filter((m) => m.style === 'openmoji-black' && m.concept.endsWith(' heart'));
    expect(blackHearts.length).toBeLessThan(3);
  });

  it('splits by style and by concept', async () => {
    const ds = await loadEmoji({ concepts: CONCEPTS, quiet: true, testStyles: ['fluent-modern'], testFraction: 0.25, seed: 5 });
    const testConcepts = new Set<string>();
    ds.meta.forEach((m) => {
      if (m.style === 'fluent-modern') expect(m.split).toBe('test');
      else if (m.split === 'test') testConcepts.add(m.concept);
    });
    expect(testConcepts.size).toBe(3);
    ds.meta.forEach((m) => {
      if (testConcepts.has(m.concept)) expect(m.split).toBe('test');
    });
    expect(ds.meta.some((m) => m.split === 'train')).toBe(true);
  });

  it('loads again from its cache with identical pixels, and rebuilds a damaged cache', async () => {
    const a = await loadEmoji({ concepts: CONCEPTS, quiet: true });
    const openmoji = path.join(a.cachePath, 'openmoji-color');
    expect(fs.existsSync(path.join(openmoji, 'manifest.json'))).toBe(true);
    const file = path.join(openmoji, 'pixels.u8');
    const bytes = fs.readFileSync(file);
    bytes[100] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const b = await loadEmoji({ concepts: CONCEPTS, quiet: true });
    expect(Buffer.from(b.pixels).equals(Buffer.from(a.pixels))).toBe(true);
    expect(fs.readFileSync(file)[100]).toBe(bytes[100] ^ 0xff);
  });

  it('adds labels of other locales as extra captions when asked', async () => {
    const ds = await loadEmoji({ concepts: ['dog'], quiet: true, locales: ['de'] });
    expect(ds.captions[0]).toContain('Hund');
  });

  it('describes each image as alt text would by default (label, tags, category words), and only the label without tags', async () => {
    const withTags = await loadEmoji({ concepts: ['dog', 'red heart'], quiet: true });
    const dog = withTags.meta.findIndex((m) => m.concept === 'dog' && m.style === 'twemoji');
    expect(withTags.captions[dog]).toEqual(['dog', 'dog — animal, animals, dogs, pet', 'dog, an animal, a mammal', 'an animal, a mammal']);
    const blackHeart = withTags.meta.findIndex((m) => m.concept === 'red heart' && m.style === 'openmoji-black');
    expect(withTags.captions[blackHeart][0]).toBe('heart');
    const plain = await loadEmoji({ concepts: ['dog', 'red heart'], quiet: true, tags: false });
    plain.meta.forEach((m, i) => {
      // Monochrome styles still drop the colour word: "heart", not "red heart".
      const want = MONOCHROME_STYLES.includes(m.style as never) ? m.concept.replace(colourRe, '').trim() : m.concept;
      expect(plain.captions[i]).toEqual([want]);
    });
  });

  it('names an unknown concept or style', async () => {
    await expect(loadEmoji({ concepts: ['no such emoji'], quiet: true })).rejects.toThrow(/"no such emoji"/);
    await expect(loadEmoji({ styles: ['comic' as never], quiet: true })).rejects.toThrow(/Unknown emoji style "comic"/);
  });
});

describe('emoji meta', () => {
  it('records the source file and the emojibase subgroup of each image', async () => {
    const ds = await loadEmoji({ concepts: ['dog'], quiet: true });
    const tw = ds.meta.find((m) => m.style === 'twemoji')!;
    expect(tw.source).toBe('@twemoji/svg/1f415.svg');
    expect(tw.group).toBe('animal-mammal');
    expect(ds.meta.find((m) => m.style === 'openmoji-black')!.source).toBe('openmoji/black/svg/1F415.svg');
  });
});
