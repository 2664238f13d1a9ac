import * as tf from '@tensorflow/tfjs-core';
import type { GraphBuilder } from '../../onnx/graph';
import type { WeightArrays } from '../../onnx/builders';
import type { ModelConfig } from '../config';
import type { Weights } from '../weights';
import type { Spec } from '../spec';

/** What a block's forward pass needs besides its input rows: b sequences of n tokens of `width`. */
export interface BlockContext {
  b: number;
  n: number;
  width: number;
  heads: number;
  /** [b, n], 1 = real token: hides padding from attention. */
  keyMask?: tf.Tensor2D;
}

/** The same for the ONNX export (value names instead of tensors). */
export interface OnnxBlockContext {
  heads: number;
  width: number;
  keyMask?: string;
}

/** One type of residual block, everything about it in one place: its weights, its forward pass and its ONNX mirror. */
export interface BlockType {
  /** The block's weights under `name`, in a fixed order (a seed gives the same weights); `tokens` is the sequence length. */
  params(name: string, width: number, tokens: number, c: ModelConfig): Spec;
  /** Rows h [b·n, w] → rows [b·n, w]. */
  forward(h: tf.Tensor, w: Weights, name: string, ctx: BlockContext): tf.Tensor;
  /** The forward pass as ONNX nodes on x [b, n, w]; returns the output's value name. */
  onnx(g: GraphBuilder, w: WeightArrays, x: string, name: string, ctx: OnnxBlockContext): string;
}
