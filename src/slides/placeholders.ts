import { UserError } from '../runtime/errors';

/**
 * Placeholders in the deck: `{{results.a.b | pct}}` is the value at a.b in results.json, formatted by a filter.
 * Numbers on slides are never typed by hand; a missing key fails the build, naming it.
 */
export const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.]*)\s*(?:\|\s*([a-z][\w]*)\s*)?\}\}/g;

/** How a value is printed: fractions as percentages, fixed decimals, whole numbers with separators. */
export const FILTERS: Record<string, (v: unknown) => string> = {
  /** 0.9342 → "93.4%" */
  pct: (v) => `${(num(v) * 100).toFixed(1)}%`,
  /** 0.9342 → "93%" */
  pct0: (v) => `${(num(v) * 100).toFixed(0)}%`,
  fixed0: (v) => num(v).toFixed(0),
  fixed1: (v) => num(v).toFixed(1),
  fixed2: (v) => num(v).toFixed(2),
  fixed3: (v) => num(v).toFixed(3),
  /** 12345.6 → "12,346" */
  int: (v) => Math.round(num(v)).toLocaleString('en-US'),
  /** 3 significant digits: 0.012345 → "0.0123" (the default for non-integers). */
  sig3: (v) => String(Number(num(v).toPrecision(3))),
  /** Text as it is (the default for strings). */
  text: (v) => String(v),
};

/** One placeholder found in a deck. */
export interface Placeholder {
  /** The whole `{{…}}` text. */
  raw: string;
  /** Dotted path after the namespace, e.g. "zeroShot.heldout.top1". */
  key: string;
  filter: string | undefined;
  /** 1-based line in the deck, for error messages. */
  line: number;
}

function num(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`expected a finite number, got ${JSON.stringify(v)}`);
  return v;
}

/** Every placeholder of a deck, in order; the namespace must be `results.`. */
export function findPlaceholders(markdown: string, deckName = 'the deck'): Placeholder[] {
  const out: Placeholder[] = [];
  for (const m of markdown.matchAll(PLACEHOLDER)) {
    const line = markdown.slice(0, m.index).split('\n').length;
    const [ns, ...rest] = m[1].split('.');
    if (ns !== 'results' || rest.length === 0) {
      throw new UserError(`${deckName} line ${line} has the placeholder ${m[0]}; placeholders must read {{results.<key> | filter}}.`);
    }
    if (m[2] !== undefined && !(m[2] in FILTERS)) {
      throw new UserError(`${deckName} line ${line} uses the unknown filter "${m[2]}"; use one of ${Object.keys(FILTERS).join(', ')}.`);
    }
    out.push({ raw: m[0], key: rest.join('.'), filter: m[2], line });
  }
  return out;
}

/** The value at a dotted path ("a.b.0.c"), or undefined when any step is missing. */
export function lookup(obj: unknown, key: string): unknown {
  let cur: unknown = obj;
  for (const part of key.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(part in (cur as object))) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/**
 * Replaces every `{{results.key | filter}}` with the formatted value from `results`.
 * Throws a UserError naming the first missing key (and its line), or a value the filter cannot format.
 */
export function fillPlaceholders(markdown: string, results: unknown, names = { deck: 'the deck', results: 'results.json' }): string {
  const places = findPlaceholders(markdown, names.deck);
  const values = new Map<string, string>();
  for (const p of places) {
    const value = lookup(results, p.key);
    if (value === undefined || value === null) {
      throw new UserError(`${names.deck} line ${p.line} needs results.${p.key}, which ${names.results} does not have; run \`clip-workshop charts\` to regenerate it.`);
    }
    if (typeof value === 'object') {
      throw new UserError(`${names.deck} line ${p.line}: results.${p.key} in ${names.results} is an object, not a number or text; name one of its fields (${Object.keys(value).join(', ')}).`);
    }
    const filter = p.filter ?? (typeof value !== 'number' ? 'text' : Number.isInteger(value) ? 'int' : 'sig3');
    try {
      values.set(p.raw, FILTERS[filter](value));
    } catch (err) {
      throw new UserError(`${names.deck} line ${p.line}: results.${p.key} cannot be shown with "${filter}" (${(err as Error).message}).`);
    }
  }
  return markdown.replace(PLACEHOLDER, (raw) => values.get(raw) ?? raw);
}
