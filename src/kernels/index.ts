export { KERNELS_BUILT_FOR, installKitKernels, loadedVersions, versionMismatch } from './install';
export type { KernelsStatus } from './install';
export { kernelOps } from './kernelOps';
