import type { ProbeShotsResult } from '../experiments/probeShots';
import type { PromptVariantsResult } from '../experiments/promptVariants';
import type { UnseenStyleResult } from '../experiments/unseenStyle';
import { changeSentence, compareAccuracies, noiseClause, pct, rankingSentence, Scored } from '../eval/compare';

/**
 * The sentences the notebooks, slides and README say about the experiments' results, each built from the
 * result's fields with the one comparison rule of eval/compare (never from today's values).
 */

/** What each unseen-style method is called in a sentence: member lists come from training labels. */
export const METHOD_WORDS: Record<string, string> = {
  'traditional classifier': 'the traditional classifier',
  'linear probe': 'the linear probe',
  'zero-shot: member concepts': 'prompting with member concepts from training labels',
  'zero-shot: class names': 'zero-shot with class names',
};
const methodWords = (m: string) => METHOD_WORDS[m] ?? m;

/** The prompt variants on held-out combinations: a prompt is best only beyond the seed spread and the interval. */
export function promptsClaim(p: Pick<PromptVariantsResult, 'variants' | 'spread'>, heldoutImages: number, brief = false): string {
  const items: Scored[] = p.variants.map((v) => ({ label: v.label, top1: v.heldoutMean, n: heldoutImages }));
  return rankingSentence(items, p.spread, { where: brief ? '' : 'on combinations never seen in training', noun: 'prompt', brief });
}

/** The unseen-style comparison: which methods score highest on the unseen style, within noise, and which lower. */
export function unseenStyleClaim(u: Pick<UnseenStyleResult, 'groups' | 'heldoutStyle'>, brief = false): string[] {
  const items = Object.entries(u.groups.unseenStyle).map(([m, a]) => ({ label: methodWords(m), top1: a.top1, n: a.n }));
  return [rankingSentence(items, 0, { where: brief ? '' : `on the unseen style (${u.heldoutStyle})`, brief })];
}

/** How each method moves from the training styles to the unseen one. */
export function styleChangeClaims(u: Pick<UnseenStyleResult, 'groups' | 'heldoutStyle'>): string[] {
  return Object.keys(u.groups.unseenStyle).map((m) => {
    const s = u.groups.seenStyle[m as keyof typeof u.groups.seenStyle];
    const t = u.groups.unseenStyle[m as keyof typeof u.groups.unseenStyle];
    return changeSentence(methodWords(m), { label: 'training styles', top1: s.top1, n: s.n }, { label: u.heldoutStyle, top1: t.top1, n: t.n });
  });
}

/** The smallest number of labels per class from which every probe scores higher than zero-shot with class names beyond noise. */
export function probeShotsClaim(r: Pick<ProbeShotsResult, 'probe' | 'zeroShot' | 'n'>): string {
  const zs: Scored = { label: methodWords('zero-shot: class names'), top1: r.zeroShot, n: r.n };
  const verdicts = r.probe.map((p) => ({ k: p.k, c: compareAccuracies({ label: `the probe with ${p.k} per class`, top1: p.top1, n: r.n }, zs) }));
  const from = verdicts.findIndex((_, j) => verdicts.slice(j).every((v) => v.c.verdict === 'higher'));
  if (from >= 0) return `From ${verdicts[from].k} labelled ${verdicts[from].k === 1 ? 'image' : 'images'} per class on, the linear probe scores higher than ${zs.label} (${pct(r.zeroShot)}) on ${r.n} images: at ${verdicts[from].k}, ${noiseClause(verdicts[from].c)}.`;
  const last = verdicts[verdicts.length - 1];
  if (!last) return `No probe was fitted.`;
  return `No number of labels per class up to ${last.k} makes the linear probe score higher than ${zs.label} (${pct(r.zeroShot)}) beyond noise; with ${last.k} per class it scores ${pct(r.probe[r.probe.length - 1].top1)}: ${noiseClause(last.c)}.`;
}
