/**
 * Data of the emoji set: styles and where their files live, Fluent's older names, colour words and
 * the 10-class label set. Sources: the npm packages @twemoji/svg 15, openmoji 17, fluentui-emoji 1.3
 * (file names compared by hand with emojibase-data 17's labels and hexcodes), emojibase subgroups.
 */

/** The six visual styles, in build order. */
export const EMOJI_STYLES = ['twemoji', 'openmoji-color', 'openmoji-black', 'fluent-flat', 'fluent-high-contrast', 'fluent-modern'] as const;
export type EmojiStyle = (typeof EMOJI_STYLES)[number];

/** Folder of each style inside node_modules, its package (for the version in the cache manifest) and how its files are named. */
export const EMOJI_STYLE_SOURCES: Record<EmojiStyle, { pkg: string; dir: string; naming: 'twemoji' | 'openmoji' | 'fluent' }> = {
  twemoji: { pkg: '@twemoji/svg', dir: '', naming: 'twemoji' },
  'openmoji-color': { pkg: 'openmoji', dir: 'color/svg', naming: 'openmoji' },
  'openmoji-black': { pkg: 'openmoji', dir: 'black/svg', naming: 'openmoji' },
  'fluent-flat': { pkg: 'fluentui-emoji', dir: 'icons/flat', naming: 'fluent' },
  'fluent-high-contrast': { pkg: 'fluentui-emoji', dir: 'icons/high-contrast', naming: 'fluent' },
  'fluent-modern': { pkg: 'fluentui-emoji', dir: 'icons/modern', naming: 'fluent' },
};

/** Styles drawn without colour: captions naming a colour say nothing about their images. */
export const MONOCHROME_STYLES: readonly EmojiStyle[] = ['openmoji-black', 'fluent-high-contrast'];

/** Colour words removed from captions of monochrome styles. */
export const COLOUR_WORDS: readonly string[] = [
  'red', 'orange', 'yellow', 'green', 'blue', 'purple', 'brown', 'black', 'white', 'grey', 'gray', 'pink', 'violet', 'gold', 'golden', 'silver',
];

/**
 * Fluent file names (without "-default") for emojibase hexcodes whose label slug differs:
 * Microsoft kept older Unicode names or ordered words differently. Found by listing the Fluent files
 * no label slug matched next to the labels no file matched.
 */
export const FLUENT_ALIASES: Record<string, string> = {
  '1F917': 'hugging-face', // smiling face with open hands
  '1F635': 'knocked-out-face', // face with crossed-out eyes
  '1F621': 'pouting-face', // enraged face
  '1F471': 'person-blonde-hair',
  '1F471-200D-2640-FE0F': 'woman-blonde-hair',
  '1F471-200D-2642-FE0F': 'man-blonde-hair',
  '1F9CF': 'person-deaf',
  '1F9CF-200D-2642-FE0F': 'man-deaf',
  '1F9CF-200D-2640-FE0F': 'woman-deaf',
  '1F9B8': 'person-superhero',
  '1F9B9': 'person-supervillain',
  '1F9D9': 'person-mage',
  '1F9DA': 'person-fairy',
  '1F9DB': 'person-vampire',
  '1F9DC': 'person-merpeople',
  '1F9DC-200D-2642-FE0F': 'man-merpeople',
  '1F9DC-200D-2640-FE0F': 'woman-merpeople',
  '1F9DD': 'person-elf',
  '1F9DE': 'person-genie',
  '1F9DF': 'person-zombie',
  '1F46F': 'person-with-bunny-ears',
  '1F46F-200D-2642-FE0F': 'man-with-bunny-ears',
  '1F46F-200D-2640-FE0F': 'woman-with-bunny-ears',
  '1F93C': 'person-wrestling',
  '1F93C-200D-2642-FE0F': 'man-wrestling',
  '1F93C-200D-2640-FE0F': 'woman-wrestling',
  '1F426-200D-2B1B': 'blackbird',
  '1F426-200D-1F525': 'phoenix-bird',
  '1F959': 'stuffedbread-flat', // stuffed flatbread
  '1F53A': 'red-triangle', // red triangle pointed up
  '0023-FE0F-20E3': 'keycap-hashtag',
  '002A-FE0F-20E3': 'keycap-asterisk',
};

/**
 * The 10-class label set of the traditional classifier: emojibase subgroups with at least 25 concepts
 * that keep a distinct image in every style (measured after dedupe); `name` is the class name used in
 * prompts, and `words` the category words the captions of its members carry (alt text names what a
 * picture is of: "dog — an animal, a mammal"), so that every word of every class name is a word the
 * CLIP read in training.
 */
export const EMOJI_CLASSES: ReadonlyArray<{ subgroup: string; name: string; words: string }> = [
  { subgroup: 'person-role', name: 'person at work', words: 'a person at work' },
  { subgroup: 'animal-mammal', name: 'mammal', words: 'an animal, a mammal' },
  { subgroup: 'transport-ground', name: 'vehicle', words: 'a vehicle, transport' },
  { subgroup: 'sky-weather', name: 'weather', words: 'the sky, the weather' },
  { subgroup: 'clothing', name: 'clothing', words: 'clothing, something to wear' },
  { subgroup: 'food-prepared', name: 'food', words: 'food, a dish' },
  { subgroup: 'time', name: 'time', words: 'the time' },
  { subgroup: 'place-building', name: 'building', words: 'a place, a building' },
  { subgroup: 'face-concerned', name: 'worried face', words: 'a worried face' },
  // Not 'heart': OpenMoji black draws 10 of its 25 hearts as the same outline, leaving 15 after dedupe.
  { subgroup: 'sport', name: 'sports equipment', words: 'sports equipment' },
];

/**
 * The category words of a concept's captions: the class's words for the ten classes, otherwise
 * emojibase's own subgroup name in words ("animal-bird" → "animal, bird").
 */
export function categoryWords(subgroup: string): string {
  return EMOJI_CLASSES.find((c) => c.subgroup === subgroup)?.words ?? subgroup.split('-').join(', ');
}

/**
 * Version of the caption wording with tags (the alt-text captions): part of the cache key of models
 * trained on them, so a change of wording retrains them. Captions of label-only recipes never change.
 */
export const EMOJI_CAPTIONS_VERSION = 2;

/** emojibase groups that are not pictures of a concept (skin-tone and hair components). */
export const EMOJI_SKIP_GROUPS: readonly string[] = ['component'];
