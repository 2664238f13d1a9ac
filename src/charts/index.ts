export * from './results';
export * from './sizes';
export * from './prompts-data';
export * from './similarity';
export * from './specs';
export * from './shapesExperiments';
export * from './unseenStyle';
export * from './run';
