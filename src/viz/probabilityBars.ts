import { COLORS, ChartOptions, ChartSpec, VEGA_LITE_SCHEMA, percent, requireFinite, requireSameLength, requireUnique, titlePart } from './common';

export interface ProbabilityBarsOptions extends ChartOptions {
  /** x axis title; default "probability". */
  xTitle?: string;
  /** Largest first (default) or in the order given. */
  sort?: boolean;
  /** Show only the `top` most probable labels. */
  top?: number;
}

/**
 * Horizontal bars of label probabilities; the winner (highest probability) is coloured and bold,
 * every bar carries its percentage.
 */
export function probabilityBars(labels: string[], probs: number[], opts: ProbabilityBarsOptions = {}): ChartSpec {
  requireSameLength(labels, probs, 'probabilityBars needs one probability per label');
  requireUnique(labels, 'The label list');
  probs.forEach((p, i) => requireFinite(p, `The probability of "${labels[i]}"`));
  const winner = probs.indexOf(Math.max(...probs));
  let rows = labels.map((label, i) => ({ label, p: probs[i], text: percent(probs[i]), winner: i === winner }));
  if (opts.sort ?? true) rows = [...rows].sort((a, b) => b.p - a.p);
  if (opts.top !== undefined) rows = rows.slice(0, opts.top);
  const maxP = Math.max(1, ...probs);
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...titlePart(opts.title),
    data: { values: rows },
    width: opts.width ?? 360,
    height: opts.height ?? Math.max(60, rows.length * 22),
    encoding: {
      y: {
        field: 'label',
        type: 'nominal',
        title: null,
        sort: rows.map((r) => r.label),
        axis: { labelFontWeight: { condition: { test: `datum.value === ${JSON.stringify(labels[winner])}`, value: 'bold' }, value: 'normal' } },
      },
      x: { field: 'p', type: 'quantitative', title: opts.xTitle ?? 'probability', scale: { domain: [0, maxP] }, axis: { format: '.0%' } },
      tooltip: [
        { field: 'label', type: 'nominal' },
        { field: 'p', type: 'quantitative', title: 'probability', format: '.2%' },
      ],
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          color: { condition: { test: 'datum.winner', value: COLORS.highlight }, value: COLORS.normal },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4 },
        encoding: {
          text: { field: 'text' },
          // The winner's percentage is bold; fontWeight is a mark property, so two text layers.
        },
        transform: [{ filter: '!datum.winner' }],
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontWeight: 'bold', color: COLORS.highlight },
        encoding: { text: { field: 'text' } },
        transform: [{ filter: 'datum.winner' }],
      },
    ],
  };
}
