export * from './types';
export * from './hash';
export * from './load';
export * from './dataset';
export * from './train';
export * from './settings';
export * from './cache';
