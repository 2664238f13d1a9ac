import { LoadedModel, Pixels } from './types';

/**
 * Images as the model's input [n, 3, size, size]: flattened on white, the central square scaled to size×size
 * (the kit's "cover": shortest side to size, centre crop), then (x/255 − mean) / std per channel.
 */
export function pixelValues(images: readonly HTMLImageElement[], m: LoadedModel): Pixels {
  const n = m.size * m.size;
  const data = new Float32Array(images.length * 3 * n);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = m.size;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('this browser gives the page no 2D canvas to read pictures with');
  ctx.imageSmoothingQuality = 'high';
  images.forEach((img, k) => {
    const w = img.naturalWidth, h = img.naturalHeight, s = Math.min(w, h);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, m.size, m.size);
    ctx.drawImage(img, (w - s) / 2, (h - s) / 2, s, s, 0, 0, m.size, m.size);
    const rgba = ctx.getImageData(0, 0, m.size, m.size).data;
    for (let c = 0; c < 3; c++) for (let i = 0; i < n; i++) data[(k * 3 + c) * n + i] = (rgba[i * 4 + c] / 255 - m.mean[c]) / m.std[c];
  });
  return { data, dims: [images.length, 3, m.size, m.size] };
}

/** Loads a picture (same-origin or CORS-enabled, so its pixels can be read). */
export function loadImg(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.crossOrigin = 'anonymous';
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(`cannot load the image ${src}`));
    img.src = src;
  });
}
