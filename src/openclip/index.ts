// open_clip interop: the kit's datasets out as WebDataset shards or CSV, open_clip checkpoints back in as transformers.js folders.
export * from './model-config';
export * from './licences';
export * from './train-script';
export * from './export-data';
export * from './python';
export * from './import';
