export * from './loss';
export * from './schedule';
export * from './adam';
export * from './loop';
export * from './clipTrainer';
export * from './classifierTrainer';
export * from './datasets';
export * from './augment';
