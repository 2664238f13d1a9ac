import * as path from 'path';

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

const TSLAB_JUPYTER = path.join('tslab', 'dist', 'jupyter.js');

/**
 * The writer of the running tslab kernel's current cell, or null outside a kernel.
 * tslab's public `display` sends one MIME type per call; its module `tslab/dist/jupyter` keeps
 * the current cell's writer in `lastWriteDisplayData`, which takes a whole bundle.
 * Looked up on every call: tslab replaces it for each cell it executes.
 */
export function kernelDisplayWriter(): DisplayWriter | null {
  try {
    // Lazily: tslab's module pulls in its TypeScript compiler, which charts never need otherwise.
    const mod = require('tslab/dist/jupyter') as TslabJupyterModule;
    if (typeof mod.lastWriteDisplayData === 'function') return mod.lastWriteDisplayData;
  } catch {
    // tslab not installed next to this package: fall through to the loaded modules.
  }
  // A kernel started from another tslab installation (a global one) loaded its own copy.
  for (const [id, mod] of Object.entries(require.cache)) {
    const writer = id.endsWith(TSLAB_JUPYTER) ? (mod?.exports as TslabJupyterModule | undefined)?.lastWriteDisplayData : null;
    if (typeof writer === 'function') return writer;
  }
  return null;
}
