// A kit toy CLIP on the page without ONNX Runtime: the kit's own word-level tokenizer (src/text), rebuilt from the
// exported tokenizer.json, and the ONNX graph run by the page's own executor. Same inputs and outputs as
// transformers.js's CLIPModel on the same folder.
import { splitWords, Tokenizer } from '../../../text/tokenizer';
import { OnnxModel, Tensor } from '../executor';
import { ClipOutputs, ClipRunner, Pixels } from './types';

/** The parts of an exported tokenizer.json the page reads (see src/pretrained/export/tokenizer.ts). */
interface ExportedTokenizer {
  model?: { type?: string; vocab?: Record<string, number> };
  normalizer?: { type?: string };
  pre_tokenizer?: { type?: string; invert?: boolean; pattern?: { Regex?: string } };
  post_processor?: { type?: string };
}

/** The parts of an exported tokenizer_config.json the page reads. */
interface ExportedTokenizerConfig {
  clip_workshop?: { contextLength?: number };
}

/** The toy tokenizer on the page: int64 ids and mask of a batch, and the words a text has outside the vocabulary. */
export interface PageTokenizer {
  readonly tokenizer: Tokenizer;
  encode(texts: readonly string[]): { input_ids: Tensor; attention_mask: Tensor };
  unknownWords(text: string): string[];
}

/**
 * The kit's Tokenizer from an exported tokenizer.json. A batch is padded on the right to its longest text, as
 * transformers.js pads, and not cut: the exported graph cuts long texts the kit's way (keeping [EOS]).
 */
export function toyTokenizer(tok: ExportedTokenizer, config: ExportedTokenizerConfig): PageTokenizer {
  const { model, normalizer, pre_tokenizer: pre, post_processor: post } = tok;
  const context = config.clip_workshop?.contextLength;
  if (model?.type !== 'WordLevel' || !model.vocab || normalizer?.type !== 'Lowercase' || pre?.type !== 'Split' || !pre.invert || post?.type !== 'TemplateProcessing' || !context) {
    throw new Error('this tokenizer.json is not a toy tokenizer exported by clip-workshop; export the model again with clip-workshop export');
  }
  const vocab: string[] = [];
  for (const [word, id] of Object.entries(model.vocab)) vocab[id] = word;
  const tokenizer = new Tokenizer(vocab, context);
  if (pre.pattern?.Regex !== tokenizer.toJSON().pattern) throw new Error("this toy model splits words another way than this page's tokenizer; export it again with this version of clip-workshop");
  // One Tokenizer per batch length: the kit's pads to its length, here the batch's longest text.
  const byLength = new Map<number, Tokenizer>([[context, tokenizer]]);
  return {
    tokenizer,
    encode(texts) {
      const n = Math.max(...texts.map((t) => splitWords(t).length)) + 2;
      if (!byLength.has(n)) byLength.set(n, new Tokenizer(vocab, n));
      const { ids, mask, batch, maxLength } = byLength.get(n)!.encodeBatch(texts);
      return { input_ids: new Tensor('int64', Float64Array.from(ids), [batch, maxLength]), attention_mask: new Tensor('int64', Float64Array.from(mask), [batch, maxLength]) };
    },
    unknownWords: (text) => tokenizer.unknownWords(text),
  };
}

async function fetchOk(url: URL): Promise<Response> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r;
}

/** A toy CLIP: its tokenizer and its graph in the page's executor. */
export class ToyClip implements ClipRunner {
  constructor(readonly graph: OnnxModel, readonly tokenizer: PageTokenizer) {}

  /** Prompts and pixel values → logits_per_image, text_embeds, image_embeds. */
  run(prompts: string[], pixels: Pixels): ClipOutputs {
    const feeds = { ...this.tokenizer.encode(prompts), pixel_values: new Tensor('float32', pixels.data, pixels.dims) };
    const out = this.graph.run(feeds, ['logits_per_image', 'text_embeds', 'image_embeds']);
    return { logits_per_image: out.logits_per_image, text_embeds: out.text_embeds, image_embeds: out.image_embeds };
  }
}

/** A toy model from its export's files already in the page (a model trained in this tab). */
export function toyModelFromFiles(onnx: Uint8Array, tok: unknown, config: unknown): ToyClip {
  return new ToyClip(new OnnxModel(onnx), toyTokenizer(tok as ExportedTokenizer, config as ExportedTokenizerConfig));
}

/** Loads a toy model folder (its URL, ending in "/"). */
export async function loadToyModel(base: URL): Promise<ToyClip> {
  const [bytes, tok, config] = await Promise.all([
    fetchOk(new URL('onnx/model.onnx', base)).then((r) => r.arrayBuffer()),
    fetchOk(new URL('tokenizer.json', base)).then((r) => r.json()),
    fetchOk(new URL('tokenizer_config.json', base)).then((r) => r.json()),
  ]);
  return new ToyClip(new OnnxModel(new Uint8Array(bytes)), toyTokenizer(tok, config));
}
