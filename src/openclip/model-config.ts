import { ModelConfig } from '../models/config';
import { modelConfig } from '../models/configs';
import { readRecipeFile, recipeNames, trainDefaults, trainRecipe } from '../recipes';
import { TrainRecipe } from '../recipes/types';
import { UserError } from '../runtime/errors';

/** open_clip's model-config format (open_clip/model_configs/*.json): the file name is the model name. */
export interface OpenClipModelConfig {
  embed_dim: number;
  quick_gelu: boolean;
  vision_cfg: { image_size: number; patch_size: number; width: number; layers: number; head_width: number; mlp_ratio: number; pool_type: 'tok' | 'avg' };
  text_cfg: { context_length: number; vocab_size: number; width: number; heads: number; layers: number; mlp_ratio: number };
}

/** open_clip's CLIP BPE vocabulary: 49,152 byte-pair tokens, 256 bytes and the two special tokens, as in OpenAI's CLIP. */
export const OPEN_CLIP_VOCAB_SIZE = 49408;

/** The kit's recipe for a dataset's open_clip export: its CLIP recipe (shapes, emoji), else the benchmark's reference. */
export function defaultRecipe(dataset: string): string {
  return dataset === 'shapes' ? 'shapes-clip' : dataset === 'emoji' ? 'emoji-clip' : 'reference';
}

/** The names of the recipes that train a CLIP (what --recipe accepts). */
export function clipRecipeNames(): string[] {
  return recipeNames().filter((n) => readRecipeFile(n).kind === 'clip');
}

/** A CLIP recipe by name as written (not its quick version: an export is for real training). */
export function clipRecipe(name: string): TrainRecipe {
  const r = trainRecipe(name, {}, { quick: false });
  if (r.kind !== 'clip') throw new UserError(`The recipe "${name}" trains a ${r.kind}, not a CLIP; use one of ${clipRecipeNames().join(', ')}.`);
  return r;
}

/** What an open_clip config could not keep of a kit model, one phrase each (listed in the manifest). */
export function approximations(c: ModelConfig): string[] {
  const out: string[] = [];
  if (c.imageBlock !== 'transformer') out.push(`image blocks are transformer blocks (the kit's are "${c.imageBlock}")`);
  if (c.imagePool === 'flatten') out.push('the image embedding is the class token (the kit flattens the patch features)');
  if (c.textEncoder !== 'transformer') out.push(`the text tower is a causal transformer (the kit's is "${c.textEncoder}")`);
  out.push(`the tokenizer is CLIP's BPE (${OPEN_CLIP_VOCAB_SIZE} tokens) instead of the kit's word vocabulary`);
  return out;
}

/** The kit model of a recipe at an image size. */
export function recipeModel(recipe: TrainRecipe, imageSize?: number): ModelConfig {
  return modelConfig(recipe.modelSize, imageSize ? { imageSize } : {});
}

/** A kit recipe's architecture as an open_clip model config, as close as open_clip's ViT-and-transformer CLIP allows. */
export function openClipConfig(recipe: TrainRecipe, options: { imageSize?: number; contextLength?: number } = {}): OpenClipModelConfig {
  const c = recipeModel(recipe, options.imageSize);
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

/** The recipe's training settings that open_clip has flags for; a budget in steps becomes whole epochs of `samples`. */
export function recipeTraining(recipe: TrainRecipe, samples: number): { batchSize: number; lr: number; warmup: number; wd: number; epochs: number; seed: number } {
  const epochs = recipe.epochs ?? (recipe.steps !== undefined ? Math.max(1, Math.round((recipe.steps * recipe.batchSize) / samples)) : trainDefaults().epochs);
  return { batchSize: recipe.batchSize, lr: recipe.learningRate, warmup: recipe.warmupSteps, wd: recipe.weightDecay, epochs, seed: recipe.seed };
}
