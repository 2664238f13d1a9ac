import * as tf from '@tensorflow/tfjs-core';
import { BLOCK_TYPES } from './blockTypes';
import type { ImageBlockType } from './config';
import type { Weights } from './params';

export { attention } from './layers';

/**
 * One residual block on [b, n, w] → [b, n, w] (pre-norm, as in CLIP's ViT), of one of the types in blockTypes/
 * (transformer, per-patch mlp, mixer). `keyMask` [b, n] (1 = real token) hides padding from attention.
 */
export function block(x: tf.Tensor3D, w: Weights, name: string, type: ImageBlockType, heads: number, keyMask?: tf.Tensor2D): tf.Tensor3D {
  const [b, n, width] = x.shape;
  // Inside, one 2-D [b·n, w] tensor: on wasm every reshape on the gradient path copies its input for the backward.
  return BLOCK_TYPES[type].forward(x.reshape([b * n, width]), w, name, { b, n, width, heads, keyMask }).reshape([b, n, width]) as tf.Tensor3D;
}
