import { UserError } from '../runtime/errors';

/** Special tokens, always the first four ids. */
export const PAD = '[PAD]';
export const UNK = '[UNK]';
export const SOS = '[SOS]';
export const EOS = '[EOS]';
export const SPECIAL_TOKENS = [PAD, UNK, SOS, EOS] as const;
export const PAD_ID = 0;
export const UNK_ID = 1;
export const SOS_ID = 2;
export const EOS_ID = 3;

/** Word or single punctuation mark: runs of letters/digits, or one other non-space character. */
const WORD_PATTERN = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;

/** Splits a text the tokenizer's way: lower-cased words and single punctuation marks. */
export function splitWords(text: string): string[] {
  return text.toLowerCase().match(WORD_PATTERN) ?? [];
}

/** Token ids and attention mask of a batch, row-major [batch, maxLength]. */
export interface EncodedBatch {
  ids: Int32Array;
  /** 1 for real tokens (including [SOS] and [EOS]), 0 for padding. */
  mask: Float32Array;
  batch: number;
  maxLength: number;
}

/** The saved form of a tokenizer (tokenizer.json in a model folder). */
export interface TokenizerJSON {
  type: 'clip-workshop-word-level';
  lowercase: true;
  pattern: string;
  maxLength: number;
  vocab: string[];
}

export interface TokenizerOptions {
  /** Sequence length including [SOS] and [EOS] (a model's contextLength); longer texts are cut (their [EOS] kept). */
  maxLength: number;
  /** Words seen fewer times become [UNK]. */
  minCount?: number;
  /** Keep at most this many words (most frequent first, ties alphabetical). */
  maxVocab?: number;
}

/**
 * The toy models' word-level tokenizer: `[SOS] word … [EOS] [PAD] …` with a fixed length and a mask.
 * The vocabulary comes from the training texts; unseen words map to [UNK].
 */
export class Tokenizer {
  private readonly index = new Map<string, number>();

  constructor(readonly vocab: readonly string[], readonly maxLength: number) {
    if (maxLength < 3) throw new UserError(`The tokenizer's maximum length must be at least 3 (got ${maxLength}).`);
    SPECIAL_TOKENS.forEach((t, i) => {
      if (vocab[i] !== t) throw new UserError(`Token ${i} of the vocabulary must be ${t}; the tokenizer file is damaged.`);
    });
    vocab.forEach((w, i) => this.index.set(w, i));
  }

  /** Builds the vocabulary from training texts (deterministic: by count, then alphabetically). */
  static fromTexts(texts: Iterable<string>, options: TokenizerOptions): Tokenizer {
    const counts = new Map<string, number>();
    for (const t of texts) for (const w of splitWords(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
    const minCount = options.minCount ?? 1;
    let words = [...counts].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
    if (options.maxVocab !== undefined) words = words.slice(0, options.maxVocab);
    return new Tokenizer([...SPECIAL_TOKENS, ...words.sort()], options.maxLength);
  }

  static fromJSON(json: TokenizerJSON): Tokenizer {
    if (json?.type !== 'clip-workshop-word-level') throw new UserError('This tokenizer file is not a clip-workshop word-level tokenizer.');
    return new Tokenizer(json.vocab, json.maxLength);
  }

  toJSON(): TokenizerJSON {
    return { type: 'clip-workshop-word-level', lowercase: true, pattern: WORD_PATTERN.source, maxLength: this.maxLength, vocab: [...this.vocab] };
  }

  get vocabSize(): number {
    return this.vocab.length;
  }

  /** The id of one word ([UNK]'s id when unknown). */
  tokenId(word: string): number {
    return this.index.get(word) ?? UNK_ID;
  }

  /** Token ids of one text, `[SOS] … [EOS]` then padding, exactly `maxLength` long. */
  encode(text: string): { ids: number[]; mask: number[] } {
    const words = splitWords(text).slice(0, this.maxLength - 2);
    const ids = [SOS_ID, ...words.map((w) => this.tokenId(w)), EOS_ID];
    const mask = ids.map(() => 1);
    while (ids.length < this.maxLength) {
      ids.push(PAD_ID);
      mask.push(0);
    }
    return { ids, mask };
  }

  /** Encodes many texts into flat arrays for a `[batch, maxLength]` tensor. */
  encodeBatch(texts: readonly string[]): EncodedBatch {
    const L = this.maxLength;
    const ids = new Int32Array(texts.length * L);
    const mask = new Float32Array(texts.length * L);
    texts.forEach((t, i) => {
      const e = this.encode(t);
      ids.set(e.ids, i * L);
      mask.set(e.mask, i * L);
    });
    return { ids, mask, batch: texts.length, maxLength: L };
  }

  /** Words back from ids, without padding (for looking at what the model sees). */
  decode(ids: ArrayLike<number>): string[] {
    return Array.from(ids).filter((id) => id !== PAD_ID).map((id) => this.vocab[id] ?? UNK);
  }

  /** The words of a text the model has never seen (they all read as [UNK]), in order, without repeats. */
  unknownWords(text: string): string[] {
    return [...new Set(splitWords(text).filter((w) => !this.index.has(w)))];
  }
}
