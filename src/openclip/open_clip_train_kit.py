"""Runs open_clip's trainer (open_clip_train.main) with the model configs of this folder registered.

open_clip_train has no flag for a folder of model configs, so this launcher registers its own folder first.
Run it as `python open_clip_train_kit.py <open_clip_train arguments>`, or under torchrun for several processes.
"""
import pathlib
import sys

import open_clip
import torch

open_clip.add_model_config(pathlib.Path(__file__).resolve().parent)

_DistributedDataParallel = torch.nn.parallel.DistributedDataParallel


class _DistributedDataParallelOnAnyDevice(_DistributedDataParallel):
    def __init__(self, module, device_ids=None, *args, **kwargs):
        # On CPU open_clip_train passes device_ids=[cpu], which DistributedDataParallel rejects: drop it there.
        if device_ids and all(torch.device(d).type == "cpu" for d in device_ids):
            device_ids = None
        super().__init__(module, device_ids, *args, **kwargs)


torch.nn.parallel.DistributedDataParallel = _DistributedDataParallelOnAnyDevice

from open_clip_train.main import main  # noqa: E402 (after the registration)

if __name__ == "__main__":
    main(sys.argv[1:])
