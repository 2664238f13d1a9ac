import * as tf from '@tensorflow/tfjs-core';
import { KernelArgs, WasmBackend, kernelsFor, offsetOf } from './module';
import { expectShape } from './shapes';

/** Kernel names, registered for the wasm backend only. */
export const EMBEDDING_BAG_KERNEL = 'ClipWorkshopEmbeddingBag';
export const EMBEDDING_BAG_GRAD_KERNEL = 'ClipWorkshopEmbeddingBagGrad';

/** ids [r, L] int32, weights [r, L] float32 (optional: all 1), table [vocab, w] → [r, w]. */
function forward(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { ids, weights, table } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const [r, L] = ids!.shape;
  const [vocab, w] = table!.shape;
  const out = backend.makeOutput([r, w], 'float32');
  const at = (t: tf.TensorInfo) => offsetOf(backend, t);
  kernelsFor(backend).embedding_bag(at(ids!), weights ? at(weights) : 0, at(table!), at(out), r, L, vocab, w);
  return out;
}

/** ids, weights (optional), dy [r, w] → the table's gradient [vocab, w]; attrs vocab. */
function backward(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { ids, weights, dy } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const [r, L] = ids!.shape;
  const w = dy!.shape[1];
  const vocab = (args.attrs as { vocab: number }).vocab;
  const dtable = backend.makeOutput([vocab, w], 'float32');
  const at = (t: tf.TensorInfo) => offsetOf(backend, t);
  kernelsFor(backend).embedding_bag_grad(at(ids!), weights ? at(weights) : 0, at(dy!), at(dtable), r, L, vocab, w);
  return dtable;
}

/** Σ_t weights[r, t] · table[ids[r, t]] per row r (weights omitted: all 1). ids int32, the rest float32. */
export function embeddingBagForward(ids: tf.Tensor, weights: tf.Tensor | undefined, table: tf.Tensor): tf.Tensor2D {
  expectShape('embedding bag', 'ids', ids, [undefined, undefined]);
  expectShape('embedding bag', 'table', table, [undefined, undefined]);
  if (weights) expectShape('embedding bag', 'weights', weights, ids.shape);
  return tf.engine().runKernel(EMBEDDING_BAG_KERNEL, weights ? { ids, weights, table } : { ids, table }) as tf.Tensor2D;
}

/** The table's gradient of {@link embeddingBagForward} for the output gradient dy [r, w]. */
export function embeddingBagBackward(ids: tf.Tensor, weights: tf.Tensor | undefined, dy: tf.Tensor, vocab: number): tf.Tensor2D {
  expectShape('embedding bag gradient', 'ids', ids, [undefined, undefined]);
  expectShape('embedding bag gradient', 'dy', dy, [ids.shape[0], undefined]);
  if (weights) expectShape('embedding bag gradient', 'weights', weights, ids.shape);
  return tf.engine().runKernel(EMBEDDING_BAG_GRAD_KERNEL, weights ? { ids, weights, dy } : { ids, dy }, { vocab }) as tf.Tensor2D;
}

export const embeddingKernelConfigs: tf.KernelConfig[] = [
  { kernelName: EMBEDDING_BAG_KERNEL, backendName: 'wasm', kernelFunc: forward as unknown as tf.KernelFunc },
  { kernelName: EMBEDDING_BAG_GRAD_KERNEL, backendName: 'wasm', kernelFunc: backward as unknown as tf.KernelFunc },
];
