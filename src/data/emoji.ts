import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SEED, seededRandom, shuffled } from '../runtime/seed';
import { UserError } from '../runtime/errors';
import { createProgress } from '../runtime/progress';
import { cacheDir } from '../runtime/paths';
import { ImageMeta, ImageTextDataset, Split } from './types';
import { categoryWords, COLOUR_WORDS, EMOJI_CLASSES, EMOJI_STYLES, EMOJI_STYLE_SOURCES, EmojiStyle, MONOCHROME_STYLES } from './emoji-data';
import { EmojiEntry, emojiEntries, emojiFile, emojibaseData, emojibaseLocales, packageDir } from './emoji-sources';
import { decodeImage } from './image';
import { packageVersion, readCache, sha256, writeCache } from './cache';
import { mapPool } from './pool';

export interface EmojiOptions {
  /** Image side: 32 (default) or 64 (any size from 8 to 256 works). */
  size?: number;
  /** Styles to include (default all six). */
  styles?: readonly EmojiStyle[];
  /** Styles whose images form the 'test' split — a style never seen in training. Default none. */
  testStyles?: readonly EmojiStyle[];
  /** Fraction of concepts (all their styles) put in the 'test' split, chosen with `seed`. Default 0.2. */
  testFraction?: number;
  /** Seed of the concept split. Default 42. */
  seed?: number;
  /** Only concepts with an image in every style of `styles` (default true). */
  allStyles?: boolean;
  /** Only the first `limit` concepts (emojibase order) — small builds for tests. */
  limit?: number;
  /** Only these concepts (English labels such as "red heart", or hexcodes) — small builds for tests and demos. */
  concepts?: readonly string[];
  /**
   * Whether the captions describe the emoji as alt text would, besides its label: with its tags and with
   * its category words (see {@link englishCaptions}). Default true; the emoji benchmark trains on labels only.
   */
  tags?: boolean;
  /** Extra captions: the labels in these emojibase locales ("de", "fr", … or "all"). Default none. */
  locales?: readonly string[] | 'all';
  /** No progress output. */
  quiet?: boolean;
}

/** The emoji set: an {@link ImageTextDataset} plus what was built and from where. */
export interface EmojiDataset extends ImageTextDataset {
  /** Styles present, in order. */
  styles: EmojiStyle[];
  /** Number of concepts with a file in every included style (before identical images are dropped). */
  conceptsAllStyles: number;
  /** Images dropped because another image of the same style was identical. */
  duplicatesDropped: number;
  /** Folder of the cache. */
  cachePath: string;
}

/** One style's rendered images: hexcodes and their pixels, in order. */
interface StyleImages {
  hexcodes: string[];
  pixels: Uint8Array;
}

/** The cache key of one style's rendered images. */
function styleKey(style: EmojiStyle, entries: EmojiEntry[], size: number): Record<string, unknown> {
  const pkg = EMOJI_STYLE_SOURCES[style].pkg;
  return { dataset: 'emoji', style, size, source: `${pkg}@${packageVersion(pkg)}`, sharp: packageVersion('sharp'), hexcodes: sha256(entries.map((e) => e.hexcode).join(',')) };
}

/** One style's images from its own cache files (OpenMoji stays apart: CC BY-SA), or undefined. */
function cachedStyle(style: EmojiStyle, entries: EmojiEntry[], size: number, dir: string): StyleImages | undefined {
  const cached = readCache(path.join(dir, style), styleKey(style, entries, size));
  if (!cached) return undefined;
  const buf = cached.files['pixels.u8'];
  return { hexcodes: JSON.parse(cached.files['hexcodes.json'].toString('utf8')), pixels: new Uint8Array(buf.buffer, buf.byteOffset, buf.length) };
}

/** Renders `entries` of `style` at `size` (four sharp jobs in flight) and caches them. */
async function renderStyle(style: EmojiStyle, entries: EmojiEntry[], size: number, dir: string, tick: () => void): Promise<StyleImages> {
  const bytes = size * size * 3;
  const pixels = new Uint8Array(entries.length * bytes);
  await mapPool(entries, 4, async (entry, i) => {
    const file = emojiFile(style, entry)!;
    const img = await decodeImage(fs.readFileSync(file), file, { size, fit: 'contain' });
    pixels.set(img.pixels, i * bytes);
    tick();
  });
  const hexcodes = entries.map((e) => e.hexcode);
  writeCache(path.join(dir, style), styleKey(style, entries, size), { 'pixels.u8': pixels, 'hexcodes.json': JSON.stringify(hexcodes) }, { images: entries.length });
  return { hexcodes, pixels };
}

const COLOUR_RE = new RegExp(`\\b(${COLOUR_WORDS.join('|')})\\b`, 'i');

/** At most this many tags in an alt-text caption: the toy tokenizer reads 10 words. */
const ALT_TEXT_TAGS = 4;

