import * as tf from '@tensorflow/tfjs';
import { childSeed, Rng } from '../runtime/seed';
import { ModelConfig, numPatches, patchDim } from './config';

/** A model's weights: stable dotted names (`image.blocks.0.attn.q.kernel`) → variables. */
export type Weights = Record<string, tf.Variable>;

/** How one weight starts: seeded normal with a standard deviation, or a constant. */
type Init = { kind: 'normal'; std: number } | { kind: 'const'; value: number };

/** Name → shape and initialiser, in a fixed order so that a seed gives the same weights. */
type Spec = Array<[string, number[], Init]>;

const normal = (std: number): Init => ({ kind: 'normal', std });
const zeros: Init = { kind: 'const', value: 0 };
const ones: Init = { kind: 'const', value: 1 };

/** A dense layer: kernel with std 1/√fan-in (LeCun normal), zero bias. */
function denseSpec(name: string, inDim: number, outDim: number, bias = true): Spec {
  const s: Spec = [[`${name}.kernel`, [inDim, outDim], normal(1 / Math.sqrt(inDim))]];
  if (bias) s.push([`${name}.bias`, [outDim], zeros]);
  return s;
}

function layerNormSpec(name: string, width: number): Spec {
  return [[`${name}.gamma`, [width], ones], [`${name}.beta`, [width], zeros]];
}

/** One block's weights; `tokens` is the sequence length (the mixer mixes across it). */
function blockSpec(name: string, type: string, width: number, tokens: number, c: ModelConfig): Spec {
  const hidden = width * c.mlpRatio;
  const s: Spec = [...layerNormSpec(`${name}.ln1`, width)];
  if (type === 'transformer') {
    for (const p of ['q', 'k', 'v', 'out']) s.push(...denseSpec(`${name}.attn.${p}`, width, width));
  } else if (type === 'mixer') {
    s.push(...denseSpec(`${name}.tokens.fc1`, tokens, tokens * c.mlpRatio), ...denseSpec(`${name}.tokens.fc2`, tokens * c.mlpRatio, tokens));
  }
  if (type !== 'mlp') s.push(...layerNormSpec(`${name}.ln2`, width));
  s.push(...denseSpec(`${name}.mlp.fc1`, width, hidden), ...denseSpec(`${name}.mlp.fc2`, hidden, width));
  return s;
}

/** The image tower's weights (shared by CLIP and the classifier). */
export function imageSpec(c: ModelConfig): Spec {
  const n = numPatches(c);
  const s: Spec = [...denseSpec('image.patch', patchDim(c), c.imageWidth), ['image.pos', [n, c.imageWidth], normal(0.02)]];
  for (let i = 0; i < c.imageBlocks; i++) s.push(...blockSpec(`image.blocks.${i}`, c.imageBlock, c.imageWidth, n, c));
  const pooled = c.imagePool === 'flatten' ? n * c.imageWidth : c.imageWidth;
  s.push(...layerNormSpec('image.ln_post', c.imageWidth), ...denseSpec('image.proj', pooled, c.embedDim, false));
  return s;
}

/** The text tower's weights. */
export function textSpec(c: ModelConfig): Spec {
  const s: Spec = [['text.token.embedding', [c.vocabSize, c.textWidth], normal(0.02)]];
  if (c.textEncoder === 'transformer') {
    s.push(['text.pos', [c.contextLength, c.textWidth], normal(0.01)]);
    for (let i = 0; i < c.textBlocks; i++) s.push(...blockSpec(`text.blocks.${i}`, 'transformer', c.textWidth, c.contextLength, c));
  }
  s.push(...layerNormSpec('text.ln_final', c.textWidth), ...denseSpec('text.proj', c.textWidth, c.embedDim, false));
  return s;
}

/** Creates seeded variables for a spec; the same rng state gives the same weights. */
export function createWeights(spec: Spec, rng: Rng): Weights {
  const w: Weights = {};
  for (const [name, shape, init] of spec) {
    const value = init.kind === 'normal' ? tf.randomNormal(shape, 0, init.std, 'float32', childSeed(rng)) : tf.fill(shape, init.value);
    w[name] = tf.variable(value, true);
    value.dispose();
  }
  return w;
}

/** The variables of a weights map in name order (what optimisers and gradients take). */
export function weightList(w: Weights): tf.Variable[] {
  return Object.keys(w).sort().map((k) => w[k]);
}

/** Total number of scalar parameters. */
export function countParameters(w: Weights): number {
  return Object.values(w).reduce((s, v) => s + v.size, 0);
}

/** Frees every variable of a weights map. */
export function disposeWeights(w: Weights): void {
  for (const v of Object.values(w)) v.dispose();
}
