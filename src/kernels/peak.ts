import { KERNEL_BUILDS, KernelBuildName, buildRuns, instantiateKernels, kernelBuild } from './module';

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
