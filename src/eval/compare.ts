/**
 * Sentences about the kit's results, built from the results themselves. Every comparison goes through one
 * rule, `compareAccuracies`: two accuracies are "the same within noise" unless their difference exceeds the
 * larger of the seed-to-seed spread (where it was measured) and a 95 % interval for the number of images.
 */

/** An accuracy to compare: a name for the sentence, top-1 as a fraction, and the images it was measured on. */
export interface Scored {
  label: string;
  top1: number;
  /** Images evaluated; Infinity for a fixed reference such as chance. */
  n: number;
}

/** What the rule decided, and on what grounds. */
export interface Comparison {
  a: Scored;
  b: Scored;
  /** a.top1 − b.top1. */
  diff: number;
  /** The difference the rule requires: the larger of the spread and the 95 % interval. */
  margin: number;
  /** Which of the two set the margin. */
  basis: 'seed spread' | 'interval';
  /** 'higher': a above b beyond noise; 'lower': below; 'same': within noise. */
  verdict: 'higher' | 'lower' | 'same';
}

/** z of a two-sided 95 % interval. */
const Z95 = 1.96;

/**
 * Half-width of a 95 % interval for the difference of two accuracies measured on `a.n` and `b.n` images
 * (normal approximation of two binomial proportions; a fixed reference with n = Infinity adds nothing).
 */
export function interval95(a: Scored, b: Scored): number {
  const v = (s: Scored) => (Number.isFinite(s.n) && s.n > 0 ? (s.top1 * (1 - s.top1)) / s.n : 0);
  // A proportion of 0 or 1 has no binomial variance; half an image keeps the interval honest for small n.
  const floor = (s: Scored) => (Number.isFinite(s.n) && s.n > 0 ? 0.25 / (s.n * s.n) : 0);
  return Z95 * Math.sqrt(v(a) + v(b) + floor(a) + floor(b));
}

/** The kit's one comparison rule: a beats b only when the difference exceeds both the spread and the interval. */
export function compareAccuracies(a: Scored, b: Scored, spread = 0): Comparison {
  const interval = interval95(a, b);
  const margin = Math.max(spread, interval);
  const basis = spread > interval ? 'seed spread' : 'interval';
  const diff = a.top1 - b.top1;
  // A hair of tolerance so that figures rounded to 4 decimals do not decide a verdict.
  const verdict = Math.abs(diff) > margin + 1e-9 ? (diff > 0 ? 'higher' : 'lower') : 'same';
  return { a, b, diff, margin, basis, verdict };
}

/** 0.5833 → "58.3 %". */
export const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
/** 0.037 → "3.7 points". */
export const points = (x: number) => `${(Math.abs(x) * 100).toFixed(1)} points`;

/** Images as the sentence names them: "108 images", or "108 and 559 images". */
function imagesOf(c: Comparison): string {
  const ns = [...new Set([c.a.n, c.b.n].filter((n) => Number.isFinite(n)))];
  return ns.length ? `${ns.map((n) => n.toLocaleString('en-US')).join(' and ')} images` : 'these images';
}

/** The short clause that says why: "within the 13.3 points of a 95 % interval for 108 images". */
export function noiseClause(c: Comparison): string {
  const why = c.basis === 'seed spread' ? `the ${points(c.margin)} that training seeds differ by` : `the ${points(c.margin)} of a 95 % interval for ${imagesOf(c)}`;
  return c.verdict === 'same' ? `a difference of ${points(c.diff)}, within ${why}` : `${points(c.diff)} apart, more than ${why}`;
}

/** One sentence comparing two accuracies: which is higher, or that they are the same within noise, and why. */
export function comparisonSentence(a: Scored, b: Scored, spread = 0): string {
  const c = compareAccuracies(a, b, spread);
  if (c.verdict === 'same') return `${cap(a.label)} (${pct(a.top1)}) and ${b.label} (${pct(b.top1)}) are the same within noise: ${noiseClause(c)}.`;
  const [hi, lo] = c.verdict === 'higher' ? [a, b] : [b, a];
  return `${cap(hi.label)} (${pct(hi.top1)}) scores higher than ${lo.label} (${pct(lo.top1)}): ${noiseClause(c)}.`;
}

/** How a ranking is worded: where it was measured, what the items are, and whether figures are repeated. */
export interface RankingWords {
  /** "on the unseen style (openmoji-color)": opens the sentence. */
  where?: string;
  /** What the items are, for "no … is clearly best" (default "method"). */
  noun?: string;
  /** Names without their figures and a shorter clause, for a slide whose chart shows the figures. */
  brief?: boolean;
}

