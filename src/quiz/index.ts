/** The quiz: questions in quiz/questions.yaml, checked, played in a terminal, exported for Kahoot. */
export * from './types';
export type { JsonSchema, SchemaError } from './schema';
export { validateJson, charLength } from './schema';
export * from './check';
export * from './load';
export * from './answer';
export * from './play';
export * from './kahoot';
export * from './markdown';
export * from './rounds';
