// The ONNX operators the kit's toy CLIPs use (opset 17), one function each: (inputs, attributes) → output tensor.
// Semantics follow the ONNX operator specification; element-wise ops broadcast as numpy does.
import { Attrs } from './proto';
import { DType, Tensor } from './tensor';

/** An operator: its inputs (undefined for an optional one left out) and attributes → its output. */
export type Op = (inputs: Array<Tensor | undefined>, attrs: Attrs) => Tensor;

const size = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** Row-major strides of a shape. */
function strides(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length);
  for (let d = dims.length - 1, k = 1; d >= 0; d--) {
    s[d] = k;
    k *= dims[d];
  }
  return s;
}

/** An axis as a non-negative index (ONNX allows −rank … rank−1). */
function axisOf(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`axis ${axis} is out of range for a tensor of rank ${rank}`);
  return a;
}

/** An integer attribute, or `fallback` when the node does not set it. */
function intAttr(a: Attrs, name: string, fallback: number): number {
  const v = a[name];
  return typeof v === 'number' ? v : fallback;
}

/** A list-of-integers attribute, or undefined when the node does not set it. */
function intsAttr(a: Attrs, name: string): number[] | undefined {
  const v = a[name];
  return Array.isArray(v) ? v : undefined;
}

/** A required input. */
function need(t: Tensor | undefined, what = 'an input'): Tensor {
  if (!t) throw new Error(`${what} is missing`);
  return t;
}

/** The numpy-broadcast shape of several shapes. */
function broadcastDims(shapes: ReadonlyArray<readonly number[]>): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const d = rank - s.length + i;
      if (s[i] === out[d] || s[i] === 1) continue;
      if (out[d] !== 1) throw new Error(`shapes [${shapes.map((x) => x.join(',')).join('] and [')}] do not broadcast`);
      out[d] = s[i];
    }
  }
  return out;
}

/** Strides of `dims` read as the broadcast shape `out`: 0 along axes it repeats. */
function broadcastStrides(dims: readonly number[], out: readonly number[]): number[] {
  const own = strides(dims);
  return out.map((n, d) => {
    const i = d - (out.length - dims.length);
    return i < 0 || dims[i] === 1 ? 0 : own[i];
  });
}

/**
 * Walks the elements of shape `dims` in row-major order, calling `visit(i, offsets)` where offsets[k] is the
 * position in the k-th array whose strides along `dims` are `steps[k]` (0 for a repeated axis).
 */
function walk(dims: readonly number[], steps: number[][], visit: (i: number, offsets: number[]) => void): void {
  const rank = dims.length;
  const idx = new Array<number>(rank).fill(0);
  const off = new Array<number>(steps.length).fill(0);
  const n = size(dims);
  for (let i = 0; i < n; i++) {
    visit(i, off);
    for (let d = rank - 1; d >= 0; d--) {
      for (let k = 0; k < steps.length; k++) off[k] += steps[k][d];
      if (++idx[d] < dims[d]) break;
      for (let k = 0; k < steps.length; k++) off[k] -= steps[k][d] * dims[d];
      idx[d] = 0;
    }
  }
}

/** f applied element-wise over broadcast inputs; the output has type `type` (default: the first input's). */
function elementwise(inputs: Tensor[], f: (...xs: number[]) => number, type: DType = inputs[0].type): Tensor {
  const dims = broadcastDims(inputs.map((t) => t.dims));
  const out = Tensor.zeros(type, dims);
  const data = inputs.map((t) => t.data);
  const o = out.data;
  if (data.length === 1) {
    for (let i = 0; i < o.length; i++) o[i] = f(data[0][i]);
    return out;
  }
  // The common cases, fast: two inputs, each either full-size or repeating over the leading axes (a bias, a scalar).
  const trailing = (t: Tensor) => {
    if (t.size === 1) return true;
    const own = t.dims.slice(t.dims.findIndex((n) => n !== 1)); // leading 1s do not change the layout
    return own.every((n, i) => n === dims[dims.length - own.length + i]);
  };
  if (data.length === 2 && trailing(inputs[0]) && trailing(inputs[1])) {
    const [a, b] = data;
    const [na, nb] = [a.length, b.length];
    if (na === o.length && nb === o.length) for (let i = 0; i < o.length; i++) o[i] = f(a[i], b[i]);
    else if (na === o.length) for (let i = 0; i < o.length; i++) o[i] = f(a[i], b[i % nb]);
    else for (let i = 0; i < o.length; i++) o[i] = f(a[i % na], b[i % nb]);
    return out;
  }
  const steps = inputs.map((t) => broadcastStrides(t.dims, dims));
  if (data.length === 2) walk(dims, steps, (i, p) => (o[i] = f(data[0][p[0]], data[1][p[1]])));
  else walk(dims, steps, (i, p) => (o[i] = f(...data.map((a, k) => a[p[k]]))));
  return out;
}

