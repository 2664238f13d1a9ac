/**
 * TensorFlow.js as the kit uses it: tfjs-core with the cpu backend, every gradient and the chained ops
 * (x.reshape(…)) registered — what the @tensorflow/tfjs bundle adds on top of core, without its layers,
 * converter, data and webgl packages, which the kit never uses. The wasm backend loads in runtime/backend.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';

export * from '@tensorflow/tfjs-core';
