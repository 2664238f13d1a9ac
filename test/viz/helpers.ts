import { compile } from 'vega-lite';
import type { ChartSpec } from '../../src/viz';

/** Every inline data row of the Vega spec that Vega-Lite 5 compiles `spec` to (throws if it does not compile). */
export function compiledRows(spec: ChartSpec): Record<string, unknown>[] {
  const vg = compile(spec).spec;
  return (vg.data ?? []).flatMap((d) => ('values' in d && Array.isArray(d.values) ? (d.values as Record<string, unknown>[]) : []));
}

/** Width and height attributes of an SVG's root element. */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('no width/height on the <svg> element');
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** The texts of all <text> elements in an SVG. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

/** A w×h RGB image whose pixel (x, y) is (x·16, y·16, 200): distinct values to check round trips. */
export function gradientPixels(w: number, h: number): Uint8Array {
  const px = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px.set([(x * 16) % 256, (y * 16) % 256, 200], (y * w + x) * 3);
  return px;
}