/** A label without its colour words ("red heart" → "heart"), or the label itself when nothing is left. */
function withoutColour(label: string): string {
  const stripped = label.replace(new RegExp(COLOUR_RE.source, 'gi'), ' ').replace(/\s+/g, ' ').replace(/^[\s:,]+|[\s:,]+$/g, '');
  return stripped || label;
}

/** The words of a phrase that carry meaning (no articles). */
const contentWords = (text: string) => text.toLowerCase().split(/[^a-z]+/).filter((w) => w && !['a', 'an', 'the'].includes(w));

/**
 * The English captions of a concept, as alt text would describe it: its label; with `withTags` also the
 * label with its tags ("cat face — kitten, kitty, pet"), the label with its category words ("cat face, an
 * animal, a mammal") and the category words alone. With `monochrome` no caption names a colour: a black
 * outline of a "red heart" is a "heart".
 */
export function englishCaptions(entry: EmojiEntry, withTags = true, monochrome = false): string[] {
  const label = monochrome ? withoutColour(entry.label) : entry.label;
  if (!withTags) return [label];
  const words = new Set(contentWords(label));
  const tags = entry.tags
    .filter((t) => /^[a-z][a-z' -]*$/i.test(t) && !words.has(t.toLowerCase()) && !(monochrome && COLOUR_RE.test(t)))
    .slice(0, ALT_TEXT_TAGS);
  const category = categoryWords(entry.subgroup);
  // "worried face, a worried face" says nothing twice: the label with its category only when that adds a word.
  const adds = contentWords(category).some((w) => !words.has(w));
  return [label, ...(tags.length > 0 ? [`${label} — ${tags.join(', ')}`] : []), ...(adds ? [`${label}, ${category}`] : []), category];
}

/**
 * Captions for one image from its English captions (label first) and other locales' labels.
 * For monochrome styles every English caption naming a colour is left out (a black outline of a
 * "red heart" is not red); when none is left, the label without its colour words. Other locales'
 * labels are left out there too when the English label names a colour ("rotes Herz").
 */
export function emojiCaptions(english: readonly string[], style: EmojiStyle, others: readonly string[] = []): string[] {
  if (!MONOCHROME_STYLES.includes(style)) return [...english, ...others];
  const labelHasColour = COLOUR_RE.test(english[0]);
  const kept = english.filter((c) => !COLOUR_RE.test(c));
  if (kept.length === 0) {
    const stripped = english[0].replace(new RegExp(COLOUR_RE.source, 'gi'), ' ').replace(/\s+/g, ' ').replace(/^[\s:,]+|[\s:,]+$/g, '');
    if (stripped) kept.push(stripped);
  }
  return labelHasColour ? kept : [...kept, ...others];
}

/** Labels of the other locales per hexcode, for extra captions. */
function localeLabels(locales: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const loc of locales) {
    for (const e of emojibaseData(loc)) {
      if (!e.label) continue;
      const list = out.get(e.hexcode) ?? [];
      if (!list.includes(e.label)) list.push(e.label);
      out.set(e.hexcode, list);
    }
  }
  return out;
}

/**
 * Builds (first time, about 10,000 SVG renders) or loads (from the cache) the emoji set: one image per
 * concept and style, captions from emojibase (English label and tags, optional other locales), labels
 * from the 10 subgroups of {@link EMOJI_CLASSES} (-1 for other concepts). Identical images within a style
 * are kept once; monochrome styles carry no colour captions.
 */
export async function loadEmoji(options: EmojiOptions = {}): Promise<EmojiDataset> {
  const size = options.size ?? 32;
  if (!Number.isInteger(size) || size < 8 || size > 256) throw new UserError(`The emoji image size must be a whole number from 8 to 256 (32 or 64 recommended), not ${size}.`);
  const styles = [...(options.styles ?? EMOJI_STYLES)];
  for (const s of [...styles, ...(options.testStyles ?? [])]) {
    if (!(EMOJI_STYLES as readonly string[]).includes(s)) throw new UserError(`Unknown emoji style "${s}": use one of ${EMOJI_STYLES.join(', ')}.`);
  }
  for (const s of options.testStyles ?? []) {
    if (!styles.includes(s)) throw new UserError(`The test style "${s}" is not among the styles loaded (${styles.join(', ')}): add it to the styles.`);
  }
  const testStyles = new Set(options.testStyles ?? []);
  const testFraction = options.testFraction ?? 0.2;
  if (!(testFraction >= 0 && testFraction < 1)) throw new UserError(`testFraction must be at least 0 and below 1, not ${testFraction}.`);
  const allStyles = options.allStyles ?? true;

  // Which concepts: those with a file in every requested style (or in any, with allStyles false).
  const all = emojiEntries();
  const files = all.map((e) => styles.map((s) => emojiFile(s, e)));
  let chosen = all.map((e, i) => ({ e, f: files[i] })).filter(({ f }) => (allStyles ? f.every(Boolean) : f.some(Boolean)));
  if (options.concepts) {
    const want = new Set(options.concepts);
    const unknown = options.concepts.filter((c) => !all.some((e) => e.label === c || e.hexcode === c));
    if (unknown.length > 0) throw new UserError(`Unknown emoji concept${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}: use emojibase English labels such as "red heart".`);
    chosen = chosen.filter(({ e }) => want.has(e.label) || want.has(e.hexcode));
  }
  if (options.limit !== undefined) chosen = chosen.slice(0, options.limit);
  const conceptsAllStyles = chosen.filter(({ f }) => f.every(Boolean)).length;

  // A selection gets its own folder so that a small build never replaces the full one.
  const selection = options.limit !== undefined || options.concepts ? '-sel' + sha256(chosen.map(({ e }) => e.hexcode).join(',')).slice(0, 10) : '';
  const dir = cacheDir(`emoji-${size}${selection}${allStyles ? '' : '-any'}`);
  // Without a selection each style renders every emoji it has, so that any mix of styles reuses one cache.
  const perStyle = styles.map((s, k) => (selection ? chosen.filter(({ f }) => f[k]).map(({ e }) => e) : all.filter((_, i) => files[i][k])));
  const rendered = styles.map((s, k) => cachedStyle(s, perStyle[k], size, dir));
  const missing = styles.map((_, k) => k).filter((k) => !rendered[k]);
  if (missing.length > 0) {
    const progress = createProgress(`rendering emoji (${missing.map((k) => styles[k]).join(', ')})`, missing.reduce((a, k) => a + perStyle[k].length, 0), {
      silent: options.quiet || undefined,
    });
    for (const k of missing) rendered[k] = await renderStyle(styles[k], perStyle[k], size, dir, () => progress.tick());
    progress.done();
  }

  // Concept split, seeded.
  const conceptOrder = shuffled(chosen.map(({ e }) => e.hexcode), seededRandom(options.seed ?? DEFAULT_SEED));
  const testConcepts = new Set(conceptOrder.slice(0, Math.round(testFraction * conceptOrder.length)));
  const byHex = new Map(chosen.map(({ e }) => [e.hexcode, e]));
  const extra = options.locales ? localeLabels(options.locales === 'all' ? otherLocales() : options.locales) : undefined;
  const classIndex = new Map(EMOJI_CLASSES.map((c, i) => [c.subgroup, i]));

  const bytes = size * size * 3;
  const chunks: Uint8Array[] = [];
  const captions: string[][] = [];
  const labels: number[] = [];
  const meta: ImageMeta[] = [];
  let duplicatesDropped = 0;
  styles.forEach((style, k) => {
    const seen = new Set<string>();
    rendered[k]!.hexcodes.forEach((hex, i) => {
      const entry = byHex.get(hex);
      if (!entry) return; // rendered for another choice of styles
      const px = rendered[k]!.pixels.subarray(i * bytes, (i + 1) * bytes);
      const hash = sha256(px);
      if (seen.has(hash)) {
        duplicatesDropped++;
        return;
      }
      seen.add(hash);
      // A black outline of a "red heart" is a heart; its other languages' labels name the colour too ("rotes Herz").
      const monochrome = MONOCHROME_STYLES.includes(style);
      const others = monochrome && COLOUR_RE.test(entry.label) ? [] : (extra?.get(hex) ?? []).filter((l) => l !== entry.label);
      const caps = emojiCaptions(englishCaptions(entry, options.tags ?? true, monochrome), style, others);
      if (caps.length === 0) return;
      const split: Split = testStyles.has(style) || testConcepts.has(hex) ? 'test' : 'train';
      chunks.push(px);
      captions.push(caps);
      labels.push(classIndex.get(entry.subgroup) ?? -1);
      meta.push({ concept: entry.label, style, split, source: sourceName(style, entry), group: entry.subgroup });
    });
  });
  const pixels = new Uint8Array(chunks.length * bytes);
  chunks.forEach((c, i) => pixels.set(c, i * bytes));
  return {
    name: 'emoji',
    size,
    pixels,
    captions,
    labels: Int32Array.from(labels),
    classNames: EMOJI_CLASSES.map((c) => c.name),
    meta,
    styles,
    conceptsAllStyles,
    duplicatesDropped,
    cachePath: dir,
  };
}

/** The image's file as "package/path" ("openmoji/black/svg/1F415.svg"), for attribution. */
function sourceName(style: EmojiStyle, entry: EmojiEntry): string {
  const pkg = EMOJI_STYLE_SOURCES[style].pkg;
  return `${pkg}/${path.relative(packageDir(pkg), emojiFile(style, entry)!).split(path.sep).join('/')}`;
}

/** Every emojibase locale except English. */
function otherLocales(): string[] {
  return emojibaseLocales().filter((l) => l !== 'en' && !l.startsWith('en-'));
}
