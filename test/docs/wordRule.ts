/**
 * The rule for words about the kit's results: a sentence a reader meets that states a figure of the kit's runs
 * or compares them must be generated from the result (a placeholder, a printed line, the generated README
 * block), or be a quotation with its source in the same sentence ("(paper, Table 11)", "(original workshop)").
 */

/** Figures of a run: percentages and percentage points. */
const FIGURE = /\d[\d,.]*\s?%(?! interval)|\d+(\.\d+)?\s+points?\b/i;
/** Words that compare or judge results (wins, ties, beats, matters, better, worse, more/less … than, the same …). */
const COMPARE = new RegExp(
  [
    'wins?', 'won', 'winners?', 'ties?', 'tied', 'beats?', 'beaten', 'beating', 'matters?', 'better', 'worse', 'best', 'worst',
    // "the same" as a claim about results or their setup, not the everyday "the same picture".
    'exactly the same', 'the same (training|accuracy|score|top-1|results?|code)', '(is|are|scores?|scored) the same',
    'outperforms?', 'hard to beat', 'closes', 'gap', 'confident(ly)?', 'confidence', 'barely', 'typical',
    'helps?', 'helped', 'hurts?', 'dropped', 'falls?', 'fell', 'improves?', 'improved', 'succeeds?',
    'well above', 'far below', '(more|less|fewer|higher|lower)\\b(?! similar)[^.;:]{0,40}\\bthan',
  ].map((w) => `\\b${w}\\b`).join('|'),
  'i',
);
/** A source in the same sentence: the paper, the original workshop, or a measurement log. */
const SOURCE = /\((paper|original workshop|Radford et al\.?)[^)]*\)|Radford et al\.[^.]*\b(19|20)\d\d|docs\/benchmarks\.md|\(measured[^)]*\)/i;
/** Kit facts that must match the kit, whatever the words around them. */
const TERMS: { re: RegExp; ok?: RegExp; why: string }[] = [
  { re: /member[- ](concept|prompt|list)s?[^.]*(zero-shot|no labels)|(zero-shot|no labels)[^.]*member[- ](concept|prompt|list)s?/i, ok: /from (the )?training labels/i, why: 'member lists come from training labels' },
  { re: /\btransformer\b/i, ok: /\((paper|original workshop)|real CLIP|OpenAI|ViT-B|transformers\.js|@huggingface/i, why: "the kit's text encoder is a bag of words" },
  { re: /\ban? (?=[a-z])/i, why: 'a/an before a vowel' },
];

export interface Flag {
  where: string;
  sentence: string;
  why: string;
}

/** Markdown without code blocks, inline code, HTML comments, placeholders and the generated figures block. */
export function prose(markdown: string): string {
  return markdown
    .replace(/<!-- figures:start -->[\s\S]*?<!-- figures:end -->/g, ' ')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/^---\n[\s\S]*?\n---\n/, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/\{\{results\.[^}]*\}\}/g, 'X')
    .replace(/`[^`\n]*`/g, 'CODE')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ');
}

/** Sentences: lines (headings, bullets, table rows) split after . ! ? followed by a space. */
export function sentences(text: string): string[] {
  return prose(text)
    .split(/\n(?=\s*(?:[-*] |\d+\. |#|\||\n))|\n\s*\n/)
    .flatMap((block) => block.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+(?=[A-Z*"(_])/))
    .map((s) => s.trim())
    .filter((s) => /[a-z]/i.test(s));
}

/** Why one sentence breaks the rule, or undefined. */
export function flagSentence(s: string): string | undefined {
  const sourced = SOURCE.test(s);
  if (!sourced && FIGURE.test(s)) return `states a figure (${s.match(FIGURE)![0]}) without a source`;
  // A sentence may say where the generated verdict is ("… is printed above"); it states none itself.
  if (!sourced && COMPARE.test(s) && !/\bprinted (above|below)\b/i.test(s)) return `compares results ("${s.match(COMPARE)![0]}") without a source`;
  for (const t of TERMS) {
    const m = s.match(t.re);
    if (!m) continue;
    if (t.why.startsWith('a/an')) {
      const bad = [...s.matchAll(/\b(a|an) ([a-z][\w-]*)/gi)].find(([, art, w]) => articleWrong(art, w));
      if (bad) return `${t.why}: "${bad[0]}"`;
      continue;
    }
    if (!t.ok?.test(s)) return t.why;
  }
  return undefined;
}

/** "a orange", "an red": the article that does not fit the next word's sound (common exceptions kept). */
function articleWrong(art: string, word: string): boolean {
  const w = word.toLowerCase();
  const vowelSound = /^[aeio]/.test(w) && !/^(one|once|eu)/.test(w) || /^(hour|honest|x\b|u\b|un(?!i))/.test(w);
  // Acronyms, single letters ("an N × N matrix") and numbers are read by their letters' names: skip them.
  if (/^[A-Z]{2,}/.test(word) || /^[A-Za-z]$/.test(word) || /^\d/.test(w)) return false;
  return art.toLowerCase() === 'a' ? vowelSound : !vowelSound && !/^u/.test(w);
}

/** Every flagged sentence of a text. */
export function flagText(where: string, text: string): Flag[] {
  return sentences(text).flatMap((sentence) => {
    const why = flagSentence(sentence);
    return why ? [{ where, sentence, why }] : [];
  });
}
