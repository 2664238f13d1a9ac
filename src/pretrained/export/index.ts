export * from './graph';
export * from './tokenizer';
export * from './folder';
export * from './verify';
