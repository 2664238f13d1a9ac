import * as os from 'os';
import * as tf from '@tensorflow/tfjs-core';
import { BACKENDS, BackendName, initBackend, kernelsStatus, loadBackendPackage, tfjsVersion } from '../runtime/backend';
import { modelConfig } from '../models/configs';
import { trainRecipe } from '../recipes/load';
import { benchmarkStep, MatmulPeak, matmulPeak, median, StepBenchmark } from './throughput';
import { SimdPeak } from './ceiling';
import { cpuFlags, PeerInfo, PeerRound, startTorchPeer, torchPython } from './peer';
import { shapesAccuracy, ShapesAccuracy } from './accuracy';
import { emojiComparison, EmojiComparison } from './emoji';
import { replacedOps } from '../ops/table';
import { UserError } from '../runtime/errors';

/** The kit's targets, next to the figures they judge. */
export const TARGETS = { referenceMsPerStepWasm: 50, shapesHeldoutTop1: 0.9, shapesSeconds: 30 };

/** The reference training step: batch 128, 16×16 images in 4×4 patches, width 64, one transformer block per tower, 12 tokens. */
export const REFERENCE = { recipe: 'reference', vocabSize: 64 };

export interface BackendFigures {
  backend: string;
  matmulPeak: MatmulPeak;
  /** wasm with the kit's kernels: the register-only multiply-add ceiling per kernel build. */
  simdPeak?: SimdPeak;
  shapes: StepBenchmark;
  /** wasm only: the ≤ 50 ms target judged on wall time, and on CPU time (what a quiet machine would show). */
  reference: StepBenchmark & { targetMs?: number; meetsTarget?: boolean; meetsTargetCpu?: boolean };
}

/** The reference step against the same model, batch and Adam step in PyTorch, interleaved round by round. */
export interface PeerComparison {
  peer: 'torch';
  python: string;
  info: PeerInfo;
  threads: number;
  /** Per round, the kit's and the peer's median step (wall and CPU ms). */
  rounds: { kit: PeerRound; peer: PeerRound }[];
  kit: PeerRound;
  peerMedian: PeerRound;
  /** kit ÷ peer, medians of the rounds' medians: wall, and CPU time (each process's own). */
  ratio: number;
  cpuRatio: number;
  kernelBuild: string;
  loadAverage: number[];
}

export interface BenchResult {
  machine: { cpus: number; cpuModel: string; node: string; tfjs: string; loadAverage: number[]; cpuFlags: string[]; kernelBuild?: string };
  note: string;
  throughput: BackendFigures[];
  shapes?: ShapesAccuracy & { target: number; meetsTarget: boolean };
  emoji?: EmojiComparison;
  comparison?: PeerComparison;
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
  /** Compare the reference step with the same step in this framework ('torch'), interleaved. */
  peer?: string;
  peerThreads?: number;
  /** Interleaved rounds of the comparison (default 3). */
  rounds?: number;
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
 * the reference size (samples/s, achieved GFLOP/s); then, on the default backend, the shapes-bench recipe's
 * training (its steps, capped at 30 s) and held-out zero-shot accuracy. Timings are medians.
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
    const simd = b === 'wasm' && replacedOps('wasm').includes('product') ? kernelsStatus('wasm').simdPeak?.() : undefined;
    const ceiling = simd?.gflops[simd.chosen] ?? undefined;
    log(`bench: ${b}: shapes step`);
    const shapesRecipe = trainRecipe('shapes-bench');
    const shapes = benchmarkStep('shapes', modelConfig(shapesRecipe.modelSize, { vocabSize: 40 }), shapesRecipe.batchSize, steps);
    log(`bench: ${b}: reference step`);
    const refRecipe = trainRecipe(REFERENCE.recipe);
    const ref = benchmarkStep('reference', modelConfig(refRecipe.modelSize, { vocabSize: REFERENCE.vocabSize }), refRecipe.batchSize, steps, 3, ceiling);
    const reference = b === 'wasm' ? { ...ref, targetMs: TARGETS.referenceMsPerStepWasm, meetsTarget: ref.msPerStep <= TARGETS.referenceMsPerStepWasm, meetsTargetCpu: ref.cpuMsPerStep <= TARGETS.referenceMsPerStepWasm } : ref;
    throughput.push({ backend: b, matmulPeak: peak, ...(simd ? { simdPeak: simd } : {}), shapes, reference });
    log(`bench: ${b}: shapes ${shapes.msPerStep.toFixed(1)} ms/step (CPU ${shapes.cpuMsPerStep.toFixed(1)}), reference ${ref.msPerStep.toFixed(1)} ms/step (CPU ${ref.cpuMsPerStep.toFixed(1)}), matmul peak ${peak.gflops.toFixed(1)} GFLOP/s (tf.matMul ${peak.tfMatMulGflops.toFixed(1)})`);
  }
  await tf.setBackend(main.name);
  await tf.ready();
  let comparison: PeerComparison | undefined;
  if (options.peer) comparison = await compareWithPeer(options, log);
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
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, tfjs: tfjsVersion, loadAverage: os.loadavg(), cpuFlags: cpuFlags(), ...(main.kernels.build ? { kernelBuild: main.kernels.build.build } : {}) },
    note: 'Timings are medians over steps. Wall times (ms/step) grow when other processes share the CPU (see loadAverage); CPU times (cpuMs…) count only this process and approximate a quiet machine.',
    throughput,
    shapes,
    emoji,
    comparison,
    seconds: (Date.now() - start) / 1000,
  };
}

