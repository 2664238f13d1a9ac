import * as tf from '@tensorflow/tfjs-core';
import { GEMM_KERNEL } from '../kernels/gemm';
import { KERNEL_BUILDS, KernelBuildName, buildRuns, instantiateKernels, kernelBuild } from '../kernels/module';

/** The machine's wasm multiply-add ceiling per kernel build (GFLOP/s; null where the runtime lacks the build). */
export interface SimdPeak {
  /** The build the kit runs in this process. */
  chosen: KernelBuildName;
  gflops: Record<KernelBuildName, number | null>;
}

/** Rounds of 12 four-lane multiply-adds per timed call of c/peak.c: about 10 ms on a 3 GHz core. */
const PEAK_ROUNDS = 2_000_000;

/**
 * Times c/peak.c's register-only loop in each build this runtime runs: the best of `reps` CPU-timed calls, since a
 * loop without memory can only be slowed by others sharing the core, never sped up.
 */
export function simdPeak(reps = 9): SimdPeak {
  const gflops = { simd128: null, relaxed: null } as Record<KernelBuildName, number | null>;
  for (const build of KERNEL_BUILDS.filter(buildRuns)) {
    const kernels = instantiateKernels(new WebAssembly.Memory({ initial: 1 }), build);
    kernels.simd_peak(1000, 0.999, 1e-4); // compiled before timing
    let best = Infinity;
    for (let i = 0; i < reps; i++) {
      const c0 = process.cpuUsage();
      kernels.simd_peak(PEAK_ROUNDS, 0.999, 1e-4);
      const d = process.cpuUsage(c0);
      best = Math.min(best, (d.user + d.system) / 1000);
    }
    gflops[build] = (PEAK_ROUNDS * 12 * 8) / (best * 1e6);
  }
  return { chosen: kernelBuild().build, gflops };
}

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
export function gemmShapes(f: () => void, peakGflops: number, runs = 5): GemmShape[] {
  const config = tf.getKernel(GEMM_KERNEL, 'wasm') as (tf.KernelConfig & { kernelFunc: tf.KernelFunc }) | undefined;
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
