import { UserError } from '../runtime/errors';
import { ModelConfig } from './config';

/**
 * Bounds of every field of a saved model's config: generous for any toy model the kit trains, tight enough that a
 * damaged file cannot ask for gigabytes of weights. [kind, lowest, highest].
 */
const FIELDS: Record<keyof ModelConfig, ['int' | 'number' | 'rgb' | 'word', number, number] | ['word', string[]]> = {
  imageSize: ['int', 1, 4096],
  patchSize: ['int', 1, 4096],
  imageWidth: ['int', 1, 4096],
  imageBlocks: ['int', 0, 64],
  imageBlock: ['word', ['transformer', 'mlp', 'mixer']],
  imagePool: ['word', ['mean', 'flatten']],
  textEncoder: ['word', ['transformer', 'bow']],
  textWidth: ['int', 1, 4096],
  textBlocks: ['int', 0, 64],
  contextLength: ['int', 1, 1024],
  vocabSize: ['int', 1, 1_000_000],
  heads: ['int', 1, 64],
  mlpRatio: ['number', 0.01, 64],
  embedDim: ['int', 1, 4096],
  pixelMean: ['rgb', -10, 10],
  pixelStd: ['rgb', 1e-6, 10],
  initLogitScale: ['number', 1e-6, 1e6],
  maxLogitScale: ['number', 1e-6, 1e6],
};

/**
 * Checks every field of the config saved in `file` (a model folder's manifest) before a weight is made: present, of
 * the right type, finite and in range. Throws one sentence naming the file and the field; returns the config.
 */
export function checkSavedConfig(file: string, config: unknown): ModelConfig {
  const damaged = 'the model folder is damaged — train or copy it again';
  if (!config || typeof config !== 'object' || Array.isArray(config)) throw new UserError(`${file} has no model config (field "config"); ${damaged}.`);
  const c = config as Record<string, unknown>;
  for (const [field, rule] of Object.entries(FIELDS)) {
    const v = c[field];
    const bad = (what: string) => new UserError(`${file} has config.${field} = ${JSON.stringify(v) ?? 'missing'}, not ${what}; ${damaged}.`);
    if (rule[0] === 'word') {
      const words = rule[1] as string[];
      if (typeof v !== 'string' || !words.includes(v)) throw bad(`one of ${words.join(', ')}`);
      continue;
    }
    const [kind, lo, hi] = rule as ['int' | 'number' | 'rgb', number, number];
    const range = `from ${lo} to ${hi}`;
    if (kind === 'rgb') {
      if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= lo && x <= hi)) throw bad(`three numbers ${range}`);
    } else if (typeof v !== 'number' || !Number.isFinite(v) || (kind === 'int' && !Number.isInteger(v)) || v < lo || v > hi) {
      throw bad(`a ${kind === 'int' ? 'whole number' : 'number'} ${range}`);
    }
  }
  return config as ModelConfig;
}
