// A kit toy CLIP on the page without ONNX Runtime: its exported tokenizer.json applied directly and its ONNX graph
// run by the page's own executor. Same inputs and outputs as transformers.js's CLIPModel on the same folder.
import { OnnxModel, Tensor } from './onnx-run.js';

/**
 * The toy tokenizer from the exported tokenizer.json (see src/pretrained/export/tokenizer.ts): lower-case, the
 * word pattern's matches are the words, unknown words are [UNK], the post-processor's template adds [SOS] … [EOS],
 * and a batch is padded on the right to its longest text with the pad token and a 0 in the attention mask.
 * No truncation: the exported graph cuts long texts the toy's way.
 */
export function toyTokenizer(tok, config) {
  const { model, normalizer, pre_tokenizer: pre, post_processor: post } = tok;
  if (model?.type !== 'WordLevel' || normalizer?.type !== 'Lowercase' || pre?.type !== 'Split' || !pre.invert || post?.type !== 'TemplateProcessing') {
    throw new Error('this tokenizer.json is not a toy tokenizer exported by clip-workshop; export the model again with clip-workshop export');
  }
  const vocab = new Map(Object.entries(model.vocab));
  const unk = vocab.get(model.unk_token);
  const pad = vocab.get(config.pad_token);
  const pattern = new RegExp(pre.pattern.Regex, 'gu');
  const encode = (text) =>
    post.single.flatMap((part) => (part.SpecialToken ? post.special_tokens[part.SpecialToken.id].ids : (text.toLowerCase().match(pattern) ?? []).map((w) => vocab.get(w) ?? unk)));
  return {
    vocab: new Set(vocab.keys()),
    pattern,
    /** Texts → { input_ids, attention_mask }, int64 tensors [texts, longest]. */
    encode(texts) {
      const rows = texts.map(encode);
      const n = Math.max(...rows.map((r) => r.length));
      const ids = new Float64Array(rows.length * n).fill(pad);
      const mask = new Float64Array(rows.length * n);
      rows.forEach((r, i) => {
        ids.set(r, i * n);
        mask.fill(1, i * n, i * n + r.length);
      });
      return { input_ids: new Tensor('int64', ids, [rows.length, n]), attention_mask: new Tensor('int64', mask, [rows.length, n]) };
    },
  };
}

async function fetchOk(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r;
}

/** Loads a toy model folder (its URL, ending in "/") for {@link ToyClip.run}. */
export async function loadToyModel(base) {
  const [bytes, tok, config] = await Promise.all([
    fetchOk(new URL('onnx/model.onnx', base)).then((r) => r.arrayBuffer()),
    fetchOk(new URL('tokenizer.json', base)).then((r) => r.json()),
    fetchOk(new URL('tokenizer_config.json', base)).then((r) => r.json()),
  ]);
  return new ToyClip(new OnnxModel(new Uint8Array(bytes)), toyTokenizer(tok, config));
}

export class ToyClip {
  constructor(graph, tokenizer) {
    this.graph = graph;
    this.tokenizer = tokenizer;
  }

  /** Prompts and pixel values { data, dims } → logits_per_image, text_embeds, image_embeds (tensors with data, dims). */
  run(prompts, pixels) {
    const feeds = { ...this.tokenizer.encode(prompts), pixel_values: new Tensor('float32', pixels.data, pixels.dims) };
    return this.graph.run(feeds, ['logits_per_image', 'text_embeds', 'image_embeds']);
  }
}
