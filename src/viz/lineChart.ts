import { ChartOptions, ChartSpec, VEGA_LITE_SCHEMA, fontConfig, titlePart } from './common';

/** One line: a name for the legend and its (x, y) points, e.g. loss per step. */
export interface LineSeries {
  name: string;
  points: { x: number; y: number }[];
}

export interface LineChartOptions extends ChartOptions {
  /** x axis title; default "step". */
  xTitle?: string;
  /** y axis title; default "value". */
  yTitle?: string;
  /** One panel per series, each with its own y scale (loss and temperature differ by 100×). */
  separate?: boolean;
  /** Log-scaled y (loss curves). */
  logY?: boolean;
  /** Fixed y range, e.g. [0, 1] for accuracy. */
  yDomain?: [number, number];
  /** Draw a dot at each point; default when every series has at most 60 points. */
  points?: boolean;
}

/**
 * Lines over steps (loss / accuracy / temperature), one colour per series with a legend.
 * Non-finite y values (a diverged loss) become null, which Vega-Lite leaves out of the line.
 */
export function lineChart(series: LineSeries[], opts: LineChartOptions = {}): ChartSpec {
  const values = series.flatMap((s) =>
    s.points.map((p) => ({ series: s.name, x: p.x, y: Number.isFinite(p.y) ? p.y : null })),
  );
  const points = opts.points ?? series.every((s) => s.points.length <= 60);
  const yScale = { ...(opts.logY ? { type: 'log' as const } : {}), ...(opts.yDomain ? { domain: opts.yDomain } : { zero: false }) };
  const names = series.map((s) => s.name);
  const encoding = {
    x: { field: 'x', type: 'quantitative' as const, title: opts.xTitle ?? 'step' },
    y: { field: 'y', type: 'quantitative' as const, title: opts.yTitle ?? 'value', scale: yScale },
    color: {
      field: 'series',
      type: 'nominal' as const,
      title: null,
      sort: names,
      // A single series needs no legend.
      ...(series.length <= 1 ? { legend: null } : {}),
    },
    tooltip: [
      { field: 'series', type: 'nominal' as const },
      { field: 'x', type: 'quantitative' as const, title: opts.xTitle ?? 'step' },
      { field: 'y', type: 'quantitative' as const, title: opts.yTitle ?? 'value', format: '.4~g' },
    ],
  };
  const mark = { type: 'line' as const, point: points, strokeWidth: 2 };
  const width = opts.width ?? 420;
  if (opts.separate) {
    return {
      $schema: VEGA_LITE_SCHEMA,
      ...titlePart(opts.title),
      data: { values },
      facet: { row: { field: 'series', type: 'nominal', title: null, sort: names } },
      spec: { width, height: opts.height ?? 140, mark, encoding: { ...encoding, y: { ...encoding.y, title: null } } },
      resolve: { scale: { y: 'independent' } },
      ...fontConfig(opts.fontSize),
    };
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...titlePart(opts.title),
    data: { values },
    width,
    height: opts.height ?? 260,
    mark,
    encoding,
    ...fontConfig(opts.fontSize),
  };
}
