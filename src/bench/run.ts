import * as os from 'os';
import * as tf from '@tensorflow/tfjs-core';
import { BACKENDS, BackendName, initBackend, loadBackendPackage, tfjsVersion } from '../runtime/backend';
import { modelConfig } from '../models/configs';
import { trainRecipe } from '../recipes/load';
import { benchmarkStep, MatmulPeak, matmulPeak, StepBenchmark } from './throughput';
import { shapesAccuracy, ShapesAccuracy } from './accuracy';
import { emojiComparison, EmojiComparison } from './emoji';

/** The kit's targets, next to the figures they judge. */
export const TARGETS = { referenceMsPerStepWasm: 50, shapesHeldoutTop1: 0.9, shapesSeconds: 60 };

/** The reference training step: batch 128, 16×16 images in 4×4 patches, width 64, one transformer block per tower, 12 tokens. */
export const REFERENCE = { recipe: 'reference', vocabSize: 64 };

export interface BackendFigures {
  backend: string;
  matmulPeak: MatmulPeak;
  shapes: StepBenchmark;
  /** wasm only: the ≤ 50 ms target judged on wall time, and on CPU time (what a quiet machine would show). */
  reference: StepBenchmark & { targetMs?: number; meetsTarget?: boolean; meetsTargetCpu?: boolean };
}

export interface BenchResult {
  machine: { cpus: number; cpuModel: string; node: string; tfjs: string; loadAverage: number[] };
  note: string;
  throughput: BackendFigures[];
  shapes?: ShapesAccuracy & { target: number; meetsTarget: boolean };
  emoji?: EmojiComparison;
  seconds: number;
}

export interface BenchOptions {
  /** Backends to time (default: every one that loads). */
  backends?: string[];
  /** Steps timed per configuration (the pure-JS cpu backend gets a fifth). */
  steps?: number;
  /** Also train on shapes for the time budget and report held-out zero-shot accuracy (default true). */
  accuracy?: boolean;
  seconds?: number;
  /** Also run the emoji comparison of the emoji-clip-bench and emoji-classifier-bench recipes. */
  emoji?: boolean;
  /** The quick recipes (tests). */
  quick?: boolean;
  /** Budget the accuracy run in this process's CPU seconds instead of wall seconds (shared machines). */
  cpuClock?: boolean;
  seed?: number;
  silent?: boolean;
  /** Called with a line of progress. */
  log?: (line: string) => void;
}

/** Backends among tensorflow / wasm / cpu that load in this process. */
async function availableBackends(): Promise<string[]> {
  const out: string[] = [];
  for (const name of BACKENDS) {
    try {
      if (!loadBackendPackage(name) && (await tf.setBackend(name))) out.push(name);
    } catch {
      // not installed or cannot load here
    }
  }
  return out;
}

/**
 * The benchmark: per backend, the matmul peak and one training step of the shapes config and of
 * the reference size (samples/s, achieved GFLOP/s); then, on the default backend, 60 s of shapes
 * training and held-out zero-shot accuracy. Timings are medians.
 */
export async function runBench(options: BenchOptions = {}): Promise<BenchResult> {
  const start = Date.now();
  const log = options.log ?? (() => undefined);
  const main = await initBackend();
  const backends = options.backends ?? (await availableBackends());
  const throughput: BackendFigures[] = [];
  for (const b of backends) {
    loadBackendPackage(b as BackendName); // a failure shows in setBackend below
    await tf.setBackend(b);
    await tf.ready();
    const steps = Math.max(3, b === 'cpu' ? Math.ceil((options.steps ?? 20) / 5) : options.steps ?? 20);
    log(`bench: ${b}: matmul peak`);
    const peak = matmulPeak();
    log(`bench: ${b}: shapes step`);
    const shapesRecipe = trainRecipe('shapes-bench');
    const shapes = benchmarkStep('shapes', modelConfig(shapesRecipe.modelSize, { vocabSize: 40 }), shapesRecipe.batchSize, steps);
    log(`bench: ${b}: reference step`);
    const refRecipe = trainRecipe(REFERENCE.recipe);
    const ref = benchmarkStep('reference', modelConfig(refRecipe.modelSize, { vocabSize: REFERENCE.vocabSize }), refRecipe.batchSize, steps);
    const reference = b === 'wasm' ? { ...ref, targetMs: TARGETS.referenceMsPerStepWasm, meetsTarget: ref.msPerStep <= TARGETS.referenceMsPerStepWasm, meetsTargetCpu: ref.cpuMsPerStep <= TARGETS.referenceMsPerStepWasm } : ref;
    throughput.push({ backend: b, matmulPeak: peak, shapes, reference });
    log(`bench: ${b}: shapes ${shapes.msPerStep.toFixed(1)} ms/step (CPU ${shapes.cpuMsPerStep.toFixed(1)}), reference ${ref.msPerStep.toFixed(1)} ms/step (CPU ${ref.cpuMsPerStep.toFixed(1)}), matmul peak ${peak.gflops.toFixed(1)} GFLOP/s (tf.matMul ${peak.tfMatMulGflops.toFixed(1)})`);
  }
  await tf.setBackend(main.name);
  await tf.ready();
  let shapes: BenchResult['shapes'];
  if (options.accuracy ?? true) {
    const seconds = options.seconds ?? TARGETS.shapesSeconds;
    log(`bench: ${main.name}: shapes accuracy (recipe shapes-bench, at most ${seconds} ${options.cpuClock ? 'CPU ' : ''}s of training)`);
    const overrides = { maxSeconds: seconds, clock: options.cpuClock ? ('cpu' as const) : ('wall' as const), ...(options.seed !== undefined ? { seed: options.seed } : {}) };
    const acc = await shapesAccuracy({ quick: options.quick, overrides, silent: options.silent });
    shapes = { ...acc, target: TARGETS.shapesHeldoutTop1, meetsTarget: acc.heldoutTop1 >= TARGETS.shapesHeldoutTop1 };
  }
  let emoji: EmojiComparison | undefined;
  if (options.emoji) {
    log(`bench: ${main.name}: emoji comparison (recipes emoji-clip-bench and emoji-classifier-bench; cached models are reused)`);
    emoji = await emojiComparison({ quick: options.quick, silent: options.silent });
  }
  return {
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, tfjs: tfjsVersion, loadAverage: os.loadavg() },
    note: 'Timings are medians over steps. Wall times (ms/step) grow when other processes share the CPU (see loadAverage); CPU times (cpuMs…) count only this process and approximate a quiet machine.',
    throughput,
    shapes,
    emoji,
    seconds: (Date.now() - start) / 1000,
  };
}
