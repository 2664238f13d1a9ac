import { Command } from 'commander';
import * as path from 'path';
import { cacheStatus, CacheEntry, defaultPackPath, installPack, prepareClass, PrepareStep, writePack } from '../../prepare';
import { cacheDir } from '../../runtime/paths';
import { UserError } from '../../runtime/errors';
import { emit } from '../output';
import { checkOutputFile, writingTo } from '../../runtime/outputs';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

function stepLine(s: PrepareStep): string {
  const mark = s.status === 'skipped' ? 'skipped ' : s.status === 'ready' ? 'ready   ' : 'prepared';
  return `${mark} ${s.what} (${s.seconds.toFixed(0)} s): ${s.detail}`;
}

function statusLines(entries: CacheEntry[]): string {
  if (entries.length === 0) return `The cache ${cacheDir()} is empty: run \`clip-workshop prepare-class\`.`;
  const total = entries.reduce((a, e) => a + e.bytes, 0);
  return [
    `cache ${cacheDir()} (${mb(total)})`,
    ...entries.map((e) => `${e.kind.padEnd(10)} ${e.name}${e.note ? ` [${e.note}]` : ''}  ${mb(e.bytes)}`),
  ].join('\n');
}

/** `clip-workshop prepare-class`: everything the class needs into the cache before class; packs for offline classrooms. */
export function register(program: Command): void {
  program
    .command('prepare-class')
    .description('before class: build the datasets, train every workshop model into the cache, compute the figures the notebooks show (from results/ when current), and where a network exists fetch the real CLIP (quantised ViT-B/32) and CIFAR-10/100; offline it prepares what it can and says what it skipped. The cache is $CLIP_WORKSHOP_CACHE when set.')
    .option('--pack [file]', `then write the whole cache into one archive for machines without network (default ${path.join('<cache>', 'packs', 'clip-workshop-<version>.tar')})`)
    .option('--from <file>', 'install a pack made by --pack into this cache (checked first; nothing is installed from a corrupt pack or one made by another version) instead of preparing')
    .option('--status', 'list what the cache holds, and change nothing')
    .option('--no-downloads', 'do not try the network (the real CLIP and CIFAR are skipped unless already in the cache)')
    .option('--json', 'print one JSON object')
    .action(async (opts: { pack?: string | boolean; from?: string; status?: boolean; downloads: boolean; json?: boolean }) => {
      const modes = [opts.status, opts.from, opts.pack !== undefined].filter(Boolean).length;
      if (modes > 1) throw new UserError('Use one of --status, --from and --pack at a time.');
      if (opts.status) {
        const entries = cacheStatus();
        emit({ cache: cacheDir(), entries }, opts.json, () => statusLines(entries));
        return;
      }
      if (opts.from) {
        const report = installPack(opts.from);
        const entries = cacheStatus();
        emit({ installed: report, cache: cacheDir(), entries }, opts.json, () => `installed ${report.files} files (${mb(report.bytes)}) from ${opts.from}\n${statusLines(entries)}`);
        return;
      }
      // The pack's path is checked first of all: a read-only place must not fail after minutes of training.
      const packFile = opts.pack === undefined ? undefined : typeof opts.pack === 'string' ? opts.pack : defaultPackPath();
      if (packFile) checkOutputFile(packFile, '--pack', 'the pack');
      const steps = await prepareClass({
        downloads: opts.downloads,
        silent: opts.json,
        onStep: (s) => {
          if (!opts.json) process.stdout.write(stepLine(s) + '\n');
        },
      });
      // A class pack also carries npm's tarballs and the executed notebooks: classroom machines install offline.
      const pack = packFile === undefined ? null : await writingTo(packFile, 'the pack', () => writePack(packFile, { npmCache: true, executed: true }));
      const skipped = steps.filter((s) => s.status === 'skipped');
      emit({ cache: cacheDir(), steps, pack }, opts.json, () =>
        [
          `cache ${cacheDir()}: ${steps.length - skipped.length} of ${steps.length} ready${skipped.length ? `; skipped ${skipped.map((s) => s.what).join(', ')} (the notebooks run without them)` : ''}`,
          ...(pack ? [`pack  ${pack.file}: ${pack.files} files, ${mb(pack.bytes)}; install it elsewhere with \`clip-workshop prepare-class --from ${pack.file}\``] : []),
          ...(pack?.extras ? [`      it also carries npm's tarballs and the executed notebooks: on a machine without network, \`tar -xf ${path.basename(pack.file)} npm-cache && npm ci --offline --cache npm-cache\`; \`tar -xf ${path.basename(pack.file)} executed\` for the HTML pages`] : []),
          ...(pack?.npmMissing?.length ? [`      npm's cache lacked ${pack.npmMissing.length} package(s) (first: ${pack.npmMissing[0]}): run \`npm ci\` once with network, then pack again`] : []),
        ].join('\n'),
      );
    });
}
