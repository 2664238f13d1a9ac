import { ChartOptions, ChartSpec, VEGA_LITE_SCHEMA, fontConfig, titlePart } from './common';

/** One tile of an image grid. */
export interface ImageGridItem {
  /** A PNG data URL (see {@link pngDataUrl}). */
  image: string;
  /** Text under the image; "\n" starts a second line. */
  caption: string;
  /** Caption colour, e.g. green for a correct prediction and red for a wrong one. */
  color?: string;
}

export interface ImageGridOptions extends Omit<ChartOptions, 'width' | 'height'> {
  /** Tiles per row; default 8. */
  columns?: number;
  /** Side of each image in pixels; default 64. */
  imageSize?: number;
  /** Sharp pixels when small images are scaled up (CIFAR, 32 px emoji); default true. */
  pixelated?: boolean;
  /** Lines of caption room under each image; default 1, or 2 when a caption has "\n". */
  captionLines?: number;
  /** Width of a tile (image and caption) in pixels; longer captions end in "…". Default max(imageSize + 16, 96). */
  tileWidth?: number;
}

/**
 * Images in a grid with a caption under each. Tiles are placed by index (row = i / columns),
 * so captions may repeat.
 */
export function imageGrid(items: ImageGridItem[], opts: ImageGridOptions = {}): ChartSpec {
  const columns = Math.max(1, Math.min(opts.columns ?? 8, items.length || 1));
  const size = opts.imageSize ?? 64;
  const lines = opts.captionLines ?? (items.some((it) => it.caption.includes('\n')) ? 2 : 1);
  const fontSize = opts.fontSize ?? 10;
  const captionHeight = Math.round(fontSize * 1.3) * lines + 6;
  const values = items.map((it, i) => ({
    i,
    col: i % columns,
    row: Math.floor(i / columns),
    image: it.image,
    caption: it.caption,
    color: it.color ?? 'black',
  }));
  const rows = Math.ceil(items.length / columns);
  const tileWidth = opts.tileWidth ?? Math.max(size + 16, 96);
  const tileHeight = size + captionHeight + 6;
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...titlePart(opts.title),
    data: { values },
    width: columns * tileWidth,
    height: Math.max(1, rows) * tileHeight,
    encoding: {
      x: { field: 'col', type: 'ordinal', axis: null, scale: { domain: [...Array(columns).keys()] } },
      y: { field: 'row', type: 'ordinal', axis: null, scale: { domain: [...Array(Math.max(1, rows)).keys()] } },
    },
    layer: [
      {
        // aria off: the label would repeat the whole data URL inside the SVG.
        mark: { type: 'image', width: size, height: size, yOffset: -captionHeight / 2, smooth: !(opts.pixelated ?? true), aria: false },
        encoding: { url: { field: 'image', type: 'nominal' } },
      },
      {
        mark: { type: 'text', baseline: 'top', yOffset: size / 2 - captionHeight / 2 + 3, fontSize, ...(opts.fontSize ? { lineHeight: Math.round(fontSize * 1.3) } : {}), limit: tileWidth - 2, lineBreak: '\n' },
        encoding: { text: { field: 'caption' }, color: { field: 'color', type: 'nominal', scale: null } },
      },
    ],
    config: { ...fontConfig(opts.fontSize).config, view: { stroke: null } },
  };
}
