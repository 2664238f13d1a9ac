import type { ModelConfig } from '../../models/config';
import { UserError } from '../../runtime/errors';
import { EOS_ID } from '../../text/tokenizer';
import { DT, GraphBuilder } from '../../onnx/graph';
import { BLOCK_TYPES } from '../../models/blockTypes';
import { WeightArrays, dense, l2Normalize, layerNorm, maskedMean, toFloat, weight } from '../../onnx/builders';


/** What the exporter needs to know about the logit scale: its log (a trained weight) and CLIP's cap. */
export interface LogitScale {
  /** log of the scale, as trained. */
  log: number;
  /** The cap applied after exp (CLIP: 100). */
  max: number;
}

/**
 * The toy CLIP as one ONNX graph in the layout transformers.js's CLIPModel expects:
 * inputs input_ids [texts, seq] int64, attention_mask [texts, seq] int64, pixel_values [images, 3, S, S] float
 * (already rescaled and normalised by the preprocessor); outputs logits_per_image [images, texts],
 * logits_per_text [texts, images], text_embeds [texts, embedDim], image_embeds [images, embedDim] (unit rows).
 * Mirrors src/models/encoders.ts op for op; returns the `.onnx` bytes.
 */
export function buildToyClipOnnx(c: ModelConfig, w: WeightArrays, scale: LogitScale): Uint8Array {
  checkExportable(c);
  const g = new GraphBuilder('clip_workshop_toy_clip');
  const ids = g.input('input_ids', DT.INT64, ['text_batch', 'sequence_length']);
  const mask = g.input('attention_mask', DT.INT64, ['text_batch', 'sequence_length']);
  const pixels = g.input('pixel_values', DT.FLOAT, ['image_batch', 3, c.imageSize, c.imageSize]);

  const textEmbeds = l2Normalize(g, textTower(g, w, c, ids, mask), 'text_normalized');
  const imageEmbeds = l2Normalize(g, imageTower(g, w, c, pixels), 'image_normalized');

  // The scale is stored as a log and exponentiated at use, clipped at its cap, as in CLIP.
  const s = g.op('Min', [g.op('Exp', [g.scalar('logit_scale', scale.log)]), g.scalar('logit_scale_max', scale.max)], {}, 'scale');
  const textT = g.op('Transpose', [textEmbeds], { perm: { ints: [1, 0] } });
  const perImage = g.op('Mul', [g.op('MatMul', [imageEmbeds, textT]), s]);
  g.output('logits_per_image', perImage, DT.FLOAT, ['image_batch', 'text_batch']);
  g.output('logits_per_text', g.op('Transpose', [perImage], { perm: { ints: [1, 0] } }), DT.FLOAT, ['text_batch', 'image_batch']);
  g.output('text_embeds', textEmbeds, DT.FLOAT, ['text_batch', c.embedDim]);
  g.output('image_embeds', imageEmbeds, DT.FLOAT, ['image_batch', c.embedDim]);
  return g.toBytes('clip-workshop', `Toy CLIP exported by clip-workshop: ${JSON.stringify(c)}`);
}

/** pixel_values [N, 3, S, S] → features [N, embedDim], as imageFeatures() after its (x − mean)/std step. */
function imageTower(g: GraphBuilder, w: WeightArrays, c: ModelConfig, pixels: string): string {
  const p = c.patchSize;
  const cols = c.imageSize / p;
  const nhwc = g.op('Transpose', [pixels], { perm: { ints: [0, 2, 3, 1] } }, 'nhwc');
  // patchify: [b, H, W, 3] → [b·rows, p, cols, p·3] → swap → [b, rows·cols, p·p·3]
  const a = g.op('Reshape', [nhwc, g.int64s('patch_shape1', [-1, p, cols, p * 3])]);
  const t = g.op('Transpose', [a], { perm: { ints: [0, 2, 1, 3] } });
  const patches = g.op('Reshape', [t, g.int64s('patch_shape2', [-1, cols * cols, p * p * 3])], {}, 'patches');
  let h = g.op('Add', [dense(g, w, patches, 'image.patch'), weight(g, w, 'image.pos')], {}, 'image_tokens');
  for (let i = 0; i < c.imageBlocks; i++) h = BLOCK_TYPES[c.imageBlock].onnx(g, w, h, `image.blocks.${i}`, { heads: c.heads, width: c.imageWidth });
  const normed = layerNorm(g, w, h, 'image.ln_post');
  // 'flatten': the patch features concatenated in order ([b, n·w]); 'mean': averaged over patches.
  const pooled = c.imagePool === 'flatten' ? g.op('Reshape', [normed, g.int64s('flatten_shape', [0, -1])], {}, 'flat_patches') : maskedMean(g, normed);
  return dense(g, w, pooled, 'image.proj', false);
}

