// The page's state as URL parameters: ?model=…&labels=a|b|c&template=…&image=…, so a link reproduces an example.

/** The parts of the view's state a link carries; missing parts are undefined. */
export interface ViewState {
  model?: string;
  labels?: string[];
  template?: string;
  image?: string;
}

/** Reads the state from a query string. */
export function readState(search: string): ViewState {
  const p = new URLSearchParams(search);
  const labels = p.get('labels');
  return {
    model: p.get('model') ?? undefined,
    labels: labels === null ? undefined : labels.split('|'),
    template: p.get('template') ?? undefined,
    image: p.get('image') ?? undefined,
  };
}

/** Writes the state as a query string (labels joined by "|", empty parts left out); `keep` holds parameters of the page's own (the view). */
export function writeState(state: ViewState, keep: URLSearchParams = new URLSearchParams()): string {
  const p = new URLSearchParams(keep);
  if (state.model) p.set('model', state.model);
  if (state.labels?.length) p.set('labels', state.labels.join('|'));
  if (state.template) p.set('template', state.template);
  if (state.image) p.set('image', state.image);
  // |, {} and / read better unescaped and are safe in a query string.
  return '?' + p.toString().replace(/%7C/g, '|').replace(/%7B%7D/g, '{}').replace(/%2F/g, '/');
}

/** The labels typed, one per line, trimmed, blank lines skipped — as `classify --labels` takes them. */
export function parseLabels(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/** Softmax of logits, stable. */
export function softmax(logits: readonly number[]): number[] {
  const m = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
