import { ModelConfig, validateConfig } from './config';

/** Defaults shared by every size; the CLIP paper's temperature init (0.07) and cap (100). */
export const BASE_CONFIG: ModelConfig = {
  imageSize: 32,
  patchSize: 8,
  imageWidth: 64,
  imageBlocks: 1,
  imageBlock: 'mlp',
  imagePool: 'mean',
  textEncoder: 'transformer',
  textWidth: 64,
  textBlocks: 1,
  contextLength: 12,
  vocabSize: 64,
  heads: 2,
  mlpRatio: 2,
  embedDim: 64,
  pixelMean: [0.5, 0.5, 0.5],
  pixelStd: [0.5, 0.5, 0.5],
  initLogitScale: 1 / 0.07,
  maxLogitScale: 100,
};

/**
 * Named model sizes (data, not logic). Source: calibration runs on a 2-core machine — the
 * patch-MLP encoder (8×8 patches, width 64) reached ≥ 90 % held-out shapes top-1 in 60 s — here with
 * the patch features flattened rather than averaged (mean pooling lost where the patches were:
 * 39 % vs 68 % held-out after 600 steps), two blocks (90.7 % vs 87.3 % after 1,500 steps) and batches of
 * 30 distinct concepts (87.3 % vs 83.3 % for 64 with distinct captions only); the
 * reference size is the benchmark's fixed step (batch 128, 16×16 images, 4×4 patches, width 64,
 * one transformer block per tower, 12 text tokens); the emoji size follows the mixer / bag-of-words probe,
 * with flattened patches (held-out openmoji-color top-5 25.9 % vs 18.2 % with mean pooling, 120 CPU-s,
 * augmented training), 128-d embeddings (all-concept top-1 / top-5 17.9 / 39.3 % vs 17.2 / 37.4 % with 64,
 * same speed; width 128 halved the steps and lost 2–4 points, three blocks lost 1–3, 120 CPU-s, seed 42) and
 * one mixer block (56 vs 86 ms per step; the 300 CPU-s bench: 24.7 / 45.6 % vs 23.1 / 45.3 % with two), and MLPs
 * 4× wide (300 CPU-s with the kit's wasm kernels, two screens sharing the CPU: 26.6 / 49.6 % against 26.7 / 48.3 %
 * for 2× in the bench and 26.5 / 48.4 % for 3×; 6× lost: 24.3 / 47.1 %).
 */
export const MODEL_SIZES: Record<string, Partial<ModelConfig>> = {
  shapes: { patchSize: 8, imageWidth: 64, imageBlocks: 2, imageBlock: 'mlp', imagePool: 'flatten', textEncoder: 'bow', textWidth: 64, embedDim: 64 },
  'shapes-vit': { patchSize: 8, imageWidth: 32, imageBlocks: 1, imageBlock: 'transformer', textEncoder: 'transformer', textWidth: 32, embedDim: 32 },
  reference: { imageSize: 16, patchSize: 4, imageWidth: 64, imageBlocks: 1, imageBlock: 'transformer', textEncoder: 'transformer', textWidth: 64, textBlocks: 1, contextLength: 12, embedDim: 64 },
  emoji: { patchSize: 8, imageWidth: 64, imageBlocks: 1, imageBlock: 'mixer', imagePool: 'flatten', textEncoder: 'bow', textWidth: 64, embedDim: 128, mlpRatio: 4 },
};

/** A full config: base ← named size ← overrides (e.g. imageSize and vocabSize from the data). */
export function modelConfig(size: string, overrides: Partial<ModelConfig> = {}): ModelConfig {
  const named = MODEL_SIZES[size];
  if (!named) throw new Error(`Unknown model size "${size}"; known: ${Object.keys(MODEL_SIZES).join(', ')}.`);
  return validateConfig({ ...BASE_CONFIG, ...named, ...overrides });
}
