import { EOS, PAD, SOS, Tokenizer, UNK } from '../../text/tokenizer';

/**
 * tokenizer.json for transformers.js (@huggingface/tokenizers) that tokenizes exactly like the toy tokenizer:
 * a Lowercase normalizer, a Split pre-tokenizer with the toy's own word pattern (read from its saved JSON; the matches
 * are the tokens: runs of letters/digits or one other non-space character), a word-level vocabulary with [UNK], and `[SOS] … [EOS]` from a
 * TemplateProcessing post-processor. Special tokens are deliberately not "added tokens": transformers.js would
 * then match a literal "[SOS]" in a caption as one token, where the toy tokenizer reads "[", "sos", "]".
 * No padding or truncation here: transformers.js pads a batch itself, and the exported graph cuts long texts
 * the toy's way (see export/graph.ts).
 */
export function tokenizerJson(tok: Tokenizer): object {
  const vocab: Record<string, number> = {};
  tok.vocab.forEach((w, i) => {
    vocab[w] = i;
  });
  const special = (t: string) => ({ id: t, ids: [tok.tokenId(t)], tokens: [t] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: { type: 'Lowercase' },
    pre_tokenizer: { type: 'Split', pattern: { Regex: tok.toJSON().pattern }, behavior: 'Isolated', invert: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: SOS, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: EOS, type_id: 0 } }],
      pair: [
        { SpecialToken: { id: SOS, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: EOS, type_id: 0 } },
        { Sequence: { id: 'B', type_id: 0 } }, { SpecialToken: { id: EOS, type_id: 0 } },
      ],
      special_tokens: { [SOS]: special(SOS), [EOS]: special(EOS) },
    },
    decoder: null,
    model: { type: 'WordLevel', vocab, unk_token: UNK },
  };
}

/** tokenizer_config.json: the class transformers.js instantiates and the special tokens it pads and falls back with. */
export function tokenizerConfigJson(tok: Tokenizer): object {
  return {
    tokenizer_class: 'CLIPTokenizer',
    // No model_max_length: transformers.js would cut without keeping [EOS]; the graph cuts instead.
    pad_token: PAD,
    unk_token: UNK,
    bos_token: SOS,
    eos_token: EOS,
    padding_side: 'right',
    do_lower_case: true,
    clean_up_tokenization_spaces: false,
    clip_workshop: { contextLength: tok.maxLength, vocabSize: tok.vocabSize },
  };
}
