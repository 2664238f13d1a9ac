import { ModelConfig } from '../models/config';
import { BATCH_SIZES, MODEL_SIZES, WEIGHT_DECAYS, modelConfig } from '../models/configs';
import { TRAIN_DEFAULTS } from '../train/loop';
import { UserError } from '../runtime/errors';

/** open_clip's model-config format (open_clip/model_configs/*.json): the file name is the model name. */
export interface OpenClipModelConfig {
  embed_dim: number;
  quick_gelu: boolean;
  vision_cfg: { image_size: number; patch_size: number; width: number; layers: number; head_width: number; mlp_ratio: number; pool_type: 'tok' | 'avg' };
  text_cfg: { context_length: number; vocab_size: number; width: number; heads: number; layers: number; mlp_ratio: number };
}

/** open_clip's CLIP BPE vocabulary size (49,152 merges' tokens + 256 bytes … + the two special tokens). */
export const OPEN_CLIP_VOCAB_SIZE = 49408;

/** The kit's default recipe per dataset for open_clip: the kit's ViT for shapes (open_clip trains ViTs), the emoji size for emoji. */
export function defaultRecipe(dataset: string): string {
  return dataset === 'shapes' ? 'shapes-vit' : dataset === 'emoji' ? 'emoji' : 'reference';
}

/** What an open_clip config could not keep of a kit recipe, one phrase each (shown in the manifest and docs). */
export function approximations(c: ModelConfig): string[] {
  const out: string[] = [];
  if (c.imageBlock !== 'transformer') out.push(`image blocks are transformer blocks (the kit's are "${c.imageBlock}")`);
  if (c.imagePool === 'flatten') out.push('the image embedding is the class token (the kit flattens the patch features)');
  if (c.textEncoder !== 'transformer') out.push(`the text tower is a causal transformer (the kit's is "${c.textEncoder}")`);
  out.push(`the tokenizer is CLIP's BPE (${OPEN_CLIP_VOCAB_SIZE} tokens) instead of the kit's word vocabulary`);
  return out;
}

/** A kit recipe's architecture as an open_clip model config, as close as open_clip's ViT-and-transformer CLIP allows. */
export function openClipConfig(recipe: string, options: { imageSize?: number; contextLength?: number } = {}): OpenClipModelConfig {
  if (!MODEL_SIZES[recipe]) throw new UserError(`Unknown recipe "${recipe}": use one of ${Object.keys(MODEL_SIZES).join(', ')}.`);
  const c = modelConfig(recipe, options.imageSize ? { imageSize: options.imageSize } : {});
  return {
    embed_dim: c.embedDim,
    quick_gelu: true, // the kit's blocks use QuickGELU, as OpenAI's CLIP
    vision_cfg: {
      image_size: c.imageSize,
      patch_size: c.patchSize,
      width: c.imageWidth,
      layers: c.imageBlocks,
      head_width: c.imageWidth / c.heads,
      mlp_ratio: c.mlpRatio,
      pool_type: c.imagePool === 'mean' ? 'avg' : 'tok',
    },
    text_cfg: {
      context_length: Math.max(c.contextLength, options.contextLength ?? 0),
      vocab_size: OPEN_CLIP_VOCAB_SIZE,
      width: c.textWidth,
      heads: c.heads,
      layers: c.textBlocks,
      mlp_ratio: c.mlpRatio,
    },
  };
}

/** The kit recipe's training settings that open_clip has flags for. */
export function recipeTraining(recipe: string): { batchSize: number; lr: number; warmup: number; wd: number; epochs: number; mean: readonly number[]; std: readonly number[] } {
  const c = modelConfig(recipe);
  return {
    batchSize: BATCH_SIZES[recipe] ?? TRAIN_DEFAULTS.batchSize,
    lr: TRAIN_DEFAULTS.learningRate,
    warmup: TRAIN_DEFAULTS.warmupSteps,
    wd: WEIGHT_DECAYS[recipe] ?? TRAIN_DEFAULTS.weightDecay,
    epochs: TRAIN_DEFAULTS.epochs,
    mean: c.pixelMean,
    std: c.pixelStd,
  };
}
