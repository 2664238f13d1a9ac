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
    .option('--port <port>', 'the port Jupyter serves on (default: its own, 8888 or the next free one)')
    .option('--ip <address>', 'the address Jupyter listens on (default: its own, localhost); 0.0.0.0 lets other machines reach it')
    .action(async (opts: { browser: boolean; port?: string; ip?: string }) => {
      if (opts.port !== undefined && !(/^\d+$/.test(opts.port) && Number(opts.port) >= 1 && Number(opts.port) <= 65535)) {
        throw new UserError(`--port must be a whole number from 1 to 65535, not "${opts.port}".`);
      }
      const python = requireJupyterPython();
      ensureKernel();
      const app = ['jupyterlab', 'notebook'].find((m) => spawnSync(python, ['-c', `import ${m}`]).status === 0);
      if (!app) throw new UserError('Neither JupyterLab nor Jupyter Notebook is installed: `pip install jupyterlab` (or `apt-get install jupyter-notebook`), then run `npm run lab` again.');
      const args = ['-m', app === 'jupyterlab' ? 'jupyterlab' : 'notebook', `--notebook-dir=${path.join(packageRoot(), 'notebooks')}`];
      if (!opts.browser) args.push('--no-browser');
      if (opts.port !== undefined) args.push(`--port=${opts.port}`);
      if (opts.ip !== undefined) args.push(`--ip=${opts.ip}`);
      // Jupyter refuses to start as root (containers, CI) unless told to.
      if (process.getuid?.() === 0) {
        args.push('--allow-root');
        process.stderr.write('note: running as root, so Jupyter is started with --allow-root; prefer a normal user where you can.\n');
      }
      const child = spawn(python, args, { stdio: 'inherit', env: jupyterEnv() });
      // Stopping this command stops Jupyter: SIGINT and SIGTERM go on to it as SIGTERM, its clean shutdown (a lone
      // SIGINT would only make it ask for confirmation), and this process waits for it to end.
      const forward = () => child.kill('SIGTERM');
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
      const code = await new Promise<number>((resolve, reject) =>
        child
          .on('error', (err) => reject(new UserError(`Could not start Jupyter with ${python} (${err.message}); check CLIP_WORKSHOP_PYTHON or your Jupyter install.`)))
          .on('close', (c, signal) => resolve(c ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1))),
      ).finally(() => {
        process.off('SIGINT', forward);
        process.off('SIGTERM', forward);
      });
      // Jupyter's own exit code is the command's: a failed start is not a success.
      if (code !== 0) {
        process.stderr.write(`clip-workshop: Jupyter exited with code ${code}; its messages above say why.\n`);
        process.exitCode = code;
      }
    });
}
