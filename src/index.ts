/** The clip-workshop library: what the notebooks import (`import * as cw from '../dist'`). */
export * from './runtime';
export * from './jupyter';
