import * as tf from '@tensorflow/tfjs-core';
import { kernelsStatus, KernelsStatus } from '../runtime/backend';

/** The machine's wasm multiply-add ceiling per kernel build, as the kernels measure it. */
export type SimdPeak = ReturnType<NonNullable<KernelsStatus['simdPeak']>>;

/** One product shape of a training step: op(a) [m, k] · b [k, n]. */
export interface GemmShape {
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
  /** b [n, k] read transposed (an input gradient dy·Wᵀ). */
  transposeB: boolean;
  calls: number;
  /** Best wall milliseconds of one call (the least disturbed by other processes). */
  bestMs: number;
  gflops: number;
  /** gflops ÷ the chosen build's peak. */
  fractionOfPeak: number;
}

/**
 * Runs `f` `runs` times with the kit's product kernel timed per call and grouped by shape, largest product first.
 * Each call's best time is its own ceiling on this machine; on wasm only (the kernel exists nowhere else).
 */
export function gemmShapes(f: () => void, peakGflops: number, runs = 5, productKernel = kernelsStatus('wasm').productKernel): GemmShape[] {
  if (!productKernel) return [];
  const config = tf.getKernel(productKernel, 'wasm') as (tf.KernelConfig & { kernelFunc: tf.KernelFunc }) | undefined;
  if (!config || tf.getBackend() !== 'wasm') return [];
  const inner = config.kernelFunc;
  const shapes = new Map<string, { m: number; k: number; n: number; transposeA: boolean; transposeB: boolean; calls: number; bestMs: number }>();
  config.kernelFunc = (args) => {
    const t0 = performance.now();
    const out = inner(args);
    const ms = performance.now() - t0;
    const a = (args.inputs as Record<string, tf.TensorInfo>).a;
    const transposeA = Boolean(args.attrs?.transposeA);
    const transposeB = Boolean(args.attrs?.transposeB);
    const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : a.shape;
    const n = (out as tf.TensorInfo).shape[1];
    const key = `${transposeA ? 'ᵀ' : ''}${m}×${k}×${n}${transposeB ? 'ᵀ' : ''}`;
    const s = shapes.get(key) ?? { m, k, n, transposeA, transposeB, calls: 0, bestMs: Infinity };
    s.calls++;
    s.bestMs = Math.min(s.bestMs, ms);
    shapes.set(key, s);
    return out;
  };
  try {
    for (let i = 0; i < runs; i++) f();
  } finally {
    config.kernelFunc = inner;
  }
  return [...shapes.values()]
    .map((s) => {
      const gflops = (2 * s.m * s.k * s.n) / (s.bestMs * 1e6);
      return { ...s, calls: s.calls / runs, gflops, fractionOfPeak: gflops / peakGflops };
    })
    .sort((x, y) => y.m * y.k * y.n - x.m * x.k * x.n);
}
