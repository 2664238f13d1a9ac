import * as fs from 'fs';
import * as path from 'path';
import sharp from 'sharp';
import { loadShapes } from '../data/shapes-cache';
import { decodeImage } from '../data/image';
import { emojiEntries, emojiFile } from '../data/emoji-sources';
import { ImageTextDataset } from '../data/types';

/** One gallery picture as gallery.json lists it. */
export interface GalleryImage {
  /** Path relative to the page, usable as the `image` URL parameter. */
  file: string;
  /** What it shows ("red triangle"). */
  concept: string;
  /** 'heldout': a combination no model saw in training; 'test': a seen combination, a picture never trained on; 'example': a picture for the label-set examples. */
  split: string;
  /** Which pictures: 'shapes', 'emoji', or 'example' (the cat for the label-set examples). */
  set: 'shapes' | 'emoji' | 'example';
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
    out.push({ file, concept: m.concept, split: m.split, set: 'shapes' });
  }
  return out;
}

/** The default gallery: held-out shapes pictures at `size` pixels (the first toy model's input size). */
export function galleryDataset(size: number): ImageTextDataset {
  return loadShapes({ ...GALLERY_SHAPES, size: Math.max(8, Math.min(512, size)) });
}

/** The example picture the workshop's first task asks about: a cat, in the emoji style the kit's emoji CLIP never trains on. */
export const EXAMPLE_IMAGE = { file: 'gallery/cat.png', emoji: 'cat', style: 'openmoji-color', size: 224 } as const;

/** Writes {@link EXAMPLE_IMAGE} (a CLIP-sized PNG, flattened on white as the kit loads emoji); undefined when its source is missing. */
export async function writeExampleImage(outDir: string): Promise<GalleryImage | undefined> {
  const entry = emojiEntries().find((e) => e.label === EXAMPLE_IMAGE.emoji);
  const svg = entry && emojiFile(EXAMPLE_IMAGE.style, entry);
  if (!svg || !fs.existsSync(svg)) return undefined;
  const img = await decodeImage(fs.readFileSync(svg), svg, { size: EXAMPLE_IMAGE.size, fit: 'contain' });
  fs.mkdirSync(path.join(outDir, 'gallery'), { recursive: true });
  await sharp(Buffer.from(img.pixels), { raw: { width: img.size, height: img.size, channels: 3 } }).png().toFile(path.join(outDir, EXAMPLE_IMAGE.file));
  return { file: EXAMPLE_IMAGE.file, concept: EXAMPLE_IMAGE.emoji, split: 'example', set: 'example' };
}

/**
 * Emoji for the gallery, drawn in the OpenMoji colour style, which the workshop's emoji CLIP never trains on
 * (its recipe's test style): animals of the workshop's first task, food, vehicles, weather, things and faces.
 */
export const GALLERY_EMOJI = {
  style: 'openmoji-color',
  labels: ['cat', 'dog', 'horse', 'cow', 'pig', 'rabbit', 'elephant', 'fish', 'bird', 'pizza', 'banana', 'red apple', 'automobile', 'bicycle', 'rocket', 'sun', 'snowflake', 'umbrella', 'house', 'soccer ball', 'alarm clock', 't-shirt', 'grinning face', 'sad but relieved face'],
} as const;

/** Writes {@link GALLERY_EMOJI} at `size` pixels, rendered as the kit renders emoji (whole, on white); missing ones are skipped. */
export async function writeEmojiGallery(outDir: string, size: number): Promise<GalleryImage[]> {
  const entries = emojiEntries();
  const out: GalleryImage[] = [];
  fs.mkdirSync(path.join(outDir, 'gallery'), { recursive: true });
  for (const label of GALLERY_EMOJI.labels) {
    const entry = entries.find((e) => e.label === label);
    const svg = entry && emojiFile(GALLERY_EMOJI.style, entry);
    if (!svg || !fs.existsSync(svg)) continue;
    const img = await decodeImage(fs.readFileSync(svg), svg, { size, fit: 'contain' });
    const file = `gallery/emoji-${label.replace(/[^a-z0-9]+/gi, '-')}.png`;
    await sharp(Buffer.from(img.pixels), { raw: { width: img.size, height: img.size, channels: 3 } }).png().toFile(path.join(outDir, file));
    out.push({ file, concept: label, split: 'test', set: 'emoji' });
  }
  return out;
}
