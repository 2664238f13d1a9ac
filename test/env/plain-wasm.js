// The plain-wasm test project: wasm without the kit's kernels (their overrides are not installed).
process.env.CLIP_WORKSHOP_BACKEND = 'wasm';
process.env.CLIP_WORKSHOP_KERNELS = 'off';
