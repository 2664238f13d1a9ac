export * from './metrics';
export * from './embed';
export * from './zeroshot';
export * from './retrieval';
export * from './probe';
export * from './classifier';
export * from './members';
export * from './compare';
