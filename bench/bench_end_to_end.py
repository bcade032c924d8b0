"""The whole process, as a user runs it: `copycheck check` from process start, against a reference.

    python bench/bench_end_to_end.py [--runs 3] [--articles 2000] [--only archive,jobs,text,large,seed]

Every figure is the installed `copycheck` run as a subprocess (interpreter start, imports, rule
loading, reading, checking, writing the report to a file), on a fresh verdict cache
(`COPYCHECK_CACHE_DIR` a new empty folder) unless it says warm. CPU is user + system time of that
child process and peak memory its maximum resident set (`os.wait4`); wall time only for `--jobs`,
where CPU time cannot show the gain. The reference is `bench/reference_scan.py` (three `re`
patterns with line/column and JSON output) run on the same input in the same session: every CPU
figure is also given as a ratio to it, and as MB/s (10^6 bytes of UTF-8 input a CPU second).
Medians of `--runs`; the measures alternate run by run, so a busy moment hits them alike.

1. archive: the first N multisource articles as one JSONL file, `--format jsonl --jobs 1`, with
   default options, rules only (`--ignore` the spelling rules) and `--no-suggestions`.
2. jobs: the same archive, default options, `--jobs 1` against `--jobs 2` (wall).
3. text: the archive's texts one after another in one 5 MB text file, rules only, `--format json`.
4. large: a 10 MB and a 100 MB file of one line (a block of the articles' text repeated), default
   options, `--format json`: CPU and peak memory, and their ratio (linear time: within 12×).
5. seed: the sample article, default options, cold and warm cache.

Inputs are written to a temporary folder outside the repository and deleted afterwards.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench_jobs import burn_speedup
from corpus import MULTISOURCE, REPO, corpus_file

SEED = REPO / "seeds" / "000_9eb9693275b328fe.txt"
REFERENCE = Path(__file__).with_name("reference_scan.py")
SPELLING = "orthography.hamza-variant,spelling"  # every rule of the spelling kind
RECORDS = ["--field", "text", "--id-field", "id"]
MEASURES = ("archive", "jobs", "text", "large", "seed")
TIME = shutil.which("time", path="/usr/bin:/bin")  # GNU time, for peak memory


@dataclass
class Run:
    cpu: float  # seconds, user + system of the child
    wall: float
    peak_mb: float  # maximum resident set of the child, 10^6 bytes


def run(command: Sequence[str], cache: Path | None = None, out: Path | None = None) -> Run:
    """One child process: its CPU, wall time and peak memory. `cache` None: a new empty one."""
    fresh = cache is None
    cache = cache or Path(tempfile.mkdtemp(prefix="copycheck-cache-"))
    env = {**os.environ, "COPYCHECK_CACHE_DIR": str(cache)}
    peak_file = cache / "peak-kb"
    # A child's maximum resident set counts the parent's pages it started from (fork and exec):
    # GNU time, a small program, measures the command as its own child instead.
    wrapper = [TIME, "-f", "%M", "-o", str(peak_file)] if TIME else []
    start = time.perf_counter()
    with open(out or os.devnull, "wb") as sink:
        child = subprocess.Popen([*wrapper, *command], stdout=sink, stderr=subprocess.DEVNULL, env=env)
        _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited with {code}")
    peak_kb = int(peak_file.read_text().split()[-1]) if TIME else usage.ru_maxrss
    peak_file.unlink(missing_ok=True)
    if fresh:
        shutil.rmtree(cache, ignore_errors=True)
    return Run(usage.ru_utime + usage.ru_stime, wall, peak_kb * 1024 / 1e6)


def copycheck(*arguments: str) -> list[str]:
    return [str(Path(sys.executable).with_name("copycheck")), "check", *arguments]


def reference(*arguments: str) -> list[str]:
    return [sys.executable, str(REFERENCE), *arguments]


@dataclass
class Measure:
    label: str
    make: Callable[[], Run]
    size: int  # bytes of input, for MB/s
    runs: list[Run]

    def median(self, what: str) -> float:
        return statistics.median(getattr(one, what) for one in self.runs)


def measure_all(measures: list[Measure], runs: int) -> None:
    """Alternate: run 1 of every measure, then run 2 of every measure, …"""
    for _ in range(runs):
        for item in measures:
            item.runs.append(item.make())


def report(title: str, measures: list[Measure], reference_cpu: float | None) -> None:
    print(f"\n{title}")
    for item in measures:
        cpu, wall, peak = item.median("cpu"), item.median("wall"), item.median("peak_mb")
        ratio = f"{cpu / reference_cpu:6.1f}× ref" if reference_cpu else " " * 10
        print(f"  {item.label:<52} CPU {cpu:7.2f} s {ratio}  {item.size / 1e6 / cpu:6.2f} MB/s"
              f"  wall {wall:7.2f} s  peak {peak:6.0f} MB")


# -- inputs ------------------------------------------------------------------------------------
def write_archive(folder: Path, count: int) -> Path:
    archive = folder / "archive.jsonl"
    with gzip.open(corpus_file(MULTISOURCE), "rt", encoding="utf-8") as source:
        archive.write_text("".join(itertools.islice(source, count)), encoding="utf-8")
    return archive


def archive_texts(archive: Path) -> list[str]:
    with archive.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines]


def write_text(folder: Path, texts: list[str], megabytes: float) -> Path:
    """Articles one after another, a blank line between them, up to the size."""
    path, size, parts = folder / "articles.txt", 0, []
    for text in itertools.cycle(texts):
        parts.append(text.strip() + "\n\n")
        size += len(parts[-1].encode())
        if size >= megabytes * 1e6:
            break
    path.write_text("".join(parts), encoding="utf-8")
    return path


def write_one_line(folder: Path, texts: list[str], megabytes: int, block_mb: float = 1.0) -> Path:
    """A block of about `block_mb` of the articles' text on one line, repeated to the size: files
    of any size then hold the same mixture (and the same share of repeated passages)."""
    words, size = [], 0
    for text in texts:
        words.append(" ".join(text.split()))
        size += len(words[-1].encode()) + 1
        if size >= block_mb * 1e6:
            break
    block = " ".join(words) + " "
    path = folder / f"one-line-{megabytes}mb.txt"
    with path.open("w", encoding="utf-8") as out:
        for _ in range(round(megabytes * 1e6 / len(block.encode()))):
            out.write(block)
        out.write("\n")
    return path


def size_of(path: Path) -> int:
    return path.stat().st_size


# -- the measures ------------------------------------------------------------------------------
def archive_measures(archive: Path, runs: int) -> None:
    size = size_of(archive)
    base = [str(archive), *RECORDS, "--format", "jsonl", "--jobs", "1"]
    ref = Measure("reference: 3-rule re scan, JSON lines out", lambda: run(reference(str(archive), *RECORDS)),
                  size, [])
    measures = [
        ref,
        Measure("default options, cold cache", lambda: run(copycheck(*base)), size, []),
        Measure("--no-suggestions, cold cache", lambda: run(copycheck(*base, "--no-suggestions")), size, []),
        Measure("rules only (--ignore the spelling rules)",
                lambda: run(copycheck(*base, "--ignore", SPELLING)), size, []),
    ]
    measure_all(measures, runs)
    report(f"1. archive: {archive_count(archive)} articles as JSONL, {size / 1e6:.1f} MB, "
           "--format jsonl --jobs 1", measures, ref.median("cpu"))
    default, plain = measures[1].median("cpu"), measures[2].median("cpu")
    print(f"  suggestions: default / --no-suggestions = {default / plain:.2f}× CPU")


def archive_count(archive: Path) -> int:
    with archive.open("rb") as lines:
        return sum(1 for _ in lines)


def jobs_measures(archive: Path, runs: int) -> None:
    size = size_of(archive)
    cache = Path(tempfile.mkdtemp(prefix="copycheck-cache-"))
    base = [str(archive), *RECORDS, "--format", "jsonl"]
    run(copycheck(*base, "--jobs", "1"), cache)  # the same words judged: both runs warm

    def jobs(count: int, warm: Path | None) -> Measure:
        label = f"--jobs {count}, {'warm' if warm else 'cold'} cache"
        return Measure(label, lambda: run(copycheck(*base, "--jobs", str(count)), warm), size, [])

    measures = [jobs(1, cache), jobs(2, cache)]
    cold = [jobs(1, None), jobs(2, None)]
    measure_all([*measures, *cold], runs)
    shutil.rmtree(cache, ignore_errors=True)
    report("2. archive with worker processes (wall time counts here)", [*measures, *cold], None)
    for one, two in (measures, cold):
        print(f"  {two.label}: {one.median('wall') / two.median('wall'):.2f}× faster (wall) than --jobs 1")
    print(f"  ceiling now: {burn_speedup(2):.2f}× for 2 processes burning CPU (2.0 on a quiet machine)")


def text_measures(texts: list[str], folder: Path, runs: int) -> None:
    path = write_text(folder, texts, 5)
    size = size_of(path)
    ref = Measure("reference: 3-rule re scan, JSON out", lambda: run(reference(str(path))), size, [])
    rules = Measure("rules only, --format json", lambda: run(copycheck(str(path), "--ignore", SPELLING,
                                                                      "--format", "json")), size, [])
    measure_all([ref, rules], runs)
    report(f"3. one text file of {size / 1e6:.1f} MB", [ref, rules], ref.median("cpu"))


def large_measures(texts: list[str], folder: Path, runs: int, sizes: Sequence[int]) -> None:
    for megabytes in sizes:
        path = write_one_line(folder, texts, megabytes)
        size = size_of(path)
        ref = Measure("reference: 3-rule re scan, JSON out", lambda path=path: run(reference(str(path))),
                      size, [])
        full = Measure("default options, --format json",
                       lambda path=path: run(copycheck(str(path), "--format", "json")), size, [])
        measure_all([ref, full], runs)
        report(f"4. one line of {size / 1e6:.0f} MB", [ref, full], ref.median("cpu"))
        print(f"  peak memory {full.median('peak_mb') / (size / 1e6):.1f}× the input")
        path.unlink()


def seed_measures(runs: int) -> None:
    size = size_of(SEED)
    warm_cache = Path(tempfile.mkdtemp(prefix="copycheck-cache-"))
    run(copycheck(str(SEED)), warm_cache)
    ref = Measure("reference: 3-rule re scan", lambda: run(reference(str(SEED))), size, [])
    cold = Measure("default options, cold cache", lambda: run(copycheck(str(SEED))), size, [])
    warm = Measure("default options, warm cache", lambda: run(copycheck(str(SEED)), warm_cache), size, [])
    measure_all([ref, cold, warm], max(runs, 5))
    shutil.rmtree(warm_cache, ignore_errors=True)
    report(f"5. the sample article ({SEED.name}, {size / 1e3:.1f} kB), from process start",
           [ref, cold, warm], ref.median("cpu"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--only", default=",".join(MEASURES), help=f"some of {', '.join(MEASURES)}")
    parser.add_argument("--large", default="10,100", help="sizes of the one-line files, MB")
    args = parser.parse_args()
    chosen = set(args.only.split(","))
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit}, "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}, medians of {args.runs}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        archive = write_archive(folder, args.articles)
        texts = archive_texts(archive)
        if "archive" in chosen:
            archive_measures(archive, args.runs)
        if "jobs" in chosen:
            jobs_measures(archive, args.runs)
        if "text" in chosen:
            text_measures(texts, folder, args.runs)
        if "large" in chosen:
            large_measures(texts, folder, args.runs, [int(size) for size in args.large.split(",")])
        if "seed" in chosen:
            seed_measures(args.runs)


if __name__ == "__main__":
    main()
