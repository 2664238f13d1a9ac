import type { TopLevelSpec } from 'vega-lite';
import { UserError } from '../runtime/errors';

/** A Vega-Lite 5 top-level spec: what every builder returns and every renderer takes. */
export type ChartSpec = TopLevelSpec;

/** The schema URL front ends use to pick the renderer (the notebook MIME type says v5 too). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Options every chart builder accepts. */
export interface ChartOptions {
  /** Chart title (also the text/plain of a notebook display). */
  title?: string;
  /** Plot width in pixels (the builder picks one when omitted). */
  width?: number;
  /** Plot height in pixels (the builder picks one when omitted). */
  height?: number;
  /** Size in pixels of every text of the chart (labels, titles, values); default Vega-Lite's 10–13 px. Slides use a larger one. */
  fontSize?: number;
}

/** `{ config }` setting every axis, legend, header and title text to `fontSize`, or nothing when it is not given. */
export function fontConfig(fontSize: number | undefined): { config?: Record<string, unknown> } {
  if (!fontSize) return {};
  const axis = { labelFontSize: fontSize, titleFontSize: fontSize };
  return {
    config: {
      axis,
      legend: { labelFontSize: fontSize, titleFontSize: fontSize, symbolSize: fontSize * 6 },
      header: { labelFontSize: fontSize, titleFontSize: fontSize },
      title: { fontSize: Math.round(fontSize * 1.1) },
      text: { fontSize },
    },
  };
}

/** Colours shared by the builders: the highlighted item (winner, correct) and the rest. */
export const COLORS = { highlight: '#e45756', normal: '#9ecae9', good: '#2e7d32', bad: '#c62828' } as const;

/** `{ title }` when a title is given, else nothing (an empty title would still take space). */
export function titlePart(title: string | undefined): { title?: string } {
  return title ? { title } : {};
}

/** Throws a UserError when `value` is not a finite number; `what` names it in the message. */
export function requireFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) throw new UserError(`${what} is ${value}; pass a finite number.`);
}

/** Throws a UserError when two lists that must pair up have different lengths. */
export function requireSameLength(a: readonly unknown[], b: readonly unknown[], what: string): void {
  if (a.length !== b.length) {
    throw new UserError(`${what}: got ${a.length} and ${b.length} items; pass lists of the same length.`);
  }
}

/** Throws a UserError when a list has repeated entries (they would merge into one bar or row). */
export function requireUnique(items: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item)) throw new UserError(`${what} has "${item}" twice; pass distinct names.`);
    seen.add(item);
  }
}

/** Percent text such as "87.3%" for a probability in [0, 1]. */
export function percent(p: number, digits = 1): string {
  return `${(p * 100).toFixed(digits)}%`;
}
