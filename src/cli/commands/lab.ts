import { Command } from 'commander';
import { spawn } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { ensureKernel, jupyterEnv } from '../../jupyter/kernelspec';
import { requireJupyterPython } from '../../jupyter/python';
import { packageRoot } from '../../runtime/paths';
import { UserError } from '../../runtime/errors';
import { spawnSync } from 'child_process';

/** `clip-workshop lab`: opens the notebooks in JupyterLab (or Notebook) with the tslab kernel registered. */
export function register(program: Command): void {
  program
    .command('lab')
    .description('open the notebooks in JupyterLab, or Jupyter Notebook when JupyterLab is not installed')
    .option('--no-browser', 'do not open a browser')
    .action(async (opts: { browser: boolean }) => {
      const python = requireJupyterPython();
      ensureKernel();
      const app = ['jupyterlab', 'notebook'].find((m) => spawnSync(python, ['-c', `import ${m}`]).status === 0);
      if (!app) throw new UserError('Neither JupyterLab nor Jupyter Notebook is installed: `pip install jupyterlab` (or `apt-get install jupyter-notebook`), then run `npm run lab` again.');
      const args = ['-m', app === 'jupyterlab' ? 'jupyterlab' : 'notebook', `--notebook-dir=${path.join(packageRoot(), 'notebooks')}`];
      if (!opts.browser) args.push('--no-browser');
      // Jupyter refuses to start as root (containers, CI) unless told to.
      if (process.getuid?.() === 0) {
        args.push('--allow-root');
        process.stderr.write('note: running as root, so Jupyter is started with --allow-root; prefer a normal user where you can.\n');
      }
      const code = await new Promise<number>((resolve, reject) =>
        spawn(python, args, { stdio: 'inherit', env: jupyterEnv() })
          .on('error', (err) => reject(new UserError(`Could not start Jupyter with ${python} (${err.message}); check CLIP_WORKSHOP_PYTHON or your Jupyter install.`)))
          .on('close', (c, signal) => resolve(c ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1))),
      );
      // Jupyter's own exit code is the command's: a failed start is not a success.
      if (code !== 0) {
        process.stderr.write(`clip-workshop: Jupyter exited with code ${code}; its messages above say why.\n`);
        process.exitCode = code;
      }
    });
}