/**
 * The reference step in the kit (current backend) and in the peer framework, alternating round by round in one run
 * (the kit first in even rounds, the peer first in odd ones), so both see the same load; medians of the rounds' medians.
 */
async function compareWithPeer(options: BenchOptions, log: (line: string) => void): Promise<PeerComparison> {
  if (options.peer !== 'torch') throw new UserError(`Unknown peer "${options.peer}": the only peer is torch.`);
  const threads = options.peerThreads ?? 1;
  const rounds = Math.max(1, options.rounds ?? 3);
  const steps = options.steps ?? 20;
  const refRecipe = trainRecipe(REFERENCE.recipe);
  log(`bench: starting the PyTorch peer (${torchPython()}, ${threads} thread${threads === 1 ? '' : 's'})`);
  const peer = await startTorchPeer(threads, refRecipe.batchSize, REFERENCE.vocabSize);
  const results: { kit: PeerRound; peer: PeerRound }[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const kitRound = (): PeerRound => {
        const s = benchmarkStep('reference', modelConfig(refRecipe.modelSize, { vocabSize: REFERENCE.vocabSize }), refRecipe.batchSize, steps, 3);
        return { msPerStep: s.msPerStep, cpuMsPerStep: s.cpuMsPerStep };
      };
      let kit: PeerRound;
      let other: PeerRound;
      if (r % 2 === 0) {
        kit = kitRound();
        other = await peer.round(steps);
      } else {
        other = await peer.round(steps);
        kit = kitRound();
      }
      results.push({ kit, peer: other });
      log(`bench: round ${r + 1}/${rounds}: kit ${kit.msPerStep.toFixed(1)} ms/step (CPU ${kit.cpuMsPerStep.toFixed(1)}), torch ${other.msPerStep.toFixed(1)} (CPU ${other.cpuMsPerStep.toFixed(1)})`);
    }
  } finally {
    peer.close();
  }
  const med = (f: (x: { kit: PeerRound; peer: PeerRound }) => number) => median(results.map(f));
  const kit = { msPerStep: med((x) => x.kit.msPerStep), cpuMsPerStep: med((x) => x.kit.cpuMsPerStep) };
  const peerMedian = { msPerStep: med((x) => x.peer.msPerStep), cpuMsPerStep: med((x) => x.peer.cpuMsPerStep) };
  return {
    peer: 'torch',
    python: torchPython(),
    info: peer.info,
    threads,
    rounds: results,
    kit,
    peerMedian,
    ratio: kit.msPerStep / peerMedian.msPerStep,
    cpuRatio: kit.cpuMsPerStep / peerMedian.cpuMsPerStep,
    kernelBuild: tf.getBackend() === 'wasm' && replacedOps('wasm').includes('product') ? (kernelsStatus('wasm').build?.build ?? 'none (plain tf)') : 'none (plain tf)',
    loadAverage: os.loadavg(),
  };
}
