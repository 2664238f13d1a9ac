import { DEFAULT_SEED, Rng, seededRandom } from '../runtime/seed';
import { quickOr } from '../runtime/quick';
import { UserError } from '../runtime/errors';
import { ImageMeta, ImageTextDataset, Split } from './types';
import { HELDOUT_COMBOS, SHAPE_COLOURS, SHAPE_KINDS, SHAPE_POSITIONS, SHAPE_SIZES, SHAPE_TEMPLATES, ShapeKind } from './shapes-data';

export interface ShapesOptions {
  /** Seed of every random choice; the same seed gives byte-identical pixels. Default 42. */
  seed?: number;
  /** Image side in pixels. Default 32. */
  size?: number;
  /** Training images per seen colour–shape combination. Default 200 (30 seen combos → 6,000), 40 with CLIP_WORKSHOP_QUICK. */
  perClass?: number;
  /** Alternative to `perClass`: about this many training images in all (rounded up to a multiple of the seen combinations). */
  count?: number;
  /** Test images per seen combination. Default 20. */
  testPerClass?: number;
  /** Images per held-out combination. Default 50. */
  heldoutPerClass?: number;
  /** Held-out combinations ("red triangle"); default {@link HELDOUT_COMBOS}. */
  heldout?: readonly string[];
  /** Background noise amplitude (0–255). Default 12; 0 gives a flat background. */
  noise?: number;
  /** Keep the drawn images in the dataset cache and read them from there next time (default true; `loadShapes`). */
  cache?: boolean;
}

/** The shapes set: an {@link ImageTextDataset} that also says which combinations are held out. */
export interface ShapesDataset extends ImageTextDataset {
  /** Colour–shape combinations never seen in training (split 'heldout'). */
  heldout: string[];
}

// Local aliases: global lookups are ~60× slower inside jest's vm sandbox, and these run per pixel.
const { abs, floor, ceil, min, max, cos, sin, PI } = Math;

/** Supersampling per pixel side: 4×4 samples give smooth edges at 32 px. */
const SS = 4;

/** Outline of a star / triangle as a polygon in unit coordinates around the centre (y down). */
function regularPolygon(points: number, outer: number, inner: number | null, rotation = -PI / 2): number[] {
  const out: number[] = [];
  const n = inner === null ? points : points * 2;
  for (let i = 0; i < n; i++) {
    const r = inner === null || i % 2 === 0 ? outer : inner;
    const a = rotation + (i * 2 * PI) / n;
    out.push(r * cos(a), r * sin(a));
  }
  return out;
}
const TRIANGLE = regularPolygon(3, 1.05, null).map((v, i) => (i % 2 ? v + 0.2 : v)); // shifted down to look centred
const STAR = regularPolygon(5, 1.05, 0.45);

/** Even–odd point-in-polygon test; `poly` is [x0, y0, x1, y1, …]. */
function inPolygon(poly: number[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 2; i < poly.length; j = i, i += 2) {
    const xi = poly[i], yi = poly[i + 1], xj = poly[j], yj = poly[j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether the point (x, y), in units of the shape's half-extent around its centre, is inside the shape. */
function inside(shape: ShapeKind, x: number, y: number): boolean {
  switch (shape) {
    case 'circle':
      return x * x + y * y <= 1;
    case 'square':
      return abs(x) <= 0.85 && abs(y) <= 0.85;
    case 'diamond':
      return abs(x) + abs(y) <= 1.1;
    case 'cross':
      return (abs(x) <= 0.33 && abs(y) <= 1) || (abs(y) <= 0.33 && abs(x) <= 1);
    case 'triangle':
      return inPolygon(TRIANGLE, x, y);
    case 'star':
      return inPolygon(STAR, x, y);
  }
}

/** Clamps to a byte. */
const byte = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : (v + 0.5) | 0);

interface Drawn {
  sizeWord: string;
  positionWord: string;
}

/** Draws one shape into `out` at `offset` (size×size×3 uint8), choosing size, position, jitter and noise from `rng`. */
function drawShape(out: Uint8Array, offset: number, size: number, shape: ShapeKind, rgb: readonly number[], noise: number, rng: Rng): Drawn {
  const sizeIdx = floor(rng() * SHAPE_SIZES.length);
  const s = SHAPE_SIZES[sizeIdx];
  const r = s.min + rng() * (s.max - s.min);
  const posIdx = floor(rng() * SHAPE_POSITIONS.length);
  const col = posIdx % 3, row = floor(posIdx / 3);
  // Cell centre plus a little jitter, clamped so the shape stays inside the image.
  const clamp = (v: number) => min(1 - r - 0.02, max(r + 0.02, v));
  const cx = clamp((col + 0.5) / 3 + (rng() - 0.5) * 0.08);
  const cy = clamp((row + 0.5) / 3 + (rng() - 0.5) * 0.08);
  const colour = rgb.map((c) => c + (rng() - 0.5) * 40);
  const bg = 235 + rng() * 20;
  // Per-pixel noise from a xorshift32 seeded by rng: no global calls in the hot loop.
  let x = floor(rng() * 0xfffffffe) + 1;
  for (let i = 0; i < size * size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const n = noise > 0 ? ((x >>> 0) / 4294967296 - 0.5) * 2 * noise : 0;
    const v = byte(bg + n);
    out[offset + 3 * i] = v;
    out[offset + 3 * i + 1] = v;
    out[offset + 3 * i + 2] = v;
  }
  // Only pixels in the shape's bounding box can be covered.
  const x0 = max(0, floor((cx - 1.1 * r) * size)), x1 = min(size - 1, ceil((cx + 1.1 * r) * size));
  const y0 = max(0, floor((cy - 1.1 * r) * size)), y1 = min(size - 1, ceil((cy + 1.1 * r) * size));
  for (let py = y0; py <= y1; py++) {
    for (let px = x0; px <= x1; px++) {
      let hits = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const ux = ((px + (sx + 0.5) / SS) / size - cx) / r;
          const uy = ((py + (sy + 0.5) / SS) / size - cy) / r;
          if (inside(shape, ux, uy)) hits++;
        }
      }
      if (hits === 0) continue;
      const a = hits / (SS * SS);
      const o = offset + 3 * (py * size + px);
      for (let c = 0; c < 3; c++) out[o + c] = byte(out[o + c] * (1 - a) + colour[c] * a);
    }
  }
  return { sizeWord: s.name, positionWord: SHAPE_POSITIONS[posIdx] };
}

