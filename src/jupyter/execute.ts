import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../runtime/errors';
import { packageRoot } from '../runtime/paths';
import { ensureKernel, jupyterEnv, KERNEL_NAME } from './kernelspec';
import { findJupyterPython, requireJupyterPython } from './python';
import { notebookHtml } from './html';
import { RunnerJob, runWithNode } from './nodeRunner';
import { writeFileAtomic } from '../runtime/atomic';
import { scriptPath } from '../runtime/scripts';
import { applyVariant, cellSource, Notebook, Variant } from './variants';

/** Where a failed notebook broke. */
export interface NotebookFailure {
  /** 1-based index of the failing cell in the executed notebook. */
  cell: number | null;
  /** The first line of that cell's source. */
  source: string;
  ename: string;
  evalue: string;
}

export interface NotebookRun {
  notebook: string;
  variant: Variant;
  ok: boolean;
  seconds: number;
  /** The executed copy (.ipynb), kept also on failure so the error output can be read. */
  executed: string;
  /** The executed copy as an HTML page. */
  html?: string;
  /** Which runner executed it. */
  runner: RunnerName;
  failure?: NotebookFailure;
}

/** The two ways to run notebooks: Jupyter's kernel protocol (nbclient), or tslab's executor in Node without Python. */
export const RUNNERS = ['jupyter', 'node'] as const;
export type RunnerName = (typeof RUNNERS)[number];

export interface ExecuteOptions {
  variant?: Variant;
  /** Which runner: default Jupyter where a Python with it is found (or CLIP_WORKSHOP_PYTHON names one), else node. */
  runner?: RunnerName;
  /** Folder for executed copies; default notebooks/executed/<variant>. */
  outDir?: string;
  /** Seconds one cell may run. */
  timeoutSec?: number;
  /** Extra environment for the kernel (e.g. CLIP_WORKSHOP_QUICK=1). */
  env?: NodeJS.ProcessEnv;
  /** Called with "cell N still running after S s: <its first line>" every `progressEverySec` while a cell runs. */
  onProgress?: (line: string) => void;
  /** Seconds between those lines; default 20. */
  progressEverySec?: number;
}

/** The prefix of runner.py's "cell N still running" lines on stderr (passed to it). */
export const PROGRESS_PREFIX = '[clip-workshop progress]';

