import * as tf from '@tensorflow/tfjs-core';
import { ToyClip } from '../models/clip';
import { ModelConfig } from '../models/config';
import { ops } from '../ops/table';
import { flops } from '../models/primitives';
import { countParameters } from '../models/params';
import { Tokenizer } from '../text/tokenizer';
import { Adam } from '../train/adam';
import { clipLoss } from '../train/loss';
import { GemmShape, gemmShapes } from './ceiling';
import { KernelTime, kernelTimes } from './kernels';

/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The measured matmul peak of the current backend: median GFLOP/s of an n×n by n×n product. */
export interface MatmulPeak {
  n: number;
  /** The kernel timed: the one the models' products use (the kit's on wasm, tf's BatchMatMul elsewhere). */
  kernel: string;
  msPerMatmul: number;
  gflops: number;
  cpuGflops: number;
  /** tf.matMul's figure on the same backend, for comparison. */
  tfMatMulGflops: number;
}

/** Median wall and CPU milliseconds of `multiply()` (after 3 warm-up runs). */
function timeProduct(multiply: () => tf.Tensor, reps: number): { ms: number; cpuMs: number } {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps + 3; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const c = multiply();
    c.dataSync();
    const dt = performance.now() - t0;
    const dc = process.cpuUsage(c0);
    c.dispose();
    // The first runs warm up caches and the kernel.
    if (i >= 3) {
      times.push(dt);
      cpu.push((dc.user + dc.system) / 1000);
    }
  }
  return { ms: median(times), cpuMs: median(cpu) };
}

export function matmulPeak(n = 256, reps = 20): MatmulPeak {
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 1);
  const b = tf.randomNormal([n, n], 0, 1, 'float32', 2);
  const ours = timeProduct(() => ops().product(a, b), reps);
  const theirs = timeProduct(() => tf.matMul(a, b), reps);
  // The kernel the op table's product runs on this backend (the kit's on wasm, tf's BatchMatMul elsewhere), as it runs.
  const kernel = kernelTimes(() => tf.dispose(ops().product(a, b)), 1)[0]?.kernel ?? 'BatchMatMul';
  tf.dispose([a, b]);
  const gflops = (ms: number) => (2 * n ** 3) / (ms * 1e6);
  return { n, kernel, msPerMatmul: ours.ms, gflops: gflops(ours.ms), cpuGflops: gflops(ours.cpuMs), tfMatMulGflops: gflops(theirs.ms) };
}

/** What one training-step benchmark measured (plain numbers for --json). */
export interface StepBenchmark {
  name: string;
  batch: number;
  imageSize: number;
  patchSize: number;
  imageBlock: string;
  imageBlocks: number;
  imageWidth: number;
  textEncoder: string;
  textWidth: number;
  textBlocks: number;
  contextLength: number;
  parameters: number;
  steps: number;
  /** Median milliseconds per step (forward, backward and Adam update), wall clock. */
  msPerStep: number;
  /** Median CPU milliseconds of this process per step: close to a quiet machine's wall time when the CPU is shared. */
  cpuMsPerStep: number;
  samplesPerSecond: number;
  /** Matmul FLOPs per step: counted in one forward pass, ×3 for forward + backward. */
  gflopPerStep: number;
  gflopsAchieved: number;
  /** The same from CPU time. */
  cpuGflopsAchieved: number;
  /** Where a step's time goes: per-kernel milliseconds and calls per step (separate, untimed steps). */
  kernels: KernelTime[];
  /** wasm with the kit's kernels: each product shape's best GFLOP/s and its fraction of the multiply-add peak. */
  gemmShapes?: GemmShape[];
}

/**
 * Times full training steps of a toy CLIP with `config` at `batch` on synthetic inputs (random
 * images and token ids), on the current backend; with `peakGflops`, also each product shape against it.
 * Leaves no tensors behind.
 */
export function benchmarkStep(name: string, config: ModelConfig, batch: number, steps = 20, warmup = 3, peakGflops?: number): StepBenchmark { // literal-ok: steps timed, nothing is trained
  const words = Array.from({ length: config.vocabSize - 4 }, (_, i) => `w${i}`);
  const tokenizer = Tokenizer.fromTexts([words.join(' ')], { maxLength: config.contextLength });
  const model = ToyClip.create(config, tokenizer, 1);
  const c = model.config;
  const images = tf.randomUniform([batch, c.imageSize, c.imageSize, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
  const ids = tf.randomUniform([batch, c.contextLength], 4, c.vocabSize, 'int32', 4) as tf.Tensor2D;
  const mask = tf.ones([batch, c.contextLength]) as tf.Tensor2D;
  const adam = new Adam();
  const vars = model.variables();

  flops.count = 0;
  flops.enabled = true;
  tf.tidy(() => model.logits(images, ids, mask)).dispose(); // counting pass only
  flops.enabled = false;
  const gflopPerStep = (3 * flops.count) / 1e9;

  const step = () => {
    const { value, grads } = tf.variableGrads(() => clipLoss(model.logits(images, ids, mask)), vars);
    adam.apply(vars, vars.map((v) => grads[v.name]), 1e-3);
    value.dataSync();
    value.dispose();
    tf.dispose(grads);
  };
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < steps + warmup; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    step();
    const dt = performance.now() - t0;
    const dc = process.cpuUsage(c0);
    if (i >= warmup) {
      times.push(dt);
      cpuTimes.push((dc.user + dc.system) / 1000);
    }
  }
  const kernels = kernelTimes(step, Math.min(5, steps));
  const shapes = peakGflops ? gemmShapes(step, peakGflops, Math.min(5, steps)) : [];
  adam.dispose();
  tf.dispose([images, ids, mask]);
  const parameters = countParameters(model.weights);
  model.dispose();
  const ms = median(times);
  return {
    name,
    batch,
    imageSize: c.imageSize,
    patchSize: c.patchSize,
    imageBlock: c.imageBlock,
    imageBlocks: c.imageBlocks,
    imageWidth: c.imageWidth,
    textEncoder: c.textEncoder,
    textWidth: c.textWidth,
    textBlocks: c.textBlocks,
    contextLength: c.contextLength,
    parameters,
    steps,
    msPerStep: ms,
    cpuMsPerStep: median(cpuTimes),
    samplesPerSecond: (1000 * batch) / ms,
    gflopPerStep,
    gflopsAchieved: gflopPerStep / (ms / 1000),
    cpuGflopsAchieved: gflopPerStep / (median(cpuTimes) / 1000),
    kernels,
    ...(shapes.length ? { gemmShapes: shapes } : {}),
  };
}
