export * from './throughput';
export * from './accuracy';
export * from './run';
export * from './emoji';
export * from './kernels';
