export * from './placeholders';
export * from './references';
export * from './chromium';
export * from './marp';
export * from './build';
