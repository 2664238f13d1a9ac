/** A Jupyter display message: a MIME bundle, its metadata, and an optional display id for updates. */
export interface DisplayBundle {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

/** Sends a display (update false) or replaces the display with the same display_id (update true). */
export type DisplayWriter = (bundle: DisplayBundle, update: boolean) => void;

interface TslabJupyterModule {
  lastWriteDisplayData?: DisplayWriter | null;
}

// Either separator: module ids are file paths (no `path` import: the browser bundle reaches this file too).
const TSLAB_JUPYTER = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/** tslab's jupyter module once found among the loaded modules. */
let tslabJupyter: TslabJupyterModule | undefined;

/**
 * The writer of the running tslab kernel's current cell, or null outside a kernel.
 * tslab's public `display` sends one MIME type per call; its module `tslab/dist/jupyter` keeps
 * the current cell's writer in `lastWriteDisplayData`, which takes a whole bundle.
 * Only looked for among modules already loaded: a kernel (tslab's, the kit's, or the node runner) has loaded it,
 * and loading it elsewhere would pull in tslab's TypeScript compiler for nothing. Read on every call: tslab
 * replaces the writer for each cell it executes.
 */
export function kernelDisplayWriter(): DisplayWriter | null {
  if (!tslabJupyter) {
    for (const [id, mod] of Object.entries((typeof require === 'undefined' ? undefined : require.cache) ?? {})) {
      if (TSLAB_JUPYTER.test(id) && mod?.exports) tslabJupyter = mod.exports as TslabJupyterModule;
    }
  }
  const writer = tslabJupyter?.lastWriteDisplayData;
  return typeof writer === 'function' ? writer : null;
}
