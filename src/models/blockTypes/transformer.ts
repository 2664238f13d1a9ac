import * as tf from '@tensorflow/tfjs-core';
import * as onnx from '../../onnx/builders';
import { attentionRows, mlp, norm } from '../layers';
import { denseSpec, layerNormSpec } from '../spec';
import type { BlockType } from './types';

/** x + attn(ln1 x), then x + mlp(ln2 x): CLIP's ViT and text transformer block. */
export const transformerBlock: BlockType = {
  params: (name, width, _tokens, c) => [
    ...layerNormSpec(`${name}.ln1`, width),
    ...['q', 'k', 'v', 'out'].flatMap((p) => denseSpec(`${name}.attn.${p}`, width, width)),
    ...layerNormSpec(`${name}.ln2`, width),
    ...denseSpec(`${name}.mlp.fc1`, width, width * c.mlpRatio),
    ...denseSpec(`${name}.mlp.fc2`, width * c.mlpRatio, width),
  ],
  forward(h, w, name, { b, n, heads, keyMask }) {
    const a = tf.add(h, attentionRows(norm(h, w, `${name}.ln1`), b, n, w, `${name}.attn`, heads, keyMask));
    return tf.add(a, mlp(norm(a, w, `${name}.ln2`), w, `${name}.mlp`));
  },
  onnx(g, w, x, name, { heads, width, keyMask }) {
    const h = g.op('Add', [x, onnx.attention(g, w, onnx.layerNorm(g, w, x, `${name}.ln1`), `${name}.attn`, heads, width, keyMask)]);
    return g.op('Add', [h, onnx.mlp(g, w, onnx.layerNorm(g, w, h, `${name}.ln2`), `${name}.mlp`)], {}, `${name}_out`);
  },
};
