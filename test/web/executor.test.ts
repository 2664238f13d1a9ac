/**
 * @jest-environment ./test/env/onnx-environment.js
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { initBackend } from '../../src/runtime';
import { loadShapes } from '../../src/data';
import { MODEL_SIZES } from '../../src/models';
import { createToyClip } from '../../src/train';
import { DT, GraphBuilder, writeTransformersFolder } from '../../src/pretrained';
import { transformers } from '../../src/pretrained/transformersModule';
import { OnnxModel, PlainTensor, Tensor } from '../../src/web/page/executor';
import { toyTokenizer } from '../../src/web/page/classify/toyModel';

// onnxruntime-node: the reference the page's own executor must agree with.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = require('onnxruntime-node');

jest.setTimeout(180_000);

interface Plain {
  type: string;
  dims: number[];
  data: number[];
}
interface Result {
  outputs?: Record<string, Plain>;
  encoded?: Record<string, Plain>;
  error?: string;
}
interface Task {
  onnx: string;
  folder?: string;
  texts?: string[];
  feeds?: Record<string, PlainTensor>;
}

let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-executor-'));
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const plain = (t: Tensor): Plain => ({ type: t.type, dims: [...t.dims], data: Array.from(t.data) });
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** Runs tasks through the page's executor and tokenizer (the TypeScript the page's bundle is built from), as plain data. */
function runExecutor(tasks: Task[]): Result[] {
  return tasks.map((task) => {
    try {
      const model = new OnnxModel(fs.readFileSync(task.onnx));
      let feeds: Record<string, PlainTensor | Tensor> = task.feeds ?? {};
      let encoded: Record<string, Tensor> | undefined;
      if (task.texts) {
        const tok = toyTokenizer(readJson(path.join(task.folder!, 'tokenizer.json')), readJson(path.join(task.folder!, 'tokenizer_config.json')));
        encoded = tok.encode(task.texts);
        feeds = { ...encoded, ...feeds };
      }
      const outputs = model.run(feeds);
      return {
        outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, plain(v)])),
        encoded: encoded && Object.fromEntries(Object.entries(encoded).map(([k, v]) => [k, plain(v)])),
      };
    } catch (err) {
      return { error: (err as Error).message };
    }
  });
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** onnxruntime-node's tensor for a plain one (int64 as BigInt64Array). */
function ortTensor(t: { type: string; data: ArrayLike<number>; dims: readonly number[] }): unknown {
  if (t.type === 'int64') return new ort.Tensor('int64', BigInt64Array.from(t.data, BigInt), t.dims);
  if (t.type === 'bool') return new ort.Tensor('bool', Uint8Array.from(t.data), t.dims);
  return new ort.Tensor('float32', Float32Array.from(t.data), t.dims);
}

async function runOrt(onnxFile: string, feeds: Record<string, { type: string; data: ArrayLike<number>; dims: readonly number[] }>): Promise<Record<string, { dims: number[]; data: ArrayLike<number | bigint> }>> {
  const session = await ort.InferenceSession.create(fs.readFileSync(onnxFile));
  try {
    return await session.run(Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, ortTensor(v)])));
  } finally {
    await session.release();
  }
}

// Texts that exercise the tokenizer and the graph's cut: known and unknown words, case, punctuation, non-ASCII,
// a literal "[SOS]", and one longer than any toy's context (the graph keeps [EOS] in its last place).
const TEXTS = [
  'a red triangle',
  'Blue CIRCLE!',
  'an oven, a university.',
  'Étoile verte 🙂 [SOS]',
  'a green star and a blue cross and a red square and a yellow circle and an orange heart',
  'red',
];