const unary = (f: (x: number) => number): Op => ([x]) => elementwise([need(x)], f);
const binary = (f: (x: number, y: number) => number): Op => ([a, b]) => elementwise([need(a), need(b)], f);
const compare = (f: (x: number, y: number) => boolean): Op => ([a, b]) => elementwise([need(a), need(b)], (x, y) => (f(x, y) ? 1 : 0), 'bool');

/** Integer values of a 1-D int64 input (shapes, axes, starts …). */
const ints = (t: Tensor) => Array.from(t.data);

/** Sum or mean over `axes` (all axes when none are given), keeping reduced axes as 1 when keepdims. */
function reduce(x: Tensor, axes: number[] | undefined, keepdims: boolean, mean: boolean): Tensor {
  const rank = x.dims.length;
  const set = new Set((axes && axes.length ? axes : x.dims.map((_, i) => i)).map((a) => axisOf(a, rank)));
  const kept = x.dims.map((n, d) => (set.has(d) ? 1 : n));
  const acc = new Float64Array(size(kept));
  // Each input element adds into its output cell: the output strides are 0 along reduced axes.
  walk(x.dims, [broadcastStrides(kept, x.dims)], (i, p) => (acc[p[0]] += x.data[i]));
  const count = size(x.dims) / acc.length;
  const dims = keepdims ? kept : x.dims.filter((_, d) => !set.has(d));
  if (x.type !== 'float32' && mean) throw new Error('ReduceMean of integers is not supported');
  return new Tensor(x.type, x.type === 'float32' ? Float32Array.from(acc, (v) => (mean ? v / count : v)) : acc, dims);
}

/** Reduce axes come from the `axes` input (ReduceSum since opset 13, all reductions since 18) or attribute. */
const reduceOp = (mean: boolean): Op => ([x, axes], a) => reduce(need(x), axes ? ints(axes) : intsAttr(a, 'axes'), intAttr(a, 'keepdims', 1) === 1, mean);

/** numpy matmul: [..., M, K] · [..., K, N] → [..., M, N], batch axes broadcast; 1-D inputs are a row / a column. */
const matMul: Op = ([x, y]) => {
  const [a, b] = [need(x), need(y)];
  const ad = a.dims.length === 1 ? [1, a.dims[0]] : a.dims;
  const bd = b.dims.length === 1 ? [b.dims[0], 1] : b.dims;
  const [M, K] = ad.slice(-2);
  const [K2, N] = bd.slice(-2);
  if (K !== K2) throw new Error(`MatMul of shapes [${a.dims}] and [${b.dims}]: inner sizes ${K} and ${K2} differ`);
  const batch = broadcastDims([ad.slice(0, -2), bd.slice(0, -2)]);
  const steps = [broadcastStrides(ad.slice(0, -2), batch).map((s) => s * M * K), broadcastStrides(bd.slice(0, -2), batch).map((s) => s * K * N)];
  const out = Tensor.zeros('float32', [...batch, M, N]);
  const [A, B, C] = [a.data, b.data, out.data];
  const row = new Float64Array(N); // sums in double, rounded once to float32
  walk(batch, steps, (bi, [ao, bo]) => {
    for (let i = 0; i < M; i++) {
      row.fill(0);
      for (let k = 0; k < K; k++) {
        const v = A[ao + i * K + k];
        const r = bo + k * N;
        for (let j = 0; j < N; j++) row[j] += v * B[r + j];
      }
      C.set(row, (bi * M + i) * N);
    }
  });
  let dims = [...batch, M, N];
  if (a.dims.length === 1) dims = dims.filter((_, d) => d !== dims.length - 2);
  if (b.dims.length === 1) dims = dims.slice(0, -1);
  return new Tensor('float32', C, dims);
};

