import { Command, Option } from 'commander';
import * as fs from 'fs';
import { DEFAULT_SEED } from '../../runtime/seed';
import { openDataset, parseSplit } from '../../train/datasets';
import { clipRecipe, defaultRecipe, exportData, ExportFormat } from '../../openclip';
import { emit, positiveInt, seedOption } from '../output';
import { list } from '../recipeOptions';
import { refuseOtherKind } from '../../runtime/folderKinds';
import { checkOutputDir, writingTo } from '../../runtime/outputs';

/** `clip-workshop export-data`: a dataset split as WebDataset shards (or CSV) plus what open_clip needs to train on it. */
export function register(program: Command): void {
  program
    .command('export-data')
    .description('write a dataset for open_clip: WebDataset shards ({key}.png, .txt caption, .json metadata) or a CSV with images, manifest.json with checksums, an open_clip model config following a kit recipe, and train-open-clip.sh (resumes when interrupted)')
    .requiredOption('--dataset <name>', 'shapes, emoji, cifar10, cifar100 or an image folder')
    .requiredOption('--out <dir>', 'the folder to write (a new or empty folder, or an unfinished export to continue)')
    .addOption(new Option('--format <format>', 'WebDataset tar shards or a tab-separated CSV with image files').choices(['webdataset', 'csv']).default('webdataset'))
    .option('--shard-size <n>', 'samples per shard', positiveInt('--shard-size'), 1000)
    .option('--split <split>', 'train, test, heldout or all (held-out images stay out of the default)', 'train')
    .option('--val-split <split>', 'also write this split (test or heldout) as validation shards in val/, passed to open_clip as --val-data')
    .option('--recipe <name>', 'the kit CLIP recipe (recipes/*.json) whose model and training settings the open_clip config and command follow (default: shapes-clip for shapes, emoji-clip for emoji, else reference)')
    .option('--styles <list>', 'emoji: comma-separated styles to use (default all)')
    .option('--test-styles <list>', 'emoji: comma-separated styles forming the test split')
    .option('--size <px>', 'image side in pixels (default 32)', positiveInt('--size'))
    .option('--seed <k>', 'seed of the dataset, the sample order and the caption chosen per image', seedOption('--seed'), DEFAULT_SEED)
    .option('--json', 'print one JSON object {"out","shards","samples","config","model","command"}')
    .action(async (opts: { dataset: string; out: string; format: ExportFormat; shardSize: number; split: string; valSplit?: string; recipe?: string; styles?: string; testStyles?: string; size?: number; seed: number; json?: boolean }) => {
      const split = opts.split === 'all' ? 'all' : parseSplit(opts.split);
      const recipe = clipRecipe(opts.recipe ?? defaultRecipe(opts.dataset));
      refuseOtherKind(opts.out, 'shards folder', '--out', false);
      checkOutputDir(opts.out, '--out', 'the data export');
      const ds = await openDataset({ name: opts.dataset, styles: list(opts.styles), testStyles: list(opts.testStyles), size: opts.size, seed: opts.seed });
      const existed = fs.existsSync(opts.out);
      const r = await writingTo(opts.out, 'the data export', () => exportData(ds, {
        out: opts.out,
        format: opts.format,
        shardSize: opts.shardSize,
        split,
        valSplit: opts.valSplit === undefined ? undefined : parseSplit(opts.valSplit),
        recipe,
        seed: opts.seed,
        datasetSettings: { styles: list(opts.styles) ?? null, testStyles: list(opts.testStyles) ?? null },
      })).catch((err) => {
        // A folder this run created and left empty (the first shard failed) goes; finished shards stay, to resume.
        if (!existed && fs.existsSync(opts.out) && fs.readdirSync(opts.out).length === 0) fs.rmdirSync(opts.out);
        throw err;
      });
      const result = { out: r.out, shards: r.shards, samples: r.samples, config: r.config, model: r.model, command: r.command, ...(r.valShards ? { valShards: r.valShards, valSamples: r.valSamples } : {}), format: r.format, bytes: r.bytes, seconds: r.seconds, resumed: r.resumed };
      emit(result, opts.json, () =>
        [
          `exported ${r.samples} samples of ${ds.name} (${split}) to ${r.out}`,
          `${r.format === 'webdataset' ? 'shards ' : 'csv    '} ${r.shards.length} file${r.shards.length === 1 ? '' : 's'}, ${(r.bytes / 1e6).toFixed(1)} MB${r.resumed ? ` (${r.resumed} from an earlier run)` : ''}, ${r.seconds.toFixed(1)} s`,
          ...(r.valShards ? [`val     ${r.valSamples} samples in ${r.valShards.length} shard${r.valShards.length === 1 ? '' : 's'} under ${r.out}/val`] : []),
          `model   ${r.model} (${r.config})`,
          `train   cd ${r.out} && ./train-open-clip.sh   (runs: ${r.command})`,
          `back    clip-workshop import --open-clip ${r.out}/logs/run/checkpoints/epoch_N.pt --config ${r.config} --out MODEL_DIR`,
        ].join('\n'),
      );
    });
}
