import sharp from 'sharp';
import { UserError } from '../runtime/errors';

/**
 * Encodes uint8 HWC pixels (RGB, or RGBA with channels 4) as a PNG data URL, the form image marks
 * and notebook outputs take. `scale` > 1 enlarges with nearest-neighbour so small images stay sharp
 * where the viewer smooths.
 */
export async function pngDataUrl(pixels: Uint8Array, width: number, height: number, opts: { channels?: 3 | 4; scale?: number } = {}): Promise<string> {
  const channels = opts.channels ?? 3;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new UserError(`pngDataUrl got a ${width}×${height} image; pass positive whole-number sizes.`);
  }
  if (pixels.length !== width * height * channels) {
    throw new UserError(`pngDataUrl got ${pixels.length} bytes for a ${width}×${height}×${channels} image (${width * height * channels} expected); pass HWC uint8 pixels.`);
  }
  let img = sharp(Buffer.from(pixels.buffer, pixels.byteOffset, pixels.length), { raw: { width, height, channels } });
  const scale = opts.scale ?? 1;
  if (scale !== 1) img = img.resize(Math.round(width * scale), Math.round(height * scale), { kernel: 'nearest' });
  const png = await img.png().toBuffer();
  return 'data:image/png;base64,' + png.toString('base64');
}
