export * from './build';
export * from './register';
export * from './gemm';
export * from './attentionKernels';
export * from './products';
export * from './layerNormKernels';
export * from './adamKernel';
