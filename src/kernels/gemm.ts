import * as tf from '@tensorflow/tfjs-core';
import { KernelArgs, WasmBackend, kernelsFor, offsetOf } from './module';

/** Kernel names, registered for the wasm backend only. */
export const GEMM_KERNEL = 'ClipWorkshopGemm';
export const COLUMN_SUMS_KERNEL = 'ClipWorkshopColumnSums';

/**
 * a [m, k] · b [k, n] (+ bias [n]); aᵀ · b for a [k, m] with attrs.transposeA; a · bᵀ for b [n, k] with
 * attrs.transposeB (b is transposed into a scratch buffer inside the call). Inputs are float32 matrices.
 */
function gemmKernel(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { a, b, bias } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const transposeA = Boolean(args.attrs?.transposeA);
  const transposeB = Boolean(args.attrs?.transposeB);
  const [m, k] = transposeA ? [a!.shape[1], a!.shape[0]] : a!.shape;
  const n = transposeB ? b!.shape[0] : b!.shape[1];
  const out = backend.makeOutput([m, n], 'float32');
  const [pa, pb, pc] = [offsetOf(backend, a!), offsetOf(backend, b!), offsetOf(backend, out)];
  if (transposeA) kernelsFor(backend).gemm_tn(pa, pb, pc, m, k, n);
  else if (transposeB) {
    const scratch = backend.makeOutput([k * n], 'float32');
    try {
      kernelsFor(backend).gemm_nt(pa, pb, pc, m, k, n, offsetOf(backend, scratch));
    } finally {
      backend.disposeData(scratch.dataId, true);
    }
  } else kernelsFor(backend).gemm_nn(pa, pb, pc, m, k, n, bias ? offsetOf(backend, bias) : 0);
  return out;
}

/** Column sums of x [r, n] → [n]. */
function columnSumsKernel(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const x = args.inputs.x as tf.TensorInfo;
  const [r, n] = x.shape;
  const out = backend.makeOutput([n], 'float32');
  kernelsFor(backend).column_sums(offsetOf(backend, x), offsetOf(backend, out), r, n);
  return out;
}

export const gemmKernelConfigs: tf.KernelConfig[] = [
  { kernelName: GEMM_KERNEL, backendName: 'wasm', kernelFunc: gemmKernel as unknown as tf.KernelFunc },
  { kernelName: COLUMN_SUMS_KERNEL, backendName: 'wasm', kernelFunc: columnSumsKernel as unknown as tf.KernelFunc },
];
