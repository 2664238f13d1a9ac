import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import type { ClipLike } from '../models/clip';
import { UserError } from '../runtime/errors';
import { verifyFolderChecksums } from '../runtime/checksums';
import { DEFAULT_PRETRAINED_ID, folderDtypes, isTransformersFolder, looksLikeHubId } from './source';
import { downloadProgress, explainLoadError } from './hub';
import { transformers } from './transformersModule';
import { modelTemplate } from '../models/template';

export interface PretrainedClipOptions {
  /** Weights' precision on the hub: 'fp32' (onnx/model.onnx, default) or 'q8' (model_quantized.onnx, a quarter of the download). */
  dtype?: 'fp32' | 'fp16' | 'q8';
  /** No progress bars. */
  silent?: boolean;
  /** Never touch the network, even for a hub id (only the transformers.js cache). */
  localOnly?: boolean;
  /** Images per onnxruntime call when embedding (default 32). */
  batchSize?: number;
}

/** A raw RGB image as transformers.js takes it: uint8 HWC. */
export interface RawRgb {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * A CLIP in the transformers.js format — OpenAI's from the hub or a toy exported by `clip-workshop export` —
 * behind the same {@link ClipLike} interface as the toy model, so zero-shot code, metrics, charts and every
 * `--model` option take either. Runs CLIPModel (onnx/model.onnx) with its own image processor and tokenizer.
 */
export class PretrainedClip implements ClipLike {
  private scale?: number;
  private constructor(
    readonly source: string,
    readonly kind: 'hub' | 'folder',
    private readonly model: any,
    private readonly processor: any,
    private readonly tokenizer: any,
    readonly imageSize: number,
    readonly batchSize: number,
    /** Fixed at load by modelTemplate: recorded in the folder, else CLIP's documented prompt for a hub model, else bare labels. */
    readonly promptTemplate: string,
  ) {}

  /** Loads a CLIP from a hub id or a local folder; see {@link loadPretrainedClip}. */
  static async load(idOrDir: string = DEFAULT_PRETRAINED_ID, options: PretrainedClipOptions = {}): Promise<PretrainedClip> {
    const isHub = looksLikeHubId(idOrDir);
    if (!isHub && !isTransformersFolder(idOrDir)) {
      throw new UserError(`${idOrDir} is neither a transformers.js model folder (config.json, preprocessor_config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx or model_quantized.onnx) nor a hub id such as ${DEFAULT_PRETRAINED_ID}; export a toy model with "clip-workshop export" or pass a hub id.`);
    }
    // A folder the kit wrote (export, import) is checked against its recorded checksums, like a toy model's weights.
    if (!isHub) verifyFolderChecksums(idOrDir);
    // Absolute paths are never mistaken for hub ids (transformers.js looks those up under env.localModelPath).
    const where = isHub ? idOrDir : path.resolve(idOrDir);
    const t = transformers();
    const common = {
      progress_callback: isHub ? downloadProgress(options.silent) : undefined,
      local_files_only: !isHub || options.localOnly === true,
    };
    try {
      // A folder may hold only a quantised graph (a partial download): use the best precision it has.
      const dtype = options.dtype ?? (isHub ? 'fp32' : folderDtypes(where)[0]);
      const model = await t.CLIPModel.from_pretrained(where, { ...common, dtype, device: 'cpu' });
      const processor = await t.AutoProcessor.from_pretrained(where, common);
      const tokenizer = await t.AutoTokenizer.from_pretrained(where, common);
      const ip: any = (processor as any).image_processor ?? processor;
      const crop = ip.crop_size ?? ip.config?.crop_size;
      const size = typeof crop === 'number' ? crop : crop?.height ?? ip.size?.shortest_edge ?? 224;
      const clip = new PretrainedClip(idOrDir, isHub ? 'hub' : 'folder', model, processor, tokenizer, size, options.batchSize ?? 32, modelTemplate(where));
      // Measures the logit scale (it lives inside the graph) so that logitScale() is known from the start.
      await clip.embedTextsRaw(['a photo', 'a picture of something', 'x']);
      return clip;
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw explainLoadError(idOrDir, err, isHub);
    }
  }

  get description(): string {
    return `${this.kind === 'hub' ? 'pretrained CLIP' : 'CLIP folder'} ${this.source} (transformers.js, ${this.imageSize}×${this.imageSize} input)`;
  }

