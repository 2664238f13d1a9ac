import { UserError } from '../runtime/errors';

/** Image encoder block: ViT 'transformer', per-patch 'mlp' (no token mixing), or MLP-'mixer'. */
export type ImageBlockType = 'transformer' | 'mlp' | 'mixer';
/** Text encoder: masked 'transformer' blocks, or 'bow' (bag of words: masked mean of token embeddings). */
export type TextEncoderType = 'transformer' | 'bow';

/** Everything that fixes a toy model's shapes. Saved as config.json next to the weights. */
export interface ModelConfig {
  /** Side of the square input images in pixels. */
  imageSize: number;
  /** Side of a square patch; must divide imageSize. */
  patchSize: number;
  imageWidth: number;
  imageBlocks: number;
  imageBlock: ImageBlockType;
  /** How patch features become one vector: 'mean' over patches, or 'flatten' (concatenated in order, keeps where each patch was). */
  imagePool: 'mean' | 'flatten';
  textEncoder: TextEncoderType;
  textWidth: number;
  textBlocks: number;
  /** Tokens per text (the tokenizer's maxLength). */
  contextLength: number;
  vocabSize: number;
  /** Attention heads (transformer blocks). */
  heads: number;
  /** Hidden size of block MLPs = width × mlpRatio. */
  mlpRatio: number;
  /** Size of the shared, L2-normalised embedding space. */
  embedDim: number;
  /** Per-channel normalisation of [0,1] pixels: (x − mean) / std. */
  pixelMean: [number, number, number];
  pixelStd: [number, number, number];
  /** Initial logit scale 1/temperature (CLIP: 1/0.07) and its cap (CLIP: 100). */
  initLogitScale: number;
  maxLogitScale: number;
}

/** Number of patches (image tokens) of a config. */
export function numPatches(c: ModelConfig): number {
  return (c.imageSize / c.patchSize) ** 2;
}

/** Values of a patch vector: patchSize² × 3 channels. */
export function patchDim(c: ModelConfig): number {
  return c.patchSize * c.patchSize * 3;
}

/** Checks a config and throws a UserError naming the first problem. */
export function validateConfig(c: ModelConfig): ModelConfig {
  const ints: Array<keyof ModelConfig> = ['imageSize', 'patchSize', 'imageWidth', 'textWidth', 'contextLength', 'vocabSize', 'heads', 'embedDim'];
  for (const k of ints) {
    const v = c[k] as number;
    if (!Number.isInteger(v) || v <= 0) throw new UserError(`Model config: ${k} must be a positive whole number (got ${v}).`);
  }
  if (c.imageSize % c.patchSize !== 0) throw new UserError(`Model config: patchSize ${c.patchSize} must divide imageSize ${c.imageSize}.`);
  if (!['transformer', 'mlp', 'mixer'].includes(c.imageBlock)) throw new UserError(`Model config: imageBlock must be transformer, mlp or mixer (got ${c.imageBlock}).`);
  if (!['mean', 'flatten'].includes(c.imagePool)) throw new UserError(`Model config: imagePool must be mean or flatten (got ${c.imagePool}).`);
  if (!['transformer', 'bow'].includes(c.textEncoder)) throw new UserError(`Model config: textEncoder must be transformer or bow (got ${c.textEncoder}).`);
  if (c.imageWidth % c.heads !== 0 || (c.textEncoder === 'transformer' && c.textWidth % c.heads !== 0)) {
    throw new UserError(`Model config: the widths must be divisible by heads (${c.heads}).`);
  }
  return c;
}
