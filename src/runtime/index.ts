export * from './errors';
export * from './paths';
export * from './atomic';
export * from './seed';
export * from './quick';
export * from './backend';
export * from './progress';
export * from './offline';
