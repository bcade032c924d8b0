"""`--jobs N` against one process: wall time of `copycheck check ARCHIVE --format jsonl`.

    python bench/bench_jobs.py [--articles 2000] [--runs 3] [--jobs 2]

Writes the first N articles of the multisource corpus to a temporary JSONL file (outside the
repository, deleted afterwards), warms the spelling cache with one run, then times `--jobs 1` and
`--jobs N` alternately and prints the medians. Also times two processes burning CPU against one:
the most any pool of processes can gain on this machine.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import MULTISOURCE, corpus_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "archive.jsonl"
        with gzip.open(corpus_file(MULTISOURCE), "rt", encoding="utf-8") as source:
            archive.write_text("".join(itertools.islice(source, args.articles)), encoding="utf-8")
        _time(archive, 1)  # warms the verdict cache
        times: dict[int, list[float]] = {1: [], args.jobs: []}
        for _ in range(args.runs):
            for jobs in times:
                times[jobs].append(_time(archive, jobs))
    one, many = (statistics.median(times[jobs]) for jobs in times)
    print(f"{args.articles} articles: --jobs 1 {one:.2f} s, --jobs {args.jobs} {many:.2f} s, "
          f"speed-up {one / many:.2f} (median of {args.runs})")
    print(f"ceiling on this machine: {burn_speedup(args.jobs):.2f}x for {args.jobs} processes burning CPU")


def _time(archive: Path, jobs: int) -> float:
    copycheck = Path(sys.executable).parent / "copycheck"
    start = time.perf_counter()
    subprocess.run([str(copycheck), "check", str(archive), "--field", "text", "--id-field", "id",
                    "--format", "jsonl", "--jobs", str(jobs)], stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _burn(count: int) -> int:
    return sum(i * i for i in range(count))


def burn_speedup(jobs: int, count: int = 5_000_000) -> float:
    start = time.perf_counter()
    for _ in range(jobs):
        _burn(count)
    serial = time.perf_counter() - start
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        start = time.perf_counter()
        pool.map(_burn, [count] * jobs)
        parallel = time.perf_counter() - start
    return serial / parallel


if __name__ == "__main__":
    main()
