import { Command } from 'commander';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { ensureKernel } from '../../jupyter/kernelspec';
import { requireJupyterPython } from '../../jupyter/python';
import { packageRoot } from '../../runtime/paths';
import { UserError } from '../../runtime/errors';
import { emit } from '../output';

/** `clip-workshop kernel`: registers the tslab kernel for the kit's own runs, or for the user's Jupyter / VS Code. */
export function register(program: Command): void {
  program
    .command('kernel')
    .description('register the tslab TypeScript kernel (project-local by default; --user for your own Jupyter or VS Code)')
    .option('--user', "also install it into the user's Jupyter kernel registry with `tslab install --user`")
    .option('--json', 'print one JSON object')
    .action((opts: { user?: boolean; json?: boolean }) => {
      const spec = ensureKernel();
      if (opts.user) {
        const python = requireJupyterPython();
        const tslab = path.join(packageRoot(), 'node_modules', '.bin', 'tslab');
        const r = spawnSync(tslab, ['install', '--user', `--python=${python}`, `--binary=${tslab}`], { stdio: 'inherit' });
        if (r.status !== 0) throw new UserError(`tslab install --user failed (exit ${r.status}); run it by hand: ${tslab} install --user --python=${python}`);
      }
      emit({ kernel: true, kernelSpec: spec, user: Boolean(opts.user) }, opts.json, () => `kernel registered at ${spec}${opts.user ? ' and for your user' : ''}`);
    });
}
