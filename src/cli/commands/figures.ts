import { Command } from 'commander';
import * as fs from 'fs';
import * as path from 'path';
import { figuresTable, readmeWithFigures, writeReadmeFigures } from '../../experiments/figures';
import { packageRoot } from '../../runtime/paths';
import { UserError } from '../../runtime/errors';

/** `clip-workshop figures`: the README's figures table, generated from results/. */
export function register(program: Command): void {
  program
    .command('figures')
    .description("print the README's figures table, generated from results/ (every row names the command that measures it)")
    .option('--write', 'rewrite the table in README.md')
    .option('--check', 'exit 1 when README.md\'s table differs from results/')
    .action((opts: { write?: boolean; check?: boolean }) => {
      const readme = path.join(packageRoot(), 'README.md');
      if (opts.write) {
        process.stdout.write(writeReadmeFigures(readme) ? 'README.md: figures updated from results/\n' : 'README.md: figures already match results/\n');
      } else if (opts.check) {
        const text = fs.readFileSync(readme, 'utf8');
        if (readmeWithFigures(text, figuresTable()) !== text) throw new UserError("README.md's figures differ from results/; run `clip-workshop figures --write`.");
        process.stdout.write('README.md: figures match results/\n');
      } else process.stdout.write(figuresTable() + '\n');
    });
}