const transpose: Op = ([t], a) => {
  const x = need(t);
  const rank = x.dims.length;
  const perm = intsAttr(a, 'perm') ?? x.dims.map((_, i) => rank - 1 - i);
  const dims = perm.map((p) => x.dims[p]);
  const s = strides(x.dims);
  const out = Tensor.zeros(x.type, dims);
  walk(dims, [perm.map((p) => s[p])], (i, [p]) => (out.data[i] = x.data[p]));
  return out;
};

/** Reshape: 0 copies the input's size on that axis (allowzero = 0), −1 takes what is left. */
const reshape: Op = ([t, shape], a) => {
  const x = need(t);
  if (intAttr(a, 'allowzero', 0)) throw new Error('Reshape with allowzero = 1 is not supported');
  const dims = ints(need(shape, 'the shape')).map((n, i) => (n === 0 ? x.dims[i] : n));
  const unknown = dims.indexOf(-1);
  if (unknown >= 0) dims[unknown] = x.size / size(dims.filter((_, i) => i !== unknown));
  if (size(dims) !== x.size || !dims.every(Number.isInteger)) throw new Error(`Reshape of [${x.dims}] to [${ints(shape!)}] does not keep its ${x.size} values`);
  return new Tensor(x.type, x.data, dims);
};

const unsqueeze: Op = ([t, axes], a) => {
  const x = need(t);
  const list = axes ? ints(axes) : intsAttr(a, 'axes') ?? [];
  const rank = x.dims.length + list.length;
  const at = new Set(list.map((ax) => axisOf(ax, rank)));
  const dims: number[] = [];
  for (let d = 0, k = 0; d < rank; d++) dims.push(at.has(d) ? 1 : x.dims[k++]);
  return new Tensor(x.type, x.data, dims);
};

/** Slice: starts/ends clamped as the spec says, optional axes and steps (negative steps walk backwards). */
const slice: Op = ([t, starts, ends, axes, steps]) => {
  const x = need(t);
  const [from, to] = [ints(need(starts, 'starts')), ints(need(ends, 'ends'))];
  const rank = x.dims.length;
  const begin = new Array<number>(rank).fill(0);
  const step = new Array<number>(rank).fill(1);
  const dims = [...x.dims];
  const list = axes ? ints(axes) : from.map((_, i) => i);
  list.forEach((ax, i) => {
    const d = axisOf(ax, rank);
    const n = x.dims[d];
    const st = steps ? ints(steps)[i] : 1;
    if (st === 0) throw new Error('Slice with a step of 0');
    const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
    const s = st > 0 ? clamp(from[i], 0, n) : clamp(from[i], 0, n - 1);
    const e = st > 0 ? clamp(to[i], 0, n) : clamp(to[i], -1, n - 1);
    begin[d] = s;
    step[d] = st;
    dims[d] = Math.max(0, Math.ceil((e - s) / st));
  });
  const s = strides(x.dims);
  const base = begin.reduce((acc, b, d) => acc + b * s[d], 0);
  const out = Tensor.zeros(x.type, dims);
  walk(dims, [s.map((v, d) => v * step[d])], (i, [p]) => (out.data[i] = x.data[base + p]));
  return out;
};

