import { TrainRecipe } from '../recipes/types';
import { recipeTraining } from './model-config';

/** The launcher beside the shards (src/openclip/open_clip_train_kit.py, copied): open_clip_train with this folder's configs registered. */
export const LAUNCHER_FILE = 'open_clip_train_kit.py';
/** The one-machine script beside the shards (src/openclip/train-open-clip.sh, copied). */
export const TRAIN_SCRIPT_FILE = 'train-open-clip.sh';
/** open_clip_train's arguments for an export, one per line: the training script reads them. */
export const TRAIN_ARGS_FILE = 'open_clip_train.args';

/** What the training command needs to know about an export. */
export interface TrainCommandInput {
  format: 'webdataset' | 'csv';
  /** Shard file names (webdataset) or the CSV file name. */
  files: string[];
  samples: number;
  model: string;
  /** The kit recipe whose training settings the command carries. */
  recipe: TrainRecipe;
  /** Validation shards or CSV, relative to the export folder (optional). */
  val?: { files: string[]; samples: number; folder: string };
}

/** A brace range over shard files (what webdataset expands), or the one file. */
function braceRange(files: string[]): string {
  const stem = (f: string) => f.replace(/\.tar$/, '');
  return files.length === 1 ? files[0] : `{${stem(files[0])}..${stem(files[files.length - 1])}}.tar`;
}

/** The `--train-data` value: a brace range over the shards, or the CSV file. */
export function trainData(input: TrainCommandInput): string {
  return input.format === 'csv' ? input.files[0] : braceRange(input.files);
}

/** open_clip_train's arguments for an export (an argv, unquoted): the kit recipe's settings mapped onto its flags. */
export function trainArgs(input: TrainCommandInput): string[] {
  const t = recipeTraining(input.recipe, input.samples);
  const data =
    input.format === 'webdataset'
      ? ['--dataset-type', 'webdataset', '--train-data', trainData(input), '--train-num-samples', String(input.samples)]
      : ['--dataset-type', 'csv', '--train-data', trainData(input), '--csv-img-key', 'filepath', '--csv-caption-key', 'title', '--csv-separator', '\t'];
  const val = input.val
    ? input.format === 'webdataset'
      ? ['--val-data', `${input.val.folder}/${braceRange(input.val.files)}`, '--val-num-samples', String(input.val.samples)]
      : ['--val-data', `${input.val.folder}/${input.val.files[0]}`]
    : [];
  return [
    '--model', input.model,
    ...data,
    ...val,
    '--batch-size', String(t.batchSize),
    '--lr', String(t.lr),
    '--wd', String(t.wd),
    '--warmup', String(t.warmup),
    '--epochs', String(t.epochs),
    '--seed', String(t.seed),
    '--workers', '1',
    '--logs', 'logs',
    '--name', 'run',
    '--resume', 'latest',
    '--save-frequency', '1',
  ];
}

/** One argument as a POSIX shell reads it back: bare when safe, else single-quoted (a tab as $'\t'). */
export function shellQuote(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  if (arg === '\t') return "$'\\t'";
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The single-machine command, as `train-open-clip.sh` runs it from the export folder (`--` keeps open_clip's `--logs` from torchrun's `--logs-specs`). */
export function trainCommand(input: TrainCommandInput): string {
  return ['torchrun --nproc_per_node 1 --', LAUNCHER_FILE, ...trainArgs(input).map(shellQuote)].join(' ');
}

/** The text of open_clip_train.args: one argument per line, as train-open-clip.sh reads them. */
export function trainArgsFile(input: TrainCommandInput): string {
  return trainArgs(input).join('\n') + '\n';
}
