import type * as tf from '@tensorflow/tfjs-core';

/** A model's weights: stable dotted names (`image.blocks.0.attn.q.kernel`) → variables. */
export type Weights = Record<string, tf.Variable>;
