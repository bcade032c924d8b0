"""Spelling speed and memory: corpus throughput, the seed through the installed CLI, peak memory.

Run from the project root:  python bench/bench_spelling.py [--corpus PATH] [--repeat N]
Prints medians of N runs (the seed: of 10), on one core:
- verdicts: a fresh Speller judging every Arabic word of the corpus ("cold": empty cache, Hunspell
  loaded on the first miss; "warm": the persistent cache filled by an earlier run);
- the spelling rules (orthography.hamza-variant, spelling.unknown-word) through the Linter,
  without suggestions, cold and warm; and every other default rule with spelling off;
- the seed article through `copycheck check -q`, cold (fresh COPYCHECK_CACHE_DIR) and warm;
- peak memory (max RSS) of `copycheck check` on the seed with a cold cache.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from copycheck.checks import Environment, spelling  # noqa: E402
from copycheck.document import Document  # noqa: E402
from copycheck.engine import Linter, load_rules, select_rules  # noqa: E402
from copycheck.lexicon import read_texts  # noqa: E402
from copycheck.speller import Speller, iter_words  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared/corpus/news-ant-multisource-v2.1/articles.jsonl.gz"
SEED = ROOT / "seeds/000_9eb9693275b328fe.txt"
SPELLING_RULES = ("orthography.hamza-variant", "spelling.unknown-word")
COPYCHECK = Path(sys.executable).parent / "copycheck"


def _median_seconds(run: Callable[[Path], None], repeat: int, warm: bool) -> float:
    """Median seconds of `run(cache_dir)`; warm runs get a cache filled by one untimed run."""
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as directory:
            if warm:
                run(Path(directory))
            started = time.perf_counter()
            run(Path(directory))
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def _verdicts(words: list[str]) -> Callable[[Path], None]:
    def run(cache_dir: Path) -> None:
        speller = Speller(cache_dir=cache_dir)
        for word in words:
            speller.verdict(word)
        speller.save_cache()
    return run


def _linter(select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> Linter:
    rules, problems = load_rules()
    assert not problems, problems
    return Linter(select_rules(rules, select, ignore), Environment(suggestions=False))


def _rules(texts: list[str], linter_factory: Callable[[], Linter]) -> Callable[[Path], None]:
    def run(cache_dir: Path) -> None:
        os.environ["COPYCHECK_CACHE_DIR"] = str(cache_dir)
        spelling._spellers.clear()  # a fresh process as far as the spelling kind knows
        linter = linter_factory()
        for text in texts:
            linter.check(Document(text))
        spelling.finish()
    return run


def _seed_cli(cache_dir: Path) -> None:
    subprocess.run([str(COPYCHECK), "check", "-q", str(SEED)], stdout=subprocess.DEVNULL,
                   env={**os.environ, "COPYCHECK_CACHE_DIR": str(cache_dir)}, check=False)


def _peak_cli_megabytes() -> float:
    """Max RSS of one cold `copycheck check` of the seed, read from /usr/bin/time or rusage."""
    with tempfile.TemporaryDirectory() as directory:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        _seed_cli(Path(directory))
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:  # ru_maxrss of children is a maximum over all of them: say so
        print("  (peak of children equals an earlier child's; run this first to be exact)")
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not COPYCHECK.exists() and shutil.which("copycheck") is None:
        sys.exit("install copycheck in this environment first (pip install -e .)")

    # Peak memory first: ru_maxrss of children is the maximum over every child so far.
    print(f"peak memory, `copycheck check` of the seed, cold cache: {_peak_cli_megabytes():.0f} MB")

    texts = [t.text for t in read_texts([args.corpus])]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    words = [w.text for text in texts for w in iter_words(text)]
    print(f"corpus: {len(texts)} documents, {len(words):,} Arabic words, {megabytes:.1f} MB; "
          f"medians of {args.repeat}")

    runs = {
        "verdicts only": _verdicts(words),
        "spelling rules": _rules(texts, lambda: _linter(SPELLING_RULES)),
    }
    for label, run in runs.items():
        for state, warm in (("cold", False), ("warm", True)):
            seconds = _median_seconds(run, args.repeat, warm)
            print(f"{label}, {state}: {seconds:.2f} s, {len(words) / seconds:,.0f} words/s, "
                  f"{megabytes / seconds:.2f} MB/s")
    others = _rules(texts, lambda: _linter(ignore=SPELLING_RULES))
    seconds = _median_seconds(others, args.repeat, False)
    print(f"every other default rule, spelling off: {seconds:.2f} s, {megabytes / seconds:.2f} MB/s")

    for state, warm in (("cold", False), ("warm", True)):
        seconds = _median_seconds(_seed_cli, 10, warm)
        print(f"seed, `copycheck check -q`, {state} cache: median of 10 = {seconds:.2f} s")


if __name__ == "__main__":
    main()
