import * as fs from 'fs';
import { KERNELS_GENERATED, compileKernels, findClang, generatedSource } from '../../tools/build-kernels';
import { KERNELS_WASM_BASE64 } from '../../src/kernels/wasmBinary';

const clang = findClang();
// CI installs clang and lld (.ci/run), so there the committed module is always checked against its source.
const withClang = clang || process.env.CI ? test : test.skip;

describe('the compiled kernel module', () => {
  test('imports only a memory (tfjs lends its own) and exports the kernels the loaders call', () => {
    const module = new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    const names = WebAssembly.Module.exports(module).map((e) => e.name).sort();
    expect(names).toEqual(['adam_update', 'attention_backward', 'attention_forward', 'column_sums', 'embedding_bag', 'embedding_bag_grad', 'gelu_backward', 'gelu_forward', 'gemm_nn', 'gemm_tn', 'layernorm_backward', 'layernorm_forward']);
  });

  withClang('is what `npm run kernels` builds from src/kernels/c (rebuild after editing the C sources)', () => {
    const bytes = compileKernels(clang ?? null);
    expect(generatedSource(bytes)).toBe(fs.readFileSync(KERNELS_GENERATED, 'utf8'));
  });

  test('a missing clang is reported with what to install', () => {
    expect(() => compileKernels(null)).toThrow(/clang is not installed: install clang and lld/);
  });
});
