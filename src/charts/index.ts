export * from './results';
export * from './specs';
export * from './fromResults';
export * from './run';
