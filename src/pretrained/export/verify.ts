import * as tf from '@tensorflow/tfjs-core';
import { ToyClip } from '../../models/clip';
import { seededRandom } from '../../runtime/seed';
import { loadPretrainedClip } from '../clip';

/** How closely an exported folder reproduces the tfjs model. */
export interface ExportCheck {
  images: number;
  texts: number;
  /** Largest |difference| of image / text embedding values, and of the logit scale. */
  imageEmbedDiff: number;
  textEmbedDiff: number;
  logitScaleDiff: number;
}

/**
 * Runs an exported folder through transformers.js on seeded random images and sentences made of the model's own
 * vocabulary, and compares with the tfjs model. A correct export differs by float rounding only (≈1e-6).
 */
export async function verifyExport(clip: ToyClip, dir: string, seed = 0): Promise<ExportCheck> {
  const rng = seededRandom(seed);
  const s = clip.imageSize;
  const n = 4;
  const pixels = Float32Array.from({ length: n * s * s * 3 }, () => Math.floor(rng() * 256) / 255);
  const words = clip.tokenizer.vocab.slice(4);
  const texts = Array.from({ length: 6 }, (_, i) => Array.from({ length: 1 + i * 3 }, () => words[Math.floor(rng() * words.length)] ?? 'a').join(' '));
  const pretrained = await loadPretrainedClip(dir);
  const images = tf.tensor4d(pixels, [n, s, s, 3]);
  try {
    const [toyImg, toyTxt] = [clip.embedImages(images), clip.embedTexts(texts)];
    const [onnxImg, onnxTxt] = [await pretrained.embedImages(images), await pretrained.embedTexts(texts)];
    const check: ExportCheck = {
      images: n,
      texts: texts.length,
      imageEmbedDiff: maxAbsDiff(toyImg.dataSync(), onnxImg.dataSync()),
      textEmbedDiff: maxAbsDiff(toyTxt.dataSync(), onnxTxt.dataSync()),
      logitScaleDiff: Math.abs(clip.logitScale() - pretrained.logitScale()),
    };
    tf.dispose([toyImg, toyTxt, onnxImg, onnxTxt]);
    return check;
  } finally {
    images.dispose();
    pretrained.dispose();
  }
}

/** Largest absolute element-wise difference of two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`Cannot compare arrays of ${a.length} and ${b.length} values.`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
