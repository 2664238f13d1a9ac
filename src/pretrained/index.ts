import { registerClipResolver } from '../models/loader';
import { loadPretrainedClip } from './clip';
import { isPretrainedSource } from './source';

export * from './source';
export * from './hub';
export * from './clip';
export * from './classify';
// The ONNX graph builder the exporter writes with (tests and tools build graphs of their own with it).
export * from '../onnx/graph';
export type { WeightArray, WeightArrays } from '../onnx/builders';
export * from './export';
export * from './bench';
export * from './reference';
export * from './evaluate';
// The one decider of a model's prompt template (the loaders here and in src/models use it).
export { modelTemplate } from '../models/template';

// Every `--model` (and loadClassifierModel) also takes a hub id or a transformers.js folder once this concern loads.
registerClipResolver(async (s) => (isPretrainedSource(s) ? loadPretrainedClip(s) : undefined));
export * from './task1-data';
export * from './task1';
