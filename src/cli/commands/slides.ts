import { Command } from 'commander';
import * as path from 'path';
import { buildSlides, SLIDES_FOLDER } from '../../slides/build';
import { checkOutputFolder } from '../../runtime/ownedFolder';
import { writingTo } from '../../runtime/outputs';
import { packageRoot } from '../../runtime/paths';
import { emit, FORCE_HELP } from '../output';

/** `clip-workshop slides`: the talk as offline HTML (and PDF where Chromium exists). */
export function register(program: Command): void {
  program
    .command('slides')
    .description('build the talk (slides/talk.md) into slides/dist/index.html, offline, with every figure filled in from slides/charts/results.json')
    .option('--pdf', 'also write slides/dist/talk.pdf (needs Chromium; skipped with a message otherwise)')
    .option('--png', 'also write one 1280×720 picture per slide to <out>/png/ (needs Chromium)')
    .option('--slides-dir <dir>', 'folder holding talk.md, assets/ and charts/ (default: the kit\'s slides/)')
    .option('--results <file>', 'results.json to read the figures from (default: <slides-dir>/charts/results.json)')
    .option('--out <dir>', 'output folder, replaced whole (default: <slides-dir>/dist)')
    .option('--force', FORCE_HELP)
    .option('--json', 'print one JSON object')
    .action(async (opts: { pdf?: boolean; png?: boolean; slidesDir?: string; results?: string; out?: string; force?: boolean; json?: boolean }) => {
      const out = opts.out ?? path.join(opts.slidesDir ?? path.join(packageRoot(), 'slides'), 'dist');
      checkOutputFolder(out, SLIDES_FOLDER, [], opts.force);
      const report = await writingTo(out, 'the slides folder', () => buildSlides({ slidesDir: opts.slidesDir, resultsFile: opts.results, outDir: out, pdf: opts.pdf, png: opts.png, force: opts.force }));
      if (report.pdfSkipped && opts.json) process.stderr.write(report.pdfSkipped + '\n');
      const rel = (p: string) => path.relative(process.cwd(), p) || p;
      emit(report, opts.json, () =>
        [
          `slides    ${report.slides} slides, ${report.placeholders} figures from results.json, ${report.images.length} images`,
          `html      ${rel(report.html)}`,
          `pdf       ${report.pdf ? rel(report.pdf) : report.pdfSkipped ?? 'not asked for (use --pdf)'}`,
          ...(report.pngs.length ? [`png       ${report.pngs.length} pictures in ${rel(path.dirname(report.pngs[0]))}`] : []),
          `took      ${report.seconds.toFixed(1)} s`,
        ].join('\n'),
      );
    });
}
