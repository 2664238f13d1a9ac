import * as vega from 'vega';
import { SANS_WIDTHS_BOLD, SANS_WIDTHS_NORMAL } from './fontWidths';

/** The part of a Vega text item that decides its width. */
interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
}

/** Vega's text measurement hook (vega-scenegraph's `textMetrics`; not in vega's typings). */
interface TextMetrics {
  width: (item: TextItem, text: unknown) => number;
  estimateWidth: (item: TextItem, text: unknown) => number;
}

/**
 * Width in pixels of one line of sans-serif text: per-character widths for ASCII, 0.62 em for other
 * letters and 1 em for wide scripts and emoji (from U+2E80).
 */
export function textWidth(text: string, fontSize = 11, bold = false): number {
  const table = bold ? SANS_WIDTHS_BOLD : SANS_WIDTHS_NORMAL;
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    em += c >= 32 && c < 127 ? table[c - 32] : c >= 0x2e80 ? 1 : 0.62;
  }
  return em * fontSize;
}

function isBold(weight: string | number | undefined): boolean {
  return weight === 'bold' || weight === 'bolder' || (Number(weight) >= 600);
}

/**
 * Makes headless Vega measure text with {@link textWidth}. Without a canvas Vega guesses 0.8 em per
 * character, about a third too wide: captions got cut short and axis titles drifted away from
 * their axes. A canvas (in a browser) keeps its own exact measurement.
 */
export function useMeasuredTextWidths(): void {
  const metrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;
  if (metrics.width !== metrics.estimateWidth) return;
  metrics.width = (item, text) => {
    const s = text == null ? '' : String(text).trim();
    return textWidth(s, item.fontSize != null ? Number(item.fontSize) || 0 : 11, isBold(item.fontWeight));
  };
}
