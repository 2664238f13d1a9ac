/** The clip-workshop library: what the notebooks import (`import * as cw from '../dist'`). */
export * from './runtime';
export * from './jupyter';
export * from './data';
export * from './quiz';
export * from './viz';
export * from './text';
export * from './models';
export * from './train';
export * from './eval';
export * from './pretrained';
export * from './bench';
export * from './slides';
export * from './charts';
export * from './recipes';
export * from './experiments';
