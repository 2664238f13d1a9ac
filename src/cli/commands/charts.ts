import { Command } from 'commander';
import * as path from 'path';
import { CHARTS_FOLDER, runCharts, SLIDE_EXPERIMENTS } from '../../charts/run';
import { checkResultFiles } from '../../experiments/checkResults';
import { checkOutputFolder } from '../../runtime/ownedFolder';
import { writingTo } from '../../runtime/outputs';
import { packageRoot } from '../../runtime/paths';
import { emit, FORCE_HELP } from '../output';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** `clip-workshop charts`: the experiments behind the slides' figures. */
export function register(program: Command): void {
  program
    .command('charts')
    .description('draw the slides\' charts (slides/charts/*.svg and results.json) from the experiments\' results in results/ (an experiment whose stored result is missing or from other recipes runs first)')
    .option('--quick', 'the quick experiments\' results (also CLIP_WORKSHOP_QUICK=1)')
    .option('--out <dir>', 'output folder, replaced whole (default: the kit\'s slides/charts)')
    .option('--force', FORCE_HELP)
    .option('--json', 'print one JSON object (progress stays on stderr)')
    .action(async (opts: { quick?: boolean; out?: string; force?: boolean; json?: boolean }) => {
      const out = opts.out ?? path.join(packageRoot(), 'slides', 'charts');
      checkOutputFolder(out, CHARTS_FOLDER, [], opts.force);
      checkResultFiles(SLIDE_EXPERIMENTS);
      const report = await writingTo(out, 'the charts folder', () => runCharts({ quick: opts.quick, outDir: out, force: opts.force }));
      const r = report.results;
      const rel = (p: string) => path.relative(process.cwd(), p) || p;
      emit({ outDir: report.outDir, files: report.files, seconds: report.seconds, results: r }, opts.json, () =>
        [
          `wrote     ${report.files.length} files to ${rel(report.outDir)} in ${report.seconds.toFixed(0)} s (${r.meta.command}, ${r.meta.backend})`,
          `training  ${r.training.steps} steps, loss ${r.training.lossStart.toFixed(2)} → ${r.training.lossEnd.toFixed(2)}, temperature ${r.training.temperatureStart.toFixed(3)} → ${r.training.temperatureEnd.toFixed(3)}`,
          `seen      traditional ${pct(r.traditional.test.top1)}, zero-shot ${pct(r.zeroShot.test.top1)} (${r.data.seenClasses} combinations, chance ${pct(r.chance.test)})`,
          `unseen    traditional ${pct(r.traditional.heldout.top1)}, zero-shot ${pct(r.zeroShot.heldout.top1)} (${r.data.heldoutClasses} never-seen combinations)`,
          `prompts   ${r.promptsClaim}`,
          `style     ${r.unseenStyleClaim}`,
          'next      clip-workshop slides',
        ].join('\n'),
      );
    });
}
