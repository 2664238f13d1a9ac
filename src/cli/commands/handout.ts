import { Command } from 'commander';
import * as path from 'path';
import { HANDOUT_FOLDER, writeHandouts } from '../../jupyter/handout';
import { checkOutputFolder } from '../../runtime/ownedFolder';
import { writingTo } from '../../runtime/outputs';
import { packageRoot } from '../../runtime/paths';
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
    .action(async (opts: { out?: string; coreOnly?: boolean; force?: boolean; json?: boolean }) => {
      const out = opts.out ?? path.join(packageRoot(), 'notebooks', 'handout');
      checkOutputFolder(out, HANDOUT_FOLDER, [], opts.force);
      const files = await writingTo(out, 'the hand-out folder', () => writeHandouts(out, { coreOnly: opts.coreOnly, force: opts.force }));
      emit({ files }, opts.json, () => `wrote ${files.length} notebooks:\n${files.join('\n')}`);
    });
}
