import { Command, Option } from 'commander';
import * as path from 'path';
import { chooseRunner, describeFailure, executeNotebooks, resolveNotebooks, RUNNERS, RunnerName } from '../../jupyter/execute';
import { VARIANTS, Variant } from '../../jupyter/variants';
import { UserError } from '../../runtime/errors';
import { emit } from '../output';

/** `clip-workshop notebooks [NAME…]`: executes notebooks headlessly and keeps executed copies. */
export function register(program: Command): void {
  program
    .command('notebooks')
    .description('execute workshop notebooks headlessly with the tslab kernel; executed copies go to notebooks/executed/<variant>/')
    .argument('[names...]', 'notebooks to run ("03", "03_contrastive_training" or a path); default: all in order')
    .addOption(new Option('--variant <variant>', 'which hand-out to build and run').choices([...VARIANTS]).default('solutions'))
    .addOption(new Option('--runner <runner>', 'jupyter: the real kernel protocol (default where Jupyter is installed); node: tslab\'s executor in Node, no Python needed (default without Jupyter)').choices([...RUNNERS]))
    .option('--quick', 'set CLIP_WORKSHOP_QUICK=1: smaller data and fewer epochs, every cell still runs')
    .option('--out <dir>', 'folder for executed copies')
    .option('--json', 'print one JSON object')
    .action(async (names: string[], opts: { variant: Variant; runner?: RunnerName; quick?: boolean; out?: string; json?: boolean }) => {
      const files = resolveNotebooks(names);
      const runner = chooseRunner(opts.runner);
      const env = opts.quick ? { CLIP_WORKSHOP_QUICK: '1' } : {};
      const say = (line: string) => opts.json || process.stderr.write(line + '\n');
      const runs = await executeNotebooks(files, {
        variant: opts.variant,
        runner,
        env,
        outDir: opts.out,
        onProgress: opts.json ? undefined : (line) => say(`  ${line}`),
        onStart: (file) => say(`running ${path.basename(file)} [${opts.variant}, ${runner} runner] …`),
        onDone: (run) => say(`  ${run.ok ? 'ok' : 'FAILED'} in ${run.seconds.toFixed(1)} s → ${run.html ?? run.executed}`),
      });
      const failed = runs.find((r) => !r.ok);
      const result = {
        ok: !failed,
        variant: opts.variant,
        runner,
        seconds: runs.reduce((s, r) => s + r.seconds, 0),
        notebooks: runs.map((r) => ({ name: path.basename(r.notebook), ok: r.ok, seconds: r.seconds, executed: r.executed, html: r.html, failure: r.failure })),
      };
      if (failed) {
        if (opts.json) emit(result, true, () => '');
        throw new UserError(describeFailure(failed));
      }
      emit(result, opts.json, () => `${runs.length} notebook(s) ran in ${result.seconds.toFixed(1)} s; executed copies in ${path.dirname(runs[0]?.executed ?? '.')}`);
    });
}
