import { Command } from 'commander';
import { spawn } from 'child_process';
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
      await new Promise<void>((resolve) => spawn(python, args, { stdio: 'inherit', env: jupyterEnv() }).on('close', () => resolve()));
    });
}
