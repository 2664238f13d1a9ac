import { registerClipResolver } from '../models/loader';
import { loadPretrainedClip } from './clip';
import { isPretrainedSource } from './source';

export * from './source';
export * from './hub';
export * from './clip';
export * from './classify';
export * from './onnx/graph';
// The ONNX mirrors of the model ops share names with src/models (dense, layerNorm …): a namespace keeps them apart.
export * as onnxOps from './onnx/ops';
export type { WeightArray, WeightArrays } from './onnx/ops';
export * from './export';
export * from './bench';
export * from './reference';
export * from './evaluate';
export * from './template';

// Every `--model` (and loadClassifierModel) also takes a hub id or a transformers.js folder once this concern loads.
registerClipResolver(async (s) => (isPretrainedSource(s) ? loadPretrainedClip(s) : undefined));
export * from './task1-data';
export * from './task1';
