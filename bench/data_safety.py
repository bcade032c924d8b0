"""Data safety under faults: `--fix` killed at random moments, and runs sharing one verdict cache.

    python bench/data_safety.py [--kills 60] [--size 300000] [--processes 6] [--rounds 3] [--seed 0]

Kills: `copycheck check --fix` on one made-up file of --size bytes, killed --kills times (SIGKILL,
SIGTERM or SIGINT; at a random moment, around the time the file is written, as soon as the run's
temporary file appears, or as soon as the file is replaced). After each the file must be the old
or the fixed version byte for byte, and only temporary files may be left beside it; one more run
must leave nothing. Shared cache: --rounds times, --processes runs started together on texts with
words of their own, sharing one cache folder; each report must equal the same check alone on an
empty cache, the shared cache must hold every verdict the lone runs saved, and a warm run over all
texts must report the same again.
Needs no corpus (the texts are made up from tests/support.py). Exits 1 on any violation.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from faults import (
    MOMENTS,
    kill_campaign,
    run_at_once,
    run_cold,
    saved_verdicts,
    texts_with_their_own_words,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=60)
    parser.add_argument("--size", type=int, default=300_000, help="bytes of the file to fix")
    parser.add_argument("--processes", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "kills").mkdir()
        failures = kills(root / "kills", args) + shared_cache(root, args)
    print("OK: no violation" if not failures else f"FAILED: {failures} violation(s)")
    return 1 if failures else 0


def kills(folder: Path, args: argparse.Namespace) -> int:
    cache = folder.parent / "kill-cache"
    campaign = kill_campaign(folder, args.kills, args.size, args.seed,
                             env={"COPYCHECK_CACHE_DIR": str(cache)})
    print(f"--fix killed {len(campaign.kills)} times on a {campaign.size:,}-byte file (an "
          f"uninterrupted run: {campaign.fix_seconds:.2f} s wall, its temporary file after "
          f"{campaign.write_after:.2f} s)")
    for moment in MOMENTS:
        of = [kill for kill in campaign.kills if kill.moment == moment]
        if not of:
            continue
        delays = [kill.delay for kill in of]
        print(f"  {moment:<22} {len(of):>3} kills, after {min(delays):.2f}-{max(delays):.2f} s: "
              f"{_tally(kill.outcome for kill in of)}; {sum(k.left_its_temporary for k in of)} "
              "left their temporary file")
    print(f"  signals: {_tally(kill.signal for kill in campaign.kills)}")
    damaged = campaign.counts()["damaged"]
    strays = [name for kill in campaign.kills for name in kill.leftovers
              if not (name.startswith(".article.txt.copycheck-") and name.endswith(".tmp"))]
    print(f"  damaged files: {damaged}; other leftovers: {len(strays)}; the next run: "
          f"{campaign.next_run_outcome}, leaving {len(campaign.leftovers_after_next_run)} file(s); "
          f"cache loads afterwards: {bool(saved_verdicts(cache))}")
    return damaged + len(strays) + len(campaign.leftovers_after_next_run) + (
        campaign.next_run_outcome != "new")


def shared_cache(root: Path, args: argparse.Namespace) -> int:
    shared, failures, walls, cpus = root / "shared", 0, [], []
    everything: list[tuple[Path, str]] = []  # every text and its report alone on a cold cache
    for number in range(args.rounds):
        texts = texts_with_their_own_words(args.processes, 24, args.seed * 1000 + number)
        paths = []
        for index, text in enumerate(texts):
            paths.append(root / f"round-{number}-{index}.txt")
            paths[-1].write_text(text, encoding="utf-8")
        cold = [run_cold(path, root / f"cold-{number}-{index}") for index, path in enumerate(paths)]
        started, before = time.perf_counter(), _children_cpu()
        together = run_at_once(paths, shared)
        walls.append(time.perf_counter() - started)
        cpus.append(_children_cpu() - before)
        failures += sum(run.stderr != "" or _files(run.stdout) != _files(alone.stdout)
                        for run, alone in zip(together, cold, strict=True))
        learned = set().union(*(saved_verdicts(root / f"cold-{number}-{i}") for i in range(len(paths))))
        lost = learned - saved_verdicts(shared)
        failures += len(lost)
        print(f"round {number + 1}: {args.processes} runs at once sharing one cache, "
              f"{walls[-1]:.2f} s wall, {cpus[-1]:.2f} s CPU; reports equal to cold runs: "
              f"{sum(_files(r.stdout) == _files(a.stdout) for r, a in zip(together, cold, strict=True))}"
              f"/{len(paths)}; verdicts lost: {len(lost)} of {len(learned)}")
        everything += [(path, alone.stdout) for path, alone in zip(paths, cold, strict=True)]
    warm = run_at_once([path for path, _ in everything], shared)
    differ = sum(_files(run.stdout) != _files(report)
                 for run, (_, report) in zip(warm, everything, strict=True))
    print(f"warm from the shared cache: {len(everything) - differ}/{len(everything)} reports equal "
          f"to cold runs; {len(saved_verdicts(shared))} verdicts saved; median round "
          f"{statistics.median(walls):.2f} s wall")
    return failures + differ


def _files(report: str) -> list[dict]:
    return json.loads(report)["files"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tally(values) -> str:
    return ", ".join(f"{value} {count}" for value, count in sorted(Counter(values).items()))


if __name__ == "__main__":
    sys.exit(main())
