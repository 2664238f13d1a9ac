// What the Train view and its worker say to each other (structured-clone plain data only).

/** The recipe overrides the view takes from its address and shows. */
export interface TrainOverrides {
  epochs?: number;
  seed?: number;
  batchSize?: number;
}

/** View → worker. */
export type ToWorker =
  | { type: 'start'; recipe: Record<string, unknown>; overrides: TrainOverrides; wasmBase: string }
  | { type: 'classify'; id: number; pixels: Uint8Array; size: number; labels: string[]; template: string }
  | { type: 'save' }
  | { type: 'export' };

/** How the worker runs: backend, threads, whether the kit's kernels are on. */
export interface RuntimeInfo {
  backend: string;
  threads: number;
  isolated: boolean;
  kernels: string;
}

/** Worker → view. */
export type FromWorker =
  | { type: 'runtime'; info: RuntimeInfo }
  | { type: 'recipe'; recipe: Record<string, unknown>; totalSteps: number; trainImages: number }
  | { type: 'firstBatch'; size: number; pixels: Uint8Array; captions: string[]; concepts: string[] }
  | { type: 'matrix'; when: 'before' | 'after'; n: number; similarity: number[] }
  | { type: 'step'; step: number; epoch: number; loss: number; temperature: number }
  | { type: 'heldout'; top1: number; classes: string[]; perClass: Array<{ name: string; top1: number }> ; example: { pixels: Uint8Array; size: number; concept: string } }
  | { type: 'done'; trainSeconds: number; finalLoss: number; steps: number }
  | { type: 'classified'; id: number; probs: number[] }
  | { type: 'saved'; name: string; tar: Uint8Array }
  | { type: 'exported'; files: Record<string, string | Uint8Array>; imageSize: number; template: string }
  | { type: 'error'; message: string };
