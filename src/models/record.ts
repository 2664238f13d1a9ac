// Pure (no Node modules): the browser's Train view writes this record too; readRecord.ts reads it from a folder.

/**
 * The kit's file in every model folder it writes, and how such a folder is recognised: the manifest of a toy
 * model folder (`train`), the kit's note in a transformers.js folder (`export`, `import`).
 */
export const MODEL_MARKER = 'clip-workshop.json';

/**
 * What {@link MODEL_MARKER} says in every folder, whatever its format (a toy model's manifest adds its config,
 * weights and kind). One schema, so one reader finds a model's template wherever the model came from.
 */
export interface ModelRecord {
  /** The prompt template the model is meant to be used with, "{}" marking the label. */
  template?: string;
  /** The recipe the model was trained from (effective, after overrides) and its content hash. */
  recipe?: { name: string; hash: string };
  /** Where the model came from besides a recipe (e.g. the open_clip checkpoint and config it was imported from). */
  source?: Record<string, unknown>;
}
