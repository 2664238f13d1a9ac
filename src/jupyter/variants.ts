/**
 * One notebook source holds both hand-outs: cells tagged `solution` appear only in the solutions
 * variant, cells tagged `workshop` (the runnable TODO form) only in the workshop variant.
 */
export const VARIANTS = ['solutions', 'workshop'] as const;
export type Variant = (typeof VARIANTS)[number];

/** The tag whose cells a variant drops. */
const DROPPED_TAG: Record<Variant, string> = { solutions: 'workshop', workshop: 'solution' };

/** Minimal nbformat 4 shapes used by the kit. */
export interface NotebookCell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[]; [k: string]: unknown };
  outputs?: unknown[];
  execution_count?: number | null;
  [k: string]: unknown;
}
export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** The cell's source as one string. */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/** Cells tagged `optional` (side roads, extra exercises) are left out of a core-only hand-out; everything else is core. */
export const OPTIONAL_TAG = 'optional';

/**
 * Returns a copy of the notebook for the variant, with outputs cleared and the variant named in its metadata;
 * with `coreOnly`, cells tagged {@link OPTIONAL_TAG} are dropped too.
 */
export function applyVariant(nb: Notebook, variant: Variant, options: { coreOnly?: boolean } = {}): Notebook {
  const drop = [DROPPED_TAG[variant], ...(options.coreOnly ? [OPTIONAL_TAG] : [])];
  const cells = nb.cells
    .filter((c) => !(c.metadata?.tags ?? []).some((t) => drop.includes(t)))
    .map((c) => (c.cell_type === 'code' ? { ...c, outputs: [], execution_count: null } : { ...c }));
  return { ...nb, cells, metadata: { ...nb.metadata, clip_workshop: { variant } } };
}
