/**
 * Runs one notebook's code cells in this Node process with tslab's own executor (no Python, no Jupyter): the process
 * the node runner forks for each notebook, as Jupyter starts a fresh kernel. It receives the notebook over IPC and
 * sends back an event as each cell starts and the executed notebook at the end. Cells' console output is the
 * process's own stdout/stderr, taken per cell; displays arrive through the writer tslab keeps in
 * `jupyter.lastWriteDisplayData`, as in a kernel. Not re-exported from the package: it runs when loaded as a main.
 */
import * as path from 'path';
import { keepNotebookTypes } from './kernelMain';
import { CellOutput, DisplayMessage, errorOf, executedCell, OutputCollector } from './outputs';
import { cellSource, Notebook, NotebookCell } from './variants';

/** What the parent sends: the notebook (its variant applied) and the folder its cells run in. */
export interface NodeRunnerJob {
  notebook: Notebook;
  cwd: string;
}

/** What this process sends back. */
export type NodeRunnerEvent =
  | { event: 'cell'; index: number }
  | { event: 'cell-done'; index: number; cell: NotebookCell }
  | { event: 'done'; ok: boolean; cell: number | null; ename?: string; evalue?: string; notebook: Notebook };

interface TslabExecutor {
  execute(src: string): Promise<boolean>;
  close(): void;
}

/** tslab's modules, taken from the tslab next to this package. */
function tslab() {
  const dir = path.dirname(require.resolve('tslab/package.json'));
  /* eslint-disable @typescript-eslint/no-require-imports */
  const ts = require(require.resolve('@tslab/typescript-for-tslab', { paths: [dir] }));
  const { createConverter } = require(path.join(dir, 'dist', 'converter.js'));
  const { createExecutor } = require(path.join(dir, 'dist', 'executor.js'));
  const jupyter = require(path.join(dir, 'dist', 'jupyter.js')) as { lastWriteDisplayData: ((m: DisplayMessage, update: boolean) => void) | null };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { ts, createConverter, createExecutor, jupyter };
}

/** Text of what a stream write received. */
function textOf(chunk: unknown, encoding?: unknown): string {
  if (typeof chunk === 'string') return chunk;
  return Buffer.from(chunk as Uint8Array).toString(typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
}

/** Sends this process's stdout and stderr writes to `collector` (returns the undo). */
function captureStreams(collector: OutputCollector): () => void {
  const saved = { stdout: process.stdout.write, stderr: process.stderr.write };
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      collector.stream(name, textOf(chunk, encoding));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') done();
      return true;
    }) as typeof process.stdout.write;
  }
  return () => {
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
  };
}

/** Executes the notebook's code cells in order, stopping at the first that fails; `onCell` hears each start, `onCellDone` each executed cell. */
export async function runCells(job: NodeRunnerJob, onCell: (index: number) => void, onCellDone: (index: number, cell: NotebookCell) => void = () => undefined): Promise<Extract<NodeRunnerEvent, { event: 'done' }>> {
  const { ts, createConverter, createExecutor, jupyter } = tslab();
  // The kit's kernel checks cells against @types/node only (see kernelMain): the same here.
  keepNotebookTypes(ts.sys);
  process.chdir(job.cwd);
  let node: { close(): void } | undefined;
  let browser: { close(): void } | undefined;
  const convs = {
    get node() {
      return (node ??= createConverter({ isJS: false, isBrowser: false }));
    },
    get browser() {
      return (browser ??= createConverter({ isJS: false, isBrowser: true }));
    },
    close() {
      node?.close();
      browser?.close();
    },
  };
  const collector = new OutputCollector();
  const executor: TslabExecutor = createExecutor(job.cwd, convs, { log: console.log, error: console.error });
  jupyter.lastWriteDisplayData = (message, update) => collector.display(message, update);
  const cells = job.notebook.cells.slice();
  let count = 0;
  let failed: { cell: number; ename: string; evalue: string } | null = null;
  const restore = captureStreams(collector);
  try {
    for (let index = 0; index < cells.length; index++) {
      const cell = cells[index];
      if (cell.cell_type !== 'code') continue;
      onCell(index);
      const outputs: CellOutput[] = collector.startCell();
      cells[index] = executedCell(cell, outputs, ++count);
      const ok = await executor.execute(cellSource(cell));
      // Output written in the same tick as the cell's end still belongs to it.
      await new Promise((resolve) => setImmediate(resolve));
      onCellDone(index, cells[index]);
      if (!ok) {
        const [ename, evalue] = errorOf(outputs);
        failed = { cell: index, ename, evalue };
        break;
      }
    }
  } finally {
    restore();
    jupyter.lastWriteDisplayData = null;
    executor.close();
    convs.close();
  }
  const notebook = { ...job.notebook, cells };
  return failed ? { event: 'done', ok: false, ...failed, notebook } : { event: 'done', ok: true, cell: null, notebook };
}

if (require.main === module) {
  // As tslab's kernel does: a stray rejection or exception is reported in the cell, not the end of the run.
  process.on('uncaughtException', (err) => console.error('UncaughtException:', err));
  process.on('unhandledRejection', (reason) => console.error('UnhandledPromiseRejection:', reason));
  process.once('message', (job: NodeRunnerJob) => {
    const send = (event: NodeRunnerEvent) => new Promise<void>((resolve) => process.send!(event, () => resolve()));
    runCells(
      job,
      (index) => void send({ event: 'cell', index }),
      (index, cell) => void send({ event: 'cell-done', index, cell }),
    )
      .catch((err: Error) => ({ event: 'done' as const, ok: false, cell: null, ename: err.name, evalue: err.message, notebook: job.notebook }))
      .then(send)
      // Timers a notebook left (a live chart, a server) must not keep the run waiting.
      .then(() => process.exit(0));
  });
}
