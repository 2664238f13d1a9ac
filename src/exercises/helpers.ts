import * as tf from '@tensorflow/tfjs-core';

/** True when every pair of numbers differs by at most `tol` (lists of the same length). */
export function close(a: readonly number[], b: readonly number[], tol = 1e-4): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((x, i) => typeof x === 'number' && Math.abs(x - b[i]) <= tol);
}

/** Argmax of each row of a [rows, cols] tensor's values. */
export function rowArgmax(values: number[][]): number[] {
  return values.map((row) => row.indexOf(Math.max(...row)));
}

/** Runs `fn` on batches of `indices` of at most `size`, for models that take image batches. */
export function inBatches<T>(indices: readonly number[], size: number, fn: (batch: number[]) => T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < indices.length; i += size) out.push(...fn(indices.slice(i, i + size)));
  return out;
}

/** A 2-D tensor's rows, the tensor disposed. */
export function rowsOf(t: tf.Tensor2D): number[][] {
  const rows = t.arraySync();
  t.dispose();
  return rows;
}

/** True when two models hold the same named weights with identical values (the same trained model). */
export function sameWeights(a: { weights: Record<string, tf.Tensor> }, b: { weights: Record<string, tf.Tensor> }): boolean {
  const names = Object.keys(a.weights).sort();
  if (names.join() !== Object.keys(b.weights).sort().join()) return false;
  return names.every((n) => {
    const x = a.weights[n].dataSync();
    const y = b.weights[n].dataSync();
    return x.length === y.length && x.every((v, i) => v === y[i]);
  });
}
