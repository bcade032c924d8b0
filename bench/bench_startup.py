"""Start-up time of the CLI: `copycheck check` on the seed article, wall time from process start.

    python bench/bench_startup.py [--runs 10] [--copycheck PATH] [--imports 15]

Runs the installed `copycheck` (the one beside this Python, else the one on PATH) as a
subprocess, so the figure includes the interpreter, imports, loading the rule packs, checking
and printing. Then lists the slowest imports from `python -X importtime`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corpus import REPO

SEED = REPO / "seeds" / "000_9eb9693275b328fe.txt"
TARGET_SECONDS = 0.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--copycheck", help="the copycheck executable to time")
    parser.add_argument("--imports", type=int, default=15, help="slowest imports to list")
    args = parser.parse_args()
    command = [args.copycheck or _installed_copycheck(), "check", str(SEED)]

    subprocess.run(command, capture_output=True, check=False)  # warm the OS file cache
    times = [_wall(command) for _ in range(args.runs)]
    median = statistics.median(times)
    verdict = "within" if median <= TARGET_SECONDS else "OVER"
    print(f"`copycheck check {SEED.name}`: median {median:.3f} s of {args.runs} "
          f"(min {min(times):.3f}, max {max(times):.3f}); {verdict} the {TARGET_SECONDS} s target")
    _slowest_imports(args.imports)


def _installed_copycheck() -> str:
    beside = Path(sys.executable).with_name("copycheck")
    found = str(beside) if beside.exists() else shutil.which("copycheck")
    if not found:
        raise SystemExit("copycheck is not installed (pip install -e .), or pass --copycheck")
    return found


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False)
    return time.perf_counter() - start


def _slowest_imports(count: int) -> None:
    """`-X importtime` lines are `self | cumulative | name`; sort by self time (microseconds)."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", "import copycheck.cli"],
                            capture_output=True, text=True, check=False)
    rows = []
    for line in result.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            rows.append((int(parts[0]), int(parts[1]), parts[2].strip()))
    total = max((cumulative for _self, cumulative, _name in rows), default=0)
    print(f"import copycheck.cli: {total / 1000:.0f} ms; slowest modules (self time):")
    for self_us, cumulative, name in sorted(rows, reverse=True)[:count]:
        print(f"  {self_us / 1000:6.1f} ms self {cumulative / 1000:7.1f} ms cumulative  {name}")


if __name__ == "__main__":
    main()
