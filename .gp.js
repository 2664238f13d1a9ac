const cw = require('./dist'); const tf = require('@tensorflow/tfjs');
(async () => {
  await cw.initBackend();
  const T = (name, shape, f) => {
    const x = tf.variable(tf.randomNormal(shape));
    const fwd = () => { const y = tf.tidy(() => tf.sum(f(x))); y.dataSync(); y.dispose(); };
    const bwd = () => { const { value, grads } = tf.variableGrads(() => tf.sum(f(x)), [x]); value.dataSync(); Object.values(grads)[0].dataSync(); value.dispose(); tf.dispose(grads); };
    const time = (g) => { for (let i = 0; i < 3; i++) g(); const c0 = process.cpuUsage(); for (let i = 0; i < 20; i++) g(); const d = process.cpuUsage(c0); return (d.user + d.system) / 20000; };
    console.log(name.padEnd(28), 'fwd', time(fwd).toFixed(2), 'fwd+bwd', time(bwd).toFixed(2));
    x.dispose();
  };
  const g = tf.ones([64]), b = tf.zeros([64]);
  T('layerNorm [128,16,64]', [128, 16, 64], (x) => cw.layerNorm(x, g, b));
  T('quickGelu [128,16,128]', [128, 16, 128], (x) => cw.quickGelu(x));
  T('softmax [256,16,16]', [256, 16, 16], (x) => tf.softmax(x));
  T('transpose4d [128,16,2,32]', [128, 16, 2, 32], (x) => x.transpose([0, 2, 1, 3]));
  const k = tf.randomNormal([256, 32, 16]);
  T('bmm [256,16,32]x[256,32,16]', [256, 16, 32], (x) => cw.mm(x, k));
  const W = tf.randomNormal([64, 64]);
  T('dense [2048,64]x[64,64]', [2048, 64], (x) => cw.mm(x, W));
  T('add bias [2048,64]+[64]', [2048, 64], (x) => tf.add(x, b));
  T('mean axis1 [128,16,64]', [128, 16, 64], (x) => tf.mean(x, 1));
  const w = cw.modelConfig('reference', { vocabSize: 64 });
  const m = cw.ToyClip.create(w, cw.Tokenizer.fromTexts([Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ')], { maxLength: 12 }), 1);
  T('attention block [128,16,64]', [128, 16, 64], (x) => cw.attention(x, m.weights, 'image.blocks.0.attn', 2));
  T('whole block [128,16,64]', [128, 16, 64], (x) => cw.block(x, m.weights, 'image.blocks.0', 'transformer', 2));
})();
