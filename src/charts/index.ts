export * from './results';
export * from './specs';
export * from './fromResults';
export * from './run';
export * from './claims';
