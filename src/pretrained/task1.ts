import { splitWords } from '../text/tokenizer';
import type { Task1LabelSet } from './task1-data';

/** Probabilities within half a point are read as the same share (the bars show one decimal). */
const SAME_SHARE = 0.005;

const pct = (p: number) => `${(p * 100).toFixed(1)} %`;

/**
 * What one model's bars of a Task 1 label set show, as one clause computed from those bars only: the label it
 * picks (when every label has a bar) and, for a set with a point to compare, how the two labels compare — or
 * that it cannot tell them apart because they differ only in words it never read. `probs` holds the bars shown
 * (recorded figures may leave labels out); `unknownWords` is the model's (the real CLIP's is empty).
 */
export function task1Reading(set: Task1LabelSet, probs: Readonly<Record<string, number>>, unknownWords: (text: string) => string[]): string {
  const shown = set.labels.filter((l) => typeof probs[l] === 'number');
  if (shown.length === 0) return 'no bars for this set';
  const parts: string[] = [];
  if (shown.length === set.labels.length) {
    const top = Math.max(...shown.map((l) => probs[l]));
    const best = shown.filter((l) => top - probs[l] < SAME_SHARE);
    parts.push(best.length === 1 ? `picks "${best[0]}" (${pct(top)})` : `no single pick: ${best.map((l) => `"${l}"`).join(' and ')} share the top (${pct(top)} each)`);
  } else {
    parts.push(`${shown.map((l) => `"${l}" ${pct(probs[l])}`).join(', ')} (the other labels have no bar)`);
  }
  const [a, b] = set.compare ?? [];
  if (a !== undefined && b !== undefined && typeof probs[a] === 'number' && typeof probs[b] === 'number') {
    const [pa, pb] = [probs[a], probs[b]];
    if (Math.abs(pa - pb) < SAME_SHARE) {
      // The words that tell the two labels apart, and which of them the model never read.
      const wa = splitWords(a);
      const wb = splitWords(b);
      const differing = [...wa.filter((w) => !wb.includes(w)), ...wb.filter((w) => !wa.includes(w))];
      const unread = differing.filter((w) => unknownWords(w).length > 0);
      // A tie between the only two labels already says there is no single pick.
      if (set.labels.length === 2 && parts[0].startsWith('no single pick')) parts.shift();
      parts.push(
        unread.length > 0 && unread.length === differing.length
          ? `cannot tell "${a}" from "${b}" (${pct(pa)} and ${pct(pb)}): they differ only in words it never read (${unread.join(', ')})`
          : `gives "${a}" and "${b}" the same share (${pct(pa)} and ${pct(pb)})`,
      );
    } else {
      const [hi, lo, phi, plo] = pa > pb ? [a, b, pa, pb] : [b, a, pb, pa];
      parts.push(plo > 0 ? `"${hi}" ${(phi / plo).toFixed(1)}× as likely as "${lo}" (${pct(phi)} against ${pct(plo)})` : `"${hi}" ${pct(phi)}, "${lo}" none`);
    }
  }
  return parts.join('; ');
}

/**
 * The one sentence that says which picture each model's bars are for: the recorded figures belong to the
 * original workshop's photo, the toy reads a drawing (or both read it, when the real CLIP runs live).
 */
export function task1Provenance(live: boolean, picture: string): string {
  return live
    ? `Both models read the same picture, ${picture}: their bars can be compared value by value.`
    : `The ViT-B/32 bars are the figures recorded in the original workshop for its own photo of a cat; the toy's bars are for ${picture}, so compare how each model shares out the probability, not the values.`;
}
