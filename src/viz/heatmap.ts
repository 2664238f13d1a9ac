import { ChartOptions, ChartSpec, VEGA_LITE_SCHEMA, fontConfig, requireFinite, requireSameLength, titlePart } from './common';

export interface HeatmapOptions extends Omit<ChartOptions, 'width' | 'height'> {
  /** Row names, top to bottom (they may repeat: rows are placed by index). */
  rows: string[];
  /** Column names, left to right. */
  cols: string[];
  /** values[r][c]: similarity, probability or count. */
  values: number[][];
  /** Write the row names beside the rows; default true (false when row images say enough). */
  rowNames?: boolean;
  /** Axis titles, e.g. "image" and "text", or "true class" and "predicted". */
  rowTitle?: string;
  colTitle?: string;
  /** One PNG data URL per row / column, drawn beside the axis instead of the names. */
  rowImages?: string[];
  colImages?: string[];
  /** Vega colour scheme; default "blues", or "redblue" when `diverging`. */
  scheme?: string;
  /**
   * Signed values (cosine similarity): a diverging scale whose middle colour is 0 (or `domainMid`), so that a
   * negative value never looks like a small positive one.
   */
  diverging?: boolean;
  /** The value drawn in the middle colour of a diverging scale; default 0. */
  domainMid?: number;
  /** Fixed colour range, e.g. [-1, 1] for cosine similarity. */
  domain?: [number, number];
  /** d3-format of the cell text; default "d" for integers (counts), else ".2f". */
  format?: string;
  /** Side of a cell in pixels; default fits about 400 px. */
  cellSize?: number;
  /** Write each value in its cell; default when cells are at least 22 px. */
  showValues?: boolean;
  /** Outline the diagonal (the matching pairs of a similarity matrix, the correct class of a confusion matrix). */
  diagonal?: boolean;
}

/** A Vega expression mapping an index to its name, for axis labels of index-placed rows. */
function nameOf(names: string[]): string {
  return `${JSON.stringify(names)}[datum.value]`;
}

/** A layer drawing `images` beside one axis: at fixed pixels across, at the band of each index along. */
function imageLayer(images: string[], axis: 'r' | 'c', size: number): object {
  const across = { value: -size / 2 - 4 };
  const along = { field: axis, type: 'ordinal' };
  return {
    data: { values: images.map((url, i) => ({ [axis]: i, url })) },
    // aria off: the label would repeat the whole data URL inside the SVG.
    mark: { type: 'image', width: size - 2, height: size - 2, aria: false },
    encoding: axis === 'r' ? { y: along, x: across, url: { field: 'url', type: 'nominal' } } : { x: along, y: across, url: { field: 'url', type: 'nominal' } },
  };
}

/**
 * A matrix of labelled cells coloured by value, with the values written in the cells:
 * the batch similarity matrix (optionally with image thumbnails on an axis) or a confusion matrix.
 */
export function heatmap(opts: HeatmapOptions): ChartSpec {
  const { rows, cols, values } = opts;
  requireSameLength(rows, values, 'heatmap needs one row of values per row name');
  values.forEach((row, r) => {
    requireSameLength(cols, row, `heatmap row ${r} ("${rows[r]}") needs one value per column name`);
    row.forEach((v, c) => requireFinite(v, `heatmap value [${r}][${c}]`));
  });
  if (opts.rowImages) requireSameLength(rows, opts.rowImages, 'heatmap needs one row image per row');
  if (opts.colImages) requireSameLength(cols, opts.colImages, 'heatmap needs one column image per column');

  const flat = values.flat();
  const lo = opts.domain?.[0] ?? Math.min(...flat);
  const hi = opts.domain?.[1] ?? Math.max(...flat);
  const format = opts.format ?? (flat.every(Number.isInteger) ? 'd' : '.2f');
  const cell = opts.cellSize ?? Math.max(12, Math.min(44, Math.floor(400 / Math.max(rows.length, cols.length, 1))));
  const showValues = opts.showValues ?? cell >= 22;
  const mid = opts.domainMid ?? 0;
  // Light text where the colour is dark: the high end of a one-hue scale, both ends of a diverging one.
  const darkCell = opts.diverging ? `abs(datum.value - ${mid}) > ${Math.max(hi - mid, mid - lo) / 2}` : `datum.value > ${(lo + hi) / 2}`;
  const labelLimit = Math.round(160 * Math.max(1, (opts.fontSize ?? 11) / 11));
  const data = values.flatMap((row, r) => row.map((value, c) => ({ r, c, row: rows[r], col: cols[c], value })));

  const layer: object[] = [
    {
      mark: { type: 'rect' },
      encoding: {
        color: {
          field: 'value',
          type: 'quantitative',
          title: null,
          scale: {
            scheme: opts.scheme ?? (opts.diverging ? 'redblue' : 'blues'),
            ...(opts.domain ? { domain: opts.domain } : {}),
            ...(opts.diverging ? { domainMid: mid } : {}),
          },
        },
        tooltip: [
          { field: 'row', type: 'nominal', title: opts.rowTitle ?? 'row' },
          { field: 'col', type: 'nominal', title: opts.colTitle ?? 'column' },
          { field: 'value', type: 'quantitative', format },
        ],
      },
    },
  ];
  if (showValues) {
    layer.push({
      mark: { type: 'text', fontSize: opts.fontSize ?? Math.min(11, Math.round(cell / 2.6)) },
      encoding: {
        text: { field: 'value', type: 'quantitative', format },
        // Light text on the dark half of the colour scale.
        color: { condition: { test: darkCell, value: 'white' }, value: 'black' },
      },
    });
  }
  if (opts.diagonal) {
    layer.push({
      mark: { type: 'rect', fill: null, stroke: 'black', strokeWidth: 1.5 },
      transform: [{ filter: 'datum.r === datum.c' }],
    });
  }
  if (opts.rowImages) layer.push(imageLayer(opts.rowImages, 'r', cell));
  if (opts.colImages) layer.push(imageLayer(opts.colImages, 'c', cell));

  return {
    $schema: VEGA_LITE_SCHEMA,
    ...titlePart(opts.title),
    data: { values: data },
    width: { step: cell },
    height: { step: cell },
    encoding: {
      x: {
        field: 'c',
        type: 'ordinal',
        title: opts.colTitle ?? null,
        // Slanted names only when they are longer than a cell is wide.
        axis: { labelExpr: nameOf(cols), labelLimit, ...(cols.some((c) => c.length * (opts.fontSize ? opts.fontSize * 0.55 : 6) > cell) ? { labelAngle: -45, labelAlign: 'right' } : { labelAngle: 0 }) },
      },
      y: {
        field: 'r',
        type: 'ordinal',
        title: opts.rowTitle ?? null,
        // Row images take the left side, so the names move to the right.
        axis: opts.rowNames === false ? { labels: false, ticks: false, ...(opts.rowImages ? { orient: 'right' } : {}) } : { labelExpr: nameOf(rows), labelLimit, ...(opts.rowImages ? { orient: 'right' } : {}) },
      },
    },
    layer,
    ...fontConfig(opts.fontSize),
  } as ChartSpec;
}