describe.each(Object.keys(MODEL_SIZES))('the toy architecture "%s", exported', (size) => {
  let folder: string;
  let imageSize: number;
  beforeAll(async () => {
    await initBackend();
    const ds = loadShapes({ perClass: 2, testPerClass: 1, heldoutPerClass: 1 });
    const clip = createToyClip(ds, { size, seed: 7 });
    imageSize = clip.imageSize;
    folder = path.join(tmp, size);
    writeTransformersFolder(clip, folder);
    clip.dispose();
  });

  test('tokenizes exactly as transformers.js and computes what onnxruntime computes, within 1e-5', async () => {
    // Seeded pixel values in the preprocessor's range (−1 … 1 for mean = std = 0.5).
    let seed = 11;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const pixels: PlainTensor = { type: 'float32', dims: [3, 3, imageSize, imageSize], data: Array.from({ length: 3 * 3 * imageSize * imageSize }, () => rand() * 2 - 1) };
    const onnxFile = path.join(folder, 'onnx', 'model.onnx');
    const [ours] = runExecutor([{ onnx: onnxFile, folder, texts: TEXTS, feeds: { pixel_values: pixels } }]);
    expect(ours.error).toBeUndefined();

    const tokenizer = await transformers().AutoTokenizer.from_pretrained(folder, { local_files_only: true });
    const theirs = tokenizer(TEXTS, { padding: true });
    const enc = ours.encoded!;
    expect(enc.input_ids.dims).toEqual(theirs.input_ids.dims);
    expect(enc.input_ids.data).toEqual(Array.from(theirs.input_ids.data as BigInt64Array, Number));
    expect(enc.attention_mask.data).toEqual(Array.from(theirs.attention_mask.data as BigInt64Array, Number));
    // The long text is longer than the context, so the graph's cut is exercised.
    expect(enc.input_ids.dims[1]).toBeGreaterThan(12);

    const ref = await runOrt(onnxFile, { ...enc, pixel_values: pixels });
    const names = ['logits_per_image', 'logits_per_text', 'text_embeds', 'image_embeds'];
    expect(Object.keys(ours.outputs!).sort()).toEqual([...names].sort());
    for (const name of names) {
      expect(ours.outputs![name].dims).toEqual(ref[name].dims);
      expect(maxAbsDiff(ours.outputs![name].data, Array.from(ref[name].data, Number))).toBeLessThanOrEqual(1e-5);
    }
    expect(ours.outputs!.logits_per_image.dims).toEqual([3, TEXTS.length]);
  });
});

