// The data concern's public names. Internal helpers (pool, tar, download, cache hashing) are exported by name only where other concerns need them.
export * from './types';
export * from './shapes-data';
export * from './shapes';
export * from './batch';
export * from './image';
export * from './emoji-data';
export type { EmojiEntry } from './emoji-sources';
export { emojiEntries, emojiFile, emojibaseLocales, fluentSlug } from './emoji-sources';
export * from './emoji';
export * from './folder';
export * from './cifar-data';
export * from './cifar';
export * from './sample';
export * from './load';
export type { CacheManifest } from './cache';
export { readCache, writeCache } from './cache';
export { readTarGz } from './tar';
export { loadShapes } from './shapes-cache';