  /**
   * Images as uint8 RGB of any size → L2-normalised embeddings [n, d] as rows of one Float32Array.
   * The model's own preprocessing (resize, centre crop, normalisation) applies.
   */
  async embedRaw(images: readonly RawRgb[]): Promise<{ data: Float32Array; dims: [number, number] }> {
    const t = transformers();
    const parts: Float32Array[] = [];
    let dim = 0;
    for (let i = 0; i < images.length; i += this.batchSize) {
      const batch = images.slice(i, i + this.batchSize).map((im) => new t.RawImage(Uint8ClampedArray.from(im.data), im.width, im.height, 3));
      const { pixel_values } = await this.processor(batch);
      const text = this.tokenizer(['a'], { padding: true, truncation: true });
      const out = await this.model({ ...text, pixel_values });
      dim = out.image_embeds.dims[1];
      parts.push(normalizeRows(out.image_embeds.data as Float32Array, dim));
      disposeAll(out, text, pixel_values);
    }
    return { data: concat(parts), dims: [images.length, dim] };
  }

  /** Texts → L2-normalised embeddings [n, d] as rows of one Float32Array (also measures the logit scale once). */
  async embedTextsRaw(texts: readonly string[]): Promise<{ data: Float32Array; dims: [number, number] }> {
    if (texts.length === 0) throw new UserError('No texts to embed: give at least one label or prompt.');
    const t = transformers();
    const size = this.imageSize;
    const blank = new t.RawImage(new Uint8ClampedArray(size * size * 3).fill(128), size, size, 3);
    const { pixel_values } = await this.processor([blank]);
    const inputs = this.tokenizer([...texts], { padding: true, truncation: true });
    const out = await this.model({ ...inputs, pixel_values });
    const dim = out.text_embeds.dims[1];
    const text = normalizeRows(out.text_embeds.data as Float32Array, dim);
    if (this.scale === undefined) this.scale = measureScale(out.logits_per_text.data as Float32Array, text, normalizeRows(out.image_embeds.data as Float32Array, dim), dim);
    disposeAll(out, inputs, pixel_values);
    return { data: text, dims: [texts.length, dim] };
  }

  /**
   * Images [b, H, W, 3] in [0, 1] → L2-normalised embeddings [b, d]; the caller disposes the result.
   * Images already at the model's size skip transformers.js's per-pixel JavaScript preprocessing: the same
   * rescale-and-normalise runs as tensor ops (equal to float rounding); other sizes go through the image processor.
   */
  async embedImages(images: tf.Tensor4D): Promise<tf.Tensor2D> {
    const norm = this.plainNormalisation();
    const [b, h, w] = images.shape;
    if (!norm || h !== this.imageSize || w !== this.imageSize) {
      const { data, dims } = await this.embedRaw(tensorToRaw(images));
      return tf.tensor2d(data, dims);
    }
    const t = transformers();
    const parts: Float32Array[] = [];
    let dim = 0;
    for (let i = 0; i < b; i += this.batchSize) {
      const n = Math.min(this.batchSize, b - i);
      const nchw = tf.tidy(() => tf.div(tf.sub(images.slice([i, 0, 0, 0], [n, h, w, 3]), norm.mean), norm.std).transpose([0, 3, 1, 2]));
      const pixel_values = new t.Tensor('float32', nchw.dataSync() as Float32Array, [n, 3, h, w]);
      nchw.dispose();
      const text = this.tokenizer(['a'], { padding: true, truncation: true });
      const out = await this.model({ ...text, pixel_values });
      dim = out.image_embeds.dims[1];
      parts.push(normalizeRows(out.image_embeds.data as Float32Array, dim));
      disposeAll(out, text);
    }
    return tf.tensor2d(concat(parts), [b, dim]);
  }

