import * as tf from '@tensorflow/tfjs-core';

/** Time spent in one kernel (e.g. BatchMatMul) per run of the measured function. */
export interface KernelTime {
  kernel: string;
  calls: number;
  ms: number;
}

/**
 * Per-kernel time of the current backend while `f` runs `runs` times (per run, slowest first): every
 * registered kernel of the backend is wrapped in a timer and restored afterwards. Only meaningful on
 * synchronous backends (wasm, cpu, tensorflow), where a kernel's work is done when it returns.
 * What the kernels do not cover is the engine's own bookkeeping (autodiff tape, scopes) in JavaScript.
 */
export function kernelTimes(f: () => void, runs = 5): KernelTime[] {
  const configs = tf.getKernelsForBackend(tf.getBackend()) as Array<tf.KernelConfig & { kernelFunc: tf.KernelFunc }>;
  const originals = configs.map((k) => k.kernelFunc);
  const totals = new Map<string, { calls: number; ms: number }>();
  configs.forEach((k, i) => {
    const inner = originals[i];
    k.kernelFunc = (args) => {
      const t0 = performance.now();
      try {
        return inner(args);
      } finally {
        const t = totals.get(k.kernelName) ?? { calls: 0, ms: 0 };
        t.calls++;
        t.ms += performance.now() - t0;
        totals.set(k.kernelName, t);
      }
    };
  });
  try {
    for (let i = 0; i < runs; i++) f();
  } finally {
    configs.forEach((k, i) => (k.kernelFunc = originals[i]));
  }
  return [...totals].map(([kernel, t]) => ({ kernel, calls: t.calls / runs, ms: t.ms / runs })).sort((a, b) => b.ms - a.ms);
}
