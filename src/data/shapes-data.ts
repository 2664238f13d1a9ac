/**
 * Data of the synthetic shapes set: colours, shapes, sizes, positions and caption templates.
 * Source: made up for this kit, in the spirit of CLEVR (Johnson et al. 2017) and the "compositional
 * zero-shot" splits of Misra et al. 2017 (attribute–object pairs held out of training).
 */

/** Colour words and their base RGB (roughly the CSS colour of the same name, darkened to read on a light background). */
export const SHAPE_COLOURS: ReadonlyArray<{ name: string; rgb: [number, number, number] }> = [
  { name: 'red', rgb: [215, 35, 35] },
  { name: 'green', rgb: [40, 165, 55] },
  { name: 'blue', rgb: [35, 75, 215] },
  { name: 'yellow', rgb: [235, 205, 20] },
  { name: 'purple', rgb: [135, 55, 185] },
  { name: 'orange', rgb: [245, 135, 15] },
];

/** Shape names; the geometry of each lives in shapes.ts. */
export const SHAPE_KINDS = ['circle', 'square', 'triangle', 'star', 'cross', 'diamond'] as const;
export type ShapeKind = (typeof SHAPE_KINDS)[number];

/**
 * Colour–shape combinations held out of training (never in a training image or caption).
 * A Latin diagonal: each colour and each shape is held out exactly once, so every colour and
 * every shape still appears in training with five partners.
 */
export const HELDOUT_COMBOS: readonly string[] = [
  'red triangle',
  'green star',
  'blue cross',
  'yellow circle',
  'purple square',
  'orange diamond',
];

/** Size words and the half-extent range of the shape as a fraction of the image side. */
export const SHAPE_SIZES: ReadonlyArray<{ name: string; min: number; max: number }> = [
  { name: 'small', min: 0.11, max: 0.15 },
  { name: 'medium', min: 0.18, max: 0.22 },
  { name: 'large', min: 0.26, max: 0.3 },
];

/** The 3×3 grid of positions, row-major, as caption phrases. */
export const SHAPE_POSITIONS: readonly string[] = [
  'in the top left corner', 'at the top', 'in the top right corner',
  'on the left', 'in the middle', 'on the right',
  'in the bottom left corner', 'at the bottom', 'in the bottom right corner',
];

/** Caption templates; {colour} {shape} {size} {position} are filled in. The first is the bare class name. */
export const SHAPE_TEMPLATES: readonly string[] = [
  '{colour} {shape}',
  'a {colour} {shape}',
  'a {size} {colour} {shape}',
  'a {size} {colour} {shape} {position}',
  'a {shape} that is {colour}',
  'a picture of a {colour} {shape}',
  'a {colour} {shape} {position}',
];
