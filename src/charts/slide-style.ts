/**
 * Text size of every chart drawn for the slides, in the chart's own pixels. The deck shows each chart at
 * about its own size on a 1280×720 slide, so its text stays at 18 px or more when projected (the slide-fit
 * test measures it). Notebook charts keep the builders' smaller defaults.
 */
export const SLIDE_FONT_SIZE = 20;

/** The spec with its legend under the plot, names never cut short: a slide is wider than it is tall, the legend would take half of a split slide. */
export function legendBelow<S extends object>(spec: S): S {
  const config = (spec as { config?: Record<string, any> }).config ?? {};
  return { ...spec, config: { ...config, legend: { ...config.legend, orient: 'bottom', direction: 'vertical', labelLimit: 0 } } };
}
