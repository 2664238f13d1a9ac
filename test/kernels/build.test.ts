import * as fs from 'fs';
import { KERNELS_GENERATED, compileKernels, findClang, generatedSource } from '../../tools/build-kernels';
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from '../../src/kernels/wasmBinary';

const clang = findClang();
// CI installs clang and lld (.ci/run), so there the committed module is always checked against its source.
const withClang = clang || process.env.CI ? test : test.skip;

describe('the compiled kernel module', () => {
  const EXPORTS = ['adam_update', 'attention_backward', 'attention_forward', 'column_sums', 'embedding_bag', 'embedding_bag_grad', 'gelu_backward', 'gelu_forward', 'gemm_nn', 'gemm_nt', 'gemm_tn', 'layernorm_backward', 'layernorm_forward', 'simd_peak'];
  const relaxedRuns = WebAssembly.validate(Buffer.from(KERNELS_RELAXED_WASM_BASE64, 'base64'));

  test.each([
    ['simd128', KERNELS_WASM_BASE64, true],
    ['relaxed', KERNELS_RELAXED_WASM_BASE64, relaxedRuns],
  ] as const)('%s: imports only a memory (tfjs lends its own) and exports the kernels the loaders call', (_name, base64, runs) => {
    // A runtime without relaxed SIMD cannot compile that build; build-kernels.js checks its text instead.
    if (!runs) return expect(WebAssembly.validate(Buffer.from(base64, 'base64'))).toBe(false);
    const module = new WebAssembly.Module(Buffer.from(base64, 'base64'));
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(WebAssembly.Module.exports(module).map((e) => e.name).sort()).toEqual(EXPORTS);
  });

  test('the relaxed build differs from the plain one by its multiply-adds only', () => {
    const [plain, relaxed] = [KERNELS_WASM_BASE64, KERNELS_RELAXED_WASM_BASE64].map((b) => Buffer.from(b, 'base64'));
    expect(relaxed.includes(Buffer.from([0xfd, 0x85, 0x02]))).toBe(true); // f32x4.relaxed_madd's opcode
    expect(plain.includes(Buffer.from([0xfd, 0x85, 0x02]))).toBe(false);
    expect(Math.abs(relaxed.length - plain.length)).toBeLessThan(plain.length / 10);
  });

  withClang('is what `npm run kernels` builds from src/kernels/c, both builds (rebuild after editing the C sources)', () => {
    const bytes = compileKernels(clang ?? null);
    expect(generatedSource(bytes)).toBe(fs.readFileSync(KERNELS_GENERATED, 'utf8'));
  });

  test('a missing clang is reported with what to install', () => {
    expect(() => compileKernels(null)).toThrow(/clang is not installed: install clang and lld/);
  });
});
