import { ModelConfig, validateConfig } from './config';
import SIZES from './model-sizes.json';

/** Defaults shared by every size (data: model-sizes.json, with its source). */
export const BASE_CONFIG: ModelConfig = SIZES.base as ModelConfig;

/** Named model sizes (data: model-sizes.json; the measurements behind them are in docs/benchmarks.md). */
export const MODEL_SIZES: Record<string, Partial<ModelConfig>> = SIZES.sizes as Record<string, Partial<ModelConfig>>;

/** A full config: base ← named size ← overrides (e.g. imageSize and vocabSize from the data). */
export function modelConfig(size: string, overrides: Partial<ModelConfig> = {}): ModelConfig {
  const named = MODEL_SIZES[size];
  if (!named) throw new Error(`Unknown model size "${size}"; known: ${Object.keys(MODEL_SIZES).join(', ')}.`);
  return validateConfig({ ...BASE_CONFIG, ...named, ...overrides });
}