  /**
   * The image processor's mean and std when, for an image already at the model's size, it only rescales by 1/255
   * and normalises (CLIP's processors do); undefined when it does anything else, so the processor must run.
   */
  private plainNormalisation(): { mean: number[]; std: number[] } | undefined {
    const ip: any = this.processor.image_processor ?? this.processor;
    if (ip.do_pad || ip.do_flip_channel_order || ip.do_crop_margin || ip.do_thumbnail || ip.do_convert_grayscale) return undefined;
    if (!ip.do_rescale || Math.abs(ip.rescale_factor - 1 / 255) > 1e-12) return undefined;
    if (!ip.do_normalize) return { mean: [0, 0, 0], std: [1, 1, 1] };
    const three = (v: number | number[]) => (Array.isArray(v) ? v : [v, v, v]);
    const mean = three(ip.image_mean);
    const std = three(ip.image_std);
    return mean.length === 3 && std.length === 3 ? { mean, std } : undefined;
  }

  /** Texts → L2-normalised embeddings [n, d]; the caller disposes the result. */
  async embedTexts(texts: readonly string[]): Promise<tf.Tensor2D> {
    const { data, dims } = await this.embedTextsRaw(texts);
    return tf.tensor2d(data, dims);
  }

  /** The logit scale inside the ONNX graph, measured at load time as logit ÷ cosine. */
  logitScale(): number {
    return this.scale ?? NaN;
  }

  /** Words the tokenizer maps to its unknown token (a word-level toy export has some; a BPE tokenizer has none). */
  unknownWords(text: string): string[] {
    const unk = this.tokenizer.unk_token_id;
    const tokens: string[] = this.tokenizer.tokenize(text);
    const unknown = (tok: string) => {
      const id = this.tokenizer.convert_tokens_to_ids(tok);
      return (id === undefined || id === null || id === unk) && tok !== this.tokenizer.unk_token;
    };
    return [...new Set(tokens.filter(unknown))];
  }

  /** Token ids transformers.js gives a text, with the special tokens (for comparing tokenizers). */
  tokenIds(text: string): number[] {
    return Array.from(this.tokenizer(text).input_ids.data as BigInt64Array, Number);
  }

  /** Releases the onnxruntime session. */
  dispose(): void {
    void this.model.dispose?.();
  }
}

/**
 * Loads a CLIP in the transformers.js format: a hub id (default {@link DEFAULT_PRETRAINED_ID}, downloaded once with a
 * progress bar and cached) or a local folder (`clip-workshop export` writes one). Without network a hub id fails
 * within 30 s with one sentence saying how to fetch the folder elsewhere. The caller disposes the model.
 */
export function loadPretrainedClip(idOrDir: string = DEFAULT_PRETRAINED_ID, options: PretrainedClipOptions = {}): Promise<PretrainedClip> {
  return PretrainedClip.load(idOrDir, options);
}

/** [b, H, W, 3] floats in [0, 1] → uint8 images (exact for pixels that came from uint8 / 255). */
export function tensorToRaw(images: tf.Tensor4D): RawRgb[] {
  const [b, h, w, c] = images.shape;
  if (c !== 3) throw new UserError(`Images must have 3 colour channels, not ${c}.`);
  const values = images.dataSync();
  const per = h * w * 3;
  return Array.from({ length: b }, (_, i) => {
    const data = new Uint8Array(per);
    for (let k = 0; k < per; k++) data[k] = Math.max(0, Math.min(255, Math.round(values[i * per + k] * 255)));
    return { data, width: w, height: h };
  });
}

function normalizeRows(data: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < data.length / dim; r++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += data[r * dim + k] ** 2;
    const inv = 1 / Math.sqrt(s + 1e-12);
    for (let k = 0; k < dim; k++) out[r * dim + k] = data[r * dim + k] * inv;
  }
  return out;
}

/** scale = logit / cosine, taken where |cosine| is largest so that rounding matters least. */
function measureScale(logitsPerText: Float32Array, text: Float32Array, image: Float32Array, dim: number): number {
  let best = 0;
  let scale = 1;
  for (let r = 0; r < logitsPerText.length; r++) {
    let cos = 0;
    for (let k = 0; k < dim; k++) cos += text[r * dim + k] * image[k];
    if (Math.abs(cos) > best) {
      best = Math.abs(cos);
      scale = logitsPerText[r] / cos;
    }
  }
  return scale;
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Frees transformers.js tensors (onnxruntime buffers) held in result objects. */
function disposeAll(...objects: any[]): void {
  for (const o of objects) {
    if (o && typeof o.dispose === 'function') o.dispose();
    else if (o && typeof o === 'object') for (const v of Object.values(o)) (v as any)?.dispose?.();
  }
}
