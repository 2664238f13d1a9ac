import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../runtime/paths';
import { writeJsonAtomic } from '../runtime/atomic';

/** The kernel name notebooks ask for in their metadata. */
export const KERNEL_NAME = 'tslab';

/** The project-local Jupyter data folder (git-ignored) where the kit registers its kernel. */
export function jupyterDataDir(): string {
  return path.join(packageRoot(), '.jupyter');
}

/** Path of the kit's kernel.json. */
export function kernelSpecPath(): string {
  return path.join(jupyterDataDir(), 'kernels', KERNEL_NAME, 'kernel.json');
}

/** The kernelspec: this node running this package's tslab (through kernelMain), so no global install is needed. */
export function kernelSpec(): object {
  const main = path.join(packageRoot(), 'dist', 'jupyter', 'kernelMain.js');
  return {
    argv: [process.execPath, main, 'kernel', '--config-path', '{connection_file}'],
    display_name: 'TypeScript (clip-workshop)',
    language: 'typescript',
  };
}

/** Writes the kernelspec if it is missing or stale; returns its path. Idempotent. */
export function ensureKernel(): string {
  const file = kernelSpecPath();
  const want = JSON.stringify(kernelSpec());
  let have = '';
  try {
    have = JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    // missing or unreadable: write it below
  }
  if (have !== want) writeJsonAtomic(file, kernelSpec());
  return file;
}

/** True when the kit's kernelspec exists and points at this checkout. */
export function kernelRegistered(): boolean {
  try {
    return JSON.stringify(JSON.parse(fs.readFileSync(kernelSpecPath(), 'utf8'))) === JSON.stringify(kernelSpec());
  } catch {
    return false;
  }
}

/** Environment for Jupyter subprocesses: the project-local data folder first on JUPYTER_PATH. */
export function jupyterEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const prior = process.env.JUPYTER_PATH;
  return { ...process.env, JUPYTER_PATH: prior ? `${jupyterDataDir()}${path.delimiter}${prior}` : jupyterDataDir(), ...extra };
}
