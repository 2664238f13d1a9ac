// Why two MIME types in one output: JupyterLab 4, Notebook 7 and VS Code render the
// application/vnd.vegalite.v5+json spec as an interactive chart, but nbconvert HTML, GitHub and the
// classic Notebook do not know that type and fall back to an image.
// The image is a PNG, not an SVG: nbconvert before 7.7 (Debian 12 ships 6.5) runs inline SVG through
// an HTML cleaner that deletes its drawing, so SVG charts came out blank in exported HTML.
import * as path from 'path';
import { writeFileAtomic } from '../runtime/atomic';
import type { ChartSpec } from './common';
import { imageGrid, ImageGridItem, ImageGridOptions } from './imageGrid';
import { DisplayBundle, kernelDisplayWriter } from './kernel';
import { renderPng, renderSvg } from './render';

/** The MIME type JupyterLab 4 / Notebook 7 / VS Code render with Vega-Lite 5. */
export const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json';

/** A chart's title as plain text ("Vega-Lite chart" when it has none). */
export function chartTitle(spec: ChartSpec): string {
  const t = (spec as { title?: unknown }).title;
  if (typeof t === 'string' && t) return t;
  if (Array.isArray(t)) return t.join(' ');
  if (t && typeof t === 'object' && 'text' in t) return String((t as { text: unknown }).text);
  return 'Vega-Lite chart';
}

/** Pixels per chart unit in the notebook PNG: sharp on high-density screens, shown at chart size. */
export const PNG_SCALE = 2;

/** The notebook output of a chart: the spec (data inline), its PNG rendered at {@link PNG_SCALE}, and the title as text. */
export function displayBundle(spec: ChartSpec, png: Buffer, displayId?: string): DisplayBundle {
  // A PNG's width/height sit big-endian at bytes 16–23; the metadata shows it at chart size.
  const width = png.length >= 24 ? Math.round(png.readUInt32BE(16) / PNG_SCALE) : undefined;
  return {
    data: { [VEGA_LITE_MIME]: spec, 'image/png': png.toString('base64'), 'text/plain': chartTitle(spec) },
    metadata: width ? { 'image/png': { width } } : {},
    transient: displayId ? { display_id: displayId } : {},
  };
}

/** Renders the chart image that goes into a notebook output. */
export function notebookPng(spec: ChartSpec): Promise<Buffer> {
  return renderPng(spec, { scale: PNG_SCALE });
}

/** How many rows of inline data a spec carries (for the text summary outside a notebook). */
function dataRows(spec: ChartSpec): number {
  const values = (spec as { data?: { values?: unknown } }).data?.values;
  return Array.isArray(values) ? values.length : 0;
}

/**
 * Outside a notebook: one line naming the chart; the SVG goes to $CLIP_WORKSHOP_CHART_DIR when set.
 * Never throws: a chart is never worth failing a script for.
 */
async function showOutsideKernel(spec: ChartSpec): Promise<void> {
  let where = 'save it with writeChart(spec, "chart.svg")';
  try {
    const dir = process.env.CLIP_WORKSHOP_CHART_DIR;
    if (dir) {
      const slug = chartTitle(spec).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'chart';
      const file = path.join(dir, `${slug}-${Date.now()}.svg`);
      writeFileAtomic(file, await renderSvg(spec));
      where = `written to ${file}`;
    }
  } catch (err) {
    where = `not rendered: ${(err as Error).message}`;
  }
  console.log(`[chart] ${chartTitle(spec)} (${dataRows(spec)} data rows; ${where})`);
}

/**
 * Displays a chart in a tslab notebook as ONE output carrying the Vega-Lite spec, its PNG and its
 * title (await it, so the output lands in the cell). Outside a notebook it prints one line instead.
 */
export async function show(spec: ChartSpec): Promise<void> {
  // Take the writer before awaiting: it belongs to the cell that called show().
  const writer = kernelDisplayWriter();
  if (!writer) return showOutsideKernel(spec);
  writer(displayBundle(spec, await notebookPng(spec)), false);
}

/** Displays images with captions as a grid: `show(imageGrid(items, opts))`. */
export function showImages(items: ImageGridItem[], opts: ImageGridOptions = {}): Promise<void> {
  return show(imageGrid(items, opts));
}
