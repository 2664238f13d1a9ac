import { DT, GraphBuilder } from './graph';

/**
 * The ONNX builders: mirrors of src/models/primitives.ts and layers.ts, op for op (the blocks' own are in src/models/blockTypes), so that the exported graph computes what the
 * tfjs model computes (same formulas, same epsilons). Every helper takes and returns value names.
 */

/** A weight as plain data: values row-major and shape. */
export interface WeightArray {
  data: Float32Array;
  shape: number[];
}

/** Named weights as plain data (the exporter's input; see src/models/params.ts for the names). */
export type WeightArrays = Record<string, WeightArray>;

/** Adds weight `name` as an initialiser; a clear error names a missing weight. */
export function weight(g: GraphBuilder, w: WeightArrays, name: string): string {
  const a = w[name];
  if (!a) throw new Error(`The model has no weight "${name}"; its config and weights do not match.`);
  return g.floats(name, a.data, a.shape);
}

/** x·W + b over the last axis ([..., in] → [..., out]); MatMul broadcasts over leading axes. */
export function dense(g: GraphBuilder, w: WeightArrays, x: string, name: string, bias = true): string {
  const y = g.op('MatMul', [x, weight(g, w, `${name}.kernel`)], {}, `${name}_mm`);
  return bias ? g.op('Add', [y, weight(g, w, `${name}.bias`)], {}, `${name}_out`) : y;
}

/** Layer normalisation over the last axis: (x − mean) / √(var + ε) · γ + β, written out as in tfjs. */
export function layerNorm(g: GraphBuilder, w: WeightArrays, x: string, name: string, eps = 1e-5): string {
  const mean = g.op('ReduceMean', [x], { axes: { ints: [-1] }, keepdims: { int: 1 } }, `${name}_mean`);
  const centred = g.op('Sub', [x, mean], {}, `${name}_centred`);
  const variance = g.op('ReduceMean', [g.op('Mul', [centred, centred])], { axes: { ints: [-1] }, keepdims: { int: 1 } }, `${name}_var`);
  const inv = g.op('Reciprocal', [g.op('Sqrt', [g.op('Add', [variance, g.scalar('eps', eps)])])], {}, `${name}_rstd`);
  const scaled = g.op('Mul', [g.op('Mul', [centred, inv]), weight(g, w, `${name}.gamma`)]);
  return g.op('Add', [scaled, weight(g, w, `${name}.beta`)], {}, `${name}_out`);
}

/** QuickGELU: x · σ(1.702 x). */
export function quickGelu(g: GraphBuilder, x: string): string {
  return g.op('Mul', [x, g.op('Sigmoid', [g.op('Mul', [x, g.scalar('gelu_k', 1.702)])])], {}, 'gelu');
}

/** Two dense layers with QuickGELU between. */
export function mlp(g: GraphBuilder, w: WeightArrays, x: string, name: string): string {
  return dense(g, w, quickGelu(g, dense(g, w, x, `${name}.fc1`)), `${name}.fc2`);
}

/** Mean over axis 1 of [b, n, w] → [b, w]; with `mask` [b, n] float, only where the mask is 1. */
export function maskedMean(g: GraphBuilder, x: string, mask?: string): string {
  if (!mask) return g.op('ReduceMean', [x], { axes: { ints: [1] }, keepdims: { int: 0 } }, 'mean_pool');
  const m = g.op('Unsqueeze', [mask, g.int64s('axis2', [2])], {}, 'mask3');
  const sum = g.op('ReduceSum', [g.op('Mul', [x, m]), g.int64s('axis1', [1])], { keepdims: { int: 0 } });
  const count = g.op('ReduceSum', [m, g.int64s('axis1', [1])], { keepdims: { int: 0 } });
  return g.op('Div', [sum, count], {}, 'masked_mean');
}

/** Rows scaled to unit length: x · rsqrt(Σx² + 1e-12) over the last axis. */
export function l2Normalize(g: GraphBuilder, x: string, name = 'l2'): string {
  const sq = g.op('ReduceSum', [g.op('Mul', [x, x]), g.int64s('axis_last', [-1])], { keepdims: { int: 1 } });
  const inv = g.op('Reciprocal', [g.op('Sqrt', [g.op('Add', [sq, g.scalar('l2_eps', 1e-12)])])]);
  return g.op('Mul', [x, inv], {}, name);
}

/** [b, n, w] → [b, heads, n, w/heads]. */
function splitHeads(g: GraphBuilder, x: string, heads: number, width: number): string {
  const r = g.op('Reshape', [x, g.int64s('heads_shape', [0, 0, heads, width / heads])]);
  return g.op('Transpose', [r], { perm: { ints: [0, 2, 1, 3] } });
}

/**
 * Multi-head self-attention on [b, n, w]: softmax(q kᵀ / √d + maskBias) v, heads merged, output dense.
 * `keyMask` [b, n] float (1 = real token): padded keys get −1e9 before the softmax, as in tfjs.
 */
export function attention(g: GraphBuilder, w: WeightArrays, x: string, name: string, heads: number, width: number, keyMask?: string): string {
  const d = width / heads;
  const q = splitHeads(g, dense(g, w, x, `${name}.q`), heads, width);
  const kT = g.op('Transpose', [splitHeads(g, dense(g, w, x, `${name}.k`), heads, width)], { perm: { ints: [0, 1, 3, 2] } });
  const v = splitHeads(g, dense(g, w, x, `${name}.v`), heads, width);
  let scores = g.op('Mul', [g.op('MatMul', [q, kT]), g.scalar('inv_sqrt_d', 1 / Math.sqrt(d))], {}, `${name}_scores`);
  if (keyMask) {
    const neg = g.op('Mul', [g.op('Sub', [g.scalar('one', 1), keyMask]), g.scalar('neg_big', -1e9)]);
    const bias = g.op('Unsqueeze', [neg, g.int64s('axes12', [1, 2])], {}, 'mask_bias');
    scores = g.op('Add', [scores, bias]);
  }
  const out = g.op('MatMul', [g.op('Softmax', [scores], { axis: { int: -1 } }), v]);
  const merged = g.op('Reshape', [g.op('Transpose', [out], { perm: { ints: [0, 2, 1, 3] } }), g.int64s('merge_shape', [0, 0, width])]);
  return dense(g, w, merged, `${name}.out`);
}

/** Casts a value to float32. */
export function toFloat(g: GraphBuilder, x: string): string {
  return g.op('Cast', [x], { to: { int: DT.FLOAT } });
}
