import { ChartOptions, ChartSpec, VEGA_LITE_SCHEMA, fontConfig, requireFinite, titlePart } from './common';

/** One bar of a grouped chart: which group (x position), which series (colour), its value. */
export interface GroupedBarItem {
  group: string;
  series: string;
  value: number;
}

export interface GroupedBarsOptions extends ChartOptions {
  /** Title of the group axis, e.g. "held-out style". */
  groupTitle?: string;
  /** Title of the value axis; default "value". */
  valueTitle?: string;
  /** d3-format of values; default ".3~g" (".0%" suits accuracy). */
  format?: string;
  /** Fixed value range, e.g. [0, 1] for accuracy. */
  domain?: [number, number];
  /** Angle of the group names in degrees; default 0, or −30 when a name is longer than 8 characters. */
  labelAngle?: number;
  /** Write each value above its bar; default when there are at most 24 bars. */
  showValues?: boolean;
}

/** Side-by-side bars per group, e.g. accuracy of each method (series) per held-out style (group). */
export function groupedBars(items: GroupedBarItem[], opts: GroupedBarsOptions = {}): ChartSpec {
  items.forEach((it) => requireFinite(it.value, `The value of "${it.series}" in "${it.group}"`));
  const format = opts.format ?? '.3~g';
  // Groups and series keep the order of first appearance, not alphabetical order.
  const groups = [...new Set(items.map((it) => it.group))];
  const series = [...new Set(items.map((it) => it.series))];
  const showValues = opts.showValues ?? items.length <= 24;
  const layer: object[] = [{ mark: { type: 'bar' } }];
  if (showValues) {
    layer.push({ mark: { type: 'text', baseline: 'bottom', dy: -2, fontSize: opts.fontSize ?? 9 }, encoding: { text: { field: 'value', type: 'quantitative', format } } });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...titlePart(opts.title),
    data: { values: items.map((it) => ({ ...it })) },
    // A value label needs about two characters' width above its bar.
    width: opts.width ?? { step: Math.max(40, series.length * Math.max(18, (opts.fontSize ?? 0) * 2.2) + 10) },
    height: opts.height ?? 240,
    encoding: {
      x: { field: 'group', type: 'nominal', title: opts.groupTitle ?? null, sort: groups, axis: { labelAngle: opts.labelAngle ?? (groups.some((g) => g.length > 8) ? -30 : 0) } },
      xOffset: { field: 'series', type: 'nominal', sort: series },
      y: { field: 'value', type: 'quantitative', title: opts.valueTitle ?? 'value', axis: { format }, ...(opts.domain ? { scale: { domain: opts.domain } } : {}) },
      color: { field: 'series', type: 'nominal', title: null, sort: series },
      tooltip: [
        { field: 'group', type: 'nominal' },
        { field: 'series', type: 'nominal' },
        { field: 'value', type: 'quantitative', format },
      ],
    },
    layer,
    ...fontConfig(opts.fontSize),
  } as ChartSpec;
}
