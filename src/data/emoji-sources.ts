import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../runtime/errors';
import { EMOJI_SKIP_GROUPS, EMOJI_STYLE_SOURCES, EmojiStyle, FLUENT_ALIASES } from './emoji-data';

/** One emoji concept from emojibase-data (English), without skin-tone variants. */
export interface EmojiEntry {
  hexcode: string;
  label: string;
  tags: string[];
  group: string;
  subgroup: string;
}

interface RawEmoji {
  hexcode: string;
  label: string;
  tags?: string[];
  group?: number;
  subgroup?: number;
}

/** The folder of an installed package, with a clear error when it is missing. */
export function packageDir(pkg: string): string {
  try {
    return path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new UserError(`The npm package ${pkg} is not installed: run \`npm install\` in the clip-workshop folder.`);
  }
}

/** emojibase's data for a locale ("en", "de", …), as shipped in emojibase-data/<locale>/data.json. */
export function emojibaseData(locale = 'en'): RawEmoji[] {
  const file = path.join(packageDir('emojibase-data'), locale, 'data.json');
  if (!fs.existsSync(file)) throw new UserError(`emojibase-data has no locale "${locale}": use a folder name of ${packageDir('emojibase-data')} such as de, fr or ja.`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The locales emojibase-data ships (folders with a data.json). */
export function emojibaseLocales(): string[] {
  const dir = packageDir('emojibase-data');
  return fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'data.json'))).sort();
}

/** All emoji concepts in emojibase order: every entry with a group, minus the components (skin tones, hair). */
export function emojiEntries(): EmojiEntry[] {
  const meta = JSON.parse(fs.readFileSync(path.join(packageDir('emojibase-data'), 'meta', 'groups.json'), 'utf8')) as {
    groups: Record<string, string>;
    subgroups: Record<string, string>;
  };
  return emojibaseData('en')
    .filter((e) => e.group !== undefined && e.subgroup !== undefined && !EMOJI_SKIP_GROUPS.includes(meta.groups[e.group]))
    .map((e) => ({ hexcode: e.hexcode, label: e.label, tags: e.tags ?? [], group: meta.groups[e.group!], subgroup: meta.subgroups[e.subgroup!] }));
}

/** A Fluent-style slug of an English label: "A button (blood type)" → "a-button-blood-type". */
export function fluentSlug(label: string): string {
  return label
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Twemoji's names for a hexcode: lowercase, leading zeros dropped; with and without FE0F (Twemoji keeps it only in some sequences). */
function twemojiNames(hexcode: string): string[] {
  const parts = hexcode.toLowerCase().split('-').map((p) => p.replace(/^0+/, ''));
  return [parts.join('-'), parts.filter((p) => p !== 'fe0f').join('-')];
}

/** OpenMoji's names: the hexcode as given, or without / with a trailing FE0F. */
function openmojiNames(hexcode: string): string[] {
  return [hexcode, hexcode.split('-').filter((p) => p !== 'FE0F').join('-'), hexcode + '-FE0F'];
}

/** Fluent's names: the label slug or the alias, plain or as the "-default" skin-tone variant. */
function fluentNames(entry: EmojiEntry): string[] {
  const base = FLUENT_ALIASES[entry.hexcode] ?? fluentSlug(entry.label);
  return [base, `${base}-default`];
}

const listings = new Map<string, Set<string>>();

/** The SVG file names (without .svg) in a style's folder, listed once per process. */
function styleFiles(style: EmojiStyle): { dir: string; names: Set<string> } {
  const src = EMOJI_STYLE_SOURCES[style];
  const dir = path.join(packageDir(src.pkg), src.dir);
  let names = listings.get(dir);
  if (!names) {
    names = new Set(fs.readdirSync(dir).filter((f) => f.endsWith('.svg')).map((f) => f.slice(0, -4)));
    listings.set(dir, names);
  }
  return { dir, names };
}

/** The SVG file of `entry` in `style`, or undefined when that style has no image of it. */
export function emojiFile(style: EmojiStyle, entry: EmojiEntry): string | undefined {
  const { dir, names } = styleFiles(style);
  const naming = EMOJI_STYLE_SOURCES[style].naming;
  const candidates = naming === 'twemoji' ? twemojiNames(entry.hexcode) : naming === 'openmoji' ? openmojiNames(entry.hexcode) : fluentNames(entry);
  const hit = candidates.find((c) => names.has(c));
  return hit === undefined ? undefined : path.join(dir, hit + '.svg');
}
