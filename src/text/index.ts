export * from './tokenizer';
export * from './templates';
