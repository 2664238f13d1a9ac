export * from './results';
export * from './prompts-data';
export * from './similarity';
export * from './specs';
export * from './fromResults';
export * from './run';
export * from './words';
export * from './claims';
