import * as fs from 'fs';
import * as path from 'path';
import sharp from 'sharp';
import { loadShapes } from '../data/shapes';
import { ImageTextDataset } from '../data/types';

/** One gallery picture as gallery.json lists it. */
export interface GalleryImage {
  /** Path relative to the page, usable as the `image` URL parameter. */
  file: string;
  /** What it shows ("red triangle"). */
  concept: string;
  /** 'heldout': a combination no model saw in training; 'test': a seen combination, a picture never trained on. */
  split: string;
}

/** The shapes gallery: one new picture of every seen combination and three of each held-out one (own seed: never training images). */
export const GALLERY_SHAPES = { seed: 2026, perClass: 0, testPerClass: 1, heldoutPerClass: 3 } as const;

/** Writes a dataset's images as PNGs under `outDir/gallery/` (RGB, no alpha, at the dataset's size). */
export async function writeGallery(ds: ImageTextDataset, outDir: string): Promise<GalleryImage[]> {
  const dir = path.join(outDir, 'gallery');
  fs.mkdirSync(dir, { recursive: true });
  const bytes = ds.size * ds.size * 3;
  const out: GalleryImage[] = [];
  for (let i = 0; i < ds.meta.length; i++) {
    const m = ds.meta[i];
    const file = `gallery/${ds.name}-${m.split}-${String(i).padStart(3, '0')}-${m.concept.replace(/[^a-z0-9]+/gi, '-')}.png`;
    const raw = Buffer.from(ds.pixels.buffer, ds.pixels.byteOffset + i * bytes, bytes);
    await sharp(raw, { raw: { width: ds.size, height: ds.size, channels: 3 } }).png().toFile(path.join(outDir, file));
    out.push({ file, concept: m.concept, split: m.split });
  }
  return out;
}

/** The default gallery: held-out shapes pictures at `size` pixels (the first toy model's input size). */
export function galleryDataset(size: number): ImageTextDataset {
  return loadShapes({ ...GALLERY_SHAPES, size: Math.max(8, Math.min(512, size)) });
}
