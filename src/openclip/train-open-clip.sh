#!/usr/bin/env bash
# Trains open_clip on the data in this folder (written by `clip-workshop export-data`).
# Needs: pip install 'open_clip_torch[training]' 'webdataset<=0.2.86'   (open_clip_train pins that webdataset)
# One machine: GPUS=<GPUs in this machine> ./train-open-clip.sh   (default 1; on a CPU-only machine add --precision fp32)
# The arguments come from open_clip_train.args beside this script, one per line: the kit recipe's batch size,
# learning rate, warm-up, weight decay, epochs and seed. Extra arguments go to open_clip_train after them and win,
# e.g. ./train-open-clip.sh --epochs 3. --batch-size is per process: the global batch is GPUS x batch size.
# Checkpoints land in logs/run/checkpoints/epoch_N.pt; manifest.json's "import" line brings one back into the kit.
#
# Many machines (run on each node, NODE_RANK 0 ... NNODES-1; MASTER_ADDR is node 0):
#   torchrun --nnodes "$NNODES" --nproc_per_node "$GPUS" --node_rank "$NODE_RANK" \
#     --rdzv_backend c10d --rdzv_endpoint "$MASTER_ADDR:29500" -- open_clip_train_kit.py <the arguments of open_clip_train.args>
# with --train-data pointing at storage every node reads (a shared file system, or pipe:curl ... URLs), and at least
# NNODES x GPUS x --workers shards.
set -euo pipefail
cd "$(dirname "$0")"
args=()
while IFS= read -r arg || [ -n "$arg" ]; do
  args+=("$arg")
done <open_clip_train.args
# TORCHRUN may hold a command with its own options (e.g. "python -m torch.distributed.run --redirects 2"): split it.
read -r -a torchrun <<<"${TORCHRUN:-torchrun}"
# "--" ends torchrun's options: torch 2.x's torchrun would otherwise take open_clip's --logs for its own --logs-specs.
"${torchrun[@]}" --nproc_per_node "${GPUS:-1}" -- open_clip_train_kit.py "${args[@]}" "$@"
