import { cli } from '../helpers/cli';
import { KERNEL_BUILDS, KernelBuildName, KernelExports, buildRuns, chooseKernelBuild, instantiateKernels } from '../../src/kernels/module';

/**
 * Both builds of the kernels (plain SIMD128 and relaxed SIMD), each on a memory of its own, against a float64
 * reference. The relaxed build fuses the products' multiply-adds, so its sums round differently: both builds stay
 * within 1e-6·√k·Σ|a·b| of the exact sum, and the two within 2e-6·√k·Σ|a·b| of each other. Every kernel without a
 * multiply-add (attention, layer norm, …) must give identical bits in both. Where the runtime lacks relaxed SIMD
 * (Node < 22) only the plain build runs here; the parity and product tests run whichever build is chosen.
 */
const runnable = KERNEL_BUILDS.filter(buildRuns);

/** A memory with a bump allocator of float32 arrays. */
function arena() {
  const memory = new WebAssembly.Memory({ initial: 256 });
  let next = 1024;
  const alloc = (values: Float32Array | number) => {
    const n = typeof values === 'number' ? values : values.length;
    const ptr = next;
    next += Math.ceil((n * 4) / 64) * 64 + 64;
    if (typeof values !== 'number') new Float32Array(memory.buffer, ptr, n).set(values);
    return ptr;
  };
  const read = (ptr: number, n: number) => Float32Array.from(new Float32Array(memory.buffer, ptr, n));
  return { memory, alloc, read };
}

/** Deterministic values in [−1, 1). */
function values(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31) - 1);
}

/** C = op(A)·B (+ bias) with each build; returns C from every runnable build and the exact sums and their Σ|a·b|. */
function products(m: number, k: number, n: number, transposeA: boolean, withBias: boolean) {
  const a = values(m * k, 1);
  const b = values(k * n, 2);
  const bias = values(n, 3);
  const exact = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = withBias ? bias[j] : 0;
      let t = withBias ? Math.abs(bias[j]) : 0;
      for (let p = 0; p < k; p++) {
        const x = (transposeA ? a[p * m + i] : a[i * k + p]) * b[p * n + j];
        s += x;
        t += Math.abs(x);
      }
      exact[i * n + j] = s;
      scale[i * n + j] = t;
    }
  const outs = {} as Record<KernelBuildName, Float32Array>;
  for (const build of runnable) {
    const { memory, alloc, read } = arena();
    const kernels = instantiateKernels(memory, build);
    const [pa, pb, pc, pbias] = [alloc(a), alloc(b), alloc(m * n), alloc(bias)];
    if (transposeA) kernels.gemm_tn(pa, pb, pc, m, k, n);
    else kernels.gemm_nn(pa, pb, pc, m, k, n, withBias ? pbias : 0);
    outs[build] = read(pc, m * n);
  }
  return { outs, exact, scale };
}

describe('the two kernel builds', () => {
  test('plain SIMD128 runs everywhere; relaxed is chosen exactly where it runs, and can be turned off', () => {
    expect(buildRuns('simd128')).toBe(true);
    expect(chooseKernelBuild(undefined).build).toBe(buildRuns('relaxed') ? 'relaxed' : 'simd128');
    expect(chooseKernelBuild('simd128')).toEqual({ build: 'simd128', reason: 'forced by CLIP_WORKSHOP_KERNEL_BUILD' });
    if (!buildRuns('relaxed')) expect(chooseKernelBuild('relaxed').reason).toMatch(/lacks/);
  });

  test('`info --json` names the build that runs, and the forced plain one', () => {
    const chosen = cli(['info', '--json']).json();
    expect(chosen.kernelBuild).toEqual(chooseKernelBuild(undefined));
    const forced = cli(['info', '--json'], { CLIP_WORKSHOP_KERNEL_BUILD: 'simd128' }).json();
    expect(forced.kernelBuild).toEqual({ build: 'simd128', reason: 'forced by CLIP_WORKSHOP_KERNEL_BUILD' });
    const off = cli(['info', '--json'], { CLIP_WORKSHOP_KERNELS: 'off' }).json();
    expect(off.kernelBuild).toBeNull();
  }, 300_000);

  // [m, k, n, transposed A, bias]: the reference model's shapes (patch embedding, attention, MLP, weight gradients), edges, long reductions.
  test.each([
    [2048, 48, 64, false, true],
    [256, 64, 64, false, true],
    [128, 128, 64, false, false],
    [64, 512, 128, true, false],
    [37, 13, 21, false, true],
    [9, 600, 10, true, false],
    [1, 5, 3, false, false],
  ])('m=%i k=%i n=%i (transposed %s, bias %s): each build within rounding of the exact product', (m, k, n, transposeA, withBias) => {
    const { outs, exact, scale } = products(m, k, n, transposeA, withBias);
    for (const build of runnable) {
      const c = outs[build];
      let worst = 0;
      for (let i = 0; i < c.length; i++) worst = Math.max(worst, Math.abs(c[i] - exact[i]) / (scale[i] * Math.sqrt(k) + 1e-30));
      expect(worst).toBeLessThan(1e-6);
    }
    if (runnable.length === 2) {
      let worst = 0;
      let differ = 0;
      for (let i = 0; i < exact.length; i++) {
        worst = Math.max(worst, Math.abs(outs.relaxed[i] - outs.simd128[i]) / (scale[i] * Math.sqrt(k) + 1e-30));
        if (outs.relaxed[i] !== outs.simd128[i]) differ++;
      }
      expect(worst).toBeLessThan(2e-6);
      // Fused multiply-adds do round differently (unless the CPU has no FMA and V8 splits them): a real second build.
      if (k >= 48) expect(differ).toBeGreaterThan(0);
    }
  });

  test('kernels without multiply-adds give identical bits in both builds (layer norm, QuickGELU, Adam)', () => {
    const results = runnable.map((build) => {
      const { memory, alloc, read } = arena();
      const k: KernelExports = instantiateKernels(memory, build);
      const [rows, w] = [16, 32];
      const x = alloc(values(rows * w, 4));
      const [gamma, beta] = [alloc(values(w, 5)), alloc(values(w, 6))];
      const [y, xhat, rstd] = [alloc(rows * w), alloc(rows * w), alloc(rows)];
      k.layernorm_forward(x, gamma, beta, y, xhat, rstd, rows, w, 1e-5);
      const [gy, gs] = [alloc(rows * w), alloc(rows * w)];
      k.gelu_forward(x, gy, gs, rows * w);
      const [p, g, m1, v1] = [alloc(values(64, 7)), alloc(values(64, 8)), alloc(values(64, 9)), alloc(values(64, 10).map(Math.abs))];
      const [p2, m2, v2] = [alloc(64), alloc(64), alloc(64)];
      k.adam_update(p, g, m1, v1, p2, m2, v2, 64, 0.9, 0.999, 1e-3, 1e-8, 1e-4);
      return [...read(y, rows * w), ...read(gy, rows * w), ...read(p2, 64), ...read(v2, 64)];
    });
    expect(results[0].every(Number.isFinite)).toBe(true);
    if (results.length === 2) expect(results[1]).toEqual(results[0]);
  });

  test.each(runnable)('%s: simd_peak returns a finite sum', (build) => {
    const k = instantiateKernels(new WebAssembly.Memory({ initial: 1 }), build);
    expect(Number.isFinite(k.simd_peak(1000, 0.999, 1e-4))).toBe(true);
  });
});
