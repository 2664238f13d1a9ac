import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageRoot } from '../runtime/paths';
import { writeJsonAtomic } from '../runtime/atomic';

/**
 * The kernel name notebooks ask for in their metadata, project-local and for `kernel --user` alike: the kit's own
 * name, so that no other kernel (a stock tslab) is replaced and JupyterLab and VS Code open the notebooks with it.
 */
export const KERNEL_NAME = 'clip-workshop';

/** The name `kernel --user` installs the kit's kernel under (the notebooks' own). */
export const USER_KERNEL_NAME = KERNEL_NAME;

/** The project-local Jupyter data folder (git-ignored) where the kit registers its kernel. */
export function jupyterDataDir(): string {
  return path.join(packageRoot(), '.jupyter');
}

/** Path of the kit's kernel.json. */
export function kernelSpecPath(): string {
  return path.join(jupyterDataDir(), 'kernels', KERNEL_NAME, 'kernel.json');
}

/**
 * The kernelspec: this node running this package's kernel main (tslab with the kit's narrowed types), so no global
 * install is needed; node's own path and a script path work on Windows too (no `.cmd` shim).
 */
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

/**
 * The user's Jupyter data folder, as Jupyter (jupyter_core.paths.jupyter_data_dir) and VS Code look for kernels:
 * $JUPYTER_DATA_DIR, else %APPDATA%\\jupyter on Windows, ~/Library/Jupyter on macOS, $XDG_DATA_HOME/jupyter or
 * ~/.local/share/jupyter elsewhere.
 */
export function userJupyterDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  if (platform === 'win32') return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), 'jupyter');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Jupyter');
  return path.posix.join(env.XDG_DATA_HOME || path.posix.join(home, '.local', 'share'), 'jupyter');
}

/** Installs the kit's kernel for the user's own Jupyter and VS Code (no Python needed); returns the kernel.json path. */
export function installUserKernel(dataDir = userJupyterDataDir()): string {
  const file = path.join(dataDir, 'kernels', USER_KERNEL_NAME, 'kernel.json');
  writeJsonAtomic(file, kernelSpec());
  return file;
}
