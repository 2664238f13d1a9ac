import * as tf from '@tensorflow/tfjs-core';
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from './wasmBinary';

/** The wasm backend's view of a tensor (tfjs-backend-wasm's BackendWasm, the parts used here). */
export interface WasmBackend {
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
  wasm: { asm: { memory: WebAssembly.Memory } };
}

/** The functions of c/*.c; pointers are byte offsets into tfjs's wasm memory. */
export interface KernelExports {
  gemm_nn(a: number, b: number, c: number, m: number, k: number, n: number, bias: number): void;
  gemm_tn(a: number, b: number, c: number, m: number, k: number, n: number): void;
  gemm_nt(a: number, b: number, c: number, m: number, k: number, n: number, scratch: number): void;
  column_sums(a: number, out: number, rows: number, n: number): void;
  simd_peak(rounds: number, x: number, y: number): number;
  attention_forward(q: number, k: number, v: number, mask: number, out: number, probs: number, scratch: number, b: number, n: number, w: number, heads: number, scale: number): void;
  attention_backward(q: number, k: number, v: number, probs: number, dout: number, dq: number, dk: number, dv: number, scratch: number, b: number, n: number, w: number, heads: number, scale: number): void;
  adam_update(x: number, g: number, m: number, v: number, x2: number, m2: number, v2: number, size: number, b1: number, b2: number, step: number, eps: number, decay: number): void;
  embedding_bag(ids: number, weights: number, table: number, out: number, r: number, L: number, vocab: number, w: number): void;
  embedding_bag_grad(ids: number, weights: number, dy: number, dtable: number, r: number, L: number, vocab: number, w: number): void;
  gelu_forward(x: number, y: number, s: number, size: number): void;
  gelu_backward(dy: number, s: number, y: number, dx: number, size: number): void;
  layernorm_forward(x: number, gamma: number, beta: number, y: number, xhat: number, rstd: number, n: number, w: number, eps: number): void;
  layernorm_backward(dy: number, xhat: number, rstd: number, gamma: number, dx: number, dgamma: number, dbeta: number, n: number, w: number): void;
}

/** The two builds of the kernels (c/simd.h): plain 128-bit SIMD, and relaxed SIMD's fused multiply-add in the products. */
export type KernelBuildName = 'simd128' | 'relaxed';
export const KERNEL_BUILDS: readonly KernelBuildName[] = ['relaxed', 'simd128'];

/** The bytes of one build. */
// atob, not Buffer: the browser's Train view loads the kernels too.
export const kernelBytes = (build: KernelBuildName): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(build === 'relaxed' ? KERNELS_RELAXED_WASM_BASE64 : KERNELS_WASM_BASE64), (c) => c.charCodeAt(0));

/** Whether this runtime can compile `build` (relaxed SIMD: Node ≥ 22, Chromium ≥ 114). */
export const buildRuns = (build: KernelBuildName): boolean => WebAssembly.validate(kernelBytes(build));

/** The build chosen at start-up: relaxed where it validates, else simd128; CLIP_WORKSHOP_KERNEL_BUILD=simd128 forces the plain one. */
export function chooseKernelBuild(wanted = typeof process === 'undefined' ? undefined : process.env.CLIP_WORKSHOP_KERNEL_BUILD): { build: KernelBuildName; reason: string } {
  if (wanted === 'simd128') return { build: 'simd128', reason: 'forced by CLIP_WORKSHOP_KERNEL_BUILD' };
  if (buildRuns('relaxed')) return { build: 'relaxed', reason: wanted === 'relaxed' ? 'forced by CLIP_WORKSHOP_KERNEL_BUILD' : 'this runtime has relaxed SIMD' };
  return { build: 'simd128', reason: wanted === 'relaxed' ? 'CLIP_WORKSHOP_KERNEL_BUILD asked for relaxed, which this runtime lacks' : 'this runtime has no relaxed SIMD' };
}

let chosen: ReturnType<typeof chooseKernelBuild> | undefined;
/** The build this process runs (chosen once, at first use). */
export const kernelBuild = (): ReturnType<typeof chooseKernelBuild> => (chosen ??= chooseKernelBuild());

/** One instance per wasm memory (tfjs makes one per backend), working on that memory in place. */
const instances = new WeakMap<WebAssembly.Memory, KernelExports>();
const compiled = new Map<KernelBuildName, WebAssembly.Module>();

/** `build` of the kernels, instantiated on `memory`. */
export function instantiateKernels(memory: WebAssembly.Memory, build: KernelBuildName = kernelBuild().build): KernelExports {
  let module = compiled.get(build);
  if (!module) compiled.set(build, (module = new WebAssembly.Module(kernelBytes(build))));
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
}

/** The kernels, instantiated on `backend`'s memory. */
export function kernelsFor(backend: WasmBackend): KernelExports {
  const memory = backend.wasm.asm.memory;
  let exports = instances.get(memory);
  if (!exports) instances.set(memory, (exports = instantiateKernels(memory)));
  return exports;
}

/** Byte offset of a tensor's data in the wasm memory. */
export const offsetOf = (backend: WasmBackend, t: tf.TensorInfo): number => backend.dataIdMap.get(t.dataId).memoryOffset;

/** The arguments tfjs passes to a kernel function. */
export interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}
