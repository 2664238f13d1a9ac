import { Command } from 'commander';
import { ensureKernel, installUserKernel, USER_KERNEL_NAME } from '../../jupyter/kernelspec';
import { emit } from '../output';

/** `clip-workshop kernel`: registers the tslab kernel for the kit's own runs, or for the user's Jupyter / VS Code. */
export function register(program: Command): void {
  program
    .command('kernel')
    .description('register the tslab TypeScript kernel (project-local by default; --user for your own Jupyter or VS Code)')
    .option('--user', `also install the kit's kernel for your own Jupyter and VS Code, as "${USER_KERNEL_NAME}" (no other kernel is replaced)`)
    .option('--json', 'print one JSON object')
    .action((opts: { user?: boolean; json?: boolean }) => {
      const spec = ensureKernel();
      const user = opts.user ? installUserKernel() : undefined;
      emit({ kernel: true, kernelSpec: spec, user: Boolean(opts.user), userKernelSpec: user }, opts.json, () => `kernel registered at ${spec}${user ? ` and for your user at ${user} (pick "TypeScript (clip-workshop)" in Jupyter or VS Code)` : ''}`);
    });
}
