import { Command } from 'commander';
import { writeHandouts } from '../../jupyter/handout';
import { emit } from '../output';

/** `clip-workshop handout`: both notebook variants as plain .ipynb files for handing out. */
export function register(program: Command): void {
  program
    .command('handout')
    .description('write the workshop (exercises as TODOs) and solutions variants of every notebook as plain .ipynb files')
    .option('--out <dir>', 'output folder (default notebooks/handout)')
    .option('--core-only', 'leave out the cells tagged "optional" (side roads and extra exercises) for a 90-minute class')
    .option('--force', 'overwrite notebooks you edited since the kit wrote them (other files of yours are kept)')
    .option('--json', 'print one JSON object {files}')
    .action((opts: { out?: string; coreOnly?: boolean; force?: boolean; json?: boolean }) => {
      const files = writeHandouts(opts.out, { coreOnly: opts.coreOnly, force: opts.force });
      emit({ files }, opts.json, () => `wrote ${files.length} notebooks:\n${files.join('\n')}`);
    });
}