/**
 * One sentence on which of several accuracies is highest: the top one alone when it beats every other beyond
 * noise, else every one that is the same as the top within noise, then those below it beyond noise.
 */
export function rankingSentence(items: readonly Scored[], spread = 0, words: RankingWords = {}): string {
  if (items.length < 2) throw new Error('rankingSentence needs at least two accuracies to compare.');
  const { where = '', noun = 'method', brief = false } = words;
  const name = (s: Scored) => (brief ? s.label : `${s.label} (${pct(s.top1)})`);
  const ranked = [...items].sort((x, y) => y.top1 - x.top1);
  const top = ranked[0];
  const tied = ranked.slice(1).filter((s) => compareAccuracies(top, s, spread).verdict === 'same');
  const others = ranked.filter((s) => s !== top && !tied.includes(s));
  const at = where ? `${where}, ` : '';
  const clause = (c: Comparison) => (brief ? briefClause(c) : noiseClause(c));
  if (!tied.length) {
    const c = compareAccuracies(top, ranked[1], spread);
    return cap(`${at}${name(top)} scores highest, above ${name(ranked[1])}: ${clause(c)}.`);
  }
  const widest = compareAccuracies(top, tied[tied.length - 1], spread);
  const group = brief && !others.length ? `all ${ranked.length}` : listOf([top, ...tied].map(name));
  const rest = others.length ? ` ${cap(listOf(others.map(name)))} ${others.length > 1 ? 'score' : 'scores'} lower, beyond noise.` : '';
  return `${cap(`${at}${others.length ? '' : `no ${noun} is clearly best: `}${group}`)} are the same within noise (${clause(widest)}).${rest}`;
}

/** The short clause of a slide: "0.9 points apart, under the 4.6 points of a 95 % interval for 300 images". */
function briefClause(c: Comparison): string {
  const why = c.basis === 'seed spread' ? `the ${points(c.margin)} seeds differ by` : `the ${points(c.margin)} of a 95 % interval for ${imagesOf(c)}`;
  return `${points(c.diff)} apart, ${c.verdict === 'same' ? 'under' : 'over'} ${why}`;
}

/** How an accuracy moved from one group of images to another (say, seen style → unseen style), noise-aware. */
export function changeSentence(label: string, from: Scored, to: Scored): string {
  const c = compareAccuracies(to, from);
  const move = c.verdict === 'same' ? 'stays the same within noise' : c.verdict === 'lower' ? 'drops' : 'rises';
  return `${cap(label)} ${move} from ${pct(from.top1)} (${from.label}) to ${pct(to.top1)} (${to.label}): ${noiseClause(c)}.`;
}

/** An accuracy against chance, noise-aware: above chance only beyond the 95 % interval for its images. */
export function chanceSentence(label: string, s: { top1: number; n: number }, chance: number): string {
  const c = compareAccuracies({ label, top1: s.top1, n: s.n }, { label: 'chance', top1: chance, n: Infinity });
  const where = c.verdict === 'higher' ? 'above' : c.verdict === 'lower' ? 'below' : 'at';
  return `${cap(label)} scores ${pct(s.top1)} on ${s.n.toLocaleString('en-US')} images, ${where} chance (${pct(chance)}) — ${noiseClause(c)}.`;
}

/** The largest off-diagonal cells of a confusion matrix [true][predicted], as a sentence. */
export function confusionSentence(r: { classNames: readonly string[]; confusion: readonly (readonly number[])[] }, k = 3): string {
  const cells = r.confusion.flatMap((row, t) => row.map((count, p) => ({ t, p, count }))).filter((c) => c.t !== c.p && c.count > 0);
  if (!cells.length) return 'No image was confused with another class.';
  const top = cells.sort((x, y) => y.count - x.count || x.t - y.t || x.p - y.p).slice(0, k);
  return `Its largest confusions (true → predicted): ${top.map((c) => `${r.classNames[c.t]} → ${r.classNames[c.p]} (${c.count} ${c.count === 1 ? 'image' : 'images'})`).join(', ')}.`;
}

/** Mean top probability on two groups, noise-blind figures only (probabilities are not accuracies): which is larger. */
export function confidenceSentence(a: { label: string; mean: number }, b: { label: string; mean: number }): string {
  const d = a.mean - b.mean;
  if (Math.abs(d) < 0.005) return `Its mean top probability is ${pct(a.mean)} on ${a.label} and ${pct(b.mean)} on ${b.label}: about equal.`;
  const [hi, lo] = d > 0 ? [a, b] : [b, a];
  return `Its mean top probability is ${pct(hi.mean)} on ${hi.label}, higher than the ${pct(lo.mean)} on ${lo.label}.`;
}

function cap(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** ["a", "b", "c"] → "a, b and c". */
export function listOf(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}
