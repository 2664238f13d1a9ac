import * as os from 'os';
import * as tf from '@tensorflow/tfjs-core';
import { ToyClip } from '../models/clip';
import { seededRandom } from '../runtime/seed';
import { initBackend } from '../runtime/backend';
import { loadPretrainedClip, tensorToRaw } from './clip';

/** One runtime's zero-shot throughput. */
export interface ThroughputFigure {
  runtime: string;
  images: number;
  seconds: number;
  imagesPerSecond: number;
}

export interface ZeroShotBenchmark {
  /** tfjs backend name, and the CPU count for context (the machine may be shared). */
  backend: string;
  cpus: number;
  /** The 1-minute load average when the benchmark ended (above `cpus`, other processes competed for the CPU). */
  loadAverage: number;
  batchSize: number;
  classes: number;
  tfjs: ThroughputFigure;
  /** The exported graph in onnxruntime, fed the same float tensors as tfjs (PretrainedClip.embedImages). */
  onnxruntime: ThroughputFigure;
  /** The same with transformers.js's JavaScript image processor on uint8 images first (what the pipeline does). */
  withProcessor: ThroughputFigure;
  /** onnxruntime ÷ tfjs. */
  speedup: number;
}

/**
 * Zero-shot inference throughput of the same toy CLIP in tfjs and, exported, in onnxruntime through transformers.js:
 * `images` seeded random images in batches, each embedded and scored against `classes` prompts (embedded once,
 * untimed). Each runtime runs one warm-up batch first, then `rounds` timed passes interleaved with the other runtimes
 * (so that load from other processes hits all alike); the median pass counts. Prints nothing; the caller reports.
 */
export async function benchmarkZeroShot(clip: ToyClip, exportedDir: string, options: { images?: number; batchSize?: number; classes?: number; seed?: number; rounds?: number } = {}): Promise<ZeroShotBenchmark> {
  const backend = await initBackend();
  const n = options.images ?? 512;
  const batchSize = options.batchSize ?? 64;
  const classes = options.classes ?? 10;
  const s = clip.imageSize;
  const rng = seededRandom(options.seed ?? 0);
  const batches = Array.from({ length: Math.ceil(n / batchSize) }, (_, b) => {
    const size = Math.min(batchSize, n - b * batchSize);
    return tf.tensor4d(Float32Array.from({ length: size * s * s * 3 }, () => Math.floor(rng() * 256) / 255), [size, s, s, 3]);
  });
  const words = clip.tokenizer.vocab.slice(4);
  const prompts = Array.from({ length: classes }, (_, i) => `a photo of a ${words[i % Math.max(1, words.length)] ?? 'thing'}`);
  const pretrained = await loadPretrainedClip(exportedDir);
  try {
    const toyClasses = clip.embedTexts(prompts);
    const onnxClasses = await pretrained.embedTexts(prompts);
    type Embed = (x: tf.Tensor4D) => tf.Tensor2D | Promise<tf.Tensor2D>;
    const run = async (embed: Embed, cls: tf.Tensor2D, scale: number) => {
      for (const x of batches) {
        const e = await embed(x);
        const best = tf.tidy(() => tf.argMax(tf.mul(tf.matMul(e, cls, false, true), scale), 1));
        await best.data();
        tf.dispose([e, best]);
      }
    };
    const raw = new Map(batches.map((x) => [x, tensorToRaw(x)]));
    const runtimes: Array<{ name: string; embed: Embed; cls: tf.Tensor2D; scale: number; seconds: number[] }> = [
      { name: `tfjs (${backend.name})`, embed: (x) => clip.embedImages(x), cls: toyClasses, scale: clip.logitScale(), seconds: [] },
      { name: 'onnxruntime-node (CLIPModel)', embed: (x) => pretrained.embedImages(x), cls: onnxClasses, scale: pretrained.logitScale(), seconds: [] },
      {
        name: 'transformers.js image processor + onnxruntime-node',
        embed: async (x) => {
          const { data, dims } = await pretrained.embedRaw(raw.get(x)!);
          return tf.tensor2d(data, dims);
        },
        cls: onnxClasses,
        scale: pretrained.logitScale(),
        seconds: [],
      },
    ];
    for (const r of runtimes) (await r.embed(batches[0])).dispose(); // warm-up
    for (let round = 0; round < (options.rounds ?? 3); round++) {
      for (const r of runtimes) {
        const start = process.hrtime.bigint();
        await run(r.embed, r.cls, r.scale);
        r.seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
      }
    }
    const figure = (r: (typeof runtimes)[number]): ThroughputFigure => {
      const seconds = [...r.seconds].sort((a, b) => a - b)[Math.floor(r.seconds.length / 2)];
      return { runtime: r.name, images: n, seconds, imagesPerSecond: n / seconds };
    };
    const [tfjs, onnx, processor] = runtimes.map(figure);
    tf.dispose([toyClasses, onnxClasses]);
    return {
      backend: backend.name,
      cpus: os.cpus().length,
      loadAverage: os.loadavg()[0],
      batchSize,
      classes,
      tfjs,
      onnxruntime: onnx,
      withProcessor: processor,
      speedup: onnx.imagesPerSecond / tfjs.imagesPerSecond,
    };
  } finally {
    tf.dispose(batches);
    pretrained.dispose();
  }
}