/** All colour–shape class names, colour-major ("red circle", "red square", …). */
export function shapeClassNames(): string[] {
  return SHAPE_COLOURS.flatMap((c) => SHAPE_KINDS.map((s) => `${c.name} ${s}`));
}

/** Fills the caption templates for one image. */
function shapeCaptions(colour: string, shape: string, size: string, position: string): string[] {
  return SHAPE_TEMPLATES.map((t) =>
    t
      .replace('{colour}', colour)
      .replace('{shape}', shape)
      .replace('{size}', size)
      .replace('{position}', position)
      .replace(/\ba (?=[aeiou])/g, 'an '), // "an orange circle"
  );
}

/**
 * Plans the synthetic shapes set, deterministically from `seed`: splits 'train' and 'test' hold the
 * seen colour–shape combinations, 'heldout' the combinations that never appear in training
 * (for compositional zero-shot). `classNames` lists all combinations; labels index into them. `key` names
 * what decides the images; `draw` draws them (no file access: the browser's Train view draws them too).
 */
export function planShapes(options: ShapesOptions = {}): { key: Record<string, unknown>; head: Pick<ShapesDataset, 'name' | 'size' | 'classNames' | 'heldout'>; draw: () => ShapesDataset } {
  const seed = options.seed ?? DEFAULT_SEED;
  const size = options.size ?? 32;
  const seen = SHAPE_COLOURS.length * SHAPE_KINDS.length - (options.heldout ?? HELDOUT_COMBOS).length;
  const perClass = options.perClass ?? (options.count !== undefined ? Math.ceil(options.count / Math.max(1, seen)) : quickOr(200, 40));
  const testPerClass = options.testPerClass ?? quickOr(20, 10);
  const heldoutPerClass = options.heldoutPerClass ?? quickOr(50, 20);
  const noise = options.noise ?? 12;
  for (const [name, v] of [['perClass', perClass], ['testPerClass', testPerClass], ['heldoutPerClass', heldoutPerClass]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new UserError(`The shapes option ${name} must be a whole number of images (0 or more), not ${v}.`);
  }
  const classNames = shapeClassNames();
  const heldout = [...(options.heldout ?? HELDOUT_COMBOS)];
  for (const h of heldout) {
    if (!classNames.includes(h)) throw new UserError(`"${h}" is not a colour–shape combination of the shapes set: use one of ${classNames.join(', ')}.`);
  }
  if (!Number.isInteger(size) || size < 8 || size > 512) throw new UserError(`The shapes image size must be a whole number from 8 to 512, not ${size}.`);

  // The plan: which class in which split, in a fixed order; the rng then draws every image in turn.
  const plan: Array<{ cls: number; split: Split }> = [];
  const addAll = (split: Split, per: number, want: (name: string) => boolean) => {
    classNames.forEach((name, cls) => {
      if (want(name)) for (let k = 0; k < per; k++) plan.push({ cls, split });
    });
  };
  const isHeld = (n: string) => heldout.includes(n);
  addAll('train', perClass, (n) => !isHeld(n));
  addAll('test', testPerClass, (n) => !isHeld(n));
  addAll('heldout', heldoutPerClass, isHeld);

  const draw = (): ShapesDataset => {
    const rng = seededRandom(seed);
    const imageBytes = size * size * 3;
    const pixels = new Uint8Array(plan.length * imageBytes);
    const captions: string[][] = [];
    const labels = new Int32Array(plan.length);
    const meta: ImageMeta[] = [];
    plan.forEach(({ cls, split }, i) => {
      const colour = SHAPE_COLOURS[floor(cls / SHAPE_KINDS.length)];
      const shape = SHAPE_KINDS[cls % SHAPE_KINDS.length];
      const drawn = drawShape(pixels, i * imageBytes, size, shape, colour.rgb, noise, rng);
      captions.push(shapeCaptions(colour.name, shape, drawn.sizeWord, drawn.positionWord));
      labels[i] = cls;
      meta.push({ concept: classNames[cls], style: 'synthetic', split });
    });
    return { ...head, pixels, captions, labels, meta };
  };
  const head = { name: 'shapes', size, classNames, heldout };
  return { key: { dataset: 'shapes', seed, size, perClass, testPerClass, heldoutPerClass, noise, heldout }, head, draw };
}

/** What decides the pixels and captions: the drawing functions and the shapes' data (the cache key hashes them). */
export const SHAPES_DRAWING = [drawShape, inside, inPolygon, regularPolygon, shapeCaptions, byte, seededRandom, SS, TRIANGLE, STAR, SHAPE_COLOURS, SHAPE_KINDS, SHAPE_POSITIONS, SHAPE_SIZES, SHAPE_TEMPLATES];
