export * from './graph';
// The ONNX builders share names with src/models (dense, layerNorm …): a namespace keeps them apart.
export * as onnxBuilders from './builders';
export type { WeightArray, WeightArrays } from './builders';
