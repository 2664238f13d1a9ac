export * from './throughput';
export * from './accuracy';
export * from './run';
export * from './emoji';
export * from './kernels';
export * from './ceiling';
export * from './peer';
