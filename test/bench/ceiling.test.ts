import * as tf from '@tensorflow/tfjs-core';
import { execFileSync } from 'child_process';
import { initBackend } from '../../src/runtime/backend';
import { gemmShapes } from '../../src/bench/ceiling';
import { simdPeak } from '../../src/kernels/peak';
import { cpuFlags, startTorchPeer } from '../../src/bench/peer';
import { buildRuns } from '../../src/kernels/module';
import { GEMM_KERNEL } from '../../src/kernels/gemm';
import { ops } from '../../src/ops';
import { ToyClip } from '../../src/models/clip';
import { modelConfig } from '../../src/models/configs';
import { countParameters } from '../../src/models/params';
import { Tokenizer } from '../../src/text/tokenizer';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('the multiply-add ceiling', () => {
  test('is measured for each build this runtime runs, and only for those', () => {
    const p = simdPeak(2);
    expect(p.gflops.simd128).toBeGreaterThan(0.5);
    if (buildRuns('relaxed')) expect(p.gflops.relaxed).toBeGreaterThan(0.5);
    else expect(p.gflops.relaxed).toBeNull();
    expect(p.chosen).toBe(buildRuns('relaxed') ? 'relaxed' : 'simd128');
  });

  test('each product shape is timed per call, with its share of the peak, and the kernel is put back', () => {
    const before = tf.getKernel(GEMM_KERNEL, 'wasm')!.kernelFunc;
    const a = tf.randomNormal([64, 32], 0, 1, 'float32', 1);
    const b = tf.randomNormal([32, 16], 0, 1, 'float32', 2);
    const w = tf.randomNormal([8, 32], 0, 1, 'float32', 3);
    const shapes = gemmShapes(() => tf.dispose([ops().product(a, b), ops().product(a, b), ops().productTransposedLeft(a, a), ops().productTransposedRight(a, w)]), 10, 3);
    expect(shapes.map((s) => [s.m, s.k, s.n, s.transposeA, s.transposeB, s.calls])).toEqual([
      [32, 64, 32, true, false, 1],
      [64, 32, 16, false, false, 2],
      [64, 32, 8, false, true, 1],
    ]);
    for (const s of shapes) expect(s.fractionOfPeak).toBeCloseTo(s.gflops / 10, 10);
    expect(tf.getKernel(GEMM_KERNEL, 'wasm')!.kernelFunc).toBe(before);
    tf.dispose([a, b, w]);
  });
});

describe('the PyTorch peer', () => {
  const python = process.env.CLIP_WORKSHOP_TORCH_PYTHON || '/usr/bin/python3';
  const hasTorch = (() => {
    try {
      execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore', timeout: 300_000 });
      return true;
    } catch {
      return false;
    }
  })();
  const withTorch = hasTorch ? test : test.skip;

  withTorch('builds the model in torch, reports its versions and times rounds on request', async () => {
    process.env.CLIP_WORKSHOP_TORCH_PYTHON = python;
    const peer = await startTorchPeer(1, 16, 20);
    try {
      expect(peer.info.threads).toBe(1);
      expect(peer.info.torch).toMatch(/^\d+\.\d+/);
      expect(peer.info.mallopt).toBe(true);
      // The same model as the kit's reference at vocabulary 20: the same parameter count.
      const words = Array.from({ length: 16 }, (_, i) => `w${i}`);
      const kit = ToyClip.create(modelConfig('reference', { vocabSize: 20 }), Tokenizer.fromTexts([words.join(' ')], { maxLength: 12 }), 1);
      expect(kit.config.vocabSize).toBe(20);
      expect(peer.info.parameters).toBe(countParameters(kit.weights));
      kit.dispose();
      const round = await peer.round(2);
      expect(round.msPerStep).toBeGreaterThan(0);
      expect(round.cpuMsPerStep).toBeGreaterThan(0);
    } finally {
      peer.close();
    }
  }, 300_000);

  test('a Python that cannot run is one clear error naming the variable to set', async () => {
    const saved = process.env.CLIP_WORKSHOP_TORCH_PYTHON;
    process.env.CLIP_WORKSHOP_TORCH_PYTHON = '/nonexistent/python3';
    try {
      await expect(startTorchPeer(1, 16, 20)).rejects.toThrow(/CLIP_WORKSHOP_TORCH_PYTHON/);
    } finally {
      if (saved === undefined) delete process.env.CLIP_WORKSHOP_TORCH_PYTHON;
      else process.env.CLIP_WORKSHOP_TORCH_PYTHON = saved;
    }
  });

  test('the CPU flags are read where Linux shows them', () => {
    const flags = cpuFlags();
    if (process.platform === 'linux') expect(flags.length).toBeGreaterThan(0);
    expect(flags.every((f) => /^\S+$/.test(f))).toBe(true);
  });
});
