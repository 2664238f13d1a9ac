/** Types of build-kernels.js for the tests. */
export const KERNEL_SOURCES: string[];
export const KERNELS_GENERATED: string;
/** The two builds of the kernels: plain 128-bit SIMD and relaxed SIMD. */
export interface KernelBuilds {
  simd128: Uint8Array;
  relaxed: Uint8Array;
}
export function findClang(): string | undefined;
export function compileKernels(clang?: string | null): KernelBuilds;
export function disassemble(file: string, fold?: boolean): string | undefined;
export function relaxedText(wat: string): string;
export function generatedSource(builds: KernelBuilds): string;
export function rebuildKernels(): void;
