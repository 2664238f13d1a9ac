import { COLORS, ChartOptions, ChartSpec, VEGA_LITE_SCHEMA, fontConfig, requireFinite, titlePart } from './common';

/** One bar: a label and its value. */
export interface BarItem {
  label: string;
  value: number;
  /** Draw this bar in the highlight colour (the chosen method, the best variant). */
  highlight?: boolean;
}

export interface BarChartOptions extends ChartOptions {
  /** Title of the value axis; default "value". */
  valueTitle?: string;
  /** Bars across (labels on the y axis), better for long labels such as prompts; default false. */
  horizontal?: boolean;
  /** d3-format of the value text, e.g. ".1%" for accuracy; default ".3~g". */
  format?: string;
  /** Fixed value range, e.g. [0, 1] for accuracy. */
  domain?: [number, number];
}

/** Bars comparing single values (prompt variants, methods), each bar labelled with its value. */
export function barChart(items: BarItem[], opts: BarChartOptions = {}): ChartSpec {
  items.forEach((it) => requireFinite(it.value, `The value of "${it.label}"`));
  const format = opts.format ?? '.3~g';
  const values = items.map((it, i) => ({ i, label: it.label, value: it.value, highlight: Boolean(it.highlight) }));
  const labelAxis = { field: 'i', type: 'ordinal' as const, title: null, axis: { labelExpr: `${JSON.stringify(items.map((it) => it.label))}[datum.value]`, labelLimit: Math.round(240 * Math.max(1, (opts.fontSize ?? 11) / 11)) } };
  // Ticks read as whole percents, and at slide font sizes fewer of them, so that labels never touch.
  const axisFormat = format.endsWith('%') ? '.0%' : format;
  const axisWidth = typeof opts.width === 'number' ? opts.width : 360;
  const tickCount = opts.horizontal && opts.fontSize ? Math.max(2, Math.floor(axisWidth / (opts.fontSize * 3.5))) : undefined;
  const valueAxis = {
    field: 'value',
    type: 'quantitative' as const,
    title: opts.valueTitle ?? 'value',
    axis: { format: axisFormat, ...(tickCount ? { tickCount } : {}) },
    ...(opts.domain ? { scale: { domain: opts.domain } } : {}),
  };
  const h = Boolean(opts.horizontal);
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...titlePart(opts.title),
    data: { values },
    width: opts.width ?? (h ? 360 : { step: 40 }),
    height: opts.height ?? (h ? { step: Math.max(22, (opts.fontSize ?? 0) + 12) } : 240),
    encoding: {
      [h ? 'y' : 'x']: labelAxis,
      [h ? 'x' : 'y']: valueAxis,
      tooltip: [{ field: 'label', type: 'nominal' }, { field: 'value', type: 'quantitative', format }],
    },
    layer: [
      { mark: { type: 'bar' }, encoding: { color: { condition: { test: 'datum.highlight', value: COLORS.highlight }, value: COLORS.normal } } },
      {
        mark: { ...(h ? { type: 'text', align: 'left', dx: 3 } : { type: 'text', baseline: 'bottom', dy: -3 }), ...(opts.fontSize ? { fontSize: opts.fontSize } : {}) },
        encoding: { text: { field: 'value', type: 'quantitative', format } },
      },
    ],
    ...fontConfig(opts.fontSize),
  } as ChartSpec;
}
