import { barChart, groupedBars, heatmap, imageGrid, lineChart, probabilityBars, VEGA_LITE_SCHEMA } from '../../src/viz';
import { UserError } from '../../src/runtime/errors';
import { compiledRows } from './helpers';

const URL_A = 'data:image/png;base64,AAAA';
const URL_B = 'data:image/png;base64,BBBB';

describe('lineChart', () => {
  const series = [
    { name: 'train loss', points: [{ x: 0, y: 2.5 }, { x: 10, y: 1.25 }, { x: 20, y: 0.75 }] },
    { name: 'test loss', points: [{ x: 0, y: 2.6 }, { x: 20, y: 1.1 }] },
  ];

  it('compiles and carries every point of every series', () => {
    const rows = compiledRows(lineChart(series, { title: 'Loss' }));
    for (const s of series) for (const p of s.points) expect(rows).toContainEqual(expect.objectContaining({ series: s.name, x: p.x, y: p.y }));
    expect(rows).toHaveLength(5);
  });

  it('uses the given titles and a colour legend per series', () => {
    const spec = lineChart(series, { title: 'Loss', xTitle: 'epoch', yTitle: 'cross-entropy' }) as any;
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(spec.title).toBe('Loss');
    expect(spec.encoding.x.title).toBe('epoch');
    expect(spec.encoding.y.title).toBe('cross-entropy');
    expect(spec.encoding.color.sort).toEqual(['train loss', 'test loss']);
  });

  it('gives each series its own y scale when separate', () => {
    const spec = lineChart(series, { separate: true }) as any;
    expect(spec.resolve.scale.y).toBe('independent');
    expect(compiledRows(spec)).toHaveLength(5);
  });

  it('turns a diverged (NaN) loss into null instead of breaking the JSON', () => {
    const spec = lineChart([{ name: 'loss', points: [{ x: 0, y: 1 }, { x: 1, y: NaN }] }]);
    const rows = compiledRows(spec);
    expect(rows[1]).toMatchObject({ x: 1, y: null });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });
});

describe('probabilityBars', () => {
  const labels = ['an oven', 'a university', 'a cat'];
  const probs = [0.05, 0.15, 0.8];

  it('compiles and carries each label with its probability and percentage', () => {
    const rows = compiledRows(probabilityBars(labels, probs));
    labels.forEach((label, i) => expect(rows).toContainEqual(expect.objectContaining({ label, p: probs[i], text: `${(probs[i] * 100).toFixed(1)}%` })));
  });

  it('marks exactly the most probable label as the winner and sorts it first', () => {
    const spec = probabilityBars(labels, probs) as any;
    const rows = spec.data.values;
    expect(rows.filter((r: any) => r.winner).map((r: any) => r.label)).toEqual(['a cat']);
    expect(rows.map((r: any) => r.label)).toEqual(['a cat', 'a university', 'an oven']);
    expect(spec.encoding.y.axis.labelFontWeight.condition.test).toContain('"a cat"');
  });

  it('keeps the given order when sort is false and keeps only the top ones', () => {
    expect((probabilityBars(labels, probs, { sort: false }) as any).data.values.map((r: any) => r.label)).toEqual(labels);
    expect((probabilityBars(labels, probs, { top: 2 }) as any).data.values.map((r: any) => r.label)).toEqual(['a cat', 'a university']);
  });

  it('refuses mismatched, repeated or non-finite input with one sentence', () => {
    expect(() => probabilityBars(labels, [0.5, 0.5])).toThrow(UserError);
    expect(() => probabilityBars(labels, [0.5, 0.5])).toThrow(/one probability per label: got 3 and 2/);
    expect(() => probabilityBars(['a', 'a'], [0.5, 0.5])).toThrow(/"a" twice/);
    expect(() => probabilityBars(['a', 'b'], [NaN, 0.5])).toThrow(/finite/);
  });
});

