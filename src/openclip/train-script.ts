import { TrainRecipe } from '../recipes/types';
import { recipeTraining } from './model-config';

/** The launcher beside the shards: open_clip_train has no flag for a folder of model configs, so it registers this one. */
export const LAUNCHER_FILE = 'open_clip_train_kit.py';
export const TRAIN_SCRIPT_FILE = 'train-open-clip.sh';

export const LAUNCHER_PY = `# Runs open_clip's trainer (open_clip_train.main) with the model configs of this folder registered,
# since open_clip_train has no flag for a config folder. Arguments are open_clip_train's own.
import pathlib
import sys

import open_clip

open_clip.add_model_config(pathlib.Path(__file__).resolve().parent)

from open_clip_train.main import main  # noqa: E402 (after the registration)

if __name__ == "__main__":
    main(sys.argv[1:])
`;

/** What the training command needs to know about an export. */
export interface TrainCommandInput {
  format: 'webdataset' | 'csv';
  /** Shard file names (webdataset) or the CSV file name. */
  files: string[];
  samples: number;
  model: string;
  /** The kit recipe whose training settings the command carries. */
  recipe: TrainRecipe;
}

/** The `--train-data` value: a brace range over the shards (what webdataset expands), or the CSV file. */
export function trainData(input: TrainCommandInput): string {
  if (input.format === 'csv') return input.files[0];
  const stem = (f: string) => f.replace(/\.tar$/, '');
  return input.files.length === 1 ? input.files[0] : `{${stem(input.files[0])}..${stem(input.files[input.files.length - 1])}}.tar`;
}

/** open_clip_train's flags for an export, the kit recipe's settings mapped onto them (one flag per array item, values quoted for a shell). */
export function trainFlags(input: TrainCommandInput): string[] {
  const t = recipeTraining(input.recipe, input.samples);
  const data =
    input.format === 'webdataset'
      ? [`--dataset-type webdataset`, `--train-data '${trainData(input)}'`, `--train-num-samples ${input.samples}`]
      : [`--dataset-type csv`, `--train-data '${trainData(input)}'`, `--csv-img-key filepath`, `--csv-caption-key title`, `--csv-separator $'\\t'`];
  return [
    `--model ${input.model}`,
    ...data,
    `--batch-size ${t.batchSize}`,
    `--lr ${t.lr}`,
    `--wd ${t.wd}`,
    `--warmup ${t.warmup}`,
    `--epochs ${t.epochs}`,
    `--seed ${t.seed}`,
    `--workers 1`,
    `--logs logs`,
    `--name run`,
    `--resume latest`,
    `--save-frequency 1`,
  ];
}

/** The single-machine command, as `train-open-clip.sh` runs it from its own folder. */
export function trainCommand(input: TrainCommandInput): string {
  return ['torchrun --nproc_per_node 1', LAUNCHER_FILE, ...trainFlags(input)].join(' ');
}

/** train-open-clip.sh: the exact command for one machine, the multi-node form in comments. */
export function trainScript(input: TrainCommandInput): string {
  const flags = trainFlags(input);
  const lines = flags.map((f) => `  ${f} \\`);
  return `#!/usr/bin/env bash
# Trains open_clip on the data in this folder (written by \`clip-workshop export-data\`).
# Needs: pip install torch open_clip_torch 'webdataset<=0.2.86' (open_clip_train pins it).
# One machine: GPUS=<GPUs in this machine> ./train-open-clip.sh   (default 1; on a CPU-only machine add --precision fp32)
# Extra arguments go to open_clip_train and win over the ones below, e.g. ./train-open-clip.sh --epochs 3.
# The checkpoints land in logs/run/checkpoints/epoch_N.pt; bring one back with
#   clip-workshop import --open-clip logs/run/checkpoints/epoch_N.pt --config ${input.model}.json --out MODEL_DIR --template '${input.recipe.template}'
# Settings from the kit recipe "${input.recipe.name}" (batch size, learning rate, warm-up, weight decay, epochs, seed).
# --batch-size is per process: the global batch is GPUS × batch size (scale --lr with it, see docs/scale-out.md).
#
# Many machines (run on each node, NODE_RANK 0 … NNODES-1; MASTER_ADDR is node 0):
#   torchrun --nnodes "$NNODES" --nproc_per_node "$GPUS" --node_rank "$NODE_RANK" \\
#     --rdzv_backend c10d --rdzv_endpoint "$MASTER_ADDR:29500" \\
#     ${LAUNCHER_FILE} ${flags.join(' ')}
# with --train-data pointing at storage every node reads (a shared file system, or pipe:curl … URLs), and at least
# NNODES × GPUS × --workers shards.
set -euo pipefail
cd "$(dirname "$0")"
\${TORCHRUN:-torchrun} --nproc_per_node "\${GPUS:-1}" ${LAUNCHER_FILE} \\
${lines.join('\n')}
  "$@"
`;
}
