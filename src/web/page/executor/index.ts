// The page's own ONNX executor: a .onnx reader, one function per operator, and a graph runner.
export * from './tensor';
export * from './proto';
export * from './ops';
export * from './graph';