/** The workshop's notebooks in order. */
export function listNotebooks(): string[] {
  const dir = path.join(packageRoot(), 'notebooks');
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d\d_.*\.ipynb$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Resolves names ("03", "03_contrastive_training", a path) to notebook files, or says which exist. */
export function resolveNotebooks(names: string[]): string[] {
  const all = listNotebooks();
  if (names.length === 0) return all;
  return names.map((name) => {
    if (fs.existsSync(name) && fs.statSync(name).isFile()) {
      if (!name.endsWith('.ipynb')) throw new UserError(`${name} is not a notebook (.ipynb): name one of ${all.map((f) => path.basename(f)).join(', ')}.`);
      return path.resolve(name);
    }
    const base = path.basename(name).replace(/\.ipynb$/, '');
    const match = all.filter((f) => path.basename(f, '.ipynb') === base || path.basename(f).startsWith(base + '_'));
    if (match.length !== 1) throw new UserError(`No notebook "${name}" exists: name one of ${all.map((f) => path.basename(f)).join(', ')}.`);
    return match[0];
  });
}

/** Reads a notebook file, naming it when it is not a valid notebook. */
export function readNotebook(file: string): Notebook {
  try {
    const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
    if (!Array.isArray(nb.cells)) throw new Error('no cells');
    return nb;
  } catch (err) {
    throw new UserError(`${file} is not a readable notebook (${(err as Error).message}): restore it from git.`);
  }
}

/** Executes one notebook (through Jupyter with the tslab kernel, or tslab's executor in Node); resolves with the outcome, never throws on a failing cell. */
export async function executeNotebook(file: string, options: ExecuteOptions = {}): Promise<NotebookRun> {
  return (await executeNotebooks([file], options))[0];
}

/**
 * Executes notebooks in order, each with a fresh kernel: in one Jupyter process (each next kernel started while the
 * one before runs), or each in its own Node process running tslab's executor; stops after the first that fails. `onStart` and `onDone` report each notebook as it begins and ends.
 */
export async function executeNotebooks(
  files: string[],
  options: ExecuteOptions & { onStart?: (file: string) => void; onDone?: (run: NotebookRun) => void } = {},
): Promise<NotebookRun[]> {
  const variant = options.variant ?? 'solutions';
  const runner = chooseRunner(options.runner);
  const outDir = options.outDir ?? path.join(packageRoot(), 'notebooks', 'executed', variant);
  fs.mkdirSync(outDir, { recursive: true });
  const jobs = files.map((file) => {
    const name = path.basename(file, '.ipynb');
    return { file, notebook: applyVariant(readNotebook(file), variant), cwd: path.dirname(file), out: path.join(outDir, `${name}.ipynb`), html: path.join(outDir, `${name}.html`) };
  });
  const runs: NotebookRun[] = [];
  const onEvent = (event: RunnerEvent) => {
    const job = jobs[event.index];
    if (!job) return;
    if (event.event === 'start') return options.onStart?.(job.file);
    const run: NotebookRun = { notebook: job.file, variant, runner, ok: Boolean(event.ok), seconds: event.seconds ?? 0, executed: job.out };
    // Both runners' pages come from the executed copy through one renderer.
    if (fs.existsSync(job.out)) {
      writeFileAtomic(job.html, notebookHtml(readNotebook(job.out), path.basename(job.file, '.ipynb')));
      run.html = job.html;
    }
    if (!event.ok) {
      const cellIndex = event.cell ?? null;
      const source = cellIndex === null ? '' : cellSource(job.notebook.cells[cellIndex]).split('\n')[0];
      run.failure = { cell: cellIndex === null ? null : cellIndex + 1, source, ename: event.ename ?? '', evalue: event.evalue ?? '' };
    }
    runs.push(run);
    options.onDone?.(run);
  };
  const env = { CLIP_WORKSHOP_VARIANT: variant, ...options.env };
  const timeoutSec = options.timeoutSec ?? 1800;
  if (runner === 'node') {
    for (let index = 0; index < jobs.length; index++) {
      onEvent({ event: 'start', index });
      const outcome = await runWithNode(jobs[index] as RunnerJob, { env: { ...process.env, ...env }, timeoutSec, onProgress: options.onProgress, progressEverySec: options.progressEverySec });
      onEvent({ event: 'done', index, ...outcome });
      if (!outcome.ok) break;
    }
    return runs;
  }
  const python = requireJupyterPython();
  ensureKernel();
  const args = { kernel: KERNEL_NAME, timeout: timeoutSec, progress_every: options.onProgress ? options.progressEverySec ?? 20 : 0, progress_prefix: PROGRESS_PREFIX };
  const input = JSON.stringify(jobs.map(({ notebook, cwd, out }) => ({ notebook, cwd, out })));
  const { code, stderr } = await run(python, [scriptPath('jupyter', 'runner.py'), JSON.stringify(args)], input, jupyterEnv(env), onEvent, options.onProgress);
  const finished = runs.length === jobs.length || runs.some((r) => !r.ok);
  if (!finished) {
    const missing = jobs[runs.length];
    throw new Error(`Jupyter could not run ${path.basename(missing.file)} (exit ${code}): ${stderr.trim().split('\n').pop() ?? 'no output'}`);
  }
  return runs;
}

/** The runner to use: the one asked for; else Jupyter where a Python with it exists (or CLIP_WORKSHOP_PYTHON is set), else node. */
export function chooseRunner(asked?: RunnerName): RunnerName {
  if (asked) return asked;
  return process.env.CLIP_WORKSHOP_PYTHON || findJupyterPython() ? 'jupyter' : 'node';
}

/** One line of the runner's stdout. */
interface RunnerEvent {
  event: 'start' | 'done';
  index: number;
  ok?: boolean;
  seconds?: number;
  cell?: number | null;
  ename?: string;
  evalue?: string;
  html?: string;
}

/** One sentence naming the notebook, the cell and the error. */
export function describeFailure(run: NotebookRun): string {
  const f = run.failure;
  if (!f) return `${path.basename(run.notebook)} passed.`;
  const where = f.cell === null ? 'before any cell ran' : `in cell ${f.cell} (${JSON.stringify(f.source.slice(0, 60))})`;
  return `${path.basename(run.notebook)} [${run.variant}] failed ${where}: ${f.ename}: ${f.evalue} — see ${run.executed}.`;
}

function run(
  cmd: string,
  args: string[],
  input: string,
  env: NodeJS.ProcessEnv,
  onEvent: (event: RunnerEvent) => void,
  onProgress?: (line: string) => void,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    const lines = (each: (line: string) => void) => {
      let pending = '';
      return {
        add(d: Buffer | string) {
          pending += d;
          const parts = pending.split('\n');
          pending = parts.pop() ?? '';
          parts.forEach(each);
        },
        rest: () => pending,
      };
    };
    // Events go to the caller as they come; other stdout lines (none expected) are ignored.
    const out = lines((line) => {
      if (!line.startsWith('{')) return;
      try {
        onEvent(JSON.parse(line) as RunnerEvent);
      } catch {
        // not an event
      }
    });
    // Progress lines go to the caller as they come; everything else is kept for error messages.
    const err = lines((line) => {
      if (line.startsWith(PROGRESS_PREFIX)) onProgress?.(line.slice(PROGRESS_PREFIX.length).trim());
      else stderr += line + '\n';
    });
    child.stdout.on('data', out.add);
    child.stderr.on('data', err.add);
    child.on('error', reject);
    child.on('close', (code) => {
      out.add('\n');
      resolve({ code, stderr: stderr + err.rest() });
    });
    child.stdin.end(input);
  });
}
