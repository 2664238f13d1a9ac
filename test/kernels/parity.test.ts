import * as tf from '@tensorflow/tfjs-core';
import { kernelOps } from '../../src/kernels/kernelOps';
import { ToyClip } from '../../src/models/clip';
import { modelConfig } from '../../src/models/configs';
import { installOps, ops, plainOps, removeOps, replacedOps } from '../../src/ops';
import type { Ops } from '../../src/ops';
import { initBackend } from '../../src/runtime/backend';
import { Tokenizer } from '../../src/text/tokenizer';
import { clipLoss } from '../../src/train/loss';

/** The two paths on wasm: the kit's kernels (installed at start-up) and plain tf (the same table without them). */
beforeAll(async () => {
  const info = await initBackend('wasm');
  expect(info.kernels.active).toBe(true);
});

/** Largest |a − b| relative to the largest |b| (at least 1). */
function relDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] / Math.max(1, tf.max(tf.abs(b)).dataSync()[0]));
}

/** Runs `f` with the table of `which` path on the current (wasm) backend. */
function withPath<T>(which: 'kernels' | 'plain', f: () => T): T {
  if (which === 'plain') removeOps('wasm');
  try {
    return f();
  } finally {
    installOps('wasm', kernelOps);
  }
}

const r = (shape: number[], seed: number, mean = 0, sd = 1) => tf.randomNormal(shape, mean, sd, 'float32', seed);

describe("the kit's kernels and plain tf give the same values and gradients", () => {
  test('the kernels replace the table on wasm only, and these comparisons cover every replaced operation', () => {
    expect(replacedOps('wasm').sort()).toEqual(Object.keys(kernelOps).sort());
    expect(replacedOps('cpu')).toEqual([]);
    expect(ops()).not.toBe(plainOps);
    expect(Object.keys(kernelOps).sort()).toEqual(Object.keys(cases).sort());
  });

  // One case per replaced operation: inputs, and a function of them whose value and gradients both paths must agree on.
  const cases: Record<keyof Ops, () => { inputs: tf.Tensor[]; f: (o: Ops, ...xs: tf.Tensor[]) => tf.Tensor }> = {
    product: () => ({ inputs: [r([37, 13], 1), r([13, 21], 2), r([21], 3)], f: (o, a, b, bias) => o.product(a, b, bias) }),
    productTransposedLeft: () => ({ inputs: [r([300, 13], 4), r([300, 21], 5)], f: (o, a, b) => o.productTransposedLeft(a, b) }),
    productTransposedRight: () => ({ inputs: [r([37, 13], 6), r([21, 13], 7)], f: (o, a, b) => o.productTransposedRight(a, b) }),
    columnSums: () => ({ inputs: [r([300, 21], 8)], f: (o, x) => o.columnSums(x) }),
    layerNorm: () => ({ inputs: [r([40, 16], 9, 1, 2), r([16], 10, 1, 0.2), r([16], 11, 0, 0.2)], f: (o, x, g, b) => o.layerNorm(x as tf.Tensor2D, g, b, 1e-5) }),
    quickGelu: () => ({ inputs: [r([7, 5], 12, 0, 3)], f: (o, x) => o.quickGelu(x) }),
    attention: () => {
      const mask = tf.tensor2d([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 0, 0, 0, 0]]);
      return { inputs: [r([15, 12], 13), r([15, 12], 14), r([15, 12], 15)], f: (o, q, k, v) => o.attention(q, k, v, 3, 5, 3, mask) };
    },
    embedTokens: () => {
      const ids = tf.tensor2d([[1, 2, 3], [9, 0, 0]], [2, 3], 'int32');
      return { inputs: [r([10, 8], 16)], f: (o, table) => o.embedTokens(ids, table) };
    },
    bagOfWords: () => {
      const ids = tf.tensor2d([[1, 2, 2, 0], [9, 3, 0, 0], [4, 0, 0, 0]], [3, 4], 'int32');
      const mask = tf.tensor2d([[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0]]);
      return { inputs: [r([10, 8], 17)], f: (o, table) => o.bagOfWords(ids, mask, table) };
    },
    adamUpdate: () => ({
      inputs: [r([6, 8], 18), r([6, 8], 19), r([6, 8], 20, 0, 0.1), tf.abs(r([6, 8], 21, 0, 0.1))],
      f: (o, x, g, m, v) => tf.concat(o.adamUpdate(x, g, m, v, { beta1: 0.9, beta2: 0.999, step: 1e-3, eps: 1e-8, decay: 1e-4 })),
    }),
  };

  // The products and Adam have no gradient of their own (the models wrap the products in theirs); the rest are
  // differentiated through a weighted sum, so every output element's gradient differs.
  const DIFFERENTIABLE: (keyof Ops)[] = ['layerNorm', 'quickGelu', 'attention', 'embedTokens', 'bagOfWords'];

  test.each(Object.keys(cases) as (keyof Ops)[])('%s', (name) => {
    tf.tidy(() => {
      const { inputs, f } = cases[name]();
      const weights = withPath('plain', () => tf.randomNormal(f(plainOps, ...inputs).shape, 0, 1, 'float32', 99));
      const run = (which: 'kernels' | 'plain') =>
        withPath(which, () => {
          const o = ops();
          const value = f(o, ...inputs);
          const grads = !DIFFERENTIABLE.includes(name) ? [] : tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(o, ...xs), weights)))(inputs);
          return { value, grads };
        });
      const kernels = run('kernels');
      const plain = run('plain');
      expect(relDiff(kernels.value, plain.value)).toBeLessThan(1e-5);
      kernels.grads.forEach((g, i) => expect(relDiff(g, plain.grads[i])).toBeLessThan(1e-4));
    });
  });

  test('a whole CLIP training step: the loss and every weight gradient', () => {
    const tokenizer = Tokenizer.fromTexts(['a red circle', 'a blue square', 'a green star at the top'], { maxLength: 8 });
    const model = ToyClip.create(modelConfig('reference', { imageSize: 16, patchSize: 4, textEncoder: 'transformer' }), tokenizer, 3);
    const images = tf.randomUniform([4, 16, 16, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const { ids, mask } = model.tokenize(['a red circle', 'a blue square', 'a green star at the top', 'a red star']);
    const step = (which: 'kernels' | 'plain') => withPath(which, () => tf.variableGrads(() => clipLoss(model.logits(images, ids, mask)), model.variables()));
    const kernels = step('kernels');
    const plain = step('plain');
    expect(relDiff(kernels.value, plain.value)).toBeLessThan(1e-5);
    for (const v of model.variables()) expect(relDiff(kernels.grads[v.name], plain.grads[v.name])).toBeLessThan(1e-4);
    tf.dispose([images, ids, mask, kernels.value, plain.value, ...Object.values(kernels.grads), ...Object.values(plain.grads)]);
    model.dispose();
  });
});