/**
 * input_ids / attention_mask [T, M] → features [T, embedDim], as textFeatures(). transformers.js pads a batch to its
 * longest text and cuts at model_max_length without keeping [EOS]; the toy tokenizer cuts words and keeps [EOS].
 * So the tokenizer files leave texts uncut and the graph cuts: the first contextLength tokens, the last one
 * replaced by [EOS] when the text was longer.
 */
function textTower(g: GraphBuilder, w: WeightArrays, c: ModelConfig, ids: string, mask: string): string {
  const L = c.contextLength;
  const zero = g.int64s('start0', [0]);
  const axis1 = g.int64s('axis_seq', [1]);
  const cut = g.op('Slice', [ids, zero, g.int64s('ctx_len', [L]), axis1], {}, 'ids_cut');
  const maskCut = toFloat(g, g.op('Slice', [mask, zero, g.int64s('ctx_len', [L]), axis1], {}, 'mask_cut'));
  const k = g.op('Shape', [cut], { start: { int: 1 }, end: { int: 2 } }, 'seq_len');
  const length = g.op('ReduceSum', [mask, axis1], { keepdims: { int: 1 } }, 'text_length');
  const tooLong = g.op('Greater', [length, g.int64s('ctx_len_scalar', [L], [])], {}, 'too_long');
  const lastColumn = g.op('Slice', [g.bools('last_column', Array.from({ length: L }, (_, i) => i === L - 1)), zero, k, g.int64s('axis0', [0])]);
  const fixed = g.op('Where', [g.op('And', [tooLong, lastColumn]), g.int64s('eos_id', [EOS_ID], []), cut], {}, 'ids_final');

  let h = g.op('Gather', [weight(g, w, 'text.token.embedding'), fixed], { axis: { int: 0 } }, 'token_embeddings');
  let pooled: string;
  if (c.textEncoder === 'transformer') {
    const pos = g.op('Slice', [weight(g, w, 'text.pos'), zero, k, g.int64s('axis0', [0])], {}, 'positions');
    h = g.op('Add', [h, pos]);
    for (let i = 0; i < c.textBlocks; i++) h = BLOCK_TYPES.transformer.onnx(g, w, h, `text.blocks.${i}`, { heads: c.heads, width: c.textWidth, keyMask: maskCut });
    pooled = maskedMean(g, layerNorm(g, w, h, 'text.ln_final'), maskCut);
  } else {
    pooled = layerNorm(g, w, maskedMean(g, h, maskCut), 'text.ln_final');
  }
  return dense(g, w, pooled, 'text.proj', false);
}

/** The config values this exporter mirrors; anything else (a newer model variant) fails loudly instead of exporting wrong. */
const EXPORTABLE = {
  imageBlock: ['transformer', 'mlp', 'mixer'],
  textEncoder: ['transformer', 'bow'],
  imagePool: ['mean', 'flatten'],
} as const;

function checkExportable(c: ModelConfig): void {
  for (const [key, known] of Object.entries(EXPORTABLE)) {
    const value = (c as unknown as Record<string, unknown>)[key];
    if (!(known as readonly unknown[]).includes(value)) {
      throw new UserError(`This exporter cannot write a model with ${key} "${String(value)}" (it knows ${known.join(', ')}); update src/pretrained/export to mirror it.`);
    }
  }
}
