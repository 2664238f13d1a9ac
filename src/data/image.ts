import * as fs from 'fs';
import * as path from 'path';
import sharp, { SharpOptions } from 'sharp';
import { UserError } from '../runtime/errors';
import { DownloadError, fetchBounded } from '../runtime/fetch';

/** File extensions the image loaders accept (anything sharp decodes that users bring). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg', '.webp', '.svg', '.gif'];

/** One decoded image: size×size RGB, uint8 HWC row-major. */
export interface RgbImage {
  size: number;
  pixels: Uint8Array;
}

export interface ImageLoadOptions {
  /** Side of the square output in pixels. Default 224 (CLIP's input). */
  size?: number;
  /** 'cover' (default): resize the shortest side to `size` and centre-crop, as CLIP's preprocessing does. 'contain': fit inside, pad with white. */
  fit?: 'cover' | 'contain';
}

const WHITE = { r: 255, g: 255, b: 255, alpha: 1 };

/** The natural width/height of an SVG from its width/height or viewBox, for choosing a render density. */
function svgNaturalSize(text: string): number | undefined {
  const head = text.slice(0, 2000);
  const vb = /viewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(head);
  const w = /<svg[^>]*\swidth\s*=\s*["']([\d.]+)(px)?["']/i.exec(head);
  const h = /<svg[^>]*\sheight\s*=\s*["']([\d.]+)(px)?["']/i.exec(head);
  if (w && h) return Math.min(Number(w[1]), Number(h[1]));
  if (vb) return Math.min(Number(vb[1]), Number(vb[2]));
  return undefined;
}

/** True when the bytes look like SVG text rather than a raster format. */
function looksLikeSvg(data: Uint8Array): boolean {
  const head = Buffer.from(data.subarray(0, 512)).toString('utf8');
  return /<svg[\s>]/i.test(head) || (/^\s*<\?xml/.test(head) && /<svg/i.test(Buffer.from(data.subarray(0, 4096)).toString('utf8')));
}

/**
 * Decodes image bytes (png, jpg, webp, gif, svg — anything sharp reads) to size×size RGB uint8 HWC,
 * alpha flattened on white. `name` appears in the error when the bytes are not a decodable image.
 */
export async function decodeImage(data: Uint8Array, name: string, options: ImageLoadOptions = {}): Promise<RgbImage> {
  const size = options.size ?? 224;
  const fit = options.fit ?? 'cover';
  const input: SharpOptions = {};
  if (looksLikeSvg(data)) {
    // Render vectors at (about) the target resolution instead of upscaling a small raster.
    const natural = svgNaturalSize(Buffer.from(data.subarray(0, 2000)).toString('utf8'));
    if (natural && natural > 0) input.density = Math.max(1, Math.min(2400, (72 * size) / natural));
  }
  let dims: { width?: number; height?: number } = {};
  try {
    dims = await sharp(data, { ...input, limitInputPixels: false }).metadata();
  } catch {
    // not an image: the decode below names it
  }
  if (dims.width && dims.height && dims.width * dims.height > MAX_IMAGE_PIXELS) {
    throw new UserError(`The image ${name} is ${dims.width}×${dims.height} = ${((dims.width * dims.height) / 1e6).toFixed(0)} million pixels, more than the ${MAX_IMAGE_PIXELS / 1e6} million the kit decodes: shrink it first (the model sees ${size}×${size}).`);
  }
  try {
    const { data: raw, info } = await sharp(data, { ...input, animated: false, limitInputPixels: MAX_IMAGE_PIXELS })
      .flatten({ background: WHITE })
      .resize(size, size, { fit, position: 'centre', background: WHITE })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.width !== size || info.height !== size || info.channels !== 3) throw new Error(`decoded to ${info.width}×${info.height}×${info.channels}`);
    return { size, pixels: new Uint8Array(raw.buffer, raw.byteOffset, raw.length) };
  } catch (err) {
    throw new UserError(`The image ${name} could not be decoded (${(err as Error).message.split('\n')[0]}): it is corrupt or not an image; replace or remove it.`);
  }
}

/** Throws a UserError when `file`'s extension is not one the loaders accept. */
export function checkImageExtension(file: string): void {
  const ext = path.extname(file).toLowerCase();
  if (!IMAGE_EXTENSIONS.includes(ext)) {
    throw new UserError(`The file ${file} has an unsupported format "${ext || 'no extension'}": use one of ${IMAGE_EXTENSIONS.join(', ')}.`);
  }
}

/** The largest image file downloaded from a URL or read from a local file (a photo is a few MB; an endless stream or a 3 GB file must not fill memory). */
export const MAX_IMAGE_BYTES = 50e6;

/** The largest image decoded, in pixels (10000 × 10000): decoding needs 3–4 bytes a pixel of memory. */
export const MAX_IMAGE_PIXELS = 100e6;

/** Downloads `url` once (no retry: the user is waiting), bounded in time and size, naming it in one sentence when that fails. */
async function fetchBytes(url: string): Promise<Uint8Array> {
  try {
    return await fetchBounded(url, { maxBytes: MAX_IMAGE_BYTES });
  } catch (err) {
    if (!(err instanceof DownloadError)) throw err;
    throw new UserError(`Could not download the image at ${url} (${err.message}): check the address and the network, or download the image and pass its file.`);
  }
}

/**
 * Loads one image from a file path, an http(s) URL or bytes (Buffer / Uint8Array) to size×size RGB
 * uint8 HWC: shortest side resized to `size` and centre-cropped (options.fit), alpha on white.
 */
export async function loadImage(source: string | Uint8Array, options: ImageLoadOptions = {}): Promise<RgbImage> {
  if (typeof source !== 'string') return decodeImage(source, 'given as bytes', options);
  if (/^https?:\/\//i.test(source)) return decodeImage(await fetchBytes(source), source, options);
  return decodeImage(readLocalImage(source), source, options);
}

/** What a path that is not a regular file is, for the sentence refusing it. */
function specialKind(st: fs.Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Reads a local image file after checking it is one: it exists, is a regular file (a named pipe would block for
 * ever, a folder is no image), has an image extension, and is at most {@link MAX_IMAGE_BYTES} — the same cap as a
 * download — checked before reading.
 */
export function readLocalImage(file: string): Uint8Array {
  if (!fs.existsSync(file)) throw new UserError(`The image file ${file} does not exist: check the path.`);
  const st = fs.statSync(file);
  if (st.isDirectory()) throw new UserError(`${file} is a folder, not an image file: give the path of one image.`);
  if (!st.isFile()) throw new UserError(`${file} is ${specialKind(st)}, not an image file: give the path of one image.`);
  checkImageExtension(file);
  if (st.size > MAX_IMAGE_BYTES) throw new UserError(`The image file ${file} is ${(st.size / 1e6).toFixed(0)} MB, more than the limit of ${MAX_IMAGE_BYTES / 1e6} MB for one image: shrink it first (the model sees a small square).`);
  return fs.readFileSync(file);
}

/**
 * Pixels as float32 HWC, scaled to [0, 1] then normalised per channel: (x − mean) / std.
 * CLIP uses mean [0.4815, 0.4578, 0.4082] and std [0.2686, 0.2613, 0.2758]; the defaults leave [0, 1].
 */
export function normalizePixels(pixels: Uint8Array, mean: readonly number[] = [0, 0, 0], std: readonly number[] = [1, 1, 1]): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const c = i % 3;
    out[i] = (pixels[i] / 255 - mean[c]) / std[c];
  }
  return out;
}
