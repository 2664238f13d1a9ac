import * as tf from '@tensorflow/tfjs-core';
import { imagePixels } from '../data/batch';
import { ImageTextDataset } from '../data/types';
import { Rng } from '../runtime/seed';
import PRESETS from './augment-presets.json';

/** Random changes applied to training images so that a model learns the thing, not one drawing of it. */
export interface AugmentOptions {
  /** Smallest random zoom-out factor (1 = none): the picture shrinks to this fraction, padded with white. */
  minScale?: number;
  /** Largest random shift, as a fraction of the image side. */
  shift?: number;
  /** Probability of a left–right mirror. */
  flip?: number;
  /** Probability of turning the image grey (helps on line-art styles). */
  grey?: number;
  /** Probability of drawing dark outlines where colours change (styles differ in whether they outline shapes). */
  outline?: number;
  /** Probability of keeping only those outlines, dark on white (a line drawing, as line-art styles are). */
  lineArt?: number;
}

/** The emoji preset (styles differ in padding, position, colour, outlines and line art); data: augment-presets.json, with its source. */
export const EMOJI_AUGMENT: Required<AugmentOptions> = PRESETS.emoji;

/**
 * The images at `indices` as float32 [b, size, size, 3] in [0, 1], each randomly zoomed out, shifted,
 * mirrored and greyed (nearest-neighbour, white outside the picture). Seeded by `rng`; the caller disposes.
 */
export function augmentedBatch(ds: ImageTextDataset, indices: readonly number[], rng: Rng, options: AugmentOptions = {}): tf.Tensor4D {
  const o = { ...EMOJI_AUGMENT, ...options };
  const s = ds.size;
  const out = new Float32Array(indices.length * s * s * 3);
  indices.forEach((idx, b) => {
    const src = imagePixels(ds, idx);
    const scale = o.minScale + rng() * (1 - o.minScale);
    const dx = (rng() * 2 - 1) * o.shift * s;
    const dy = (rng() * 2 - 1) * o.shift * s;
    const flip = rng() < o.flip;
    const grey = rng() < o.grey;
    const outline = o.outline > 0 && rng() < o.outline;
    const lineArt = o.lineArt > 0 && rng() < o.lineArt;
    const c = (s - 1) / 2;
    const base = b * s * s * 3;
    for (let y = 0; y < s; y++) {
      for (let x = 0; x < s; x++) {
        // Where this output pixel comes from in the source image.
        const sx = Math.round((((flip ? s - 1 - x : x) - c - dx) / scale) + c);
        const sy = Math.round(((y - c - dy) / scale) + c);
        const o3 = base + (y * s + x) * 3;
        if (sx < 0 || sy < 0 || sx >= s || sy >= s) {
          out[o3] = out[o3 + 1] = out[o3 + 2] = 1;
          continue;
        }
        const i3 = (sy * s + sx) * 3;
        if (grey) {
          const v = (0.299 * src[i3] + 0.587 * src[i3 + 1] + 0.114 * src[i3 + 2]) / 255;
          out[o3] = out[o3 + 1] = out[o3 + 2] = v;
        } else {
          out[o3] = src[i3] / 255;
          out[o3 + 1] = src[i3 + 1] / 255;
          out[o3 + 2] = src[i3 + 2] / 255;
        }
      }
    }
    if (outline || lineArt) drawOutlines(out, base, s, lineArt);
  });
  return tf.tensor4d(out, [indices.length, s, s, 3]);
}

/** Colour change (sum over channels, 0–3) above which a pixel counts as an edge; about one strong channel step. */
const EDGE_THRESHOLD = 0.6;
/** Grey level of a drawn outline (near black, as in outlined emoji styles). */
const OUTLINE_INK = 0.1;

/**
 * Darkens, in place, the pixels of image `base` in `px` whose right or lower neighbour differs strongly (a
 * one-pixel outline); with `only`, every other pixel turns white.
 */
function drawOutlines(px: Float32Array, base: number, s: number, only: boolean): void {
  const edge = new Uint8Array(s * s);
  const diff = (a: number, b: number) => Math.abs(px[a] - px[b]) + Math.abs(px[a + 1] - px[b + 1]) + Math.abs(px[a + 2] - px[b + 2]);
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      const i = base + (y * s + x) * 3;
      if ((x + 1 < s && diff(i, i + 3) > EDGE_THRESHOLD) || (y + 1 < s && diff(i, i + s * 3) > EDGE_THRESHOLD)) edge[y * s + x] = 1;
    }
  }
  edge.forEach((e, k) => {
    if (e) px[base + k * 3] = px[base + k * 3 + 1] = px[base + k * 3 + 2] = OUTLINE_INK;
    else if (only) px[base + k * 3] = px[base + k * 3 + 1] = px[base + k * 3 + 2] = 1;
  });
}
