import { Command } from 'commander';
import * as fs from 'fs';
import * as path from 'path';
import { figuresTable, readmeWithFigures, writeReadmeFigures } from '../../experiments/figures';
import { checkFigureResults } from '../../experiments/checkResults';
import { resultsDir } from '../../experiments/run';
import { packageRoot } from '../../runtime/paths';
import { UserError } from '../../runtime/errors';

/** `clip-workshop figures`: the README's figures table, generated from results/. */
export function register(program: Command): void {
  program
    .command('figures')
    .description("print the README's figures table, generated from results/ (every row names the command that measures it)")
    .option('--write', 'rewrite the table in README.md')
    .option('--check', 'exit 1 when README.md\'s table differs from results/')
    .option('--results <dir>', 'read the results from this folder instead of the kit\'s results/ (e.g. to check a copy)')
    .action((opts: { write?: boolean; check?: boolean; results?: string }) => {
      const readme = path.join(packageRoot(), 'README.md');
      const dir = opts.results ?? resultsDir();
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UserError(`--results ${dir} is not a folder; give the folder that holds the results/*.json files.`);
      // A damaged results file is named with its field; nothing is printed or written from it.
      checkFigureResults(dir);
      if (opts.write) {
        process.stdout.write(writeReadmeFigures(readme, dir) ? 'README.md: figures updated from results/\n' : 'README.md: figures already match results/\n');
      } else if (opts.check) {
        const text = fs.readFileSync(readme, 'utf8');
        if (readmeWithFigures(text, figuresTable(dir)) !== text) throw new UserError("README.md's figures differ from results/; run `clip-workshop figures --write`.");
        process.stdout.write('README.md: figures match results/\n');
      } else process.stdout.write(figuresTable(dir) + '\n');
    });
}
