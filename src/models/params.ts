import * as tf from '@tensorflow/tfjs-core';
import { childSeed, Rng } from '../runtime/seed';
import { BLOCK_TYPES } from './blockTypes';
import { ModelConfig, numPatches, patchDim } from './config';
import { denseSpec, layerNormSpec, normal, Spec } from './spec';
import type { Weights } from './weights';

export type { Weights } from './weights';

/** The image tower's weights (shared by CLIP and the classifier). */
export function imageSpec(c: ModelConfig): Spec {
  const n = numPatches(c);
  const s: Spec = [...denseSpec('image.patch', patchDim(c), c.imageWidth), ['image.pos', [n, c.imageWidth], normal(0.02)]];
  for (let i = 0; i < c.imageBlocks; i++) s.push(...BLOCK_TYPES[c.imageBlock].params(`image.blocks.${i}`, c.imageWidth, n, c));
  const pooled = c.imagePool === 'flatten' ? n * c.imageWidth : c.imageWidth;
  s.push(...layerNormSpec('image.ln_post', c.imageWidth), ...denseSpec('image.proj', pooled, c.embedDim, false));
  return s;
}

/** The text tower's weights. */
export function textSpec(c: ModelConfig): Spec {
  const s: Spec = [['text.token.embedding', [c.vocabSize, c.textWidth], normal(0.02)]];
  if (c.textEncoder === 'transformer') {
    s.push(['text.pos', [c.contextLength, c.textWidth], normal(0.01)]);
    for (let i = 0; i < c.textBlocks; i++) s.push(...BLOCK_TYPES.transformer.params(`text.blocks.${i}`, c.textWidth, c.contextLength, c));
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
