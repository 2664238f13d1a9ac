/**
 * @jest-environment ./test/env/onnx-environment.js
 */
import { DT, GraphBuilder, OPSET } from '../../src/pretrained';
import { onnx } from 'onnx-proto';

// onnxruntime-node is transformers.js's own runtime; the graph builder's output must load in it directly.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = require('onnxruntime-node');

test('a built graph runs in onnxruntime and computes what it says', async () => {
  const g = new GraphBuilder('tiny');
  const x = g.input('x', DT.FLOAT, ['batch', 3]);
  const w = g.floats('w', [1, -1, 0.5, 2, 0, -3], [3, 2]);
  const b = g.floats('b', [0.25, -0.5], [2]);
  const y = g.op('Relu', [g.op('Add', [g.op('MatMul', [x, w]), b])]);
  const mean = g.op('ReduceMean', [y], { axes: { ints: [-1] }, keepdims: { int: 0 } });
  g.output('y', y, DT.FLOAT, ['batch', 2]);
  g.output('mean', mean, DT.FLOAT, ['batch']);
  const bytes = g.toBytes();
  const model = onnx.ModelProto.decode(bytes);
  expect(Number(model.opsetImport[0]!.version)).toBe(OPSET);
  expect(model.graph?.initializer?.map((t) => t.name)).toEqual(['w', 'b']);

  const session = await ort.InferenceSession.create(bytes);
  const input = Float32Array.from([1, 2, 3, -1, 0, 1]);
  const out = await session.run({ x: new ort.Tensor('float32', input, [2, 3]) });
  const expected: number[] = [];
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 2; c++) {
      let s = [0.25, -0.5][c];
      for (let k = 0; k < 3; k++) s += input[r * 3 + k] * [1, -1, 0.5, 2, 0, -3][k * 2 + c];
      expected.push(Math.max(0, s));
    }
  }
  expect(Array.from(out.y.data as Float32Array)).toEqual(expected.map(Math.fround));
  expect(out.mean.dims).toEqual([2]);
  expect((out.mean.data as Float32Array)[0]).toBeCloseTo((expected[0] + expected[1]) / 2, 6);
  await session.release();
});

test('int64 and bool initialisers and fresh names', async () => {
  const g = new GraphBuilder();
  const x = g.input('x', DT.INT64, [4]);
  const keep = g.bools('keep', [true, false, true, false]);
  const y = g.op('Where', [keep, x, g.int64s('zero', [0], [])]);
  g.output('y', y, DT.INT64, [4]);
  expect(g.fresh('zero')).not.toBe('zero');
  const session = await ort.InferenceSession.create(g.toBytes());
  const out = await session.run({ x: new ort.Tensor('int64', BigInt64Array.from([5n, 6n, 7n, 8n]), [4]) });
  expect(Array.from(out.y.data as BigInt64Array, Number)).toEqual([5, 0, 7, 0]);
  await session.release();
});

test('mistakes are caught while building, not at run time', () => {
  const g = new GraphBuilder();
  g.input('x', DT.FLOAT, [2]);
  expect(() => g.input('x', DT.FLOAT, [2])).toThrow(/already used/);
  expect(() => g.floats('w', [1, 2, 3], [2, 2])).toThrow(/has 3 values but shape \[2,2\] needs 4/);
});
