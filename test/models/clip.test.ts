import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/runtime/backend';
import { isUserError } from '../../src/runtime/errors';
import { Tokenizer } from '../../src/text/tokenizer';
import { ToyClip } from '../../src/models/clip';
import { ToyClassifier } from '../../src/models/classifier';
import { modelConfig } from '../../src/models/configs';
import { loadModel, loadToyClip, saveModel } from '../../src/models/io';
import { loadClassifierModel } from '../../src/models/loader';
import { clipLoss } from '../../src/train/loss';
import { attention } from '../../src/models/blocks';

const tokenizer = Tokenizer.fromTexts(['a red circle', 'a blue square', 'a green star at the top'], { maxLength: 8 });
const images = () => tf.randomUniform([4, 16, 16, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-models-'));

beforeAll(async () => {
  await initBackend();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const variants: Array<[string, object]> = [
  ['mlp image / bow text', { imageBlock: 'mlp', textEncoder: 'bow' }],
  ['mlp flatten image', { imageBlock: 'mlp', imagePool: 'flatten' }],
  ['transformer image / transformer text', { imageBlock: 'transformer', textEncoder: 'transformer', textBlocks: 2 }],
  ['mixer image', { imageBlock: 'mixer', imageBlocks: 2 }],
  ['transformer towers with one head', { imageBlock: 'transformer', textEncoder: 'transformer', heads: 1 }],
];

describe.each(variants)('toy CLIP (%s)', (_, overrides) => {
  const config = modelConfig('reference', { imageSize: 16, patchSize: 4, ...overrides });

  test('embeddings have unit length and the logit scale starts at 1/0.07', () => {
    const before = tf.memory().numTensors;
    const model = ToyClip.create(config, tokenizer, 3);
    const x = images();
    const img = model.embedImages(x);
    const txt = model.embedTexts(['a red circle', 'a blue square', 'a green star', 'a red star']);
    expect(img.shape).toEqual([4, config.embedDim]);
    expect(txt.shape).toEqual([4, config.embedDim]);
    for (const e of [img, txt]) for (const n of tf.tidy(() => tf.norm(e, 'euclidean', 1).arraySync() as number[])) expect(n).toBeCloseTo(1, 4);
    expect(model.logitScale()).toBeCloseTo(1 / 0.07, 3);
    tf.dispose([x, img, txt]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('every weight gets a finite, non-zero gradient from the CLIP loss', () => {
    const model = ToyClip.create(config, tokenizer, 3);
    const x = images();
    const { ids, mask } = model.tokenize(['a red circle', 'a blue square', 'a green star at the top', 'a red star']);
    const { value, grads } = tf.variableGrads(() => clipLoss(model.logits(x, ids, mask)), model.variables());
    for (const v of model.variables()) {
      const g = grads[v.name];
      expect(g).toBeDefined();
      const [finite, nonzero] = tf.tidy(() => [tf.all(tf.isFinite(g)).dataSync()[0], tf.sum(tf.abs(g)).dataSync()[0]]);
      expect(finite).toBe(1);
      expect(nonzero).toBeGreaterThan(0);
    }
    tf.dispose([x, ids, mask, value, grads as unknown as tf.Tensor[]]);
    tf.dispose(Object.values(grads));
    model.dispose();
  });

  test('save → load gives identical outputs', async () => {
    const model = ToyClip.create(config, tokenizer, 11);
    const dir = path.join(tmp, `clip-${Math.random().toString(36).slice(2)}`);
    saveModel(dir, model, { note: 'test' });
    const back = loadToyClip(dir);
    const x = images();
    const a = model.embedImages(x);
    const b = back.embedImages(x);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    const ta = model.embedTexts(['a green circle']);
    const tb = (await loadClassifierModel(dir)).embedTexts(['a green circle']) as tf.Tensor;
    expect(Array.from(tb.dataSync())).toEqual(Array.from(ta.dataSync()));
    expect(back.logitScale()).toBe(model.logitScale());
    expect(back.config).toEqual(model.config);
    tf.dispose([x, a, b, ta, tb]);
    model.dispose();
    back.dispose();
  });
});

describe('toy models', () => {
  const config = modelConfig('shapes', { imageSize: 16, patchSize: 4 });

  test('the same seed gives the same weights, another seed others', () => {
    const [a, b, c] = [ToyClip.create(config, tokenizer, 5), ToyClip.create(config, tokenizer, 5), ToyClip.create(config, tokenizer, 6)];
    const k = 'image.patch.kernel';
    expect(Array.from(a.weights[k].dataSync())).toEqual(Array.from(b.weights[k].dataSync()));
    expect(Array.from(a.weights[k].dataSync())).not.toEqual(Array.from(c.weights[k].dataSync()));
    [a, b, c].forEach((m) => m.dispose());
  });

  test('the logit scale is capped at 100', () => {
    const m = ToyClip.create(config, tokenizer, 1);
    m.weights['logit_scale'].assign(tf.scalar(Math.log(1000)));
    expect(m.logitScale()).toBeCloseTo(100, 4);
    m.dispose();
  });

  test('a wrong-shaped image gives a clear UserError naming the expected size', () => {
    const m = ToyClip.create(config, tokenizer, 1);
    const wrong = tf.zeros([1, 32, 32, 3]) as tf.Tensor4D;
    let err: unknown;
    try {
      m.embedImages(wrong);
    } catch (e) {
      err = e;
    }
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(/16×16×3.*\[1, 32, 32, 3\]/);
    wrong.dispose();
    m.dispose();
  });

  test('the classifier saves and loads with its class names and identical logits', () => {
    const c = ToyClassifier.create(config, ['cat', 'dog', 'horse'], 4);
    const dir = path.join(tmp, 'classifier');
    saveModel(dir, c);
    const back = loadModel(dir) as ToyClassifier;
    expect(back).toBeInstanceOf(ToyClassifier);
    expect(back.classNames).toEqual(['cat', 'dog', 'horse']);
    const x = images();
    const [la, lb] = [c.logits(x), back.logits(x)];
    expect(la.shape).toEqual([4, 3]);
    expect(Array.from(lb.dataSync())).toEqual(Array.from(la.dataSync()));
    expect(() => loadToyClip(dir)).toThrow(/classifier, not a CLIP/);
    tf.dispose([x, la, lb]);
    c.dispose();
    back.dispose();
  });

  test('saving over a folder that is not a model is refused and leaves it untouched', () => {
    const dir = path.join(tmp, 'notes');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'keep.txt'), 'mine');
    const m = ToyClip.create(config, tokenizer, 1);
    expect(() => saveModel(dir, m)).toThrow(/not a clip-workshop model folder/);
    expect(fs.readdirSync(dir)).toEqual(['keep.txt']);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([]);
    m.dispose();
  });

  test('loading a folder that is not a model says so', async () => {
    await expect(loadClassifierModel(path.join(tmp, 'missing'))).rejects.toThrow(/does not exist/);
  });
});

describe('bag-of-words text encoder', () => {
  test('equals the masked mean of the token embeddings, layer-normed and projected', () => {
    const config = modelConfig('shapes', { imageSize: 16, patchSize: 4, textEncoder: 'bow' });
    const m = ToyClip.create(config, tokenizer, 9);
    const { ids, mask } = m.tokenize(['a red circle', 'a green star at the top']);
    const w = m.weights;
    const got = m.encodeTokens(ids, mask);
    const want = tf.tidy(() => {
      const emb = tf.gather(w['text.token.embedding'], ids); // [b, L, w]
      const mean = tf.div(tf.sum(tf.mul(emb, mask.expandDims(2)), 1), tf.sum(mask, 1, true));
      const mu = tf.mean(mean, -1, true);
      const centred = tf.sub(mean, mu);
      const ln = tf.add(tf.mul(tf.div(centred, tf.sqrt(tf.add(tf.mean(tf.square(centred), -1, true), 1e-5))), w['text.ln_final.gamma']), w['text.ln_final.beta']);
      const proj = tf.matMul(ln, w['text.proj.kernel']);
      return tf.div(proj, tf.norm(proj, 'euclidean', 1, true));
    });
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(got, want))).dataSync()[0]);
    expect(diff).toBeLessThan(1e-5);
    tf.dispose([ids, mask, got, want]);
    m.dispose();
  });
});

describe('attention heads', () => {
  test('one head equals plain single-head attention: softmax(q kᵀ/√d) v', () => {
    const config = modelConfig('reference', { imageSize: 16, patchSize: 4, heads: 1 });
    const m = ToyClip.create(config, tokenizer, 2);
    const w = m.weights;
    const x = tf.randomNormal([2, 5, config.imageWidth], 0, 1, 'float32', 3) as tf.Tensor3D;
    const got = attention(x, w, 'image.blocks.0.attn', 1);
    const want = tf.tidy(() => {
      const lin = (p: string) => tf.add(tf.matMul(x.reshape([-1, 64]), w[`image.blocks.0.attn.${p}.kernel`]), w[`image.blocks.0.attn.${p}.bias`]).reshape([2, 5, 64]);
      const att = tf.softmax(tf.div(tf.matMul(lin('q'), lin('k'), false, true), Math.sqrt(64)));
      return tf.add(tf.matMul(tf.matMul(att, lin('v')).reshape([-1, 64]), w['image.blocks.0.attn.out.kernel']), w['image.blocks.0.attn.out.bias']).reshape([2, 5, 64]);
    });
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(got, want))).dataSync()[0]);
    expect(diff).toBeLessThan(1e-4);
    tf.dispose([x, got, want]);
    m.dispose();
  });
});
