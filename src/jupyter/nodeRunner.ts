import { fork } from 'child_process';
import * as path from 'path';
import { writeJsonAtomic } from '../runtime/atomic';
import { packageRoot } from '../runtime/paths';
import type { NodeRunnerEvent } from './nodeRunnerMain';
import { cellSource, Notebook } from './variants';

/** One notebook to run: its variant applied, the folder its cells run in, where its executed copy goes. */
export interface RunnerJob {
  notebook: Notebook;
  cwd: string;
  out: string;
}

/** How a notebook ended, as both runners report it. */
export interface RunnerOutcome {
  ok: boolean;
  /** 0-based index of the failing cell, or null (a failure outside any cell). */
  cell: number | null;
  ename?: string;
  evalue?: string;
  seconds: number;
}

export interface NodeRunOptions {
  env: NodeJS.ProcessEnv;
  /** Seconds one cell may run before its process is stopped. */
  timeoutSec: number;
  /** Called every `progressEverySec` while a cell runs, with "cell N still running after S s: <first line>". */
  onProgress?: (line: string) => void;
  progressEverySec?: number;
}

/** The first non-blank line of a cell, shortened, as the progress lines name it. */
function firstLine(source: string): string {
  return (source.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 70);
}

/**
 * Runs one notebook without Python: a fresh Node process (as Jupyter starts a fresh kernel) executes its cells with
 * tslab's own executor and sends back the executed notebook, written to `job.out` (also on failure, to be read).
 */
export function runWithNode(job: RunnerJob, options: NodeRunOptions): Promise<RunnerOutcome> {
  const started = Date.now();
  const main = path.join(packageRoot(), 'dist', 'jupyter', 'nodeRunnerMain.js');
  return new Promise((resolve) => {
    const child = fork(main, [], { cwd: job.cwd, env: options.env, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += d));
    child.stdout?.resume();
    let cell: { index: number; since: number } | null = null;
    let outcome: RunnerOutcome | null = null;
    // The cells executed so far: what the executed copy shows if the process dies or a cell runs too long.
    const partial: Notebook = { ...job.notebook, cells: job.notebook.cells.slice() };
    const finish = (o: Omit<RunnerOutcome, 'seconds'>, notebook: Notebook) => {
      if (outcome) return;
      outcome = { ...o, seconds: (Date.now() - started) / 1000 };
      clearInterval(timer);
      writeJsonAtomic(job.out, notebook);
    };
    const every = (options.progressEverySec ?? 20) * 1000;
    let lastProgress = Date.now();
    // One timer watches the running cell: a progress line now and then, and the end of a cell that runs too long.
    const timer = setInterval(() => {
      if (!cell) return;
      const now = Date.now();
      if (now - cell.since > options.timeoutSec * 1000) {
        finish({ ok: false, cell: cell.index, ename: 'Timeout', evalue: `the cell ran longer than ${options.timeoutSec} s` }, partial);
        child.kill('SIGKILL');
      } else if (options.onProgress && now - lastProgress >= every && now - cell.since >= every) {
        lastProgress = now;
        const source = cellSource(job.notebook.cells[cell.index]);
        options.onProgress(`cell ${cell.index + 1} still running after ${Math.round((now - cell.since) / 1000)} s: ${firstLine(source)}`);
      }
    }, 250);
    child.on('message', (event: NodeRunnerEvent) => {
      if (event.event === 'cell') {
        cell = { index: event.index, since: Date.now() };
        lastProgress = cell.since;
      } else if (event.event === 'cell-done') partial.cells[event.index] = event.cell;
      else finish({ ok: event.ok, cell: event.cell, ename: event.ename, evalue: event.evalue }, event.notebook);
    });
    child.on('error', (err) => finish({ ok: false, cell: null, ename: err.name, evalue: err.message }, partial));
    child.on('exit', (code, signal) => {
      const last = stderr.trim().split('\n').pop();
      finish({ ok: false, cell: cell?.index ?? null, ename: 'ProcessExit', evalue: `the notebook's Node process ended (${signal ?? `exit ${code}`})${last ? `: ${last}` : ''}` }, partial);
      resolve(outcome!);
    });
    child.send({ notebook: job.notebook, cwd: job.cwd });
  });
}
