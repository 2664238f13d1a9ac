import { NotebookCell } from './variants';

/** One output of an executed code cell, as nbformat 4 stores it. */
export type CellOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | { output_type: 'display_data'; data: Record<string, unknown>; metadata: Record<string, unknown> };

/** A display message as tslab's `lastWriteDisplayData` receives it. */
export interface DisplayMessage {
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  transient?: { display_id?: string };
}

/**
 * Collects a notebook's outputs the way a Jupyter client does: stream text joins the cell's previous output of the
 * same stream, a display joins the cell, and an update replaces every display carrying its display_id, in any cell.
 */
export class OutputCollector {
  private cell: CellOutput[] = [];
  private readonly byDisplayId = new Map<string, Extract<CellOutput, { output_type: 'display_data' }>[]>();

  /** Starts collecting into a new cell's output list (returned, filled as output arrives). */
  startCell(): CellOutput[] {
    this.cell = [];
    return this.cell;
  }

  stream(name: 'stdout' | 'stderr', text: string): void {
    if (!text) return;
    const last = this.cell[this.cell.length - 1];
    if (last?.output_type === 'stream' && last.name === name) last.text += text;
    else this.cell.push({ output_type: 'stream', name, text });
  }

  display(message: DisplayMessage, update: boolean): void {
    const id = message.transient?.display_id;
    const metadata = message.metadata ?? {};
    const shown = id ? this.byDisplayId.get(id) ?? [] : [];
    // As in Jupyter: an update changes the displays with its id; a display with a known id changes them too.
    for (const out of shown) Object.assign(out, { data: message.data, metadata });
    if (update) return;
    const out = { output_type: 'display_data' as const, data: message.data, metadata };
    this.cell.push(out);
    if (id) this.byDisplayId.set(id, [...shown, out]);
  }
}

/** The line of a failed cell's stderr that names its error (tslab reports errors on stderr): [ename, evalue]. */
export function errorOf(outputs: CellOutput[]): [string, string] {
  const text = outputs.map((o) => (o.output_type === 'stream' && o.name === 'stderr' ? o.text : '')).join('');
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_$][\w$]*(?:Error|Exception)|Error)\b:?\s*(.*)$/.exec(line);
    if (m) return [m[1], m[2]];
  }
  const lines = text.split('\n').filter((l) => l.trim());
  return ['CellExecutionError', lines[lines.length - 1] ?? 'the cell failed'];
}

/** A code cell with its outputs and execution count filled in. */
export function executedCell(cell: NotebookCell, outputs: CellOutput[], count: number): NotebookCell {
  return { ...cell, outputs, execution_count: count };
}
