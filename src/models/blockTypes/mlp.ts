import * as tf from '@tensorflow/tfjs-core';
import * as onnx from '../../onnx/builders';
import { mlp, norm } from '../layers';
import { denseSpec, layerNormSpec } from '../spec';
import type { BlockType } from './types';

/** x + mlp(ln1 x) per patch: no mixing across tokens (the traditional baseline's blocks). */
export const mlpBlock: BlockType = {
  params: (name, width, _tokens, c) => [
    ...layerNormSpec(`${name}.ln1`, width),
    ...denseSpec(`${name}.mlp.fc1`, width, width * c.mlpRatio),
    ...denseSpec(`${name}.mlp.fc2`, width * c.mlpRatio, width),
  ],
  forward: (h, w, name) => tf.add(h, mlp(norm(h, w, `${name}.ln1`), w, `${name}.mlp`)),
  onnx: (g, w, x, name) => g.op('Add', [x, onnx.mlp(g, w, onnx.layerNorm(g, w, x, `${name}.ln1`), `${name}.mlp`)], {}, `${name}_out`),
};
