/** Charts: pure Vega-Lite 5 spec builders, headless SVG/PNG rendering, and notebook display. */
export type { ChartSpec, ChartOptions } from './common';
export { VEGA_LITE_SCHEMA, COLORS } from './common';
export * from './lineChart';
export * from './probabilityBars';
export * from './heatmap';
export * from './imageGrid';
export * from './barChart';
export * from './groupedBars';
export * from './pngDataUrl';
export * from './thumbnails';
export * from './render';
export { textWidth } from './textWidth';
export * from './kernel';
export * from './show';
export * from './live';
