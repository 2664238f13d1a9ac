import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/runtime/backend';
import { benchmarkStep } from '../../src/bench/throughput';
import { kernelTimes } from '../../src/bench/kernels';
import { modelConfig } from '../../src/models/configs';
import { GEMM_KERNEL } from '../../src/kernels/gemm';
import { cli } from '../helpers/cli';

beforeAll(async () => {
  await initBackend();
});

describe('kernelTimes', () => {
  test('counts the kernels a function runs, per run, and puts the original kernels back', () => {
    const a = tf.ones([3]);
    const before = tf.getKernel('Add', tf.getBackend())!.kernelFunc;
    const times = kernelTimes(() => tf.tidy(() => tf.mul(tf.add(a, a), tf.add(a, 1))), 4);
    expect(times.find((t) => t.kernel === 'Add')?.calls).toBe(2);
    expect(times.find((t) => t.kernel === 'Multiply')?.calls).toBe(1);
    expect(times.every((t) => t.ms >= 0)).toBe(true);
    expect(tf.getKernel('Add', tf.getBackend())!.kernelFunc).toBe(before);
    a.dispose();
  });
});

describe('benchmarkStep', () => {
  test('reports a plausible step of the reference size with its matmul FLOPs and kernel breakdown, and leaks nothing', () => {
    const config = modelConfig('reference', { vocabSize: 20 });
    const before = tf.memory().numTensors;
    const r = benchmarkStep('reference', config, 8, 2, 1);
    expect(tf.memory().numTensors).toBe(before);
    expect(r).toMatchObject({ name: 'reference', batch: 8, imageSize: 16, patchSize: 4, imageBlock: 'transformer', imageWidth: 64, contextLength: 12, steps: 2 });
    expect(r.msPerStep).toBeGreaterThan(0);
    expect(r.samplesPerSecond).toBeCloseTo((1000 * 8) / r.msPerStep, 6);
    // Forward matmuls: patches (16·48·64) + q, k, v, out (4·16·64·64) + MLP (2·16·64·128) per image, text alike; ×3 for backward.
    expect(r.gflopPerStep).toBeGreaterThan(3 * 8 * 2 * 16 * (48 * 64 + 4 * 64 * 64 + 2 * 64 * 128) / 1e9);
    // On wasm the products run on the kit's kernel (src/kernels), not tf's BatchMatMul.
    const matmul = r.kernels.find((k) => k.kernel === GEMM_KERNEL);
    expect(matmul?.calls).toBeGreaterThan(20);
    expect(r.kernels.find((k) => k.kernel === 'BatchMatMul')).toBeUndefined();
    expect(r.kernels.reduce((s, k) => s + k.ms, 0)).toBeGreaterThan(0);
  });
});

describe('clip-workshop bench', () => {
  test('--no-accuracy --json prints the wasm throughput figures with the reference target and kernel breakdown', () => {
    const r = cli(['bench', '--backends', 'wasm', '--no-accuracy', '--steps', '3', '--json']);
    expect(r.status).toBe(0);
    const out = r.json();
    expect(out.throughput).toHaveLength(1);
    const t = out.throughput[0];
    expect(t.backend).toBe('wasm');
    expect(t.matmulPeak).toMatchObject({ n: 256, kernel: GEMM_KERNEL });
    expect(t.matmulPeak.gflops).toBeGreaterThan(0);
    expect(t.matmulPeak.tfMatMulGflops).toBeGreaterThan(0);
    expect(t.reference).toMatchObject({ batch: 128, imageSize: 16, patchSize: 4, imageWidth: 64, contextLength: 12, targetMs: 50 });
    expect(typeof t.reference.meetsTarget).toBe('boolean');
    expect(t.reference.kernels.map((k: { kernel: string }) => k.kernel)).toContain(GEMM_KERNEL);
    expect(out.shapes).toBeUndefined();
  }, 300000);
});
