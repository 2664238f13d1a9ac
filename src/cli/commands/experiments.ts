import { Command } from 'commander';
import * as path from 'path';
import { initBackend } from '../../runtime/backend';
import { UserError } from '../../runtime/errors';
import { isQuick } from '../../runtime/quick';
import { EXPERIMENTS, experimentNames, runExperiment, writeResult } from '../../experiments';
import { emit } from '../output';
import { writeReadmeFigures } from '../../experiments/figures';
import { packageRoot } from '../../runtime/paths';

/** `clip-workshop experiments`: runs the workshop's experiments from their recipes; a full run updates results/. */
export function register(program: Command): void {
  program
    .command('experiments [names...]')
    .description(`run the experiments the notebooks, slides, README and quiz show, from their recipes (${EXPERIMENTS.map((e) => e.name).join(', ')}); a full run writes results/<name>.json, a quick run only the cache`)
    .option('--quick', 'the quick recipes, bounded in steps (a few minutes on 2 cores); never writes results/')
    .option('--json', 'print one JSON object: {"quick", "seconds", "results": {name: result}, "written": [files]}')
    .action(async (names: string[], opts: { quick?: boolean; json?: boolean }) => {
      const quick = Boolean(opts.quick) || isQuick();
      const unknown = names.filter((n) => !experimentNames().includes(n));
      if (unknown.length) throw new UserError(`Unknown experiment(s) ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${experimentNames().join(', ')}.`);
      const todo = names.length ? experimentNames().filter((n) => names.includes(n)) : experimentNames();
      const backend = await initBackend();
      const start = Date.now();
      const results: Record<string, unknown> = {};
      const written: string[] = [];
      for (const [k, name] of todo.entries()) {
        const t0 = Date.now();
        process.stderr.write(`experiments: [${k + 1}/${todo.length}] ${name}${quick ? ' (quick)' : ''} …\n`);
        // Models come from the cache when the same recipe trained them; the measurement itself always runs.
        results[name] = await runExperiment(name, { quick, reuse: false });
        if (!quick) written.push(writeResult(name, results[name] as object));
        process.stderr.write(`experiments: ${name} done in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
      }
      // The README's figures follow the results they are read from.
      if (!quick && written.length) {
        try {
          if (writeReadmeFigures(path.join(packageRoot(), 'README.md'))) written.push(path.join(packageRoot(), 'README.md'));
        } catch (err) {
          process.stderr.write(`experiments: README figures not updated: ${(err as Error).message}\n`);
        }
      }
      const seconds = (Date.now() - start) / 1000;
      emit({ quick, backend: backend.name, seconds, results, written }, opts.json, () =>
        [`ran ${todo.length} experiment(s) in ${seconds.toFixed(0)} s on ${backend.name}${quick ? ' (quick recipes; results/ untouched)' : ''}`, ...written.map((f) => `wrote ${path.relative(process.cwd(), f) || f}`)].join('\n'),
      );
    });
}