describe('heatmap', () => {
  const rows = ['img 0', 'img 1'];
  const cols = ['a red circle', 'a blue square', 'a green star'];
  const values = [
    [0.9, -0.1, 0.2],
    [0.05, 0.7, 0.3],
  ];

  it('compiles and carries every cell with its row and column names', () => {
    const data = compiledRows(heatmap({ rows, cols, values }));
    values.forEach((row, r) => row.forEach((value, c) => expect(data).toContainEqual(expect.objectContaining({ r, c, row: rows[r], col: cols[c], value }))));
  });

  it('picks an integer format for counts and two decimals for similarities', () => {
    const textFormat = (spec: any) => spec.layer.find((l: any) => l.mark.type === 'text')?.encoding.text.format;
    expect(textFormat(heatmap({ rows: ['a', 'b'], cols: ['a', 'b'], values: [[3, 1], [0, 4]] }))).toBe('d');
    expect(textFormat(heatmap({ rows, cols, values }))).toBe('.2f');
  });

  it('puts row and column images on the axes as image layers carrying their data URLs', () => {
    const spec = heatmap({ rows, cols: ['x', 'y'], values: [[1, 0], [0, 1]], rowImages: [URL_A, URL_B], colImages: [URL_B, URL_A], diagonal: true });
    const data = compiledRows(spec);
    expect(data).toContainEqual({ r: 0, url: URL_A });
    expect(data).toContainEqual({ r: 1, url: URL_B });
    expect(data).toContainEqual({ c: 0, url: URL_B });
    expect((spec as any).layer.filter((l: any) => l.mark.type === 'image')).toHaveLength(2);
  });

  it('refuses ragged or mismatched matrices', () => {
    expect(() => heatmap({ rows, cols, values: [[1, 2, 3]] })).toThrow(/one row of values per row name/);
    expect(() => heatmap({ rows, cols, values: [[1, 2, 3], [1, 2]] })).toThrow(/row 1 \("img 1"\)/);
    expect(() => heatmap({ rows, cols, values, rowImages: [URL_A] })).toThrow(/one row image per row/);
  });
});

describe('imageGrid', () => {
  const items = [
    { image: URL_A, caption: 'red circle' },
    { image: URL_B, caption: 'red circle', color: 'red' },
    { image: URL_A, caption: 'two\nlines' },
  ];

  it('compiles and carries every image and caption, placed row by row', () => {
    const data = compiledRows(imageGrid(items, { columns: 2 }));
    expect(data).toContainEqual(expect.objectContaining({ i: 0, col: 0, row: 0, image: URL_A, caption: 'red circle' }));
    expect(data).toContainEqual(expect.objectContaining({ i: 1, col: 1, row: 0, image: URL_B, color: 'red' }));
    expect(data).toContainEqual(expect.objectContaining({ i: 2, col: 0, row: 1, caption: 'two\nlines' }));
  });

  it('sizes the grid from columns, image size and tile width', () => {
    const spec = imageGrid(items, { columns: 2, imageSize: 40, tileWidth: 50 }) as any;
    expect(spec.width).toBe(100);
    expect(spec.layer[0].mark).toMatchObject({ type: 'image', width: 40, height: 40 });
  });
});

describe('barChart and groupedBars', () => {
  it('barChart compiles and carries each label and value, highlighting the chosen bar', () => {
    const items = [{ label: 'a photo of a {}', value: 0.61 }, { label: '{}', value: 0.52, highlight: true }];
    for (const horizontal of [false, true]) {
      const data = compiledRows(barChart(items, { horizontal, title: 'Prompts' }));
      expect(data).toContainEqual(expect.objectContaining({ label: 'a photo of a {}', value: 0.61, highlight: false }));
      expect(data).toContainEqual(expect.objectContaining({ label: '{}', value: 0.52, highlight: true }));
    }
  });

  it('groupedBars compiles, carries each bar and keeps the order of first appearance', () => {
    const items = [
      { group: 'twemoji', series: 'CLIP', value: 0.7 },
      { group: 'twemoji', series: 'classifier', value: 0.4 },
      { group: 'openmoji', series: 'CLIP', value: 0.6 },
      { group: 'openmoji', series: 'classifier', value: 0.3 },
    ];
    const spec = groupedBars(items, { domain: [0, 1], format: '.0%' }) as any;
    const data = compiledRows(spec);
    for (const it of items) expect(data).toContainEqual(expect.objectContaining(it));
    expect(spec.encoding.x.sort).toEqual(['twemoji', 'openmoji']);
    expect(spec.encoding.color.sort).toEqual(['CLIP', 'classifier']);
  });

  it('refuses non-finite values', () => {
    expect(() => barChart([{ label: 'x', value: Infinity }])).toThrow(/"x" is Infinity/);
    expect(() => groupedBars([{ group: 'g', series: 's', value: NaN }])).toThrow(/finite/);
  });
});