test('each operator follows the ONNX specification where the toy graphs do not reach: broadcasting, negative axes and steps', async () => {
  const g = new GraphBuilder('ops');
  const x = g.input('x', DT.FLOAT, [2, 1, 3]);
  const y = g.input('y', DT.FLOAT, [4, 1]);
  const ids = g.input('ids', DT.INT64, [2]);
  const sum = g.op('Add', [x, y]); // [2, 4, 3]
  g.output('out_add', sum, DT.FLOAT, [2, 4, 3]);
  g.output('out_where', g.op('Where', [g.op('Greater', [x, y]), x, g.op('Sub', [y, g.scalar('half', 0.5)])]), DT.FLOAT, [2, 4, 3]);
  g.output('out_min', g.op('Min', [x, y, g.floats('c', [0.1, -0.2, 0.3], [3])]), DT.FLOAT, [2, 4, 3]);
  g.output('out_div', g.op('Div', [g.op('Exp', [x]), g.op('Sqrt', [g.op('Add', [g.op('Mul', [y, y]), g.scalar('one', 1)])])]), DT.FLOAT, [2, 4, 3]);
  g.output('out_recip', g.op('Reciprocal', [g.op('Sigmoid', [sum])]), DT.FLOAT, [2, 4, 3]);
  const mm = g.op('MatMul', [g.op('Reshape', [sum, g.int64s('r', [2, 1, 3, 4])]), g.floats('w', Array.from({ length: 5 * 4 * 2 }, (_, i) => Math.sin(i)), [5, 4, 2])]);
  g.output('out_matmul', mm, DT.FLOAT, [2, 5, 3, 2]);
  g.output('out_transpose', g.op('Transpose', [sum]), DT.FLOAT, [3, 4, 2]);
  g.output('out_slice', g.op('Slice', [sum, g.int64s('s', [-1, 3]), g.int64s('e', [-100, 0]), g.int64s('a', [-1, 1]), g.int64s('st', [-2, -1])]), DT.FLOAT, [2, 3, 2]);
  g.output('out_gather', g.op('Gather', [sum, ids], { axis: { int: 1 } }), DT.FLOAT, [2, 2, 3]);
  g.output('out_sum_all', g.op('ReduceSum', [sum], { keepdims: { int: 0 } }), DT.FLOAT, []);
  g.output('out_mean', g.op('ReduceMean', [sum], { axes: { ints: [0, -1] }, keepdims: { int: 1 } }), DT.FLOAT, [1, 4, 1]);
  g.output('out_softmax', g.op('Softmax', [sum], { axis: { int: 1 } }), DT.FLOAT, [2, 4, 3]);
  g.output('out_shape', g.op('Shape', [sum], { start: { int: -2 } }), DT.INT64, [2]);
  g.output('out_unsqueeze', g.op('Unsqueeze', [x, g.int64s('u', [-1, 0])]), DT.FLOAT, [1, 2, 1, 3, 1]);
  g.output('out_reshape', g.op('Reshape', [sum, g.int64s('r0', [0, -1])]), DT.FLOAT, [2, 12]);
  g.output('out_cast', g.op('Cast', [g.op('And', [g.op('Greater', [x, y]), g.bools('b', [true, false, true])])], { to: { int: DT.FLOAT } }), DT.FLOAT, [2, 4, 3]);
  g.output('out_identity', g.op('Identity', [ids]), DT.INT64, [2]);
  const file = path.join(tmp, 'ops.onnx');
  fs.writeFileSync(file, g.toBytes());
  const feeds: Record<string, PlainTensor> = {
    x: { type: 'float32', dims: [2, 1, 3], data: [0.5, -1, 2, 1.5, 0, -0.25] },
    y: { type: 'float32', dims: [4, 1], data: [-0.5, 0.75, 1, 3] },
    ids: { type: 'int64', dims: [2], data: [-1, 1] },
  };
  const [ours] = runExecutor([{ onnx: file, feeds }]);
  expect(ours.error).toBeUndefined();
  const ref = await runOrt(file, feeds);
  expect(Object.keys(ours.outputs!).sort()).toEqual(Object.keys(ref).sort());
  for (const [name, want] of Object.entries(ref)) expect([name, ours.outputs![name].dims]).toEqual([name, want.dims]);
  // Outputs off by more than float rounding, by name (none expected).
  const off = Object.entries(ref).map(([name, want]) => [name, maxAbsDiff(ours.outputs![name].data, Array.from(want.data, Number))] as const).filter(([, d]) => d > 1e-6);
  expect(off).toEqual([]);
});

test('a graph with an operator the executor does not know is refused with one sentence naming it', () => {
  const g = new GraphBuilder('unknown');
  const x = g.input('x', DT.FLOAT, [2]);
  g.output('y', g.op('Erf', [g.op('Add', [x, x])]), DT.FLOAT, [2]);
  const one = path.join(tmp, 'erf.onnx');
  fs.writeFileSync(one, g.toBytes());
  const h = new GraphBuilder('unknowns');
  const z = h.input('x', DT.FLOAT, [2]);
  h.output('y', h.op('Tanh', [h.op('Erf', [h.op('Erf', [z])])]), DT.FLOAT, [2]);
  const two = path.join(tmp, 'erf-tanh.onnx');
  fs.writeFileSync(two, h.toBytes());
  const [a, b] = runExecutor([{ onnx: one, feeds: {} }, { onnx: two, feeds: {} }]);
  expect(a.error).toMatch(/^this model uses the ONNX operator Erf, which the page's own executor does not implement \(it runs the kit's toy CLIPs: Add, /);
  expect(b.error).toMatch(/the ONNX operators Erf, Tanh, which/);
});

test('a missing input and a file that is not ONNX get clear errors', () => {
  const g = new GraphBuilder('missing');
  const x = g.input('x', DT.FLOAT, [2]);
  g.output('y', g.op('Add', [x, x]), DT.FLOAT, [2]);
  const file = path.join(tmp, 'add.onnx');
  fs.writeFileSync(file, g.toBytes());
  const junk = path.join(tmp, 'junk.onnx');
  fs.writeFileSync(junk, 'this is not a model');
  const [a, b] = runExecutor([{ onnx: file, feeds: {} }, { onnx: junk }]);
  expect(a.error).toBe('the model needs an input "x" (it takes x)');
  expect(b.error).toMatch(/^this file is not an ONNX model/);
});