/** Gather along `axis`: out = data[..., indices, ...] (negative indices count from the end). */
const gather: Op = ([t, idx], a) => {
  const [x, indices] = [need(t), need(idx, 'the indices')];
  const axis = axisOf(intAttr(a, 'axis', 0), x.dims.length);
  const outer = size(x.dims.slice(0, axis));
  const n = x.dims[axis];
  const inner = size(x.dims.slice(axis + 1));
  const dims = [...x.dims.slice(0, axis), ...indices.dims, ...x.dims.slice(axis + 1)];
  const out = Tensor.zeros(x.type, dims);
  const m = indices.size;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      let k = indices.data[j];
      if (k < 0) k += n;
      if (k < 0 || k >= n) throw new Error(`Gather index ${indices.data[j]} is out of range for ${n} entries`);
      out.data.set(x.data.subarray((o * n + k) * inner, (o * n + k + 1) * inner), (o * m + j) * inner);
    }
  }
  return out;
};

/** Softmax along one axis (opset 13+), computed stably. */
const softmax: Op = ([t], a) => {
  const x = need(t);
  const axis = axisOf(intAttr(a, 'axis', -1), x.dims.length);
  const n = x.dims[axis];
  const inner = size(x.dims.slice(axis + 1));
  const outer = x.size / (n * inner);
  const out = Tensor.zeros('float32', x.dims);
  const e = new Float64Array(n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (k: number) => (o * n + k) * inner + i;
      let max = -Infinity;
      for (let k = 0; k < n; k++) max = Math.max(max, x.data[at(k)]);
      let sum = 0;
      for (let k = 0; k < n; k++) sum += e[k] = Math.exp(x.data[at(k)] - max);
      for (let k = 0; k < n; k++) out.data[at(k)] = e[k] / sum;
    }
  }
  return out;
};

/** Shape, optionally a start…end range of it (opset 15). */
const shape: Op = ([t], a) => {
  const x = need(t);
  const r = x.dims.length;
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
  const dims = x.dims.slice(clamp(intAttr(a, 'start', 0)), clamp(intAttr(a, 'end', r)));
  return Tensor.from('int64', dims, [dims.length]);
};

/** TensorProto.DataType → the executor's types. */
const CAST_TO: Record<number, DType> = { 1: 'float32', 6: 'int64', 7: 'int64', 9: 'bool' };

const cast: Op = ([t], a) => {
  const x = need(t);
  const to = intAttr(a, 'to', 0);
  const type = CAST_TO[to];
  if (!type) throw new Error(`Cast to ONNX data type ${to} is not supported (float, int32, int64 and bool are)`);
  if (type === 'bool') return Tensor.from(type, Array.from(x.data, (v) => (v ? 1 : 0)), x.dims);
  if (type === 'int64') return Tensor.from(type, Array.from(x.data, Math.trunc), x.dims);
  return Tensor.from(type, x.data, x.dims);
};

/** Every operator the executor knows, by ONNX op type. */
export const OPS: Record<string, Op> = {
  Add: binary((x, y) => x + y),
  And: compare((x, y) => Boolean(x && y)),
  Cast: cast,
  Div: ([a, b]) => (need(a).type === 'int64' ? elementwise([need(a), need(b)], (x, y) => Math.trunc(x / y)) : elementwise([need(a), need(b)], (x, y) => x / y)),
  Exp: unary(Math.exp),
  Gather: gather,
  Greater: compare((x, y) => x > y),
  Identity: ([x]) => need(x),
  MatMul: matMul,
  Min: (xs) => elementwise(xs.map((x) => need(x)), Math.min),
  Mul: binary((x, y) => x * y),
  Reciprocal: unary((x) => 1 / x),
  ReduceMean: reduceOp(true),
  ReduceSum: reduceOp(false),
  Reshape: reshape,
  Shape: shape,
  Sigmoid: unary((x) => 1 / (1 + Math.exp(-x))),
  Slice: slice,
  Softmax: softmax,
  Sqrt: unary(Math.sqrt),
  Sub: binary((x, y) => x - y),
  Transpose: transpose,
  Unsqueeze: unsqueeze,
  Where: ([c, x, y]) => elementwise([need(c), need(x), need(y)], (k, a, b) => (k ? a : b), need(x).type),
};
