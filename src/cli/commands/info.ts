import { Command } from 'commander';
import { initBackend, tfjsVersion } from '../../runtime/backend';
import { findJupyterPython } from '../../jupyter/python';
import { kernelRegistered, kernelSpecPath } from '../../jupyter/kernelspec';
import { emit } from '../output';

/** `clip-workshop info`: the backend in use, versions, Jupyter and the kernel. */
export function register(program: Command): void {
  program
    .command('info')
    .description('show the TensorFlow.js backend in use, whether the kit\'s wasm kernels run, versions, the Python with Jupyter, and whether the kernel is registered')
    .option('--json', 'print one JSON object')
    .action(async (opts: { json?: boolean }) => {
      const backend = await initBackend();
      const result = {
        backend: backend.name,
        backendReason: backend.reason,
        unavailable: backend.unavailable,
        kernels: { active: backend.kernels.active, reason: backend.kernels.reason },
        kernelBuild: backend.kernels.build ?? null,
        tfjs: tfjsVersion,
        node: process.version,
        jupyter: findJupyterPython(),
        kernel: kernelRegistered(),
        kernelSpec: kernelSpecPath(),
      };
      emit(result, opts.json, () =>
        [
          `backend   ${result.backend} (${result.backendReason})`,
          ...Object.entries(result.unavailable).map(([k, v]) => `          ${k} unavailable: ${v}`),
          `kernels   ${result.kernels.active ? 'on' : 'off'} (${result.kernels.reason})${result.kernelBuild ? `, ${result.kernelBuild.build} build (${result.kernelBuild.reason})` : ''}`,
          `tfjs      ${result.tfjs}`,
          `node      ${result.node}`,
          `jupyter   ${result.jupyter ?? 'not found — see docs/troubleshooting.md, "No Jupyter"'}`,
          `kernel    ${result.kernel ? 'registered' : 'not registered (run `clip-workshop kernel`)'} at ${result.kernelSpec}`,
        ].join('\n'),
      );
    });
}
