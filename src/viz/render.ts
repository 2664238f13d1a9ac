import * as path from 'path';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import sharp from 'sharp';
import { writeFileAtomic } from '../runtime/atomic';
import { UserError } from '../runtime/errors';
import type { ChartSpec } from './common';
import { useMeasuredTextWidths } from './textWidth';

/** Compiles a Vega-Lite spec and renders it headlessly to an SVG string (image marks keep their data URLs). */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  useMeasuredTextWidths();
  // A copy: Vega tags every data row it ingests, which would change the caller's spec.
  const view = new vega.View(vega.parse(compile(structuredClone(spec)).spec), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders a spec to PNG bytes; `scale` 2 (default) gives twice the SVG's pixel size, sharp on slides. */
export async function renderPng(spec: ChartSpec, opts: { scale?: number } = {}): Promise<Buffer> {
  return svgToPng(await renderSvg(spec), opts.scale ?? 2);
}

/** Rasterises an SVG with sharp (librsvg): 72 dpi is one SVG pixel per PNG pixel. */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  if (!(scale > 0)) throw new UserError(`PNG scale ${scale} is not positive; pass a number such as 1 or 2.`);
  return sharp(Buffer.from(svg), { density: 72 * scale }).png().toBuffer();
}

/**
 * Writes a chart as .svg, .png (scale 2 unless given) or .json (the Vega-Lite spec), chosen by the
 * file's extension; atomically, so a failed render leaves no partial file.
 */
export async function writeChart(spec: ChartSpec, file: string, opts: { scale?: number } = {}): Promise<void> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.svg') writeFileAtomic(file, await renderSvg(spec));
  else if (ext === '.png') writeFileAtomic(file, await renderPng(spec, opts));
  else if (ext === '.json') writeFileAtomic(file, JSON.stringify(spec, null, 2) + '\n');
  else throw new UserError(`Cannot write a chart to "${file}": use a file name ending in .svg, .png or .json.`);
}
