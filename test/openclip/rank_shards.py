"""Runs the export's launcher as one rank, recording which shards this rank's data pipeline reads.

Usage: python rank_shards.py LAUNCHER RECORD <open_clip_train arguments>. webdataset's split_by_node is wrapped so
that every shard URL it hands this rank is appended to RECORD (one per line), each pass over the shard list
starting with a line "epoch" (a pass is an epoch, or the rest of one when this rank's shards ran out early); then the launcher runs as __main__.
"""
import runpy
import sys

import webdataset as wds

launcher, record = sys.argv[1], sys.argv[2]
_split_by_node = wds.split_by_node


def recorded_split_by_node(src, *args, **kwargs):
    with open(record, "a", encoding="utf-8") as f:
        f.write("epoch\n")
    for sample in _split_by_node(src, *args, **kwargs):
        with open(record, "a", encoding="utf-8") as f:
            f.write(sample["url"] + "\n")
        yield sample


wds.split_by_node = recorded_split_by_node
sys.argv = [launcher] + sys.argv[3:]
runpy.run_path(launcher, run_name="__main__")
