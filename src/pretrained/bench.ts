import * as tf from '@tensorflow/tfjs';
import { ToyClip } from '../models/clip';
import { seededRandom } from '../runtime/seed';
import { initBackend } from '../runtime/backend';
import { loadPretrainedClip } from './clip';

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
  batchSize: number;
  classes: number;
  tfjs: ThroughputFigure;
  /** End to end through transformers.js: its image processor (uint8 → resize/crop → normalise) and CLIPModel. */
  onnxruntime: ThroughputFigure;
  /** The ONNX graph alone on pixels preprocessed beforehand (untimed), like tfjs which takes ready tensors. */
  onnxGraph: ThroughputFigure;
  /** onnxruntime end to end ÷ tfjs, and graph alone ÷ tfjs. */
  speedup: number;
  graphSpeedup: number;
}

/**
 * Zero-shot inference throughput of the same toy CLIP in tfjs and, exported, in onnxruntime through transformers.js:
 * `images` seeded random images in batches, each embedded and scored against `classes` prompts (embedded once,
 * untimed). Each runtime runs one warm-up batch first. Prints nothing; the caller reports the figures.
 */
export async function benchmarkZeroShot(clip: ToyClip, exportedDir: string, options: { images?: number; batchSize?: number; classes?: number; seed?: number } = {}): Promise<ZeroShotBenchmark> {
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
    const run = async (embed: (x: tf.Tensor4D) => tf.Tensor2D | Promise<tf.Tensor2D>, cls: tf.Tensor2D, scale: number) => {
      for (const x of batches) {
        const e = await embed(x);
        const best = tf.tidy(() => tf.argMax(tf.mul(tf.matMul(e, cls, false, true), scale), 1));
        await best.data();
        tf.dispose([e, best]);
      }
    };
    const time = async (runtime: string, embed: (x: tf.Tensor4D) => tf.Tensor2D | Promise<tf.Tensor2D>, cls: tf.Tensor2D, scale: number): Promise<ThroughputFigure> => {
      const warm = await embed(batches[0]);
      warm.dispose();
      const start = process.hrtime.bigint();
      await run(embed, cls, scale);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      return { runtime, images: n, seconds, imagesPerSecond: n / seconds };
    };
    const tfjs = await time(`tfjs (${backend.name})`, (x) => clip.embedImages(x), toyClasses, clip.logitScale());
    const onnx = await time('onnxruntime-node via transformers.js', (x) => pretrained.embedImages(x), onnxClasses, pretrained.logitScale());
    const mean = clip.config.pixelMean;
    const std = clip.config.pixelStd;
    const nchw = new Map(batches.map((x) => [x, toNchw(x, mean, std)]));
    const graph = await time('onnxruntime-node, graph only', async (x) => {
      const { data, dims } = await pretrained.embedPixelValues(nchw.get(x)!, x.shape[0]);
      return tf.tensor2d(data, dims);
    }, onnxClasses, pretrained.logitScale());
    tf.dispose([toyClasses, onnxClasses]);
    return {
      backend: backend.name,
      cpus: require('os').cpus().length,
      batchSize,
      classes,
      tfjs,
      onnxruntime: onnx,
      onnxGraph: graph,
      speedup: onnx.imagesPerSecond / tfjs.imagesPerSecond,
      graphSpeedup: graph.imagesPerSecond / tfjs.imagesPerSecond,
    };
  } finally {
    tf.dispose(batches);
    pretrained.dispose();
  }
}

/** [b, H, W, 3] in [0, 1] → (x − mean) / std as NCHW float32 (what the image processor hands the graph). */
function toNchw(x: tf.Tensor4D, mean: readonly number[], std: readonly number[]): Float32Array {
  const [b, h, w] = x.shape;
  const src = x.dataSync();
  const out = new Float32Array(src.length);
  for (let i = 0; i < b; i++)
    for (let c = 0; c < 3; c++)
      for (let p = 0; p < h * w; p++) out[((i * 3 + c) * h * w) + p] = (src[(i * h * w + p) * 3 + c] - mean[c]) / std[c];
  return out;
}
