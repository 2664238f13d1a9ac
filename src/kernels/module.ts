import * as tf from '@tensorflow/tfjs-core';
import { KERNELS_WASM_BASE64 } from './wasmBinary';

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
  column_sums(a: number, out: number, rows: number, n: number): void;
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

/** One instance per wasm memory (tfjs makes one per backend), working on that memory in place. */
const instances = new WeakMap<WebAssembly.Memory, KernelExports>();
let compiled: WebAssembly.Module | undefined;

/** The kernels, instantiated on `backend`'s memory. */
export function kernelsFor(backend: WasmBackend): KernelExports {
  const memory = backend.wasm.asm.memory;
  let exports = instances.get(memory);
  if (!exports) {
    // atob, not Buffer: the browser's Train view loads the kernels too.
    compiled ??= new WebAssembly.Module(Uint8Array.from(atob(KERNELS_WASM_BASE64), (c) => c.charCodeAt(0)));
    exports = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as KernelExports;
    instances.set(memory, exports);
  }
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
