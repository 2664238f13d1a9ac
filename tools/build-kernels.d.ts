/** Types of build-kernels.js for the tests. */
export const KERNEL_SOURCES: string[];
export const KERNELS_GENERATED: string;
export function findClang(): string | undefined;
export function compileKernels(clang?: string | null): Uint8Array;
export function disassemble(file: string): string | undefined;
export function generatedSource(bytes: Uint8Array): string;
export function rebuildKernels(): void;
