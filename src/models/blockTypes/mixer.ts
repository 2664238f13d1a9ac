import * as tf from '@tensorflow/tfjs-core';
import * as onnx from '../../onnx/builders';
import { mlp, norm } from '../layers';
import { denseSpec, layerNormSpec } from '../spec';
import type { BlockType } from './types';

/** MLP-Mixer: x + a token MLP across the n axis of ln1 x, then x + mlp(ln2 x). */
export const mixerBlock: BlockType = {
  params: (name, width, tokens, c) => [
    ...layerNormSpec(`${name}.ln1`, width),
    ...denseSpec(`${name}.tokens.fc1`, tokens, tokens * c.mlpRatio),
    ...denseSpec(`${name}.tokens.fc2`, tokens * c.mlpRatio, tokens),
    ...layerNormSpec(`${name}.ln2`, width),
    ...denseSpec(`${name}.mlp.fc1`, width, width * c.mlpRatio),
    ...denseSpec(`${name}.mlp.fc2`, width * c.mlpRatio, width),
  ],
  forward(h, w, name, { b, n, width }) {
    const t = norm(h, w, `${name}.ln1`).reshape([b, n, width]).transpose([0, 2, 1]);
    const a = tf.add(h, mlp(t, w, `${name}.tokens`).transpose([0, 2, 1]).reshape([b * n, width]));
    return tf.add(a, mlp(norm(a, w, `${name}.ln2`), w, `${name}.mlp`));
  },
  onnx(g, w, x, name) {
    const t = g.op('Transpose', [onnx.layerNorm(g, w, x, `${name}.ln1`)], { perm: { ints: [0, 2, 1] } });
    const h = g.op('Add', [x, g.op('Transpose', [onnx.mlp(g, w, t, `${name}.tokens`)], { perm: { ints: [0, 2, 1] } })]);
    return g.op('Add', [h, onnx.mlp(g, w, onnx.layerNorm(g, w, h, `${name}.ln2`), `${name}.mlp`)], {}, `${name}_out`);
  },
};
