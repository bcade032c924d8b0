"""Check a sharded JSONL archive on a Dask cluster: one findings file per shard, as JSONL.

    python examples/dask_archive.py OUT_FOLDER SHARD.jsonl...

The scheduler is the one DASK_SCHEDULER_ADDRESS names (tcp://scheduler:8786); without it, a
cluster on this machine. Every worker must read the shards under the same (absolute) path.
"""

import sys
from pathlib import Path

from distributed import Client

import copycheck
from copycheck.dask import check_archive


def main(out: str, *shards: str) -> None:
    with Client():
        checker = copycheck.Checker()  # the options of the command: level=, ignore=, config=, ...
        lines = check_archive(shards, checker, field="text", id_field="id")
        names = [str(Path(out) / f"{Path(shard).stem}.jsonl") for shard in shards]
        lines.to_textfiles(names, encoding="utf-8", last_endline=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
