import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/runtime/backend';

// tfjs-core's CommonJS main registers no gradients and no `tensor.method()` chains: the kit registers them at
// backend start-up (src/runtime/tfjsCore.ts). A gradient missing there would stop training with
// "gradient function not found"; a wrong one would train on wrong numbers. Each op kind the models, losses and
// the optimizer use is checked against central differences, in every test project (kernels, plain wasm, cpu).

beforeAll(async () => {
  await initBackend();
});

/** Deterministic inputs in [-1, 1] (away from 0, so that sqrt/rsqrt/div stay smooth), shaped `shape`. */
function input(shape: number[], salt: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, (_, i) => 0.2 + 0.8 * Math.abs(Math.sin(1.3 * i + salt))), shape);
}

/** ∂f/∂x numerically at x (central differences, float64 accumulation of float32 values). */
function numericGradient(f: (x: tf.Tensor) => tf.Scalar, x: tf.Tensor, h = 1e-2): Float64Array {
  const base = x.dataSync();
  const out = new Float64Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const at = (d: number) =>
      tf.tidy(() => {
        const shifted = Float32Array.from(base);
        shifted[i] += d;
        return f(tf.tensor(shifted, x.shape)).dataSync()[0];
      });
    out[i] = (at(h) - at(-h)) / (2 * h);
  }
  return out;
}

const w = () => input([4, 3], 2);
const m = () => input([2, 4], 5);
/** One scalar function of x [2, 3] per op kind the kit differentiates through (models, losses, optimizer). */
const CASES: [string, (x: tf.Tensor) => tf.Scalar][] = [
  ['matMul', (x) => tf.sum(tf.matMul(tf.matMul(x, w(), false, true), m(), false, true))],
  ['batched matMul with a transposed operand', (x) => tf.sum(tf.matMul(tf.reshape(x, [1, 2, 3]), tf.reshape(tf.tile(x, [1, 1]), [1, 2, 3]), false, true))],
  ['add, sub, mul, div (broadcast)', (x) => tf.sum(tf.div(tf.mul(tf.sub(x, input([3], 1)), tf.add(x, input([2, 1], 4))), tf.add(x, 1)))],
  ['mean, sum, square', (x) => tf.add(tf.sum(tf.square(tf.mean(x, -1, true))), tf.mean(tf.sum(x, 0)))],
  ['sqrt, rsqrt, exp', (x) => tf.sum(tf.add(tf.mul(tf.sqrt(x), tf.rsqrt(tf.add(x, 1))), tf.exp(x)))],
  ['sigmoid', (x) => tf.sum(tf.mul(x, tf.sigmoid(tf.mul(x, 1.702))))],
  ['softmax', (x) => tf.sum(tf.mul(tf.softmax(tf.mul(x, 3)), input([2, 3], 7)))],
  ['softmax cross-entropy', (x) => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d([2, 0], 'int32'), 3), tf.mul(x, 4)) as tf.Scalar],
  ['transpose, reshape, tile', (x) => tf.sum(tf.mul(tf.reshape(tf.transpose(tf.tile(x, [2, 1])), [2, 6]), input([2, 6], 3)))],
  ['slice, concat, split', (x) => tf.sum(tf.mul(tf.concat([tf.slice(x, [0, 1], [2, 2]), tf.split(x, [1, 2], 1)[0]], 1), input([2, 3], 9)))],
  ['cast, minimum', (x) => tf.sum(tf.minimum(tf.cast(tf.mul(x, 2), 'float32'), input([2, 3], 11)))],
  ['chained methods', (x) => x.reshape([3, 2]).transpose().add(1).mul(x).toFloat().slice([0, 0], [2, 2]).square().sum() as tf.Scalar],
];

describe('tfjs-core gradients registered at backend start-up', () => {
  test.each(CASES)('%s: finite, non-zero and equal to central differences', (_, f) => {
    const before = tf.memory().numTensors;
    const x = input([2, 3], 0);
    const g = tf.grad(f)(x);
    expect(g).toBeInstanceOf(tf.Tensor);
    expect(g.shape).toEqual([2, 3]);
    const analytic = Array.from(g.dataSync());
    const numeric = Array.from(numericGradient(f, x));
    expect(analytic.every(Number.isFinite)).toBe(true);
    expect(analytic.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    analytic.forEach((v, i) => expect(Math.abs(v - numeric[i])).toBeLessThan(2e-2 * Math.max(1, Math.abs(numeric[i]))));
    tf.dispose([g, x]);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('tensor methods return the Tensor class the kit and the backends share', () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const y = x.add(1).reshape([4]);
    expect(y).toBeInstanceOf(tf.Tensor);
    expect(Array.from(y.dataSync())).toEqual([2, 3, 4, 5]);
    tf.dispose([x, y]);
  });

  test('variableGrads reaches every variable through the chained ops (the trainers call it)', () => {
    const before = tf.memory().numTensors;
    // tidy disposes the initial values, not the variables.
    const [a, b] = tf.tidy(() => [tf.variable(input([2, 3], 1), true), tf.variable(input([3], 2), true)]);
    const { value, grads } = tf.variableGrads(() => a.add(b).square().mean() as tf.Scalar, [a, b]);
    expect(Object.keys(grads).sort()).toEqual([a.name, b.name].sort());
    for (const grad of Object.values(grads)) expect(Array.from(grad.dataSync()).every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    tf.dispose([value, ...Object.values(grads), a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
