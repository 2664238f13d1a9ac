// The page's state as URL parameters: ?model=…&labels=a|b|c&template=…&image=…, so a link reproduces an example.

/** Reads the state from a query string; missing parts stay undefined. */
export function readState(search) {
  const p = new URLSearchParams(search);
  const labels = p.get('labels');
  return {
    model: p.get('model') ?? undefined,
    labels: labels === null ? undefined : labels.split('|'),
    template: p.get('template') ?? undefined,
    image: p.get('image') ?? undefined,
  };
}

/** Writes the state as a query string (labels joined by "|", empty parts left out). */
export function writeState(state) {
  const p = new URLSearchParams();
  if (state.model) p.set('model', state.model);
  if (state.labels?.length) p.set('labels', state.labels.join('|'));
  if (state.template) p.set('template', state.template);
  if (state.image) p.set('image', state.image);
  // |, {} and / read better unescaped and are safe in a query string.
  return '?' + p.toString().replace(/%7C/g, '|').replace(/%7B%7D/g, '{}').replace(/%2F/g, '/');
}

/** The labels typed, one per line, trimmed, blank lines skipped — as `classify --labels` takes them. */
export function parseLabels(text) {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/** A label in its template, as the kit's fillTemplate does: "{}" marks the label; without it the label is appended. */
export function fillTemplate(template, label) {
  if (!template) return label;
  return template.includes('{}') ? template.split('{}').join(label) : `${template} ${label}`;
}

/** Words of `text` missing from a toy model's vocabulary, split and lower-cased as its tokenizer does. */
export function unknownWords(text, vocab, pattern) {
  const words = text.toLowerCase().match(pattern) ?? [];
  return [...new Set(words.filter((w) => !vocab.has(w)))];
}

/** Softmax of logits, stable. */
export function softmax(logits) {
  const m = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
