"""`--jobs N` against one process: wall time of `copycheck check ARCHIVE --format jsonl`.

    python bench/bench_jobs.py [--articles 2000] [--runs 3] [--jobs 2] [--cold]

Writes the first N articles of the multisource corpus to a temporary JSONL file (outside the
repository, deleted afterwards), warms the spelling cache with one run, then times `--jobs 1` and
`--jobs N` alternately and prints the medians; with `--cold`, each run on a new empty cache
instead. Also times two processes burning CPU against one: the most any pool of processes can
gain on this machine. A wall-time ratio means something only when nothing else runs: the share of
the cores other processes used during the timed runs (from /proc/stat, Linux) is printed too.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import multiprocessing
import os
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
    parser.add_argument("--cold", action="store_true", help="every run on a new empty verdict cache")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "archive.jsonl"
        with gzip.open(corpus_file(MULTISOURCE), "rt", encoding="utf-8") as source:
            archive.write_text("".join(itertools.islice(source, args.articles)), encoding="utf-8")
        warm = Path(folder) / "cache"
        _time(archive, 1, warm)  # warms the verdict cache
        times: dict[int, list[float]] = {1: [], args.jobs: []}
        others: list[float] = []
        for _ in range(args.runs):
            for jobs in times:
                cache = Path(tempfile.mkdtemp(dir=folder)) if args.cold else warm
                wall, share = _time(archive, jobs, cache)
                times[jobs].append(wall)
                others.append(share)
    one, many = (statistics.median(times[jobs]) for jobs in times)
    print(f"{args.articles} articles, {'cold' if args.cold else 'warm'} cache: --jobs 1 {one:.2f} s, "
          f"--jobs {args.jobs} {many:.2f} s, speed-up {one / many:.2f} (median of {args.runs})")
    if others and min(others) >= 0:
        print(f"other processes used {statistics.median(others):.0%} of the cores during the runs "
              f"(median; most {max(others):.0%}): the figure holds for a quiet machine only near 0 %")
    print(f"ceiling on this machine: {burn_speedup(args.jobs):.2f}x for {args.jobs} processes burning CPU")


def _time(archive: Path, jobs: int, cache: Path) -> tuple[float, float]:
    """Wall time of one run, and the share of the cores other processes used meanwhile (-1 where
    /proc/stat is missing)."""
    copycheck = Path(sys.executable).parent / "copycheck"
    busy = _busy_seconds()
    start = time.perf_counter()
    child = subprocess.Popen([str(copycheck), "check", str(archive), "--field", "text", "--id-field",
                              "id", "--format", "jsonl", "--jobs", str(jobs)],
                             stdout=subprocess.DEVNULL, env={**os.environ, "COPYCHECK_CACHE_DIR": str(cache)})
    _pid, _status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if busy is None:
        return wall, -1.0
    others = _busy_seconds() - busy - usage.ru_utime - usage.ru_stime  # type: ignore[operator]
    return wall, max(others, 0.0) / (wall * (os.cpu_count() or 1))


def _busy_seconds() -> float | None:
    """CPU seconds all processes have used since boot (the first line of /proc/stat, idle and
    iowait left out); None off Linux."""
    try:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


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
