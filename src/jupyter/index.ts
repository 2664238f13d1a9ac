export * from './python';
export * from './kernelspec';
export * from './variants';
export * from './execute';
export * from './handout';
